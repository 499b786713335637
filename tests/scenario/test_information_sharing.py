"""Talking about Mel without Mel: a safety concern is never rewarded for being kept back, and
the law (which differs by state and territory) frames the philosophical choice. Family
violence practice (MARAM, Safe & Together): the person using violence and his pattern stay
in view, partnering with the protective parent is rewarded, the failure-to-protect frame is
named and challenged, risk is assessed with the framework where the trainee works, and the
children speak."""

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
def test_worker_endings_say_the_law_differs_and_point_to_the_law_panel(ending):
    debrief = " ".join(p.text for p in _scenario().nodes[ending].ending.debrief)
    debrief = " ".join(debrief.split())
    for words in ("state and territor", "law panel", "your organisation's policy",
                  "general information as at 7 December 2026, not legal advice"):
        assert words in debrief, (ending, words)


def test_sharing_the_safety_information_can_still_end_well():
    good = {w.ending for w in _jo_walks() if "jo_shares_safety" in w.choices}
    assert "ending_protocol" in good


# -- family violence practice ------------------------------------------------------------

# Words that would tie the role-play to one state's law; the law panel shows each state's.
ONE_STATE = ("Victoria", "Child Information Sharing Scheme", "Family Violence Information "
             "Sharing Scheme", "MARAM", "CISS", "FVISS", "Chapter 16A", "New South Wales",
             "Queensland")


def _all_text():
    s = _scenario()
    parts = [s.title, s.summary, *s.content_notes]
    for role in s.roles.values():
        parts += [role.name, role.brief, role.obligations, role.wants]
    for node in s.nodes.values():
        parts += [p.text for p in node.text]
        for choice in node.choices:
            parts += [choice.label, *(p.text for p in choice.feedback)]
        if node.ending:
            parts += [node.ending.title, node.ending.reflection,
                      *(p.text for p in node.ending.debrief)]
    return " ".join(" ".join(parts).split())


def _debrief(walk, role):
    ending = _scenario().nodes[walk.ending].ending
    facts = Facts(role=role, values=walk.state, chosen=set(walk.choices))
    return " ".join(render(ending.debrief, facts).split())


@functools.cache
def _worker_walks():
    return _jo_walks() + tuple(walks(_scenario(), "statutory_worker"))


def test_no_ending_and_no_line_names_only_one_states_law():
    text = _all_text()
    assert [w for w in ONE_STATE if w in text] == []
    for node in _scenario().nodes.values():
        if node.ending and "law" in " ".join(p.text for p in node.ending.debrief):
            debrief = " ".join(" ".join(p.text for p in node.ending.debrief).split())
            assert "state and territor" in debrief, node.id


def test_the_person_using_violence_is_named_and_his_pattern_kept_in_view():
    s = _scenario()
    text = _all_text()
    assert "coercive control" in text and "person using violence" in text
    for role in s.roles.values():
        assert "Troy" in role.brief, role.id
    assert "ex" not in {w.strip(".,'\"") for w in text.split()}, "he has a name: Troy"
    assert "pattern" in render(s.choices()["assess_together"].feedback, Facts()) or \
        "Troy" in s.choices()["assess_together"].label


def test_assessing_risk_draws_on_the_framework_where_you_work():
    choice = _scenario().choices()["assess_together"]
    label = " ".join(choice.label.split())
    assert "family violence risk framework" in label and "law panel" in label
    assert "what Mel already does to keep them safe" in label
    assert choice.effects["risk_understood"] > 0 and choice.effects["person_voice"] > 0
    feedback = render(choice.feedback, Facts())
    assert "his choices as a father" in " ".join(feedback.split())


def test_partnering_with_the_protective_parent_is_rewarded():
    choice = _scenario().choices()["worker_partners"]
    assert not any("worker_partners" in w.choices for w in walks(_scenario(), "mel"))
    assert all(v > 0 for v in choice.effects.values())
    assert choice.effects["mel_trust"] >= 2 and choice.effects["risk_understood"] >= 2
    ends = {w.ending for w in _worker_walks() if "worker_partners" in w.choices}
    assert "ending_protocol" in ends


@pytest.mark.parametrize("choice_id", ["priya_warns", "ask_mel_to_keep_him_away"])
def test_making_mel_answer_for_troy_costs_and_is_marked(choice_id):
    choice = _scenario().choices()[choice_id]
    assert choice.set == {"blamed_mel": 1}
    assert choice.effects["mel_trust"] < 0 and choice.effects["risk_understood"] < 0


def test_the_failure_to_protect_warning_is_named_and_challenged_at_once():
    feedback = " ".join(render(_scenario().choices()["priya_warns"].feedback, Facts()).split())
    assert "failure-to-protect frame" in feedback
    assert "The danger comes from Troy's choices, and so does the responsibility" in feedback


def test_every_ending_after_mel_was_blamed_names_the_frame():
    blamed = [w for w in _worker_walks() if w.state["blamed_mel"] == 1]
    assert {w.ending for w in blamed} >= {"ending_protocol", "ending_unspoken"}
    for walk in blamed:
        if walk.ending == "ending_kept_back":
            continue  # not reachable after the stairs
        assert "failure-to-protect frame" in _debrief(walk, "statutory_worker"), walk


def test_mels_fear_of_being_seen_as_failing_to_protect_is_challenged_from_her_seat():
    s = _scenario()
    assert "you are scared she will see it as you not keeping the kids safe" in " ".join(
        s.roles["mel"].brief.split())
    answer = " ".join(render(s.choices()["mel_names_fear"].feedback, Facts()).split())
    assert "What Troy does is on Troy, not on you" in answer
    for walk in walks(s, "mel"):
        debrief = _debrief(walk, "mel")
        assert "failure-to-protect" in debrief or "keeping the kids safe" in debrief, walk


def test_the_children_speak():
    s = _scenario()
    assert '"When Dad comes, Mum sends us to my room. I put my headphones on Ruby."' in " ".join(
        s.roles["statutory_worker"].brief.split())
    morning = " ".join(render(s.nodes["mel_morning"].text, Facts(role="mel")).split())
    assert '"I don\'t want to go if he yells."' in morning


def test_passing_at_the_meeting_is_not_blamed():
    walk = next(w for w in _jo_walks() if "pass_this_time" in w.choices)
    debrief = _debrief(walk, "family_worker")
    assert "You chose to pass" not in debrief
    assert "Passing was your right" in debrief


def test_every_ending_that_states_law_says_it_is_general_information_as_at_its_date():
    for node in _scenario().nodes.values():
        if node.ending is None:
            continue
        debrief = " ".join(" ".join(p.text for p in node.ending.debrief).split())
        if "law panel" in debrief:
            assert "general information as at 7 December 2026, not legal advice" in debrief, \
                node.id
