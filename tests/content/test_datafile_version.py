"""``schema_version``, the same for every data file: missing, not a whole number, newer than
this software, or older (upgrade steps applied in order)."""

from __future__ import annotations

import pytest

from commonground.content.datafile import (
    DataFileError,
    DataKind,
    apply_upgrades,
    checked,
    parse_yaml,
)
from tests._datafiles import KINDS, marked

#: Version 3 of a small format: ``name`` was ``title`` in version 1, ``names`` a list from 3.
SCHEMA = {
    "type": "object",
    "required": ["schema_version", "names"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 3},
        "names": {"type": "array", "items": {"type": "string"}},
    },
}


def _one_to_two(doc):
    doc["name"] = doc.pop("title")
    return doc


def _two_to_three(doc):
    doc["names"] = [doc.pop("name")]
    return doc


KIND = DataKind(SCHEMA, 3, {1: _one_to_two, 2: _two_to_three})


def test_old_files_are_upgraded_step_by_step():
    loaded = checked(parse_yaml("schema_version: 1\ntitle: Ana\n", "old.yaml"), KIND)
    assert loaded.data == {"schema_version": 3, "names": ["Ana"]}
    assert loaded.lines[("schema_version",)] == 1  # lines survive the upgrade


def test_a_current_file_is_not_upgraded():
    loaded = checked(parse_yaml("schema_version: 3\nnames: [Ana]\n", "new.yaml"), KIND)
    assert loaded.data == {"schema_version": 3, "names": ["Ana"]}


def test_upgrades_do_not_change_the_callers_data():
    old = {"schema_version": 1, "title": "Ana"}
    assert apply_upgrades(old, 3, KIND.upgrades) == {"schema_version": 3, "names": ["Ana"]}
    assert old == {"schema_version": 1, "title": "Ana"}


def test_an_upgraded_file_is_still_checked_against_the_schema():
    with pytest.raises(DataFileError) as info:
        checked(parse_yaml("schema_version: 2\nname: 7\n", "old.yaml"), KIND)
    assert [p.message for p in info.value.problems] == [
        "name 1 should be text, not a whole number"]


VERSIONS = {
    "missing": ("# the version was here  # HERE\n", "there is no `schema_version`",
                "add `schema_version: {v}` at the top"),
    "text": ("schema_version: one  # HERE\n", "should be a whole number, not 'one'",
             "write `schema_version: {v}`"),
    "decimal": ("schema_version: 1.5  # HERE\n", "should be a whole number, not 1.5",
                "write `schema_version: {v}`"),
    "boolean": ("schema_version: yes  # HERE\n", "should be a whole number, not True",
                "write `schema_version: {v}`"),
    "newer": ("schema_version: 99  # HERE\n", "newer than this software understands ({v})",
              "update Common Ground"),
    "no_upgrade_path": ("schema_version: 0  # HERE\n", "cannot be upgraded automatically",
                        "rewrite the file for `schema_version: {v}`"),
}


@pytest.mark.parametrize("case", sorted(VERSIONS))
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_version_problems_are_the_same_in_every_kind_of_file(tmp_path, kind, case):
    k = KINDS[kind]
    first, message, fix = VERSIONS[case]
    text, line = marked(first + k.valid.split("\n", 1)[1])
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, text)
    [problem] = info.value.problems
    assert problem.line == line
    assert message.format(v=1) in problem.message
    assert fix.format(v=1) in problem.fix
