"""Parse YAML once, keeping the line of every key, and refuse what a data file never needs.

The text is scanned and parsed once (by libyaml when it is installed), composed into nodes
by a composer that refuses anchors, aliases and merge keys (``&a``, ``*a``, ``<<``) and
duplicate keys, and the data is then constructed from those same nodes. Nobody editing
course content needs anchors, and refusing them as they are met means a recursive alias or
an "alias bomb" (a few lines that expand to billions of items) costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ._problem import DataFileError, Problem

KeyPath = tuple[Any, ...]

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"
_NULL_TAG = "tag:yaml.org,2002:null"
_YAML_FIX = ("check the indentation and that every `key: value` pair has its colon; put quotes "
             "around text that contains `: ` or starts with a symbol")


@dataclass(frozen=True)
class LoadedYaml:
    """A parsed data file: its name, its data and the line each key path starts on."""

    file: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict, repr=False)

    def line_of(self, path: Iterable[Any]) -> int:
        """The line of ``path``, or of the nearest enclosing key that has one (else 1)."""
        return line_in(self.lines, path)


def line_in(lines: dict[KeyPath, int], path: Iterable[Any]) -> int:
    """The line of ``path`` in a key-path -> line map, or of the nearest enclosing key
    that has one (else 1)."""
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return lines.get((), 1)


class _StrictComposer(Composer):
    """A composer that refuses anchors, aliases, merge keys and duplicate keys, noting each
    as a problem (with ``file``) instead of building what they ask for."""

    file: str
    problems: list[Problem]
    aliases: dict[str, tuple[Any, int]]  # name -> (first use, how many uses)

    if TYPE_CHECKING:  # provided by the parser this composer is mixed with
        def check_event(self, *choices: Any) -> bool: ...
        def get_event(self) -> Any: ...
        def peek_event(self) -> Any: ...

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.get_event()
            first, count = self.aliases.get(event.anchor, (event.start_mark, 0))
            self.aliases[event.anchor] = (first, count + 1)
            return ScalarNode(_NULL_TAG, "", event.start_mark, event.end_mark)
        event = self.peek_event()
        if event.anchor is not None:
            self._note(event.start_mark, f"`&{event.anchor}` marks a part of the file to repeat "
                       "elsewhere (a YAML anchor); data files do not allow this",
                       f"remove `&{event.anchor}` and write the text out wherever it is needed")
            event.anchor = None  # never registered, so no `*name` can expand it
        return super().compose_node(parent, index)

    def refusals(self) -> list[Problem]:
        """Everything refused while composing, in line order (each alias name once)."""
        for name, (mark, count) in self.aliases.items():
            times = f", used {count} times: this is the first" if count > 1 else ""
            self._note(mark, f"`*{name}` repeats a part of the file marked with `&{name}` (a "
                       f"YAML alias{times}); data files do not allow this",
                       f"write the text out in full instead of `*{name}`")
        self.aliases.clear()
        return sorted(self.problems, key=lambda p: p.line or 0)

    # types-PyYAML gives ``anchor`` the wrong type (it is the anchor's name, or None).
    def compose_mapping_node(self, anchor: str | None) -> MappingNode:  # type: ignore[override]  # see above
        node = super().compose_mapping_node(anchor)  # type: ignore[arg-type]  # as above
        seen: dict[tuple[str, str], int] = {}
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE_TAG:
                self._note(key_node.start_mark, "`<<` merges another mapping in here (a YAML "
                           "merge key); data files do not allow this",
                           "write the keys out in full here")
                continue
            if not isinstance(key_node, ScalarNode):
                continue  # the constructor refuses a list or mapping used as a key
            key = (key_node.tag, key_node.value)
            if key in seen:
                self._note(key_node.start_mark, f"`{key_node.value}` appears twice here (on line "
                           f"{seen[key]} and on line {line})", "rename or remove one of them; "
                           "otherwise the later one silently replaces the first")
            seen.setdefault(key, line)
        return node

    def _note(self, mark: Any, message: str, fix: str) -> None:
        self.problems.append(Problem(self.file, mark.line + 1, message, fix))


# _Base is chosen at run time (libyaml's loader when there is one): no checkable base class.
class _StrictLoader(_StrictComposer, _Base):  # type: ignore[misc, valid-type]  # see above
    """libyaml's parser (PyYAML's without it) and safe constructor, with the strict composer."""

    def __init__(self, text: str, file: str):
        _Base.__init__(self, text)
        self.anchors: dict[str, Node] = {}
        self.file = file
        self.problems = []
        self.aliases = {}


def parse_yaml(text: str, file: str) -> LoadedYaml:
    """Parse the text of one data file; raises ``DataFileError`` naming file and line."""
    loader = _StrictLoader(text, file)
    try:
        node = loader.get_single_node()
        refused = loader.refusals()
        if refused:
            raise DataFileError(refused)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise DataFileError([_syntax_problem(exc, file)]) from exc
    except yaml.YAMLError as exc:
        problem = Problem(file, 1, f"this is not valid YAML: {exc}", _YAML_FIX)
        raise DataFileError([problem]) from exc
    except RecursionError as exc:
        raise DataFileError([Problem(file, 1, "the file is nested too deeply to read (lists "
                                     "inside lists, hundreds of levels deep)",
                                     "flatten the structure")]) from exc
    finally:
        loader.dispose()
    return LoadedYaml(file, data, _lines(node, data))


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str) -> Problem:
    """Point at the line to change: where an unclosed bracket or quote opens, else where
    the parser gave up (a bad indent is on the line it noticed, not where its block began)."""
    what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
    context, noticed = exc.context_mark, exc.problem_mark
    opened = bool(exc.context) and any(w in str(exc.context) for w in ("flow", "scanning"))
    mark = (context if opened else noticed) or context or noticed
    line = mark.line + 1 if mark else 1
    if context and noticed and context.line != noticed.line:
        what += (f" (noticed on line {noticed.line + 1})" if opened else
                 f" (in the part that starts on line {context.line + 1})")
    return Problem(file, line, f"this is not valid YAML: {what}", _YAML_FIX)


def _lines(root: Node | None, data: Any) -> dict[KeyPath, int]:
    """Map each key path to its 1-based line: a key's own line, a list item's first line.

    Walks the nodes and the data built from them side by side, so paths hold the keys as
    constructed (``1`` for ``1:``, not ``"1"``).
    """
    lines: dict[KeyPath, int] = {(): 1}
    stack: list[tuple[Node | None, Any, KeyPath]] = [(root, data, ())]
    while stack:
        node, value, path = stack.pop()
        if isinstance(node, MappingNode) and isinstance(value, dict):
            if len(node.value) != len(value):
                continue
            for (key_node, value_node), key in zip(node.value, value, strict=True):
                lines[(*path, key)] = key_node.start_mark.line + 1
                stack.append((value_node, value[key], (*path, key)))
        elif isinstance(node, SequenceNode) and isinstance(value, list):
            for index, (item_node, item) in enumerate(zip(node.value, value, strict=False)):
                lines[(*path, index)] = item_node.start_mark.line + 1
                stack.append((item_node, item, (*path, index)))
    return lines
