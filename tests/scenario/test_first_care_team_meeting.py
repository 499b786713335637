"""The first care team meeting: making the room safe is the workers' job, so whether the room
hears Tania depends on what the workers do, never on a meter Tania's own choices raise."""

from __future__ import annotations

import functools
from pathlib import Path

from commonground.scenario import load_scenario
from commonground.scenario.check import reachable
from commonground.scenario.conditions import Facts
from tests._walks import walks

PATH = (Path(__file__).resolve().parents[2] / "content" / "scenarios"
        / "first_care_team_meeting.yaml")


@functools.cache
def _scenario():
    return load_scenario(PATH)


def _tania_choices():
    s = _scenario()
    facts = Facts(role="tania", ranges=s.ranges())
    return [c for name in reachable(s, "tania") for c in s.nodes[name].choices
            if c.when is None or c.when.evaluate(facts) is not False]


def test_tania_never_changes_how_safe_the_room_is():
    assert _tania_choices()
    assert not [c.id for c in _tania_choices() if "safety" in c.effects or "safety" in c.set]


def test_tania_never_reaches_an_ending_picked_by_the_meters():
    assert "six_weeks_later" not in reachable(_scenario(), "tania")


def test_the_workers_choices_decide_whether_the_room_hears_her():
    endings = {}
    for role in ("family_worker", "cp_practitioner"):
        for walk in walks(_scenario(), role):
            endings.setdefault(walk.ending, set()).add(walk.state["safety"])
    assert set(endings) == {"ending_one_team", "ending_quiet_voice", "ending_polite",
                            "ending_empty_chair"}
    assert min(endings["ending_one_team"]) >= 4  # heard only in a room the workers made safe


def test_no_choice_announces_the_right_answer():
    words = ("genuinely", "honestly", "plainly", "openly", "respectfully")
    labels = [c.label.lower() for c in _scenario().choices().values()]
    assert not [label for label in labels if any(w in label for w in words)]


def test_saying_child_protections_powers_openly_is_not_punished():
    """Module 05 asks for powers to be said openly rather than hidden: doing so costs
    nothing and earns understanding."""
    choice = _scenario().choices()["carmen_names_powers"]
    assert choice.effects and all(v > 0 for v in choice.effects.values())
    assert "formally request" in choice.label and "tell tania first" in choice.label.lower()
    feedback = " ".join(p.text for p in choice.feedback).lower()
    assert "says nothing more" not in feedback and "closes his notebook" not in feedback


def test_farahs_promise_of_confidentiality_names_its_limits():
    """Counselling stays private unless Tania agrees, except where someone is at serious
    risk: the promise says so where it is made."""
    text = " ".join(p.text for p in _scenario().nodes["whose_story"].text)
    promise = text[text.index("unless Tania asks me to"):]
    assert "risk" in promise[:300] and "duty of care" in promise[:300]


def test_the_chair_never_goes_round_the_table():
    """Module 03: never go round the circle so that each person must speak in turn."""
    choice = _scenario().choices()["dee_go_round"]
    label = choice.label.lower()
    assert "go round" not in label and "round the table" not in label
    assert "pass" in label and "any order" in label
