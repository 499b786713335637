"""The People section's view, driven through its test hooks (no kernel, no browser)."""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlparse

import pytest

from commonground import resolve_identity
from harness.smtp import smtp_relay
from tests._cohorts import facilitator_of
from tests._db import row_counts
from widgets._errors import message_area
from widgets.people import PeopleSection

BASE = "https://course.example.org/"


@pytest.fixture
def section(store, cohort, trainee, other_trainee):
    return PeopleSection(store, facilitator_of(store, cohort), message_area(), base_url=BASE)


def test_the_table_and_the_chooser(section, store, trainee):
    assert "<caption>Your trainees (2)" in section.table.value
    assert "Ana Lee" in section.table.value and "Ben Cho" in section.table.value
    assert ('<abbr title="Welcome and the person-centred approach to partnership">Module 0'
            '</abbr>') in section.table.value
    assert section.table.value.count(">Not yet<") == 16  # 2 people, 8 modules
    assert [label for label, _ in section.person.options] == [
        "Ana Lee (Family Support)", "Ben Cho (Housing)"]
    assert section.send_button.disabled  # nobody chosen yet
    section.choose(trainee.id)
    assert not section.send_button.disabled and section.email.value == ""


def test_nothing_happens_without_a_person(section, store):
    section.revoke_button.click()
    assert "Choose a person first" in section.message.value


