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
