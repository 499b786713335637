"""Personal links by email, through a real SMTP relay (aiosmtpd on 127.0.0.1): what
arrives (both parts, a link that signs the person in), what is recorded, and how a
refused or unreachable relay and a double click are said and recorded."""

from __future__ import annotations

import logging
import re
import ssl
import threading
from urllib.parse import urlparse

import pytest

from commonground import resolve_identity
from commonground.data.messages import FAILED, SENT
from commonground.mail.links import email_links
from commonground.mail.settings import MailSettings
from harness.smtp import closed_port, self_signed, smtp_relay
from tests._db import row_counts, stored_bytes

BASE = "https://course.example.org/"
LINK = re.compile(r"https://course\.example\.org/[^\s<\"]*")


def settings_for(port: int, **changes) -> MailSettings:
    values = dict(host="127.0.0.1", port=port, security="none",
                  sender="Common Ground <course@example.org>", timeout=5)
    return MailSettings(**{**values, **changes})


@pytest.fixture
def ana(store, trainee):
    store.messages.set_address(trainee.id, "ana.lee@example.org")
    return trainee


def _parts(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def _who(store, link):
    return resolve_identity(store, urlparse(link).query, environ={}).participant


def test_the_email_arrives_in_both_parts_and_its_link_signs_the_person_in(
        store, db_url, ana, caplog, capsys):
    old = store.people.issue_link(ana.id)
    caplog.set_level(logging.DEBUG)
    with smtp_relay() as relay:
        [done] = email_links(store, [ana], BASE, settings=settings_for(relay.port))
    assert done.sent and done.words == ("Sent Ana Lee's link to ana.lee@example.org. Their "
                                        "earlier link no longer works.")
    [message] = relay.messages
    assert relay.envelopes == [("course@example.org", ["ana.lee@example.org"])]
    assert message["To"] == "Ana Lee <ana.lee@example.org>"
    assert message["Subject"] == "Your link to the course: Southside 2026"
    text, html = _parts(message)
    [link] = set(LINK.findall(text))
    assert link.startswith(BASE + "?t=") and link in html
    assert "Keep this link to yourself" in text and "Keep this link to yourself" in html
    assert "Robin Facilitator" in text
    assert _who(store, link).id == ana.id
    assert resolve_identity(store, f"t={old}", environ={}).participant is None  # replaced
    [record] = store.messages.sent_to(ana.id)
    assert (record.status, record.address, record.error) == (SENT, "ana.lee@example.org", "")
    token = urlparse(link).query.removeprefix("t=")
    assert token.encode() not in stored_bytes(db_url)  # only its hash
    ours = [r.getMessage() for r in caplog.records if r.name != "mail.log"]  # not the relay's
    assert not any(token in line for line in ours) and token not in done.words
    assert token not in capsys.readouterr().out


def test_a_facilitator_gets_their_dashboard_link(store, cohort):
    facilitator = store.people.get(store.people.facilitator_of(cohort))
    store.messages.set_address(facilitator.id, "robin@example.org")
    with smtp_relay() as relay:
        [done] = email_links(store, [facilitator], BASE, settings=settings_for(relay.port))
    assert done.sent
    text, _html = _parts(relay.messages[0])
    [link] = set(LINK.findall(text))
    assert "/voila/render/facilitator_dashboard.ipynb?t=" in link
    assert _who(store, link).is_facilitator
    assert relay.messages[0]["Subject"] == "Your facilitator link for Southside 2026"


def test_names_are_text_in_the_html_part(store, cohort):
    pid = store.people.add_participant(cohort.id, "<b>Bo</b> & <script>x</script>", "Health")
    store.messages.set_address(pid, "bo@example.org")
    with smtp_relay() as relay:
        email_links(store, [store.people.get(pid)], BASE, settings=settings_for(relay.port))
    text, html = _parts(relay.messages[0])
    assert "<script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "Hello <b>Bo</b> & <script>x</script>," in text  # plain text stays as typed


def test_a_double_click_sends_once(store, ana):
    with smtp_relay() as relay:
        settings = settings_for(relay.port)
        first = email_links(store, [ana], BASE, settings=settings)
        link = LINK.findall(_parts(relay.messages[0])[0])[0]
        second = email_links(store, [ana], BASE, settings=settings)
    assert first[0].sent and not second[0].sent
    assert second[0].words == ("Ana Lee was sent this email a moment ago, so it was not sent "
                               "again. If it has not arrived in a few minutes, try again.")
    assert len(relay.messages) == 1
    assert [r.status for r in store.messages.sent_to(ana.id)] == [SENT]
    assert _who(store, link).id == ana.id  # the link that went out still works


def test_two_clicks_at_once_send_once(store, ana):
    results = []
    with smtp_relay() as relay:
        settings = settings_for(relay.port)
        clicks = [threading.Thread(target=lambda: results.extend(
            email_links(store, [ana], BASE, settings=settings))) for _ in range(2)]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join()
    assert sorted(r.sent for r in results) == [False, True]
    assert len(relay.messages) == 1
    [link] = set(LINK.findall(_parts(relay.messages[0])[0]))
    assert _who(store, link).id == ana.id


@pytest.mark.parametrize("where", ["RCPT", "DATA"])
def test_a_refused_email_is_said_and_recorded_as_failed(store, ana, where):
    old = store.people.issue_link(ana.id)
    with smtp_relay(refuse=where) as relay:
        [done] = email_links(store, [ana], BASE, settings=settings_for(relay.port))
    assert not done.sent and relay.messages == []
    assert done.words.startswith("Not sent to Ana Lee: The email server refused ")
    assert "550" in done.words and "Their earlier link still works." in done.words
    [record] = store.messages.sent_to(ana.id)
    assert record.status == FAILED and "refused" in record.error
    assert _who(store, f"{BASE}?t={old}").id == ana.id  # nothing changed for Ana


def test_an_unreachable_relay_is_said_once_and_records_no_send(store, cohort, ana,
                                                               other_trainee):
    store.messages.set_address(other_trainee.id, "ben.cho@example.org")
    old = store.people.issue_link(ana.id)
    done = email_links(store, [ana, other_trainee], BASE, settings=settings_for(closed_port()))
    assert [d.sent for d in done] == [False, False]
    assert done[0].words.startswith("Not sent to Ana Lee: The email server (127.0.0.1:")
    assert "could not be reached" in done[0].words and "nothing was sent" in done[0].words
    for person in (ana, other_trainee):
        assert [r.status for r in store.messages.sent_to(person.id)] == [FAILED]
    assert _who(store, f"{BASE}?t={old}").id == ana.id


def test_nobody_without_an_address_is_written_about(store, trainee):
    before = row_counts(store)
    with smtp_relay() as relay:
        [done] = email_links(store, [trainee], BASE, settings=settings_for(relay.port))
    assert not done.sent and done.words.startswith("No email address for Ana Lee")
    assert relay.messages == [] and row_counts(store) == before


def test_an_organisation_overrides_the_wording(store, ana, tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "link.txt").write_text(
        "Kia ora {{ name }}! Your Northside Health link: {{ link }}\n", encoding="utf-8")
    with smtp_relay() as relay:
        email_links(store, [ana], BASE, settings=settings_for(relay.port, templates=tmp_path))
    text, html = _parts(relay.messages[0])
    assert text.startswith("Kia ora Ana Lee! Your Northside Health link: https://")
    assert "Keep this link to yourself" in html  # the course's own HTML part


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    return self_signed(tmp_path_factory.mktemp("smtp-tls"))


@pytest.mark.parametrize("tls", ["starttls", "tls"])
def test_links_travel_encrypted(store, ana, certificate, tls):
    trusted = ssl.create_default_context(cafile=str(certificate[0]))
    with smtp_relay(tls=tls, cert=certificate) as relay:
        [done] = email_links(store, [ana], BASE, settings=settings_for(relay.port, security=tls),
                             context=trusted)
    assert done.sent and len(relay.messages) == 1


def test_a_certificate_that_does_not_check_out_is_refused(store, ana, certificate):
    with smtp_relay(tls="starttls", cert=certificate) as relay:
        [done] = email_links(store, [ana], BASE,
                             settings=settings_for(relay.port, security="starttls"))
    assert not done.sent and relay.messages == []
    assert "A secure connection to the email server (127.0.0.1:" in done.words
    assert [r.status for r in store.messages.sent_to(ana.id)] == [FAILED]


def test_a_relay_without_starttls_is_not_sent_to_in_the_clear(store, ana):
    with smtp_relay() as relay:  # offers no STARTTLS
        [done] = email_links(store, [ana], BASE,
                             settings=settings_for(relay.port, security="starttls"))
    assert not done.sent and relay.messages == []
    assert "does not offer a secure connection (STARTTLS)" in done.words


def test_an_organisation_template_that_breaks_is_said_and_writes_nothing(store, ana, tmp_path):
    (tmp_path / "mail").mkdir()
    (tmp_path / "mail" / "link.txt").write_text("Hello {{ nickname }}", encoding="utf-8")
    before = row_counts(store)
    with smtp_relay() as relay:
        [done] = email_links(store, [ana], BASE,
                             settings=settings_for(relay.port, templates=tmp_path))
    assert not done.sent and relay.messages == []
    assert "could not be made from the templates in" in done.words and "nickname" in done.words
    assert row_counts(store) == before
