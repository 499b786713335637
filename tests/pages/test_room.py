"""The room in a live session, as the pages see it: the facilitator's activities in
words (never an id), their controls, and each page's banner, which invites and never
moves anyone; a self-paced learner sees nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from commonground.errors import StoreError
from commonground.pages.dashboard import NotFacilitator
from commonground.pages.room import RoomControl, activities, banner, banner_fingerprint
from tests._cohorts import facilitator_of, self_paced
from tests._db import row_counts

ID = re.compile(r"\b\d\d_[a-z_]+\b|[a-z]+_[a-z_]+")


def test_the_activities_are_the_courses_in_words(course):
    found = activities(course)
    assert [a.module_id for a in found if not a.anchor] == [m.id for m in course.modules]
    plays = [a.title for a in found if a.anchor.startswith("scenario:")]
    assert "Role-play — Coming back to a team under strain" in plays
    assert any(a.title.startswith("Reflection — ") for a in found)
    ids = {a.module_id for a in found} | {a.anchor.split(":", 1)[1] for a in found
                                           if a.anchor}
    for a in found:
        assert not any(i in a.label or i in a.title for i in ids), a
        assert not ID.search(a.label.replace("-", " ")), a
    assert len({a.key for a in found}) == len(found)


def test_only_the_facilitator_gets_the_controls(store, trainee, course):
    with pytest.raises(NotFacilitator):
        RoomControl(store, trainee, course)


def test_moving_the_room_invites_every_page(store, cohort, trainee, course):
    control = RoomControl(store, facilitator_of(store, cohort), course)
    assert banner(store, trainee, "00_welcome") is None
    assert "not moved the room" in control.status()
    key = "03_trauma_informed/scenario:traumatised_organisation"
    said = control.move(key)
    assert "Coming back to a team under strain" in said
    elsewhere = banner(store, trainee, "00_welcome")
    assert elsewhere.text == ("The group is now at: Role-play — Coming back to a team "
                              "under strain.")
    assert elsewhere.href_module == "03_trauma_informed"
    here = banner(store, trainee, "03_trauma_informed")
    assert here.href_module is None and "on this page" in here.text
    assert control.status().startswith("The room is at: Role-play")


def test_pause_break_and_carry_on(store, cohort, trainee, course):
    control = RoomControl(store, facilitator_of(store, cohort), course)
    control.move("01_safe_environment")
    prints = {banner_fingerprint(store, trainee)}
    control.pause()
    said = banner(store, trainee, "01_safe_environment")
    assert said.kind == "paused" and said.text.startswith("Your facilitator has paused")
    prints.add(banner_fingerprint(store, trainee))
    control.take_break(15)
    said = banner(store, trainee, "00_welcome")
    assert said.kind == "break" and re.match(r"Break: back at \d\d:\d\d\.", said.text)
    assert "On a break until" in control.status()
    prints.add(banner_fingerprint(store, trainee))
    # When the break's time is up the banner says where the room is again.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert banner_fingerprint(store, trainee, later) not in prints
    assert banner(store, trainee, "00_welcome", later).kind == "at"
    control.carry_on()
    assert banner(store, trainee, "00_welcome").kind == "at"
    prints.add(banner_fingerprint(store, trainee))
    assert len(prints) == 4


def test_bad_choices_write_nothing(store, cohort, course):
    control = RoomControl(store, facilitator_of(store, cohort), course)
    before = row_counts(store)
    for call in (lambda: control.move("no-such-activity"), lambda: control.take_break(0),
                 lambda: control.take_break(500)):
        with pytest.raises(StoreError):
            call()
    assert row_counts(store) == before


def test_a_self_paced_learner_sees_nothing(store, cohort, course):
    RoomControl(store, facilitator_of(store, cohort), course).move("00_welcome")
    learner = self_paced(store)
    assert banner(store, learner, "01_safe_environment") is None
    assert banner_fingerprint(store, learner) == ()


def test_another_cohorts_room_is_not_yours(store, cohort, trainee, course):
    from tests._cohorts import other_cohort_trainee

    other = other_cohort_trainee(store)
    lead = facilitator_of(store, store.people.cohort("Northside 2026"))
    RoomControl(store, lead, course).pause()
    assert banner(store, trainee, "00_welcome") is None
    assert banner(store, other, "00_welcome").kind == "paused"


def test_a_named_session_is_on_every_page_until_it_ends(store, cohort, trainee, course):
    control = RoomControl(store, facilitator_of(store, cohort), course)
    said = control.start_session("  Session 2,   modules 01 and 02 ")
    assert said.startswith("Started: Session 2, modules 01 and 02.")
    started = banner(store, trainee, "00_welcome")
    assert started.text == ("Session 2, modules 01 and 02 has started. Your facilitator will "
                            "say where the group goes first.")
    assert control.status() == ("Session 2, modules 01 and 02 is running. Everyone's page "
                                "says you will tell them where the group goes first: "
                                "choose an activity and move the room.")
    control.move("01_safe_environment")
    moved = banner(store, trainee, "00_welcome")
    assert moved.text.startswith("Session 2, modules 01 and 02. The group is now at: Module 1")
    assert moved.href_module == "01_safe_environment"
    control.open_checkin()
    control.end_session()
    assert banner(store, trainee, "01_safe_environment") is None
    assert store.room.state(cohort.id).checkin_open is False
    assert control.status().startswith("No session is running.")


def test_a_session_needs_a_plain_name(store, cohort, course):
    control = RoomControl(store, facilitator_of(store, cohort), course)
    before = row_counts(store)
    for name, words in (("", "Choose a name for the session"),
                        ("x" * 121, "at most 120"), ("Day\x1b[31m 1", "control character")):
        with pytest.raises(StoreError, match=words):
            control.start_session(name)
    assert row_counts(store) == before
