"""A kind of data file (its schema, version and wording), and loading one of that kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ._problem import DataFileError, Problem
from ._read import read_text
from ._version import Upgrade, apply_upgrades, version_problems
from ._wording import Wording, schema_problems
from ._yaml import LoadedYaml, parse_yaml


@dataclass(frozen=True)
class DataKind:
    """What one kind of data file must look like.

    ``version`` is the current ``schema_version``; ``upgrades[old]`` turns a document of
    version ``old`` into one of ``old + 1``. ``start_from`` names a good example to copy
    ("an existing scenario in content/scenarios/").
    """

    schema: Mapping[str, Any]
    version: int
    upgrades: Mapping[int, Upgrade] = field(default_factory=dict)
    wording: Wording = field(default_factory=Wording)
    start_from: str = ""


def checked(loaded: LoadedYaml, kind: DataKind) -> LoadedYaml:
    """The file's data, upgraded to the current version and valid against the schema.

    Raises ``DataFileError`` listing every problem.
    """
    file, data = loaded.file, loaded.data
    start = (f"start from {kind.start_from}" if kind.start_from else
             f"write `key: value` lines, starting with `schema_version: {kind.version}`")
    if data is None:
        raise DataFileError([Problem(file, 1, "the file is empty", start)])
    if not isinstance(data, dict):
        keys = ", ".join(kind.schema.get("required", ()))
        raise DataFileError([Problem(file, 1, f"the file should be a mapping of keys ({keys}, "
                                     f"...), not {type(data).__name__}", start)])
    problems = version_problems(loaded, kind.version, kind.upgrades)
    if problems:
        raise DataFileError(problems)
    loaded = replace(loaded, data=apply_upgrades(data, kind.version, kind.upgrades))
    problems = schema_problems(loaded, kind.schema, kind.wording)
    if problems:
        raise DataFileError(problems)
    return loaded


def load_yaml(path: Path | str) -> LoadedYaml:
    """Read and parse one YAML file (no schema); raises ``DataFileError``."""
    return parse_yaml(read_text(path), str(path))


def load_data(path: Path | str, kind: DataKind) -> LoadedYaml:
    """Read, parse, upgrade and check one data file; raises ``DataFileError``."""
    return checked(load_yaml(path), kind)
