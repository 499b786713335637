"""Static checks: broken scenarios are reported with file, line and a fix; shipped ones pass."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from commonground.scenario import ScenarioError, check_file, check_scenario, load_scenario, parse

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))
COURSE = yaml.safe_load((ROOT / "content" / "course.yaml").read_text(encoding="utf-8"))
MODULES = {m["id"] for m in COURSE["modules"]}

HEAD = textwrap.dedent("""\
    schema_version: 1
    id: broken
    title: Broken
    summary: A scenario with something wrong.
    module: 01_safe_environment
    variables:
      trust: {initial: 2, min: 0, max: 5}
    roles:
      worker: {name: Worker, brief: You work.}
      person: {name: Person, brief: You are the person., is_person: true}
    start: a
    nodes:
    """)

END = "  done:\n    text: The end.\n    ending: {title: Done, debrief: Think.}\n"


def nodes(body: str) -> str:
    return HEAD + textwrap.indent(textwrap.dedent(body), "  ") + END


CASES = {
    "missing_target": (nodes("""\
        a:
          text: Start.
          choices:
            - id: go
              label: Go
              target: dne  # HERE
        """), "leads to `dne`, which does not exist", "did you mean `done`?"),
    "unreachable_node": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
        orphan:  # HERE
          text: Nobody comes here.
          choices:
            - {id: o, label: Go, target: done}
        """), "cannot be reached from the start", "target"),
    "dead_end_no_choices": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: b}
        b:  # HERE
          text: Nothing to do here.
        """), "is a dead end", "ending"),
    "dead_end_by_condition": (nodes("""\
        a:  # HERE
          text: Start.
          choices:
            - {id: go, label: Go, target: done, when: {state: {trust: ">= 3"}}}
        """), "when trust = 2, no choice is open", "without a `when:`"),
    "dead_end_for_one_role": (nodes("""\
        a:  # HERE
          text: Start.
          choices:
            - {id: go, label: Go, target: done, when: {role: worker}}
        """), "no choice here is open to role `person`", "without a `when:`"),
    "inescapable_loop": (nodes("""\
        a:  # HERE
          text: Start.
          choices:
            - {id: go, label: Go, target: b}
        b:
          text: Round again.
          choices:
            - {id: again, label: Again, target: a}
            - {id: out, label: Out, target: done, when: {chose: never_made}}
        """), "form a loop with no certain way out", "leads towards an ending"),
    "undeclared_variable_in_condition": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
            - id: go2
              label: Go too
              target: done
              when:
                state: {trsut: ">= 1"}  # HERE
        """), "uses the variable `trsut`, which is not declared", "did you mean `trust`?"),
    "undeclared_variable_in_effects": (nodes("""\
        a:
          text: Start.
          choices:
            - id: go
              label: Go
              target: done
              effects:
                voice: 1  # HERE
        """), "changes `voice`, which is not a declared variable", "variables"),
    "unknown_role": (nodes("""\
        a:
          text:
            - Start.
            - text: Only for managers.
              when:
                role: manager  # HERE
          choices:
            - {id: go, label: Go, target: done}
        """), "names the role `manager`, which is not declared", "worker"),
    "unknown_choice_in_condition": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
            - id: go2
              label: Go too
              target: done
              when:
                not_chose: goo  # HERE
        """), "refers to the choice `goo`", "did you mean `go`?"),
    "duplicate_choice_id": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
            - id: go  # HERE
              label: Also go
              target: done
        """), "is used twice", "own id"),
    "choice_never_offered": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
            - id: never
              label: Never
              target: done
              when:  # HERE
                state: {trust: "> 9"}
        """), "can never be offered", "when"),
    "no_text_for_a_role": (nodes("""\
        a:
          text:  # HERE
            - text: Worker only.
              when: {role: worker}
          choices:
            - {id: go, label: Go, target: done}
        """), "shows no text to role `person`", "text"),
    "ending_with_choices": (nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
          ending:  # HERE
            title: Oops
            debrief: Both.
        """), "has both `choices` and an `ending`", "remove one"),
    "bad_start": (HEAD.replace("start: a", "start: b  # HERE") + textwrap.indent(
        "a:\n  text: A\n  choices:\n    - {id: go, label: Go, target: done}\n", "  ") + END,
        "the start node `b` does not exist", "use one of the declared nodes: a, done"),
}


def marked(text: str) -> tuple[str, int]:
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, start=1) if "# HERE" in t)
    return "\n".join(t.replace("  # HERE", "") for t in lines) + "\n", line


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_scenario_is_reported_with_file_line_and_fix(tmp_path, name):
    text, message, fix = CASES[name]
    text, line = marked(text)
    path = tmp_path / f"{name}.yaml"
    path.write_text(text)
    problems = check_file(path)
    hits = [p for p in problems if message in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].file == str(path)
    assert hits[0].line == line, str(hits[0])
    assert fix in hits[0].fix
    with pytest.raises(ScenarioError):
        load_scenario(path)


def test_state_conditions_that_cover_every_value_are_not_a_dead_end():
    scenario, problems = parse(nodes("""\
        a:
          text: Start.
          choices:
            - {id: high, label: High, target: done, when: {state: {trust: ">= 3"}}}
            - {id: low, label: Low, target: done, when: {state: {trust: "< 3"}}}
            - {id: w, label: W, target: done, when: {role: worker}}
            - {id: p, label: P, target: b, when: {not_role: worker}}
        b:
          text: B.
          choices:
            - {id: did, label: Did, target: done, when: {chose: high}}
            - {id: didnt, label: Didn't, target: done, when: {not_chose: high}}
        """), "ok.yaml")
    assert problems == []
    assert check_scenario(scenario) == []


def test_a_loop_with_a_sure_way_out_is_fine():
    scenario, _ = parse(nodes("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: b}
        b:
          text: Round again.
          choices:
            - {id: again, label: Again, target: a}
            - {id: out, label: Out, target: done}
        """), "loop.yaml")
    assert check_scenario(scenario) == []


def test_role_that_can_never_reach_an_ending():
    text = HEAD.replace("is_person: true}", "is_person: true, start: trap}") + textwrap.indent(
        textwrap.dedent("""\
        a:
          text: Start.
          choices:
            - {id: go, label: Go, target: done}
        trap:
          text: Trap.
          choices:
            - {id: stay, label: Stay, target: trap}
        """), "  ") + END
    scenario, _ = parse(text, "trap.yaml")
    messages = [p.message for p in check_scenario(scenario)]
    assert "role `person` can never reach an ending" in messages
    assert any("node `trap` leads back to itself with no certain way out" in m for m in messages)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_shipped_scenario_loads_and_passes_every_check(path):
    assert check_file(path) == []
    scenario = load_scenario(path)
    assert scenario.id == path.stem
    assert scenario.module in MODULES
    assert all(m in MODULES for n in scenario.nodes.values() if n.ending for m in n.ending.see_also)
    assert len(scenario.roles) >= 2
    endings = [n for n in scenario.nodes.values() if n.ending]
    assert len(endings) >= 2 and all(n.ending.debrief for n in endings)
    assert any(c.step_back for n in scenario.nodes.values() for c in n.choices)
    assert scenario.variables and any(
        c.when is not None for n in scenario.nodes.values() for c in n.choices)


def test_at_least_five_scenarios_and_two_with_the_person_as_a_role():
    scenarios = [load_scenario(p) for p in SHIPPED]
    assert len(scenarios) >= 5
    assert sum(any(r.is_person for r in s.roles.values()) for s in scenarios) >= 2
