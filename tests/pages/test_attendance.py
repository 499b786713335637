"""The facilitator's record of sessions and attendance, from the dashboard's section to
the trainee's own journal and certificate."""

from __future__ import annotations

import datetime as dt

import pytest

from commonground import load_journal
from commonground.pack.certificate import certificate_html, make_certificate
from commonground.pages.attendance import SessionRecords
from commonground.pages.dashboard import NotFacilitator
from tests._cohorts import facilitator_of, other_cohort_trainee
from tests._db import row_counts
from widgets._errors import message_area
from widgets.dashboard_attendance import AttendanceSection

DAY = dt.date(2026, 12, 1)


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


@pytest.fixture
def section(store, facilitator):
    return AttendanceSection(SessionRecords(store, facilitator), message_area())


def test_only_the_facilitator(store, trainee):
    with pytest.raises(NotFacilitator):
        SessionRecords(store, trainee)


def test_the_section_records_a_session_and_corrects_it(store, cohort, trainee, other_trainee,
                                                      section):
    assert section.title.value == "Session 1" and section.minutes.value == 90
    assert [label for label, _ in section.people.options] == [
        "Ana Lee (Family Support)", "Ben Cho (Housing)"]
    section.held_on.value = DAY
    section.tick("Ana Lee")
    section.save()
    assert "Saved: Session 1, 1 attended." in section.message.value
    assert "1 of 2" in section.table.value and "1 December 2026" in section.table.value
    # Choose it again: its ticks come back; tick both and save corrects it.
    [(_, session_id)] = [o for o in section.choice.options if o[1]]
    section.choice.value = 0
    section.choice.value = session_id
    assert section.people.value == [trainee.id]
    section._tick_all()
    section.save()
    [saved] = store.attendance.sessions(cohort.id)
    assert saved.present == {trainee.id, other_trainee.id}
    # A new session is numbered on.
    section.choice.value = 0
    assert section.title.value == "Session 2"


def test_a_refusal_is_shown_and_nothing_is_written(store, trainee, section):
    section.tick("Ana Lee")
    section.title.value = " "
    before = row_counts(store)
    section.save_button.click()
    assert "Give the session a title" in section.message.value
    assert row_counts(store) == before


def test_removing_a_session(store, cohort, trainee, section):
    section.tick("Ana Lee")
    section.save()
    section.remove_button.click()
    assert store.attendance.sessions(cohort.id) == []
    assert "Removed Session 1" in section.message.value
    assert section.remove_button.disabled  # "A new session" is chosen again


def test_the_trainee_sees_their_own_sessions_only(store, cohort, course, trainee,
                                                  other_trainee, facilitator):
    records = SessionRecords(store, facilitator)
    records.record(DAY, "Session 1", 90, [trainee.id])
    records.record(DAY, "Session 2", 120, [trainee.id, other_trainee.id])
    mine = load_journal(store, trainee, course).record
    theirs = load_journal(store, other_trainee, course).record
    assert [s.title for s in mine.sessions_attended] == ["Session 1", "Session 2"]
    assert mine.session_minutes == 210
    assert [s.title for s in theirs.sessions_attended] == ["Session 2"]
    # Another cohort's trainee has none, and cannot be ticked here.
    stranger = other_cohort_trainee(store)
    assert load_journal(store, stranger, course).record.sessions_attended == ()


def test_the_certificate_keeps_attended_sessions_apart(store, cohort, course, trainee,
                                                       facilitator):
    store.progress.complete(trainee.id, "00_welcome")
    SessionRecords(store, facilitator).record(DAY, "Session 1", 90, [trainee.id])
    record = load_journal(store, trainee, course).record
    page = certificate_html(make_certificate(record, course, issued=DAY))
    assert "Sessions attended: 1 (1 hour 30 minutes in all)" in page
    assert "as recorded by the facilitator" in page
    assert "Session 1</td><td>1 December 2026</td><td>90 min" in page
    assert "Learning time recorded:" in page  # the course's own figure, apart


def test_a_cohort_member_with_no_session_is_told_so(store, cohort, course, trainee):
    store.progress.complete(trainee.id, "00_welcome")
    record = load_journal(store, trainee, course).record
    page = certificate_html(make_certificate(record, course, issued=DAY))
    assert "Sessions attended: none recorded yet" in page


def test_the_cohort_export_counts_sessions_attended(store, cohort, trainee, other_trainee,
                                                    facilitator):
    from commonground.admin.cohorts import export_tables

    records = SessionRecords(store, facilitator)
    records.record(DAY, "Session 1", 90, [trainee.id, other_trainee.id])
    records.record(DAY, "Session 2", 90, [trainee.id])
    frame = export_tables(store, cohort.name)["participation"].set_index("name")
    assert frame.loc["Ana Lee", "sessions_attended"] == 2
    assert frame.loc["Ben Cho", "sessions_attended"] == 1
