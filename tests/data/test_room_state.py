"""Where a cohort's room is: moved, paused and put on a break by its facilitator only,
read-only once archived, bad input refused in plain words with nothing written, and
gone with its cohort."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from commonground.admin.cohorts import archive
from commonground.data import _schema as t
from commonground.errors import StoreError
from tests._cohorts import facilitator_of, other_cohort_trainee, self_paced
from tests._db import row_counts

NOON = dt.datetime(2026, 12, 7, 10, 30, tzinfo=dt.UTC)


def test_no_room_until_the_facilitator_moves_it(store, cohort):
    assert store.room.state(cohort.id) is None
    assert store.room.state(None) is None
    assert store.room.fingerprint(None) == ()


def test_the_facilitator_moves_pauses_breaks_and_carries_on(store, cohort):
    lead = facilitator_of(store, cohort)
    prints = [store.room.fingerprint(cohort.id)]
    moved = store.room.move(lead, "03_scenarios", "Role-play — Coming back", anchor="x")
    assert (moved.module_id, moved.anchor, moved.title) == ("03_scenarios", "x",
                                                            "Role-play — Coming back")
    assert not moved.paused and moved.break_until is None
    assert moved.changed_at.tzinfo is not None
    prints.append(store.room.fingerprint(cohort.id))
    paused = store.room.pause(lead)
    assert paused.paused and paused.module_id == "03_scenarios"
    prints.append(store.room.fingerprint(cohort.id))
    rest = store.room.take_break(lead, 15, now=NOON)
    assert not rest.paused and rest.break_until == NOON + dt.timedelta(minutes=15)
    assert rest.on_break(NOON) and not rest.on_break(NOON + dt.timedelta(minutes=16))
    prints.append(store.room.fingerprint(cohort.id))
    back = store.room.carry_on(lead)
    assert not back.paused and back.break_until is None and back.title == moved.title
    prints.append(store.room.fingerprint(cohort.id))
    assert len(set(prints)) == len(prints)
    assert store.room.state(cohort.id) == back


def test_moving_ends_a_pause_or_a_break(store, cohort):
    lead = facilitator_of(store, cohort)
    store.room.take_break(lead, 10)
    moved = store.room.move(lead, "01_safe_environment", "Module 1")
    assert moved.break_until is None and not moved.paused


def test_only_the_cohorts_facilitator_changes_it(store, cohort, trainee):
    lead = facilitator_of(store, cohort)
    other = other_cohort_trainee(store)
    other_lead = facilitator_of(store, store.people.cohort("Northside 2026"))
    learner = self_paced(store)
    before = row_counts(store)
    for who in (trainee, other, learner):
        with pytest.raises(StoreError, match="Only this cohort's facilitator"):
            store.room.move(who, "01_safe_environment", "Module 1")
        with pytest.raises(StoreError, match="Only this cohort's facilitator"):
            store.room.pause(who)
    # A facilitator object claiming another cohort is checked against the database.
    forged = type(lead)(**{**lead.__dict__, "id": other_lead.id})
    with pytest.raises(StoreError, match="Only this cohort's facilitator"):
        store.room.pause(forged)
    assert row_counts(store) == before
    assert store.room.state(cohort.id) is None


@pytest.mark.parametrize("call, message", [
    (lambda room, lead: room.move(lead, "", "Module 1"), "Choose an activity"),
    (lambda room, lead: room.move(lead, "01", "  "), "Choose activity's title"),
    (lambda room, lead: room.move(lead, "01", "x" * 301), "at most 300"),
    (lambda room, lead: room.move(lead, "01", "a\x07b"), "control character"),
    (lambda room, lead: room.move(lead, "01", "Module 1", anchor="a\x00"), "not one"),
    (lambda room, lead: room.take_break(lead, 0), "between 1 and 120"),
    (lambda room, lead: room.take_break(lead, 121), "between 1 and 120"),
    (lambda room, lead: room.take_break(lead, True), "between 1 and 120"),
    (lambda room, lead: room.take_break(lead, "10"), "between 1 and 120"),
])
def test_bad_input_is_refused_and_writes_nothing(store, cohort, call, message):
    lead = facilitator_of(store, cohort)
    before = row_counts(store)
    with pytest.raises(StoreError, match=message):
        call(store.room, lead)
    assert row_counts(store) == before


def test_an_archived_cohorts_room_is_read_only(store, cohort):
    lead = facilitator_of(store, cohort)
    store.room.move(lead, "01_safe_environment", "Module 1")
    archive(store, cohort.name)
    with pytest.raises(StoreError, match="read-only"):
        store.room.pause(lead)
    assert not store.room.state(cohort.id).paused


def test_purging_a_cohort_removes_its_room_only(store, cohort):
    from commonground.admin.cohorts import purge

    store.room.move(facilitator_of(store, cohort), "01_safe_environment", "Module 1")
    other_trainee_ = other_cohort_trainee(store)
    other_cohort = store.people.cohort("Northside 2026")
    store.room.pause(facilitator_of(store, other_cohort))
    lead = facilitator_of(store, cohort)
    store.room.open_checkin(lead)
    store.room.check_in(store.people.get(store.people.add_participant(cohort.id, "A B", "H")),
                        3, "fine")
    report = purge(store, cohort.name, cohort.name)
    assert report.deleted["room_state"] == 1 and report.remaining == {}
    assert report.deleted["room_checkins"] == 1 and report.deleted["room_checkin_done"] == 1
    assert store.room.state(other_trainee_.cohort_id).paused


# -- live check-ins ----------------------------------------------------------------------
def _cohort_of(store, cohort, n):
    return [store.people.get(store.people.add_participant(cohort.id, f"P{i} Lee", "Health"))
            for i in range(n)]


def test_a_check_in_is_anonymous_and_shown_only_from_three_people(store, cohort):
    lead = facilitator_of(store, cohort)
    people = _cohort_of(store, cohort, 4)
    with pytest.raises(StoreError, match="closed"):
        store.room.check_in(people[0], 4, "ready")
    state = store.room.open_checkin(lead)
    assert state.checkin_open and state.checkin_round == 1
    store.room.check_in(people[0], 4, " Ready ", today=dt.date(2026, 12, 7))
    store.room.check_in(people[1], 2, "")
    summary = store.room.checkin_summary(cohort.id, 1)
    assert summary.people == 2 and not summary.shown and summary.counts == ()
    store.room.check_in(people[2], None, "tired")
    summary = store.room.checkin_summary(cohort.id, 1)
    assert summary.shown and summary.counts == (0, 1, 0, 1, 0)
    assert summary.words == (("ready", 1), ("tired", 1))
    assert store.room.answered(people[0], 1) and not store.room.answered(people[3], 1)
    with store.read() as conn:
        columns = set(conn.execute(t.room_checkins.select()).keys())
        days = set(conn.execute(select(t.room_checkins.c.answered_on)).scalars())
    assert "participant_id" not in columns and days <= {"2026-12-07",
                                                        dt.date.today().isoformat()}


def test_each_person_answers_a_check_in_once_and_bad_answers_write_nothing(store, cohort):
    lead = facilitator_of(store, cohort)
    [ana] = _cohort_of(store, cohort, 1)
    store.room.open_checkin(lead)
    store.room.check_in(ana, 3)
    before = row_counts(store)
    for args, message in [((ana, 3), "already answered"),
                          ((ana, 0), "from 1 to 5"), ((ana, 6), "from 1 to 5"),
                          ((ana, None, ""), "or simply skip"),
                          ((ana, None, "two words"), "One word"),
                          ((lead, 3), "for the cohort's trainees")]:
        with pytest.raises(StoreError, match=message):
            store.room.check_in(*args)
    assert row_counts(store) == before
    # A new check-in: everyone may answer again; a closed one takes nothing.
    store.room.open_checkin(lead)
    store.room.check_in(ana, 5)
    store.room.close_checkin(lead)
    with pytest.raises(StoreError, match="closed"):
        store.room.check_in(ana, 5)


def test_only_the_facilitator_opens_a_check_in(store, cohort, trainee):
    with pytest.raises(StoreError, match="Only this cohort's facilitator"):
        store.room.open_checkin(trainee)
