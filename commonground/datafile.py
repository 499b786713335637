"""YAML data files with a versioned schema and messages that name file and line.

Facilitators edit course content (outline, prompts) as YAML. When a file is wrong
the message says which file, which line, and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ._minischema import iter_errors


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class DataFileError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _line_index(node: yaml.Node, path: tuple = (), index: dict | None = None) -> dict:
    """Map each key path in a YAML document to the (1-based) line it starts on."""
    index = {} if index is None else index
    index[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _line_index(value, (*path, key.value), index)
            index[(*path, key.value)] = key.start_mark.line + 1  # the key's line, not the value's
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_index(item, (*path, i), index)
    return index


@dataclass
class LoadedYaml:
    file: str
    data: Any
    lines: dict

    def line_of(self, path) -> int | None:
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def load_yaml(path: Path | str) -> LoadedYaml:
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise DataFileError([Problem(name, None, f"cannot read the file ({e.strerror}).")]) from e
    except UnicodeDecodeError as e:
        raise DataFileError(
            [Problem(name, None, "is not UTF-8 text; save it as UTF-8 and try again.")]
        ) from e
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise DataFileError(
            [
                Problem(
                    name,
                    line,
                    f"this is not valid YAML ({e.problem}). Check the indentation and "
                    "that text containing a colon is in quotes or after `|`.",
                )
            ]
        ) from e
    return LoadedYaml(name, data, _line_index(node) if node is not None else {})


def validate(loaded: LoadedYaml, schema: dict, upgrades: dict | None = None) -> list[Problem]:
    """Check ``loaded.data`` against a JSON Schema; returns problems (empty if fine).

    ``schema_version`` must be present; older versions are upgraded first with
    ``upgrades[version](data) -> data`` (from that version to the next).
    """
    data = loaded.data
    if not isinstance(data, dict):
        return [Problem(loaded.file, 1, "the file must be a YAML mapping (key: value lines).")]
    current = schema["properties"]["schema_version"]["const"]
    version = data.get("schema_version")
    if not isinstance(version, int):
        return [
            Problem(loaded.file, 1, f"add `schema_version: {current}` at the top of the file.")
        ]
    if version > current:
        return [
            Problem(
                loaded.file,
                loaded.line_of(("schema_version",)),
                f"schema_version {version} is newer than this version of Common Ground "
                f"understands ({current}); update Common Ground.",
            )
        ]
    while version < current and upgrades and version in upgrades:
        data = upgrades[version](data)
        version += 1
    loaded.data = data
    problems = []
    errors = iter_errors(data, schema)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            path += sorted(k for k in error.instance if k not in allowed)[:1]
        where = ".".join(str(p) for p in path) or "the top level"
        problems.append(
            Problem(loaded.file, loaded.line_of(path), f"at {where}: {_plain(error)}")
        )
    return problems


def _plain(error) -> str:
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"add the missing `{missing}` field."
    if error.validator == "additionalProperties":
        return f"{error.message}; remove it or check its spelling."
    if error.validator == "pattern":
        return (
            f"{error.instance!r} is not allowed here; use lowercase letters, digits and "
            "hyphens or underscores."
        )
    if error.validator == "const":
        return f"must be {error.validator_value!r}."
    if error.validator == "type":
        return f"must be {error.validator_value} (found {type(error.instance).__name__})."
    if error.validator == "minLength":
        return "must not be empty."
    return error.message + "."
