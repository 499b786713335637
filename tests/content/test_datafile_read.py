"""Reading a data file: UTF-8 only, and plain words when a file is missing or unreadable."""

from __future__ import annotations

import pytest

from commonground.content.datafile import DataFileError, read_text
from commonground.scenario import check_file
from tests._datafiles import KINDS

LATIN_1 = "schema_version: 1\ntitle: Café\n".encode("latin-1")


def test_utf8_with_or_without_a_byte_order_mark(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufefftitle: Café\n".encode())
    assert read_text(path) == "title: Café\n"


def test_non_utf8_names_the_line_and_how_to_save_it(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes(LATIN_1)
    with pytest.raises(DataFileError) as info:
        read_text(path)
    [problem] = info.value.problems
    assert (problem.file, problem.line) == (str(path), 2)
    assert "not UTF-8 text (the byte 0xe9" in problem.message
    assert "save it as UTF-8" in problem.fix


@pytest.mark.parametrize(("make", "words"), [
    (lambda p: p, "it does not exist"),
    (lambda p: p.mkdir() or p, "it is a folder, not a file"),
], ids=["missing", "folder"])
def test_unreadable_file_says_why_without_a_line(tmp_path, make, words):
    path = make(tmp_path / "x.yaml")
    with pytest.raises(DataFileError) as info:
        read_text(path)
    [problem] = info.value.problems
    assert str(problem).startswith(f"{path}: cannot read the file: {words} — ")


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_non_utf8_is_refused_in_every_kind_of_file(tmp_path, kind):
    k = KINDS[kind]
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, k.valid.encode("utf-8") + "# café\n".encode("latin-1"))
    [problem] = info.value.problems
    assert problem.line == len(k.valid.splitlines()) + 1
    assert "not UTF-8" in problem.message


@pytest.mark.parametrize("kind", ["course", "glossary", "scenario"])
def test_a_missing_file_is_a_problem_for_every_kind_that_needs_one(tmp_path, kind):
    k = KINDS[kind]
    with pytest.raises(DataFileError, match="cannot read the file: it does not exist"):
        k.load(tmp_path / k.path)


def test_a_module_without_a_prompt_file_has_no_prompts(tmp_path):
    assert KINDS["prompts"].load(tmp_path / "prompts" / "m.yaml") == {}


def test_scenario_check_reports_an_unreadable_file_as_a_problem(tmp_path):
    [problem] = check_file(tmp_path / "nope.yaml")
    assert problem.line is None and "does not exist" in problem.message
