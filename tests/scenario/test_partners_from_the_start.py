"""Partners from the start: a role-play played from an Aboriginal worker's seat at an ACCO.
Sharing the decision (not commenting on a finished plan) is what earns the hopeful ending;
stepping back is never the worker's failure; the debriefs teach Priority Reform One, the
Placement Principle's partnership element and self-determination."""

from __future__ import annotations

import functools
from pathlib import Path

from commonground.scenario import load_scenario
from commonground.scenario.model import render
from tests._walks import walks

PATH = (Path(__file__).resolve().parents[2] / "content" / "scenarios"
        / "partners_from_the_start.yaml")


@functools.cache
def _scenario():
    return load_scenario(PATH)


def _debrief(ending: str, role: str, chosen: tuple[str, ...], state: dict[str, int]) -> str:
    from commonground.scenario.conditions import Facts

    s = _scenario()
    facts = Facts(role=role, values=state, ranges=s.ranges(), chosen=set(chosen))
    return render(s.nodes[ending].ending.debrief, facts)


def test_the_aboriginal_workers_seat_is_at_an_acco():
    role = _scenario().roles["acco_worker"]
    assert "Aboriginal" in role.brief
    assert "Aboriginal Community Controlled Organisation" in role.agency
    assert not role.is_person  # a worker's seat, not the person at the centre


def test_every_seat_can_share_the_decision_and_can_be_only_consulted():
    for role in _scenario().roles:
        endings = {w.ending for w in walks(_scenario(), role)}
        assert {"ending_decided_together", "ending_consulted", "ending_our_terms"} <= endings


def test_commenting_on_a_finished_draft_never_reaches_the_shared_decision():
    for walk in walks(_scenario(), "acco_worker"):
        if "leonie_adds_culture" in walk.choices and "leonie_marks_up_draft" in walk.choices:
            assert walk.ending != "ending_decided_together", walk.choices


def test_stepping_back_is_never_the_aboriginal_workers_failure():
    step_backs = {c.id for c in _scenario().choices().values() if c.step_back}
    for walk in walks(_scenario(), "acco_worker"):
        if walk.tone == "hard" and step_backs & set(walk.choices):
            text = _debrief(walk.ending, "acco_worker", walk.choices, walk.state)
            assert "not a failure" in text, walk.choices


def test_the_debriefs_teach_shared_decision_making():
    text = " ".join(" ".join(p.text.split()) for n in _scenario().nodes.values() if n.ending
                    for p in n.ending.debrief)
    for phrase in ("Priority Reform One", "shared decision-making", "partnership element",
                   "Self-determination", "National Agreement on Closing the Gap"):
        assert phrase in text, phrase
