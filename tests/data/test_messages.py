"""The owner of email addresses and of the record of each email sent."""

from __future__ import annotations

import datetime as _dt

import pytest

from commonground.admin.cohorts import purge
from commonground.data.messages import (
    FAILED,
    REPEAT_SECONDS,
    SENDING,
    SENT,
    AlreadySentError,
    check_address,
)
from commonground.errors import StoreError
from tests._db import row_counts


@pytest.mark.parametrize("address", ["ana@example.org", " a.b+c@mail.example.co.uk "])
def test_addresses_of_the_right_shape(address):
    assert check_address(address) == address.strip()


@pytest.mark.parametrize("address", ["ana", "ana@example", "a b@example.org",
                                     "ana@example.org, ben@example.org", "<ana@example.org>",
                                     "ana@@example.org", "x" * 250 + "@example.org"])
def test_anything_else_is_refused_in_words(address):
    with pytest.raises(StoreError, match="is not an email address for Ana"):
        check_address(address, "Ana")


def test_addresses_are_kept_per_person_and_read_per_cohort(store, cohort, trainee,
                                                           other_trainee):
    store.messages.set_address(trainee.id, "ana@example.org")
    store.messages.set_addresses({other_trainee.id: "ben@example.org"})
    other = store.people.create_cohort("Northside")
    stranger = store.people.add_participant(other.id, "Cy", "Health")
    store.messages.set_address(stranger, "cy@example.org")
    assert store.messages.addresses(cohort.id) == {trainee.id: "ana@example.org",
                                                   other_trainee.id: "ben@example.org"}
    assert store.messages.set_address(trainee.id, "") is None
    assert store.messages.address(trainee.id) is None
    before = row_counts(store)
    with pytest.raises(StoreError):
        store.messages.set_addresses({trainee.id: "ana@", other_trainee.id: "b@example.org"})
    assert row_counts(store) == before  # all or nothing


def test_a_send_is_claimed_then_finished(store, trainee):
    first = store.messages.claim(trainee.id, "link", "ana@example.org", who="Ana Lee")
    assert [r.status for r in store.messages.sent_to(trainee.id)] == [SENDING]
    with pytest.raises(AlreadySentError, match="An email to Ana Lee is being sent now"):
        store.messages.claim(trainee.id, "link", "ana@example.org", who="Ana Lee")
    done = store.messages.finish(first)
    assert done.status == SENT and done.finished_at is not None
    with pytest.raises(AlreadySentError, match="a moment ago"):
        store.messages.claim(trainee.id, "link", "ana@example.org", who="Ana Lee")
    later = _dt.datetime.now(_dt.UTC) + _dt.timedelta(seconds=REPEAT_SECONDS + 1)
    again = store.messages.claim(trainee.id, "link", "ana@example.org", now=later)
    store.messages.finish(again, "The email server refused the address.")
    records = store.messages.sent_to(trainee.id)
    assert [(r.status, r.error) for r in records] == [
        (FAILED, "The email server refused the address."), (SENT, "")]
    assert store.messages.latest(trainee.cohort_id, "link")[trainee.id].status == FAILED


def test_a_failed_send_can_be_tried_again_at_once(store, trainee):
    store.messages.finish(store.messages.claim(trainee.id, "link", "a@example.org"), "down")
    store.messages.claim(trainee.id, "link", "a@example.org")  # not refused


def test_a_send_cut_off_half_way_does_not_block_for_ever(store, trainee):
    store.messages.claim(trainee.id, "link", "a@example.org")  # the process died here
    later = _dt.datetime.now(_dt.UTC) + _dt.timedelta(minutes=11)
    store.messages.claim(trainee.id, "link", "a@example.org", now=later)


def test_a_purge_takes_the_addresses_and_records(store, cohort, trainee):
    store.messages.set_address(trainee.id, "ana@example.org")
    store.messages.finish(store.messages.claim(trainee.id, "link", "ana@example.org"))
    report = purge(store, cohort.name, cohort.name)
    assert report.remaining == {}
    assert report.deleted["email_addresses"] == 1 and report.deleted["messages"] == 1
    assert row_counts(store)["messages"] == 0
