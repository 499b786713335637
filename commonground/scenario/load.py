"""Read scenario YAML keeping line numbers, validate it against the schema, build the model."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path as FilePath
from typing import Any

import yaml

from .._minischema import iter_errors
from .model import Scenario
from .problems import Problem, ScenarioError
from .schema import KEY_HELP, SCHEMA, SCHEMA_VERSION, UPGRADES, upgrade

Path = tuple[Any, ...]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NAME_FIX = ("use lower-case letters, digits and underscores, starting with a letter "
             "(e.g. `first_meeting`)")


# -- YAML with line numbers ------------------------------------------------------------------
def read_yaml(text: str, file: str) -> tuple[Any, dict[Path, int], list[Problem]]:
    """Parse YAML; return the data, a map from key path to 1-based line, and problems."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 if mark else 1
        what = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        if exc.context_mark and exc.problem_mark and exc.problem_mark.line + 1 != line:
            what += f" (noticed on line {exc.problem_mark.line + 1})"
        return None, {}, [
            Problem(file, line, f"this is not valid YAML: {what}",
                    "check the indentation and that every `key: value` pair has its colon; "
                    "put quotes around text that contains `: ` or starts with a symbol"),
        ]
    except yaml.YAMLError as exc:
        return None, {}, [Problem(file, 1, f"this is not valid YAML: {exc}", "fix the YAML syntax")]
    finally:
        loader.dispose()
    lines: dict[Path, int] = {(): 1}
    problems: list[Problem] = []
    if node is not None:
        _walk(node, (), lines, problems, file)
    return data, lines, problems


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem],
          file: str) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            line = key_node.start_mark.line + 1
            if key in seen and key != "<<":
                problems.append(Problem(
                    file, line, f"`{key}` appears twice here (first on line {seen[key]})",
                    "rename or remove one of them; the later one would silently replace the first"))
            seen.setdefault(key, line)
            lines.setdefault((*path, key), line)
            _walk(value_node, (*path, key), lines, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.setdefault((*path, index), item.start_mark.line + 1)
            _walk(item, (*path, index), lines, problems, file)


# -- schema validation -----------------------------------------------------------------------
def describe_path(path: Iterable[Any], data: Any = None) -> str:
    """Say where a path points, in words: ``choice 2 of node `kitchen```."""
    path = tuple(path)
    if not path:
        return "the scenario"
    head, rest = path[0], path[1:]
    if head == "nodes" and rest:
        where = f"node `{rest[0]}`"
        if len(rest) >= 3 and rest[1] == "choices" and isinstance(rest[2], int):
            choice_id = _get(data, ("nodes", rest[0], "choices", rest[2], "id"))
            where = (f"choice `{choice_id}` in node `{rest[0]}`" if isinstance(choice_id, str)
                     else f"choice {rest[2] + 1} in node `{rest[0]}`")
            rest = rest[2:]
        tail = rest[1:]
    elif head in ("roles", "variables") and rest:
        where, tail = f"{head[:-1]} `{rest[0]}`", rest[1:]
    else:
        where, tail = f"`{head}`", rest
    if tail:
        where = f"`{'.'.join(str(t) for t in tail)}` of {where}"
    return where


def _get(data: Any, path: Path) -> Any:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _schema_problems(data: Any, lines: dict[Path, int], file: str) -> list[Problem]:
    problems: list[Problem] = []
    errors = sorted(iter_errors(data, SCHEMA), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        problems.extend(_translate(error, data, lines, file))
    return problems


def _line(lines: dict[Path, int], path: Path) -> int:
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return 1


def _translate(error: Any, data: Any, lines: dict[Path, int], file: str) -> list[Problem]:
    path = tuple(error.absolute_path)
    where = describe_path(path, data)
    kind = error.validator
    schema = error.schema
    if kind == "required":
        key = re.search(r"'(.+?)'", error.message)
        key = key.group(1) if key else error.message
        help_ = KEY_HELP.get(key, "")
        return [Problem(file, _line(lines, path), f"{where} is missing `{key}`",
                        f"add `{key}:`" + (f" ({help_})" if help_ else ""))]
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = sorted(schema.get("properties", {}))
        out = []
        for key in error.instance:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            fix = f"did you mean `{close[0]}`?" if close else "remove it"
            out.append(Problem(file, _line(lines, (*path, key)),
                               f"unknown key `{key}` in {where}",
                               f"{fix} (allowed here: {', '.join(allowed)})"))
        return out
    if kind == "pattern":
        if error.validator_value == SCHEMA["$defs"]["condition"]["properties"]["state"][
                "additionalProperties"]["pattern"]:
            return [Problem(file, _line(lines, path), f"{where} should be a comparison, "
                            f"not {error.instance!r}", 'write it like ">= 3", "< 2", "!= 0" or 4')]
        if "propertyNames" in list(error.schema_path):
            return [Problem(file, _line(lines, (*path, error.instance)),
                            f"`{error.instance}` is not a usable name in {where}", _NAME_FIX)]
        if "[0-9]{2}_" in str(error.validator_value):
            return [Problem(file, _line(lines, path), f"{where} is not a module id: "
                            f"{error.instance!r}",
                            "use a module id such as `05_philosophical_differences`")]
        return [Problem(file, _line(lines, path),
                        f"{where} is not a usable name: {error.instance!r}", _NAME_FIX)]
    if kind == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        words = {"integer": "a whole number", "string": "text", "array": "a list",
                 "object": "a mapping of keys", "boolean": "true or false",
                 "string or array": "text or a list of text parts",
                 "string or object": "text or a mapping with `text:` and `when:`",
                 "integer or string": 'a number or a comparison like ">= 3"'}
        wanted = words.get(wanted, wanted)
        given = type(error.instance).__name__
        return [Problem(file, _line(lines, path), f"{where} should be {wanted}, not {given}",
                        f"change it to {wanted}")]
    if kind in ("minItems", "minProperties", "minLength"):
        return [Problem(file, _line(lines, path), f"{where} is empty", "fill it in or remove it")]
    if kind == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [Problem(file, _line(lines, path), f"{where} is {error.instance!r}",
                        f"use one of: {options}")]
    return [Problem(file, _line(lines, path), f"{where}: {error.message}",
                    "see the scenario format")]


def _version_problems(data: dict[str, Any], lines: dict[Path, int], file: str) -> list[Problem]:
    version = data.get("schema_version")
    line = lines.get(("schema_version",), 1)
    if version is None:
        return [Problem(file, 1, "there is no `schema_version`",
                        f"add `schema_version: {SCHEMA_VERSION}` at the top of the file")]
    if not isinstance(version, int) or isinstance(version, bool):
        return [Problem(file, line, f"`schema_version` should be a whole number, not {version!r}",
                        f"write `schema_version: {SCHEMA_VERSION}`")]
    if version > SCHEMA_VERSION:
        return [Problem(file, line, f"this file uses schema version {version}, newer than this "
                        f"software understands ({SCHEMA_VERSION})", "update commonground")]
    missing = [v for v in range(version, SCHEMA_VERSION) if v not in UPGRADES]
    if missing:
        return [Problem(file, line, f"schema version {version} cannot be upgraded automatically",
                        f"rewrite the file for `schema_version: {SCHEMA_VERSION}`")]
    return []


# -- public ----------------------------------------------------------------------------------
def parse(text: str, file: str = "<scenario>") -> tuple[Scenario | None, list[Problem]]:
    """Parse and schema-validate scenario text. Returns the scenario (or None) and problems."""
    data, lines, problems = read_yaml(text, file)
    if problems and data is None:
        return None, problems
    if not isinstance(data, dict):
        return None, [*problems, Problem(
            file, 1, "the file should be a mapping of keys (schema_version, id, title, roles, "
            "nodes, ...)", "start from an existing scenario in content/scenarios/")]
    version_problems = _version_problems(data, lines, file)
    if version_problems:
        return None, problems + version_problems
    data = upgrade(data)
    problems += _schema_problems(data, lines, file)
    if problems:
        return None, problems
    return Scenario.from_data(data, file=file, lines=lines), []


def load_text(text: str, file: str = "<scenario>", *, check: bool = True) -> Scenario:
    """Load scenario text; raise ``ScenarioError`` listing every problem."""
    scenario, problems = parse(text, file)
    if scenario is not None and check:
        from .check import check_scenario

        problems = check_scenario(scenario)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | FilePath, *, check: bool = True) -> Scenario:
    """Load a scenario file; raise ``ScenarioError`` (with file and line) if it has problems.

    With ``check=True`` (the default) the static checks run too, so a loaded scenario is
    safe to play: every target exists and every path can reach an ending.
    """
    path = FilePath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([Problem(str(path), 1, f"cannot read the file: {exc}",
                                     "check the path and that it is UTF-8 text")]) from exc
    return load_text(text, str(path), check=check)


def load_scenarios(directory: str | FilePath, *, check: bool = True) -> dict[str, Scenario]:
    """Load every ``*.yaml`` scenario in a folder, keyed by scenario id (sorted by file name)."""
    found: dict[str, Scenario] = {}
    for file in sorted(FilePath(directory).glob("*.yaml")):
        scenario = load_scenario(file, check=check)
        found[scenario.id] = scenario
    return found
