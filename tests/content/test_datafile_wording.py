"""Schema errors in plain words, at the right line, with a fix: the same translation for
every kind of data file, and one ``Problem`` type for all of them."""

from __future__ import annotations

import textwrap

import pytest

import commonground
import commonground.scenario
from commonground.content.datafile import DataFileError, Problem, describe_path
from tests._datafiles import KINDS, SCENARIO, marked

DEEP = {
    "course": (textwrap.dedent("""\
        schema_version: 1
        title: Course
        modules:
          - id: a
            title: A
          - id: b
            title: B
            minutes: 20
          - id: c
            title: C
            content_note: |
              A long note
              over two lines.
            minutes: soon  # HERE
        """), "`minutes` of module 3 (`c`) should be a whole number, not text",
        "change it to a whole number"),
    "prompts": (textwrap.dedent("""\
        schema_version: 1
        module: m
        prompts:
          - id: p
            title: T
            text: Say why.
          - id: q
            title: U
            text: |
              Say more.
            rubric: Fair.
            colour: red  # HERE
        """), "unknown key `colour` in prompt 2 (`q`)", "remove it (allowed here: guidance, id,"),
    "glossary": (textwrap.dedent("""\
        schema_version: 1
        terms:
          - term: ITP
            meaning: A plan.
          - term: NDIS
            expansion: National Disability Insurance Scheme
            also:
              - the scheme
              - 3  # HERE
            meaning: Funding.
        """), "item 2 of `also` of term 2 (`NDIS`) should be text, not a whole number",
        "change it to text"),
    "scenario": (SCENARIO.replace(
        "      - {id: go, label: Go, target: done}",
        "      - id: go\n        label: Go\n        target: done\n        feedback:\n"
        "          - text: Fine.\n            when: {state: {trust: lots}}  # HERE"),
        "`feedback.0.when.state.trust` of choice `go` in node `a` should be a comparison, "
        "not 'lots'", 'write it like ">= 3"'),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_schema_error_deep_in_a_file_names_its_line(tmp_path, kind):
    k = KINDS[kind]
    text, message, fix = DEEP[kind]
    text, line = marked(text)
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, text)
    [problem] = info.value.problems
    assert (problem.line, problem.message) == (line, message)
    assert problem.fix.startswith(fix)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_misspelt_key_suggests_the_right_one(tmp_path, kind):
    k = KINDS[kind]
    key = k.nested.split(":")[0].strip()
    misspelt = key[:-1] + "x" + key[-1]
    wrong = k.nested.rstrip("\n").replace(key, misspelt) + "  # HERE\n"
    text, line = marked(k.valid.replace(k.nested, wrong))
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, text)
    unknown = next(p for p in info.value.problems if "unknown key" in p.message)
    assert unknown.line == line
    assert unknown.fix.startswith(f"did you mean `{key}`?")
    missing = next(p for p in info.value.problems if "is missing" in p.message)
    assert f"add `{key}:`" in missing.fix


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_file_that_is_not_a_mapping_says_what_it_should_be(tmp_path, kind):
    k = KINDS[kind]
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, "- a list\n- of things\n")
    [problem] = info.value.problems
    assert problem.line == 1
    assert problem.message.startswith("the file should be a mapping of keys (schema_version, ")
    assert problem.fix.startswith("start from ")


@pytest.mark.parametrize(("path", "words"), [
    ((), "the glossary"),
    (("terms",), "`terms`"),
    (("terms", 1), "term 2 (`NDIS`)"),
    (("terms", 1, "term"), "`term` of term 2"),
    (("terms", 1, "also", 0), "item 1 of `also` of term 2 (`NDIS`)"),
    (("also", 0), "item 1 of `also`"),
])
def test_describe_path_names_parts_in_words(path, words):
    data = {"terms": [{"term": "ITP"}, {"term": "NDIS", "also": ["the scheme"]}]}
    assert describe_path(path, data, "the glossary") == words


@pytest.mark.parametrize(("problem", "printed"), [
    (Problem("a.yaml", 3, "it is wrong", "change it"), "a.yaml:3: it is wrong — change it"),
    (Problem("a.yaml", None, "it is wrong", "change it"), "a.yaml: it is wrong — change it"),
    (Problem("a.yaml", 3, "it is wrong"), "a.yaml:3: it is wrong"),
])
def test_a_problem_prints_as_file_line_message_fix(problem, printed):
    assert str(problem) == printed


def test_one_problem_type_and_one_error_type_for_every_data_file():
    assert commonground.Problem is commonground.scenario.Problem is Problem
    assert commonground.DataFileError is DataFileError
    assert issubclass(commonground.scenario.ScenarioError, DataFileError)
    assert issubclass(commonground.scenario.ScenarioError, ValueError)
    error = commonground.scenario.ScenarioError([Problem("a.yaml", 1, "x", "y")])
    assert str(error) == "a.yaml:1: x — y"


TWINS = {
    "course": "schema_version: 1\ntitle: Course\nmodules:\n  - id: twin\n    title: A\n"
              "  - id: twin  # HERE\n    title: B\n",
    "prompts": "schema_version: 1\nmodule: m\nprompts:\n  - id: twin\n    title: T\n"
               "    text: Say.\n  - id: twin  # HERE\n    title: U\n    text: More.\n",
}


@pytest.mark.parametrize("kind", sorted(TWINS))
def test_repeated_ids_name_both_lines_and_the_fix(tmp_path, kind):
    what = {"course": "module", "prompts": "prompt"}[kind]
    text, line = marked(TWINS[kind])
    with pytest.raises(DataFileError) as info:
        KINDS[kind].load_text(tmp_path, text)
    [problem] = info.value.problems
    assert problem.line == line
    assert problem.message == f"{what} id 'twin' is used twice (first on line 4)"
    assert problem.fix == f"give each {what} its own id"
