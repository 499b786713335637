"""The branching rule of `scenario check`: every role meets two real decision points and can
reach three endings; endings picked by the meters, or paths that come back together, do
not count."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from commonground.scenario import check_file, load_scenario, parse
from commonground.scenario.check import check_branching, decision_points

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))

HEAD = textwrap.dedent("""\
    schema_version: 1
    id: story
    title: A story
    summary: Choices.
    module: 01_safe_environment
    variables:
      trust: {initial: 2, min: 0, max: 5}
    roles:
      worker: {name: Worker, brief: You work.}
    start: a
    nodes:
    """)


def _end(name: str) -> str:
    return f"{name}:\n  text: The end.\n  ending: {{title: {name}, debrief: Think.}}\n"


def story(body: str, endings: tuple[str, ...] = ("e1", "e2", "e3"), head: str = HEAD) -> str:
    tail = "".join(_end(e) for e in endings)
    return head + textwrap.indent(textwrap.dedent(body) + tail, "  ")


BRANCHING = story("""\
    a:
      text: Start.
      choices:
        - {id: x, label: X, target: b}
        - {id: y, label: Y, target: e1}
    b:
      text: Then.
      choices:
        - {id: p, label: P, target: e2}
        - {id: q, label: Q, target: e3}
    """)

LINEAR = story("""\
    a:
      text: Start.
      choices:
        - {id: x, label: X, target: b}
        - {id: y, label: Y, target: b}
    b:
      text: Then.
      choices:
        - {id: p, label: P, target: e1}
        - {id: q, label: Q, target: e2}
    """, endings=("e1", "e2"))

METER_PICKED = story("""\
    a:
      text: Start.
      choices:
        - {id: up, label: Up, target: b, effects: {trust: 2}}
        - {id: down, label: Down, target: b, effects: {trust: -2}}
    b:
      text: Later.
      choices:
        - {id: high, label: See, target: e1, when: {state: {trust: ">= 4"}}}
        - {id: mid, label: See, target: e2, when: {state: {trust: 2}}}
        - {id: low, label: See, target: e3, when: {state: {trust: "<= 1"}}}
        - {id: odd, label: See, target: e3, when: {state: {trust: 3}}}
    """)

RECONVERGING = story("""\
    a:
      text: Start.
      choices:
        - {id: x, label: X, target: b}
        - {id: y, label: Y, target: c}
    b:
      text: One way.
      choices:
        - {id: b_on, label: Go on, target: d}
    c:
      text: Another way.
      choices:
        - {id: c_on, label: Go on, target: d}
    d:
      text: Together again.
      choices:
        - {id: p, label: P, target: e1}
        - {id: q, label: Q, target: e2}
        - {id: r, label: R, target: e3}
    """)


def _problems(text: str) -> list[str]:
    scenario, problems = parse(text, "story.yaml")
    assert scenario is not None and problems == [], problems
    return [p.message for p in check_branching(scenario)]


def test_two_real_decisions_and_three_endings_pass():
    scenario, _ = parse(BRANCHING, "story.yaml")
    assert scenario is not None
    assert decision_points(scenario, "worker") == ["a", "b"]
    assert check_branching(scenario) == []


@pytest.mark.parametrize(("text", "expected"), [
    (LINEAR, ["role `worker` meets 1 decision point (at `b`) where the paths really part",
              "role `worker` can reach 2 endings (`e1`, `e2`); every role needs at least 3"]),
    (METER_PICKED, ["role `worker` meets 0 decision points where the paths really part"]),
    (RECONVERGING, ["role `worker` meets 1 decision point (at `d`) where the paths really part"]),
], ids=["linear", "meter_picked", "reconverging"])
def test_a_story_that_does_not_really_branch_is_reported(text, expected):
    problems = _problems(text)
    assert len(problems) == len(expected), problems
    for message, start in zip(problems, expected, strict=True):
        assert message.startswith(start), message


def test_choices_open_together_count_even_with_a_condition():
    text = BRANCHING.replace("{id: q, label: Q, target: e3}",
                             '{id: q, label: Q, target: e3, when: {state: {trust: ">= 2"}}}')
    assert _problems(text) == []


def test_every_role_is_held_to_the_rule_and_named_on_its_line():
    head = HEAD.replace("worker: {name: Worker, brief: You work.}",
                        "worker: {name: Worker, brief: You work.}\n"
                        "  person: {name: Person, brief: You are the person., start: p_start}")
    text = story("""\
        a:
          text: Start.
          choices:
            - {id: x, label: X, target: b}
            - {id: y, label: Y, target: e1}
        b:
          text: Then.
          choices:
            - {id: p, label: P, target: e2}
            - {id: q, label: Q, target: e3}
        p_start:
          text: Your way in.
          choices:
            - {id: p_on, label: Go on, target: e1}
            - {id: p_off, label: Stop, target: e2}
        """, head=head)
    scenario, _ = parse(text, "story.yaml")
    assert scenario is not None
    problems = check_branching(scenario)
    assert {p.line for p in problems} == {scenario.line(("roles", "person"))}
    assert [p.message.split(" meets")[0].split(" can")[0] for p in problems] == [
        "role `person`", "role `person`"]


def test_check_file_applies_the_rule_unless_drafting(tmp_path):
    path = tmp_path / "linear.yaml"
    path.write_text(LINEAR)
    assert any("decision point" in p.message for p in check_file(path))
    assert check_file(path, branching=False) == []
    load_scenario(path)  # still playable: the rule is for authors


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_branches_for_every_role(path):
    scenario = load_scenario(path)
    assert check_branching(scenario) == []
    for role in scenario.roles:
        assert len(decision_points(scenario, role)) >= 2, role
