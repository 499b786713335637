"""``schema_version``: the same rules for every data file, and the upgrade steps."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeGuard

from ._problem import Problem
from ._yaml import LoadedYaml

#: A step that turns a document of one version into a document of the next.
Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def version_problems(loaded: LoadedYaml, current: int,
                     upgrades: Mapping[int, Upgrade]) -> list[Problem]:
    """Why the file's ``schema_version`` cannot be brought to ``current`` (empty if it can)."""
    file, data = loaded.file, loaded.data
    version = data.get("schema_version")
    line = loaded.line_of(("schema_version",))
    if version is None:
        return [Problem(file, 1, "there is no `schema_version`",
                        f"add `schema_version: {current}` at the top of the file")]
    if not _is_whole(version):
        return [Problem(file, line, f"`schema_version` should be a whole number, not {version!r}",
                        f"write `schema_version: {current}`")]
    if version > current:
        return [Problem(file, line, f"this file uses schema version {version}, newer than this "
                        f"software understands ({current})",
                        "update Common Ground (or ask whoever set up the course to)")]
    if any(v not in upgrades for v in range(version, current)):
        return [Problem(file, line, f"schema version {version} cannot be upgraded automatically",
                        f"rewrite the file for `schema_version: {current}`")]
    return []


def apply_upgrades(data: dict[str, Any], current: int,
                   upgrades: Mapping[int, Upgrade]) -> dict[str, Any]:
    """Bring a document up to ``current`` with ``upgrades[old]`` steps, in order.

    Raises ``ValueError`` for a version that is not a whole number or is newer than
    ``current``, and ``KeyError`` when a step is missing.
    """
    version = data.get("schema_version")
    if not _is_whole(version):
        raise ValueError("schema_version must be a whole number")
    if version > current:
        raise ValueError(f"schema_version {version} is newer than this software ({current})")
    while version < current:
        data = upgrades[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data


def _is_whole(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)
