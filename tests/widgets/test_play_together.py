"""The "Play together" view: three trainees start and join a group on three seats, vote,
see what their group chose and the time it talked, wait at meeting points, and each page
follows the others live; the presenter view shows the groups side by side, without names."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest

from commonground.errors import StoreError
from commonground.scenario import load_scenario
from tests._cohorts import facilitator_of, self_paced
from widgets.live_room import RoomControls
from widgets.play_together import PlayTogetherView
from widgets.presenter import PresenterView

ROOT = Path(__file__).resolve().parents[2]
CARE = load_scenario(ROOT / "content" / "scenarios" / "care_team_together.yaml")


def trainees(store, cohort):
    names = [("Ana Lee", "Family Support"), ("Ben Cho", "Housing"), ("Cy Dunn", "Health")]
    return [store.people.get(store.people.add_participant(cohort.id, n, a, "Worker"))
            for n, a in names]


def labels(view):
    return [c.description for c in view.stage.children if hasattr(c, "description")
            and not hasattr(c, "children")] + [
        b.description for c in view.stage.children if hasattr(c, "children")
        for b in c.children if hasattr(b, "description")]


def html(view):
    return unescape(" ".join(getattr(c, "value", "") for c in view.stage.children
                             if isinstance(getattr(c, "value", None), str)))


def test_three_trainees_play_to_an_ending_and_the_presenter_shows_no_names(store, cohort,
                                                                           course):
    ana, ben, cy = trainees(store, cohort)
    a = PlayTogetherView(store, ana, CARE, live=False)
    assert "Content note" in a.heading.value and "Join the group" in labels(a)
    a.start("carmen")
    code = a.model.screen().code
    assert f"Your group's code is {code}" in unescape(a.message.value)
    assert "every seat has someone" in html(a)
    b = PlayTogetherView(store, ben, CARE, live=False)
    b.join(code.lower(), "farah")
    c = PlayTogetherView(store, cy, CARE, live=False)
    c.join(code, "tania")
    assert a.live.poll_once() and "Before the meeting" in html(a)
    assert any("(0 votes)" in label for label in labels(a))
    a.vote("carmen_says_hello")
    assert "Waiting for the other seats: Everyone sits down at the table" in html(a)
    assert "Your group chose: Go out, say hello" in html(a) and "of talk" in html(a)
    b.live.poll_once()
    b.vote("farah_asks_tania")
    c.live.poll_once()
    assert "Carmen, child protection practitioner (1 person): Waiting for the other seats" \
        in html(c)
    c.vote("tania_writes_notes")
    assert a.live.poll_once() and "Tania has her phone out" in html(a)
    assert "Carmen came out to the waiting room" in html(c)
    a.vote("carmen_asks_farah")
    b.live.poll_once()
    b.vote("farah_says_tania_decides")
    c.live.poll_once()
    c.vote("tania_says_mum")
    c.live.poll_once()
    assert "Carmen has just asked Farah" in html(c)
    c.vote("tania_every_week")
    assert "Ending: Heard" in html(c) and "Stepping out of the role" in html(c)
    a.live.poll_once()
    a.vote("carmen_names_review")
    b.live.poll_once()
    b.vote("farah_asks_tania_in_room")
    assert "Ending: Trust kept" in html(b)

    lead = facilitator_of(store, cohort)
    presenter = PresenterView(store, lead, live=False)
    shown = repr(presenter.screen.slides)
    assert f"group {code}: decision 1" in shown and "the endings" in shown
    assert "Carmen's seat: Polite, and careful" in shown
    assert "Tania's seat: Heard" in shown
    for person in (ana, ben, cy):
        assert person.display_name not in shown and person.agency not in shown
    presenter.close()
    for v in (a, b, c):
        v.close()


def test_a_tie_and_the_reader(store, cohort):
    ana, ben, cy = trainees(store, cohort)
    dee = store.people.get(store.people.add_participant(cohort.id, "Dee Ng", "Schools", "W"))
    a = PlayTogetherView(store, ana, CARE, live=False)
    a.start("carmen")
    code = a.model.screen().code
    for person, seat in ((ben, "carmen"), (cy, "farah"), (dee, "tania")):
        PlayTogetherView(store, person, CARE, live=False).join(code, seat)
    b = PlayTogetherView(store, ben, CARE, live=False)
    a.live.poll_once()
    a.vote("carmen_says_hello")
    b.vote("carmen_reads_file")
    assert "Your group's reader decides" in html(b)
    b.decide("carmen_reads_file")
    assert "Only your group's reader decides a tie" in unescape(b.message.value)
    a.live.poll_once()
    assert any(label.startswith("Decide: ") for label in labels(a))
    a.decide("carmen_says_hello")
    assert "a tie, decided by the group's reader" in html(a)


def test_self_paced_learners_and_facilitators_are_told_in_words(store, cohort):
    view = PlayTogetherView(store, self_paced(store), CARE, live=False)
    assert "for a cohort's trainees" in view.stage.children[0].value
    assert view.model is None


def test_a_facilitator_starts_a_group_from_the_room(store, cohort, course):
    lead = facilitator_of(store, cohort)
    controls = RoomControls(store, lead, course)
    assert ("Three seats at one table", "care_team_together") in controls.together.options
    controls.start_group("care_team_together")
    [(_id, code, _sid)] = store.group_play.of_cohort(cohort.id)
    assert "is on the presenter view" in unescape(controls.message.value)
    presenter = PresenterView(store, lead, live=False)
    join = [s for s in presenter.screen.slides if s["key"] == f"together-join:{code}"]
    assert join and code in join[0]["note"]
    presenter.close()
    with pytest.raises(StoreError, match="written for playing together"):
        controls.start_group("hot_desk")
    assert len(store.group_play.of_cohort(cohort.id)) == 1
