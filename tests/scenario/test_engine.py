"""The play engine: roles, choices, conditions, effects, back, save/restore and the path log."""

from __future__ import annotations

import functools
import json
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commonground.scenario import (
    BACK,
    Play,
    PlayError,
    RestoreError,
    load_scenario,
    load_text,
)

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))

MEETING = textwrap.dedent("""\
    schema_version: 1
    id: meeting
    title: A meeting
    summary: Two seats at one table.
    module: 01_safe_environment
    allow_back: true
    variables:
      trust: {initial: 2, min: 0, max: 3, label: Trust}
      voice: {initial: 0, min: 0, max: 5, show: false}
    roles:
      worker: {name: Worker, brief: You work here.}
      person: {name: Person, brief: You are the person., is_person: true, start: waiting_room}
    start: table
    nodes:
      waiting_room:
        text: You wait.
        choices:
          - {id: go_in, label: Go in, target: table, effects: {voice: 1}}
      table:
        text:
          - Everyone sits down.
          - text: You have the file in front of you.
            when: {role: worker}
          - text: Nobody has told you what the file says.
            when: {role: person}
        choices:
          - id: listen
            label: Listen first
            target: table_again
            effects: {trust: 5}
            feedback:
              - You listen.
              - text: Trust is high now.
                when: {state: {trust: ">= 3"}}
          - id: speak
            label: Speak up
            target: table_again
            when: {role: person}
            effects: {voice: 2}
            feedback: You speak.
          - id: pass
            label: Pass
            target: ended_quietly
            step_back: true
      table_again:
        text:
          - Later.
          - text: You listened earlier.
            when: {chose: listen}
          - text: You came in from the waiting room.
            when: {visited: waiting_room}
        choices:
          - id: agree
            label: Agree a plan together
            target: ended_well
            when: {any: [{state: {trust: 3}}, {state: {voice: ">= 3"}}]}
          - id: not_yet
            label: Not yet
            target: ended_quietly
            when: {not: {chose: listen}}
          - {id: leave, label: Leave, target: ended_quietly, set: {trust: 0}}
      ended_well:
        text: It went well.
        ending:
          title: Well
          tone: hopeful
          debrief:
            - A plan made together.
            - text: Your voice shaped it.
              when: {role: person}
          reflection: Why?
          see_also: [01_safe_environment]
      ended_quietly:
        text: It ended quietly.
        ending: {title: Quietly, debrief: Nothing much changed.}
    """)


@pytest.fixture
def scenario():
    return load_text(MEETING, "meeting.yaml")


def test_start_shows_role_specific_text(scenario):
    worker = Play(scenario).start("worker")
    person = Play(scenario).start("person")
    assert worker.node_id == "table" and "file in front of you" in worker.text
    assert "Nobody has told you" not in worker.text
    assert person.node_id == "waiting_room"


def test_unknown_role_is_refused(scenario):
    with pytest.raises(PlayError, match="no role"):
        Play(scenario).start("manager")


@pytest.mark.parametrize(("role", "expected"), [
    ("worker", ["listen", "pass"]),
    ("person", ["listen", "speak", "pass"]),
])
def test_choices_depend_on_role(scenario, role, expected):
    play = Play(scenario, role)
    if role == "person":
        play.choose("go_in")
    assert [c.id for c in play.choices()] == expected


def test_choose_applies_effects_with_clamping_and_returns_feedback(scenario):
    play = Play(scenario, "worker")
    feedback, node = play.choose("listen")
    assert node.id == "table_again"
    assert play.state == {"trust": 3, "voice": 0}  # clamped to max 3
    assert feedback == "You listen.\n\nTrust is high now."
    assert "You listened earlier." in play.text()


