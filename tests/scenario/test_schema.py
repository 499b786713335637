"""Scenario format: YAML with line numbers, the versioned JSON Schema, and upgrades."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from commonground.scenario import SCHEMA, SCHEMA_VERSION, UPGRADES, ScenarioError, load_text, parse
from commonground.scenario import schema as schema_module
from tests._datafiles import SCENARIO

VALID = SCENARIO  # the smallest valid scenario, shared with the data-file tests


def marked(text: str) -> tuple[str, int]:
    """Remove a `# HERE` marker and return the text and the marked line number."""
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, start=1) if "# HERE" in t)
    return "\n".join(t.replace("  # HERE", "") for t in lines) + "\n", line


def test_schema_is_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == SCHEMA_VERSION == 1


def test_valid_file_parses():
    scenario, problems = parse(VALID, "tiny.yaml")
    assert problems == []
    assert scenario is not None and scenario.id == "tiny"
    assert scenario.line(("nodes", "a", "choices", 0)) == 13


BROKEN = {
    "bad_yaml": (VALID.replace("  a:\n", "  a:\n   text: [unclosed  # HERE\n", 1),
                 "not valid YAML"),
    "missing_target_key": (
        VALID.replace("- {id: go, label: Go, target: done}", "- {id: go, label: Go}  # HERE"),
        "missing `target`"),
    "unknown_key_suggests": (
        VALID.replace("summary: A tiny scenario.", "sumary: A tiny scenario.  # HERE"),
        "unknown key `sumary`"),
    "wrong_type": (VALID.replace("start: a", "start: [a]  # HERE"), "should be text"),
    "bad_node_name": (VALID.replace("  done:\n", "  Done Node:  # HERE\n"), "not a usable name"),
    "bad_comparison": (
        VALID.replace("- {id: go, label: Go, target: done}",
                      "- {id: go, label: Go, target: done, when: {state: {x: about 3}}}  # HERE"),
        "should be a comparison"),
    "duplicate_key": (VALID.replace("  done:\n", "  a:  # HERE\n    text: again\n  done:\n"),
                      "appears twice"),
    "no_version": (VALID.replace("schema_version: 1", "# HERE"), "no `schema_version`"),
    "newer_version": (VALID.replace("schema_version: 1", "schema_version: 99  # HERE"),
                      "newer than this software"),
    "bad_module": (VALID.replace("module: 01_safe_environment", "module: safety  # HERE"),
                   "not a module id"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_files_name_file_line_and_fix(name):
    text, expected = BROKEN[name]
    text, line = marked(text)
    with pytest.raises(ScenarioError) as info:
        load_text(text, "broken.yaml")
    problems = info.value.problems
    assert any(expected in p.message for p in problems), [str(p) for p in problems]
    hit = next(p for p in problems if expected in p.message)
    assert hit.file == "broken.yaml"
    assert hit.line == line
    assert hit.fix, "every problem says what to change"
    assert str(hit).startswith(f"broken.yaml:{line}: ")


def test_unknown_key_suggests_the_close_match():
    _, problems = parse(VALID.replace("summary:", "sumary:"), "x.yaml")
    unknown = next(p for p in problems if "unknown key" in p.message)
    assert "did you mean `summary`?" in unknown.fix
    assert any("missing `summary`" in p.message for p in problems)


def test_top_level_must_be_a_mapping():
    _, problems = parse("- just\n- a list\n", "x.yaml")
    assert "mapping" in problems[0].message


def test_upgrades_are_applied_in_order(monkeypatch):
    def one_to_two(doc):
        doc = dict(doc)
        doc["summary"] = doc.pop("blurb")
        return doc

    monkeypatch.setattr(schema_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(UPGRADES, 1, one_to_two)
    old = {"schema_version": 1, "blurb": "old name"}
    new = schema_module.upgrade(old)
    assert new == {"schema_version": 2, "summary": "old name"}


def test_version_without_upgrade_path_is_a_problem(monkeypatch):
    from commonground.scenario import load

    monkeypatch.setattr(load, "SCHEMA_VERSION", 3)
    _, problems = parse(VALID, "old.yaml")
    assert "cannot be upgraded" in problems[0].message
    assert problems[0].line == 1


def _error_keys(errors):
    return sorted({(tuple(str(p) for p in e.absolute_path), tuple(e.schema_path), e.validator)
                   for e in errors})


AGREEMENT = [
    *(text for text, _ in BROKEN.values()),
    VALID.replace("label: Go,", "label: '',"),
    VALID.replace("nodes:", "nodes: {}\nold_nodes:"),
    VALID.replace("ending: {title: Done, debrief: Think about it.}",
                  "ending: {title: Done, debrief: [{text: x, when: {}}], tone: sad}"),
    VALID.replace("{id: go, label: Go, target: done}",
                  "{id: go, label: Go, target: done, effects: {Trust: 1.5}, step_back: 1}"),
    VALID.replace("worker: {name: Worker, brief: You are a worker.}",
                  "worker: {name: Worker, brief: You are a worker., is_person: yes, start: 3}"),
    VALID.replace("roles:\n  worker: {name: Worker, brief: You are a worker.}",
                  "roles: {}\nvariables: {Trust: {initial: 1}, ok: {initial: x, show: 1}}"),
    VALID.replace("{id: go, label: Go, target: done}",
                  "{id: go, label: Go, target: done, when: {state: {}, role: [], chose: Go}}"),
    VALID.replace("ending: {title: Done, debrief: Think about it.}",
                  "ending: {title: Done, debrief: x, tone: happy, see_also: [intro]}"),
]


def _schema_stage(text):
    """The document, if loading would reach schema validation (valid YAML, version 1)."""
    try:
        data = yaml.safe_load(text.replace("  # HERE", ""))
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) and data.get("schema_version") == 1 else None


SHIPPED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(
    (Path(__file__).resolve().parents[2] / "content" / "scenarios").glob("*.yaml"))]


@pytest.mark.parametrize("data", [d for d in map(_schema_stage, AGREEMENT + SHIPPED_TEXTS) if d])
def test_small_validator_agrees_with_jsonschema(data):
    """Scenarios use the same small validator as every other data file (_minischema)."""
    from commonground.content._minischema import iter_errors

    ours = _error_keys(iter_errors(data, SCHEMA))
    theirs = _error_keys(Draft202012Validator(SCHEMA).iter_errors(data))
    assert ours == theirs


def test_loading_does_not_import_jsonschema():
    import subprocess
    import sys

    code = ("import sys; from commonground.scenario import load_scenario, Play; "
            "load_scenario(sys.argv[1]); print('jsonschema' in sys.modules)")
    path = sorted((Path(__file__).resolve().parents[2] / "content" / "scenarios").glob("*.yaml"))[0]
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
