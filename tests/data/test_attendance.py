"""Sessions a cohort held and who attended: recorded (and corrected) by the facilitator
only for their own cohort's trainees, refused with a plain message that writes nothing."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from commonground.admin.cohorts import archive
from commonground.data.attendance import AttendedSession
from commonground.errors import StoreError
from tests._cohorts import facilitator_of, other_cohort_trainee
from tests._db import row_counts

DAY = dt.date(2026, 12, 1)
TODAY = dt.date(2026, 12, 7)


def _record(store, cohort, present, title="Session 1", minutes=90, held_on=DAY):
    return store.attendance.record(cohort.id, held_on, title, minutes, present, today=TODAY)


def test_a_session_and_who_attended(store, cohort, trainee, other_trainee):
    saved = _record(store, cohort, [trainee.id])
    [session] = store.attendance.sessions(cohort.id)
    assert session == saved and session.present == {trainee.id}
    assert store.attendance.attended(trainee.id) == (AttendedSession(DAY, "Session 1", 90),)
    assert store.attendance.attended(other_trainee.id) == ()


def test_recording_the_same_session_again_corrects_it(store, cohort, trainee, other_trainee):
    first = _record(store, cohort, [trainee.id])
    again = _record(store, cohort, [other_trainee.id], title="  Session   1 ", minutes=120)
    assert again.id == first.id
    [session] = store.attendance.sessions(cohort.id)
    assert session.present == {other_trainee.id} and session.minutes == 120
    assert store.attendance.attended(trainee.id) == ()


def test_sessions_newest_first_and_removable(store, cohort, trainee):
    _record(store, cohort, [trainee.id])
    later = _record(store, cohort, [trainee.id], title="Session 2", held_on=TODAY)
    assert [s.title for s in store.attendance.sessions(cohort.id)] == ["Session 2", "Session 1"]
    store.attendance.remove(cohort.id, later.id)
    assert [s.title for s in store.attendance.attended(trainee.id)] == ["Session 1"]
    assert row_counts(store)["session_attendance"] == 1
    with pytest.raises(StoreError, match="no longer on the cohort's record"):
        store.attendance.remove(cohort.id, later.id)


@pytest.mark.parametrize(("change", "said"), [
    ({"title": "   "}, "Give the session a title"),
    ({"title": "x" * 81}, "81 characters long"),
    ({"title": "Session\u202e 1"}, "invisible control character"),
    ({"minutes": 5}, "between 10 and 480 minutes"),
    ({"minutes": 10_000}, "between 10 and 480 minutes"),
    ({"held_on": TODAY + dt.timedelta(days=1)}, "still to come"),
])
def test_bad_input_is_refused_and_writes_nothing(store, cohort, trainee, change, said):
    before = row_counts(store)
    with pytest.raises(StoreError, match=said):
        _record(store, cohort, [trainee.id], **change)
    assert row_counts(store) == before


def test_only_the_cohorts_trainees_can_be_ticked(store, cohort, trainee):
    stranger = other_cohort_trainee(store)
    facilitator = facilitator_of(store, cohort)
    before = row_counts(store)
    for who in (stranger.id, facilitator.id, 999_999):
        with pytest.raises(StoreError, match="Only trainees of this cohort"):
            _record(store, cohort, [trainee.id, who])
    assert row_counts(store) == before


def test_an_archived_cohort_is_read_only(store, cohort, trainee):
    _record(store, cohort, [trainee.id])
    archive(store, cohort.name)
    before = row_counts(store)
    with pytest.raises(StoreError, match="read-only"):
        _record(store, cohort, [trainee.id], title="Session 2")
    assert row_counts(store) == before
    assert len(store.attendance.attended(trainee.id)) == 1  # still there to read


def test_fingerprint_changes_with_each_record(store, cohort, trainee, other_trainee):
    prints = [store.attendance.fingerprint(cohort.id)]
    session = _record(store, cohort, [trainee.id])
    prints.append(store.attendance.fingerprint(cohort.id))
    _record(store, cohort, [trainee.id, other_trainee.id])  # a correction
    prints.append(store.attendance.fingerprint(cohort.id))
    store.attendance.remove(cohort.id, session.id)
    prints.append(store.attendance.fingerprint(cohort.id))
    assert all(a != b for a, b in itertools.pairwise(prints))


def test_purging_a_cohort_removes_its_sessions_only(store, cohort, trainee):
    from commonground.admin.cohorts import purge

    other = other_cohort_trainee(store)
    _record(store, cohort, [trainee.id])
    other_cohort = store.people.cohort("Northside 2026")
    store.attendance.record(other_cohort.id, DAY, "Session 1", 60, [other.id], today=TODAY)
    report = purge(store, cohort.name, cohort.name)
    assert report.deleted["cohort_sessions"] == 1
    assert report.deleted["session_attendance"] == 1 and report.remaining == {}
    assert len(store.attendance.attended(other.id)) == 1
