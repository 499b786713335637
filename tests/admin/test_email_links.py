"""`commonground cohort add` with the roster's email column, then `cohort email-links`
through a real SMTP relay on 127.0.0.1, as a facilitator runs them."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest

from commonground import open_store, resolve_identity
from commonground.admin.cli import main
from harness.smtp import closed_port, smtp_relay
from tests._db import row_counts

pytestmark = pytest.mark.usefixtures("made_db")
ROSTER = ("name,agency,role,email\nAna Lee,Family Support,Case worker,ana@example.org\n"
          "Ben Cho,Housing,,\nCy Dee,Health,Nurse, cy@example.org \n")
LINK = re.compile(r"https://cg\.example/\?t=[\w-]+")


def run(*args, db):
    return main([*args, "--db", db])


@pytest.fixture
def southside(tmp_path, db_url, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert run("cohort", "create", "Southside", "--facilitator", "Robin Ng", db=db_url) == 0
    assert run("cohort", "add", "Southside", str(roster), db=db_url) == 0
    out = capsys.readouterr().out
    assert "Kept 2 email address(es) from the roster" in out
    return db_url


def _mail_env(monkeypatch, port):
    monkeypatch.setenv("COMMONGROUND_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("COMMONGROUND_SMTP_PORT", str(port))
    monkeypatch.setenv("COMMONGROUND_SMTP_SECURITY", "none")
    monkeypatch.setenv("COMMONGROUND_MAIL_FROM", "Common Ground <course@example.org>")


def test_email_links_to_a_cohort(southside, monkeypatch, capsys):
    with smtp_relay() as relay:
        _mail_env(monkeypatch, relay.port)
        code = run("cohort", "email-links", "Southside", "--base-url", "https://cg.example/",
                   db=southside)
    out = capsys.readouterr().out
    assert code == 1  # Ben has no address
    assert "Sent Ana Lee's link to ana@example.org." in out
    assert "No email address for Ben Cho" in out
    assert "Sent Cy Dee's link to cy@example.org." in out
    assert "Sent 2 of 3 link(s) by email. Those not sent keep their earlier link." in out
    assert sorted(to for _f, [to] in relay.envelopes) == ["ana@example.org", "cy@example.org"]
    store = open_store(southside)
    for message in relay.messages:
        [link] = set(LINK.findall(message.get_body(("plain",)).get_content()))
        who = resolve_identity(store, urlparse(link).query, environ={}).participant
        assert who.display_name in message["To"]
        assert link not in out and urlparse(link).query not in out


def test_only_one_person(southside, monkeypatch, capsys):
    with smtp_relay() as relay:
        _mail_env(monkeypatch, relay.port)
        assert run("cohort", "email-links", "Southside", "--only", "ana lee", "--base-url",
                   "https://cg.example/", db=southside) == 0
        assert run("cohort", "email-links", "Southside", "--only", "Ana Lee", "--base-url",
                   "https://cg.example/", db=southside) == 1  # a double run: refused
    out = capsys.readouterr().out
    assert "Sent 1 of 1 link(s) by email." in out
    assert "Ana Lee was sent this email a moment ago, so it was not sent again." in out
    assert len(relay.messages) == 1


def test_an_unreachable_relay(southside, monkeypatch, capsys):
    _mail_env(monkeypatch, closed_port())
    assert run("cohort", "email-links", "Southside", "--base-url", "https://cg.example/",
               db=southside) == 1
    out = capsys.readouterr().out
    assert out.count("could not be reached") == 2 and "Sent 0 of 3" in out


def test_email_not_set_up_writes_nothing(southside, monkeypatch, capsys):
    monkeypatch.delenv("COMMONGROUND_SMTP_HOST", raising=False)
    before = row_counts(open_store(southside))
    assert run("cohort", "email-links", "Southside", db=southside) == 2
    err = capsys.readouterr().err
    assert err.startswith("commonground: Email is not set up on this course server")
    assert row_counts(open_store(southside)) == before


def test_a_bad_address_in_the_roster_is_said_with_its_line(tmp_path, db_url, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,agency,email\nAna Lee,FS,ana@example.org\nBen,Housing,ben at "
                      "housing\n", encoding="utf-8")
    assert run("cohort", "create", "C", db=db_url) == 0
    before = row_counts(open_store(db_url))
    assert run("cohort", "add", "C", str(roster), db=db_url) == 2
    err = capsys.readouterr().err
    assert "roster.csv:3: 'ben at housing' is not an email address" in err
    assert row_counts(open_store(db_url)) == before
