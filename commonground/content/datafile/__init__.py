"""YAML data files a facilitator edits, read one way, with messages that name file and line.

The course outline (content/course.yaml), the prompts (content/prompts/*.yaml), the
glossary (content/glossary.yaml) and the scenarios (content/scenarios/*.yaml) are all read
here. Every file is:

* read as UTF-8 (``read_text``), saying plainly when it is missing or in another encoding;
* parsed once (``parse_yaml``), keeping the line of every key, refusing duplicate keys
  (naming both lines) and YAML anchors, aliases and merge keys;
* checked for ``schema_version`` (missing, not a whole number, too new, or old, in which
  case its upgrade steps are applied), then against its schema, with each error said in
  plain words (``checked``, ``Wording``).

Every problem is a ``Problem`` (file, line, message, fix), raised together in one
``DataFileError``. The schema check uses ``commonground.content._minischema``, not ``jsonschema``,
so a trainee's kernel stays light.
"""

from __future__ import annotations

from ._kind import DataKind, checked, load_data, load_yaml
from ._problem import DataFileError, Problem
from ._read import read_text
from ._version import Upgrade, apply_upgrades, version_problems
from ._wording import Said, Wording, describe_path, schema_problems, translate, value_at
from ._yaml import KeyPath, LoadedYaml, line_in, parse_yaml

__all__ = [
    "DataFileError",
    "DataKind",
    "KeyPath",
    "LoadedYaml",
    "Problem",
    "Said",
    "Upgrade",
    "Wording",
    "apply_upgrades",
    "checked",
    "describe_path",
    "line_in",
    "load_data",
    "load_yaml",
    "parse_yaml",
    "read_text",
    "schema_problems",
    "translate",
    "value_at",
    "version_problems",
]
