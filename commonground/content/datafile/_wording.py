"""Turn schema errors into plain words: where in the file, what is wrong, what to change.

The same translation serves every kind of data file. A kind can name its parts
(``describe``), explain its keys (``key_help``) and its patterns (``pattern_help``), and
word a few errors its own way (``special``); see ``Wording``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._minischema import SchemaError, iter_errors
from ._problem import Problem
from ._yaml import KeyPath, LoadedYaml

#: A message before it has a file and line: (key path it is about, message, fix).
Said = tuple[KeyPath, str, str]

_WORDS = {
    "integer": "a whole number", "number": "a number", "string": "text", "array": "a list",
    "object": "a mapping of keys", "boolean": "true or false", "null": "nothing",
    "string or array": "text or a list of text parts",
    "string or object": "text or a mapping with `text:` and `when:`",
    "integer or string": 'a number or a comparison like ">= 3"',
}
_NAME_KEYS = ("id", "term", "section")


def describe_path(path: Iterable[Any], data: Any = None, top: str = "the file") -> str:
    """Say where a key path points, in words: ``("prompts", 1, "title")`` is
    ``"`title` of prompt 2 (`listening`)"``."""
    path = tuple(path)
    if not path:
        return top
    head, rest = path[0], path[1:]
    if rest and isinstance(rest[0], int):
        where = _item(head, rest[0])
        item = value_at(data, path[:2])
        tail = rest[1:]
        name = next((item[k] for k in _NAME_KEYS if isinstance(item, dict)
                     and isinstance(item.get(k), str)), None)
        if name and tail[:1] != (_name_key(item),):
            where += f" (`{name}`)"
    else:
        where, tail = f"`{head}`", rest
    if tail and isinstance(tail[-1], int):
        keys = tail[:-1]
        inner = f"item {tail[-1] + 1} of `{'.'.join(str(k) for k in keys)}`" if keys else \
            f"item {tail[-1] + 1}"
        return f"{inner} of {where}"
    if tail:
        return f"`{'.'.join(str(t) for t in tail)}` of {where}"
    return where


def _item(key: Any, index: int) -> str:
    key = str(key)
    if key.endswith("s") and len(key) > 1:
        return f"{key[:-1]} {index + 1}"
    return f"item {index + 1} of `{key}`"


def _name_key(item: dict) -> str | None:
    return next((k for k in _NAME_KEYS if isinstance(item.get(k), str)), None)


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` inside ``data``, or None where there is none."""
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


@dataclass(frozen=True)
class Wording:
    """How one kind of data file is talked about in problem messages.

    ``top`` names the whole file ("the course outline"). ``describe(path, data)`` names a
    part of it (default: ``describe_path`` with ``top``). ``key_help`` says what each key
    is for, shown when one is missing. ``pattern_help`` maps a schema ``pattern`` to
    (what it is, how to write one), e.g. ("a usable id", "use lower-case letters ...").
    ``special(error, where)`` may word an error its own way, returning a list of
    ``(path, message, fix)``, or ``None`` for the usual wording. ``fallback_fix`` is the
    fix for an error nothing else explains.
    """

    top: str = "the file"
    describe: Callable[[KeyPath, Any], str] | None = None
    key_help: Mapping[str, str] = field(default_factory=dict)
    pattern_help: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    special: Callable[[SchemaError, str], list[Said] | None] | None = None
    fallback_fix: str = "compare it with a file that works"

    def where(self, path: KeyPath, data: Any) -> str:
        if self.describe is not None:
            return self.describe(path, data)
        return describe_path(path, data, self.top)


def schema_problems(loaded: LoadedYaml, schema: Mapping[str, Any],
                    wording: Wording) -> list[Problem]:
    """Every way ``loaded.data`` breaks ``schema``, in plain words, sorted by line."""
    problems = []
    for error in iter_errors(loaded.data, dict(schema)):
        for path, message, fix in translate(error, loaded.data, wording):
            problems.append(Problem(loaded.file, loaded.line_of(path), message, fix))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def translate(error: SchemaError, data: Any, wording: Wording) -> list[Said]:
    """One schema error as ``(path, message, fix)`` items (usually one)."""
    path = tuple(error.absolute_path)
    where = wording.where(path, data)
    if wording.special is not None:
        said = wording.special(error, where)
        if said is not None:
            return said
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        found = re.search(r"'(.+?)'", error.message)
        key = found.group(1) if found else error.message
        help_ = wording.key_help.get(key, "")
        return [(path, f"{where} is missing `{key}`",
                 f"add `{key}:`" + (f" ({help_})" if help_ else ""))]
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(error.schema.get("properties", {}))
        out = []
        for key in instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"did you mean `{close[0]}`?" if close else "remove it"
            out.append(((*path, key), f"unknown key `{key}` in {where}",
                        f"{fix} (allowed here: {', '.join(allowed)})"))
        return out
    if kind == "pattern":
        name_of_key = "propertyNames" in list(error.schema_path)
        what, fix = wording.pattern_help.get(value, ("in the right form",
                                                     f"make it match the pattern {value}"))
        if name_of_key:
            return [((*path, instance), f"`{instance}` is not {what} in {where}", fix)]
        return [(path, f"{where} is not {what}: {instance!r}", fix)]
    if kind == "type":
        wanted = " or ".join(value) if isinstance(value, list) else value
        wanted = _WORDS.get(wanted, wanted)
        return [(path, f"{where} should be {wanted}, not {_kind_of(instance)}",
                 f"change it to {wanted}")]
    if kind == "minLength":
        return [(path, f"{where} is empty", "write something here")]
    if kind in ("minItems", "minProperties"):
        return [(path, f"{where} is empty", "add at least one, or remove it if it is optional")]
    if kind == "maxLength":
        return [(path, f"{where} is too long", f"shorten it to {value} characters or fewer")]
    if kind in ("minimum", "maximum"):
        bound = f"{value!r} or {'more' if kind == 'minimum' else 'less'}"
        return [(path, f"{where} is {instance!r}, but should be {bound}",
                 f"change it to {bound}")]
    if kind == "enum":
        return [(path, f"{where} is {instance!r}",
                 f"use one of: {', '.join(str(v) for v in value)}")]
    if kind == "const":
        return [(path, f"{where} is {instance!r}, but must be {value!r}", f"write {value!r}")]
    return [(path, f"{where}: {error.message}", wording.fallback_fix)]


def _kind_of(value: Any) -> str:
    """A value's type in plain words (``list``, ``text``, ``a whole number`` ...)."""
    if isinstance(value, bool):
        return "true or false"
    return {"str": "text", "int": "a whole number", "float": "a decimal number",
            "list": "a list", "dict": "a mapping", "NoneType": "nothing (the value is empty)"
            }.get(type(value).__name__, type(value).__name__)