@pytest.mark.parametrize(("path", "available"), [
    (["listen"], ["agree", "leave"]),  # trust == 3 opens `agree`; chose listen hides not_yet
    (["pass"], []),  # an ending: no choices
])
def test_conditions_on_state_and_earlier_choices(scenario, path, available):
    play = Play(scenario, "worker")
    for choice in path:
        play.choose(choice)
    assert [c.id for c in play.choices()] == available


def test_visited_condition_and_any(scenario):
    play = Play(scenario, "person")
    play.choose("go_in")
    play.choose("speak")
    assert "You came in from the waiting room." in play.text()
    assert [c.id for c in play.choices()] == ["agree", "not_yet", "leave"]  # voice 3 opens agree
    play.choose("agree")
    view = play.view()
    assert view.is_ending and view.ending_title == "Well" and view.tone == "hopeful"
    assert view.debrief == "A plan made together.\n\nYour voice shaped it."
    assert view.reflection == "Why?" and view.see_also == ("01_safe_environment",)
    assert view.choices == ()


def test_set_effect(scenario):
    play = Play(scenario, "worker")
    play.choose("listen")
    play.choose("leave")
    assert play.state["trust"] == 0 and play.finished


def test_unavailable_choice_is_refused(scenario):
    play = Play(scenario, "worker")
    with pytest.raises(PlayError, match="not available"):
        play.choose("speak")  # person only
    with pytest.raises(PlayError):
        play.choose("no_such_choice")


def test_view_is_convenient_for_a_widget(scenario):
    play = Play(scenario, "worker")
    view = play.view()
    assert [(c.id, c.label, c.step_back) for c in view.choices] == [
        ("listen", "Listen first", False), ("pass", "Pass", True)]
    assert view.feedback is None and view.can_go_back is False and view.step == 0
    assert [m.id for m in view.meters] == ["trust"]  # voice has show: false
    play.choose("listen")
    view = play.view()
    assert view.feedback.startswith("You listen.") and view.can_go_back and view.step == 1
    json.dumps(view.to_dict())


def test_back_restores_previous_moment_and_is_logged(scenario):
    play = Play(scenario, "worker")
    play.choose("listen")
    view = play.back()
    assert view.node_id == "table" and play.state == {"trust": 2, "voice": 0}
    assert play.chosen == [] and view.feedback is None and not view.can_go_back
    assert [(s.node, s.choice, s.target) for s in play.log] == [
        ("table", "listen", "table_again"), ("table_again", BACK, "table")]
    with pytest.raises(PlayError, match="nothing to go back to"):
        play.back()


def test_back_needs_allow_back(scenario):
    scenario.allow_back = False
    play = Play(scenario, "worker")
    play.choose("listen")
    assert not play.can_go_back
    with pytest.raises(PlayError, match="does not allow"):
        play.back()


def test_path_log_records_node_choice_and_state(scenario):
    play = Play(scenario, "person")
    play.choose("go_in")
    play.choose("speak")
    play.choose("agree")
    assert [(s.node, s.choice, s.target, s.state) for s in play.log] == [
        ("waiting_room", "go_in", "table", {"trust": 2, "voice": 1}),
        ("table", "speak", "table_again", {"trust": 2, "voice": 3}),
        ("table_again", "agree", "ended_well", {"trust": 2, "voice": 3}),
    ]


def test_save_and_restore_round_trip_through_json(scenario):
    play = Play(scenario, "person")
    play.choose("go_in")
    play.choose("listen")
    saved = json.loads(json.dumps(play.to_dict()))
    again = Play.from_dict(scenario, saved)
    assert again.view() == play.view()
    assert again.log == play.log and again.chosen == play.chosen
    again.back()  # the way back survives a reload
    assert again.view().node_id == "table"
    again.choose("speak")
    assert again.node.id == "table_again"


