"""Talking about Mel without Mel: a safety concern is never rewarded for being kept back, and
the law (which differs by state and territory) frames the philosophical choice."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from commonground.scenario import load_scenario
from commonground.scenario.conditions import Facts
from commonground.scenario.model import render
from tests._walks import walks

PATH = Path(__file__).resolve().parents[2] / "content" / "scenarios" / "information_sharing.yaml"


@functools.cache
def _scenario():
    return load_scenario(PATH)


@functools.cache
def _jo_walks():
    return tuple(walks(_scenario(), "family_worker"))


def test_keeping_the_safety_information_back_always_ends_hard():
    kept = [w for w in _jo_walks() if w.state["held_back"] == 1]
    assert kept, "some path keeps it back"
    assert {(w.ending, w.tone) for w in kept} == {("ending_kept_back", "hard")}


def test_the_kept_back_ending_is_reached_only_by_keeping_it_back():
    assert all(w.state["held_back"] == 1 for w in _jo_walks() if w.ending == "ending_kept_back")


@pytest.mark.parametrize("choice_id", ["jo_middle_way", "jo_declines", "jo_keeps_it"])
def test_holding_back_never_raises_every_meter(choice_id):
    choice = _scenario().choices()[choice_id]
    assert choice.set.get("held_back") == 1
    assert choice.effects.get("risk_understood", 0) < 0
    assert not all(v > 0 for v in choice.effects.values())


def test_the_middle_way_says_there_is_no_concern_and_is_not_praised():
    choice = _scenario().choices()["jo_middle_way"]
    assert "no current concern" in choice.label
    feedback = render(choice.feedback, Facts())
    assert "partnership work happens" not in feedback


@pytest.mark.parametrize("ending", ["ending_protocol", "ending_transparent_difference",
                                    "ending_kept_back"])
def test_worker_endings_say_the_law_differs_and_point_to_your_own_scheme(ending):
    debrief = " ".join(p.text for p in _scenario().nodes[ending].ending.debrief)
    debrief = " ".join(debrief.split())
    for words in ("state and territor", "Child Information Sharing Scheme",
                  "Family Violence Information Sharing Scheme", "MARAM",
                  "your organisation's policy", "not legal advice"):
        assert words in debrief, (ending, words)


def test_sharing_the_safety_information_can_still_end_well():
    good = {w.ending for w in _jo_walks() if "jo_shares_safety" in w.choices}
    assert "ending_protocol" in good
