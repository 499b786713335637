"""The People section's model: the cohort's trainees with their progress by module, last
visit, link and email, and what the facilitator can do for one person (without a kernel)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from commonground import resolve_identity
from commonground.errors import StoreError
from commonground.pages.dashboard import NotFacilitator
from commonground.pages.people import COMPLETED, NOT_OPENED, OPENED, People
from harness.smtp import closed_port, smtp_relay
from tests._cohorts import facilitator_of, other_cohort_trainee
from tests._db import row_counts

BASE = "https://course.example.org/"


@pytest.fixture
def people(store, cohort):
    return People(store, facilitator_of(store, cohort), base_url=BASE)


@pytest.fixture
def mail(monkeypatch):
    with smtp_relay() as relay:
        monkeypatch.setenv("COMMONGROUND_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("COMMONGROUND_SMTP_PORT", str(relay.port))
        monkeypatch.setenv("COMMONGROUND_SMTP_SECURITY", "none")
        monkeypatch.setenv("COMMONGROUND_MAIL_FROM", "course@example.org")
        yield relay


def test_facilitators_only(store, trainee):
    with pytest.raises(NotFacilitator):
        People(store, trainee)


def test_rows_show_progress_by_module_last_seen_link_and_email(store, people, trainee,
                                                               other_trainee):
    store.progress.visit(trainee.id, "00_welcome")
    store.progress.complete(trainee.id, "00_welcome")
    store.progress.visit(trainee.id, "01_safe_environment")
    store.people.issue_link(trainee.id)
    store.messages.set_address(trainee.id, "ana@example.org")
    columns = people.modules()
    assert columns[0].heading == "Module 0" and len(columns) == 8
    ana, ben = people.rows()
    assert (ana.name, ben.name) == ("Ana Lee", "Ben Cho")
    assert ana.modules[:3] == (COMPLETED, OPENED, NOT_OPENED) and ana.completed == 1
    assert ana.last_seen is not None and ben.last_seen is None
    assert (ana.link, ben.link) == ("Working", "None yet")
    assert (ana.email, ben.email) == ("ana@example.org", "")
    assert ben.modules == (NOT_OPENED,) * 8


def test_no_writing_and_no_one_from_another_cohort(store, people, trainee):
    stranger = other_cohort_trainee(store)
    store.reflections.submit(trainee.id, "00_welcome", "welcome-why-here", "my secret",
                             "private")
    rows = people.rows()
    assert [r.name for r in rows] == ["Ana Lee"]
    assert "my secret" not in repr(rows)
    before = row_counts(store)
    for act in (people.revoke, people.reissue, people.send_link,
                lambda pid: people.set_email(pid, "x@example.org")):
        with pytest.raises(StoreError, match="not in your cohort"):
            act(stranger.id)
    assert row_counts(store) == before


def test_send_link_by_email(store, people, trainee, mail):
    people.set_email(trainee.id, "ana@example.org")
    done = people.send_link(trainee.id)
    assert done.sent and "Sent Ana Lee's link to ana@example.org" in done.words
    [message] = mail.messages
    [link] = set(re.findall(r"https://course\.example\.org/\?t=[\w-]+",
                            message.get_body(("plain",)).get_content()))
    assert resolve_identity(store, urlparse(link).query, environ={}).participant.id == trainee.id
    assert people.rows()[0].last_email.startswith("Sent ")
    again = people.send_link(trainee.id)  # a double click
    assert not again.sent and "a moment ago" in again.words and len(mail.messages) == 1


def test_a_relay_that_is_down_is_said_on_the_row(store, people, trainee, monkeypatch):
    monkeypatch.setenv("COMMONGROUND_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COMMONGROUND_SMTP_PORT", str(closed_port()))
    monkeypatch.setenv("COMMONGROUND_SMTP_SECURITY", "none")
    monkeypatch.setenv("COMMONGROUND_MAIL_FROM", "course@example.org")
    people.set_email(trainee.id, "ana@example.org")
    done = people.send_link(trainee.id)
    assert not done.sent and "could not be reached" in done.words
    assert "could not be reached" in people.rows()[0].last_email
    assert people.rows()[0].last_email.startswith("Not sent ")


def test_email_not_set_up_is_said_and_nothing_written(store, people, trainee, monkeypatch):
    monkeypatch.delenv("COMMONGROUND_SMTP_HOST", raising=False)
    people.set_email(trainee.id, "ana@example.org")
    before = row_counts(store)
    with pytest.raises(StoreError, match="Email is not set up on this course server"):
        people.send_link(trainee.id)
    assert row_counts(store) == before


def test_reissue_and_revoke(store, people, trainee):
    old = store.people.issue_link(trainee.id)
    words, link = people.reissue(trainee.id)
    assert words.startswith("New link for Ana Lee") and link.startswith(BASE + "?t=")
    assert resolve_identity(store, urlparse(link).query, environ={}).participant.id == trainee.id
    assert resolve_identity(store, f"t={old}", environ={}).participant is None
    assert people.revoke(trainee.id).startswith("Switched off Ana Lee's link")
    assert resolve_identity(store, urlparse(link).query, environ={}).participant is None
    assert people.revoke(trainee.id) == "Ana Lee had no working link; nothing changed."
    assert people.rows()[0].link == "Switched off"


def test_a_bad_address_is_said_and_kept_nothing(store, people, trainee):
    before = row_counts(store)
    with pytest.raises(StoreError, match="is not an email address"):
        people.set_email(trainee.id, "ana at example")
    assert row_counts(store) == before
    assert people.set_email(trainee.id, " ana@example.org ") == (
        "Kept Ana Lee's email address: ana@example.org.")
    assert people.set_email(trainee.id, "") == "Forgot Ana Lee's email address."


def test_links_need_the_public_address(store, cohort, trainee):
    people = People(store, facilitator_of(store, cohort), base_url="")
    before = row_counts(store)
    with pytest.raises(StoreError, match="--public-url"):
        people.reissue(trainee.id)
    assert row_counts(store) == before
    assert People(store, facilitator_of(store, cohort),
                  base_url="http://127.0.0.1:8866/").on_this_computer_only()