def test_restart_clears_everything(scenario):
    play = Play(scenario, "worker")
    play.choose("pass")
    view = play.restart()
    assert view.node_id == "table" and play.log == [] and play.state["trust"] == 2


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.update(scenario="other"), "is for 'other'"),
    (lambda d: d.update(role="manager"), "role"),
    (lambda d: d["now"].update(node="deleted_node"), "no longer in the scenario"),
    (lambda d: d.update(format=99), "unknown format"),
    (lambda d: d.pop("now"), "incomplete"),
])
def test_restore_refuses_progress_that_no_longer_fits(scenario, change, message):
    play = Play(scenario, "worker")
    play.choose("listen")
    saved = play.to_dict()
    change(saved)
    with pytest.raises(RestoreError, match=message):
        Play.from_dict(scenario, saved)


def test_play_before_start_is_refused(scenario):
    with pytest.raises(PlayError, match="start"):
        Play(scenario).choices()


# -- property-based random walks over every shipped scenario and role -----------------------
@functools.cache
def _shipped(path: Path):
    return load_scenario(path)


WALKS = [(path, role) for path in SHIPPED for role in _shipped(path).roles]
MAX_BACKS = 6  # enough to explore going back, few enough that every walk must move on

ACTIONS = st.sampled_from(["choose", "choose", "back", "save"])


def _steps_to_an_ending(scenario) -> dict[str, int]:
    """Fewest choices from each node to an ending, ignoring conditions."""
    steps = {n.id: 0 for n in scenario.nodes.values() if n.ending is not None}
    changed = True
    while changed:
        changed = False
        for node in scenario.nodes.values():
            options = [steps[c.target] + 1 for c in node.choices if c.target in steps]
            if options and min(options) < steps.get(node.id, len(scenario.nodes) + 1):
                steps[node.id] = min(options)
                changed = True
    return steps


def _restored(scenario, play: Play) -> Play:
    again = Play.from_dict(scenario, json.loads(json.dumps(play.to_dict())))
    assert again.view() == play.view() and again.log == play.log
    return again


@pytest.mark.parametrize(("path", "role"), WALKS, ids=[f"{p.stem}-{r}" for p, r in WALKS])
@settings(max_examples=50, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_play_always_reaches_an_ending_with_a_debrief(path, role, data):
    """Any mix of choices, going back and reloading (save/restore) from any role ends well.

    Hypothesis draws each move; after a generous budget of drawn moves (or if a scenario
    ever gains a loop) the walk heads for the nearest ending, so it must still get there.
    """
    scenario = _shipped(path)
    play = Play(scenario, role)
    budget = 3 * len(scenario.nodes)
    nearest = _steps_to_an_ending(scenario)
    earlier: list = []  # the views before each choice still in force, for checking `back`
    backs = 0
    for move in range(budget + 2 * len(scenario.nodes)):
        view = play.view()
        if view.is_ending:
            break
        assert view.text.strip(), f"{role} sees no text at {view.node_id}"
        assert view.choices, f"{role} is stuck at {view.node_id}"
        action = data.draw(ACTIONS, label="action") if move < budget else "choose"
        if action == "back" and view.can_go_back and backs < MAX_BACKS:
            backs += 1
            again = play.back()
            before = earlier.pop()
            assert (again.node_id, again.state, again.choices, again.text) == (
                before.node_id, before.state, before.choices, before.text)
            continue
        if action == "save":
            play = _restored(scenario, play)
            continue
        if move < budget:
            choice = data.draw(st.sampled_from(view.choices), label=f"choice at {view.node_id}")
        else:
            choice = min(view.choices, key=lambda c: nearest.get(
                scenario.choices()[c.id].target, len(scenario.nodes)))
        earlier.append(view)
        feedback, node = play.choose(choice.id)
        assert node.id == play.view().node_id and play.view().feedback == feedback
        assert play.log[-1].choice == choice.id and play.view().step == len(earlier)
    view = play.view()
    assert view.is_ending, f"{role} did not reach an ending (stopped at {view.node_id})"
    assert view.debrief.strip() and view.ending_title.strip() and view.choices == ()
    assert _restored(scenario, play).view().is_ending  # a finished play reloads finished