def test_keep_an_address_then_send_the_link(section, store, trainee, monkeypatch):
    section.choose(trainee.id)
    section.email.value = "not an address"
    section.save_button.click()
    assert "is not an email address" in section.message.value and 'role="alert"' in (
        section.message.value)
    section.save_email("ana@example.org")
    assert "Kept Ana Lee&#x27;s email address" in section.message.value
    assert "ana@example.org" in section.table.value
    with smtp_relay() as relay:
        monkeypatch.setenv("COMMONGROUND_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("COMMONGROUND_SMTP_PORT", str(relay.port))
        monkeypatch.setenv("COMMONGROUND_SMTP_SECURITY", "none")
        monkeypatch.setenv("COMMONGROUND_MAIL_FROM", "course@example.org")
        section.send_button.click()
        section.send_button.click()  # a double click
    assert len(relay.messages) == 1
    assert "a moment ago" in section.message.value
    assert "Sent " in section.table.value
    [link] = re.findall(r"https://course\.example\.org/\?t=[\w-]+",
                        relay.messages[0].get_body(("plain",)).get_content())
    assert resolve_identity(store, urlparse(link).query, environ={}).participant.id == trainee.id
    assert link not in section.table.value and link not in section.message.value


def test_a_new_link_is_shown_once(section, store, trainee, other_trainee):
    section.choose(trainee.id)
    section.reissue_button.click()
    [link] = re.findall(r"https://course\.example\.org/\?t=[\w-]+", section.new_link.value)
    assert resolve_identity(store, urlparse(link).query, environ={}).participant.id == trainee.id
    section.draw(keep_link=True)  # the page's live refresh leaves it
    assert link in section.new_link.value
    section.choose(other_trainee.id)  # another person: gone
    assert section.new_link.value == ""
    section.choose(trainee.id)
    section.revoke_button.click()
    assert "Switched off Ana Lee" in section.message.value
    assert resolve_identity(store, urlparse(link).query, environ={}).participant is None


def test_a_new_link_for_the_facilitator_touches_nobody_else(section, store, trainee):
    theirs = store.people.issue_link(trainee.id)
    section.mine_button.click()
    [link] = re.findall(r"https://course\.example\.org/voila/render/"
                        r"facilitator_dashboard\.ipynb\?t=[\w-]+", section.new_link.value)
    assert resolve_identity(store, urlparse(link).query, environ={}).participant.is_facilitator
    assert resolve_identity(store, f"t={theirs}", environ={}).participant.id == trainee.id
    assert "Nobody else" in section.message.value


def test_add_a_trainee_one_by_one(section, store, cohort):
    section.new_name.value, section.new_agency.value = "Cy Dee", "Health"
    section.new_email.value = "cy@example.org"
    section.add_button.click()
    assert "Added Cy Dee (Health)" in section.message.value
    assert section.new_name.value == "" and "Cy Dee" in section.table.value
    chosen = store.people.get(section.person.value)
    assert chosen.display_name == "Cy Dee" and section.email.value == "cy@example.org"
    before = row_counts(store)
    for name, agency, email, words in [
            ("Cy Dee", "health", "", "already in your cohort"),
            ("Di", "", "", "name and their agency"),
            ("Di", "Health", "di at health", "is not an email address")]:
        section.new_name.value, section.new_agency.value = name, agency
        section.new_email.value = email
        section.add_button.click()
        assert words in section.message.value and "Nothing was added" in section.message.value
        assert row_counts(store) == before


def test_upload_a_roster(section, store, cohort):
    bad = b"name,agency,email\nCy Dee,Health,cy@example.org\n,Housing,\nDi,FS,di at fs\n"
    before = row_counts(store)
    section.upload_roster("southside.csv", bad)
    assert row_counts(store) == before
    problems = section.roster_problems.value
    assert "southside.csv:3: the name is empty" in problems
    assert "southside.csv:4: &#x27;di at fs&#x27; is not an email address" in problems
    assert "Nothing was added" in section.message.value
    section.upload_roster("southside.xlsx", b"PK\x03\x04")  # a damaged workbook
    assert ("southside.xlsx: this file could not be read as an Excel workbook"
            in section.roster_problems.value)
    section.upload_roster("southside.xls", b"\xd0\xcf\x11\xe0")
    assert "Save it as an Excel workbook (.xlsx) or as CSV" in section.roster_problems.value
    assert row_counts(store) == before
    good = b"name,agency,role,email\nCy Dee,Health,Nurse,cy@example.org\nAna Lee,Family Support,,\n"
    section.upload_roster("southside.csv", good)
    assert section.roster_problems.value == ""
    assert ("Added 1 trainee(s) from southside.csv. Skipped 1 already in your cohort"
            in section.message.value)
    assert "Cy Dee" in section.table.value and "cy@example.org" in section.table.value


def test_the_upload_control_hands_the_file_over(section, store):
    section.roster.value = ({"name": "r.csv", "type": "text/csv", "size": 30,
                             "content": memoryview(b"name,agency\nEd Fox,Health\n"),
                             "last_modified": _dt.datetime.now(_dt.UTC)},)
    assert "Added 1 trainee(s) from r.csv." in section.message.value
    assert section.roster.value == ()


def _cards_tokens(tmp_path, html_value):
    import base64 as b64
    import html as _html

    from tests._pack import pages_text

    [href] = re.findall(r'href="(data:application/pdf;base64,[^"]+)"', html_value)
    path = tmp_path / "cards.pdf"
    path.write_bytes(b64.b64decode(_html.unescape(href).partition(",")[2]))
    text = " ".join(pages_text(path))
    return ["".join(m) for m in re.findall(
        r"course\.example\.org/ \?t=([\w-]{16}) ([\w-]{16})", text)]


def test_link_cards_ask_first_then_download(section, store, trainee, other_trainee,
                                           tmp_path):
    old = store.people.issue_link(trainee.id)
    before = row_counts(store)
    section.cards_button.click()  # everyone
    [ask, _buttons] = section.cards_confirm.children
    assert "new link for these 2 people (Ana Lee, Ben Cho)" in ask.value
    assert "Their earlier links stop working" in ask.value
    assert row_counts(store) == before and section.cards_link.value == ""
    section.cards_cancel.click()
    assert section.cards_confirm.children == () and row_counts(store) == before
    assert resolve_identity(store, f"t={old}", environ={}).participant.id == trainee.id

    section.cards_button.click()
    section.cards_yes.click()
    assert "Made 2 link cards" in section.message.value
    assert "no longer work" in section.message.value
    assert 'download="link_cards.pdf"' in section.cards_link.value
    tokens = _cards_tokens(tmp_path, section.cards_link.value)
    assert [resolve_identity(store, f"t={t}", environ={}).participant.display_name
            for t in tokens] == ["Ana Lee", "Ben Cho"]
    assert resolve_identity(store, f"t={old}", environ={}).participant is None
    section.draw(keep_link=True)  # the page's live refresh leaves it
    assert "link_cards.pdf" in section.cards_link.value
    section.draw()  # the next action: gone
    assert section.cards_link.value == ""


def test_link_cards_only_those_not_seen(section, store, trainee, other_trainee, tmp_path):
    store.progress.visit(trainee.id, "00_welcome")
    section.cards_choice.value = True
    section.cards_button.click()
    assert "this person (Ben Cho)" in section.cards_confirm.children[0].value
    section.cards_choice.value = False  # a change of mind asks again
    assert section.cards_confirm.children == ()
    section.ask_cards(True)
    section.make_cards()
    [token] = _cards_tokens(tmp_path, section.cards_link.value)
    assert resolve_identity(store, f"t={token}",
                            environ={}).participant.display_name == "Ben Cho"


def test_link_cards_without_an_address(store, cohort, trainee):
    view = PeopleSection(store, facilitator_of(store, cohort), message_area(), base_url="")
    old = store.people.issue_link(trainee.id)
    view.ask_cards(False)
    view.cards_yes.click()
    assert "--public-url" in view.message.value and "No link was changed" in view.message.value
    assert view.cards_link.value == ""
    assert resolve_identity(store, f"t={old}", environ={}).participant.id == trainee.id


def test_nothing_made_without_asking(section, store):
    before = row_counts(store)
    section.cards_yes.click()
    assert "press “Print link cards (PDF)” first" in section.message.value
    assert row_counts(store) == before and section.cards_link.value == ""


def test_link_cards_for_whom_changed_since_asking(section, store, cohort, trainee,
                                                  other_trainee):
    section.ask_cards(True)  # Ana and Ben, not seen yet
    store.progress.visit(trainee.id, "00_welcome")  # Ana opens a module meanwhile
    before = row_counts(store)
    section.cards_yes.click()
    assert "changed since you asked" in section.message.value
    assert row_counts(store) == before and section.cards_link.value == ""


def test_upload_an_excel_roster(section, store, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["Name", "Agency", "Role", "Email"], ["Eve Ng", "Housing", None, None],
                [None, None, None, None], ["Fay Oh", "Health", "Nurse", "fay at health"]):
        sheet.append(row)
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    before = row_counts(store)
    section.upload_roster("northside.xlsx", bad.read_bytes())
    assert "northside.xlsx:4: &#x27;fay at health&#x27; is not an email address" in (
        section.roster_problems.value)  # the row number Excel shows
    assert row_counts(store) == before
    sheet["D4"] = "fay@example.org"
    book.save(bad)
    section.upload_roster("northside.xlsx", bad.read_bytes())
    assert section.roster_problems.value == ""
    assert "Added 2 trainee(s) from northside.xlsx" in section.message.value
    assert "Eve Ng" in section.table.value and "fay@example.org" in section.table.value
