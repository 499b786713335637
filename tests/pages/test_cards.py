"""Link cards from the People section's model: a new link for each chosen trainee on a
card, switched on only once the PDF is made; nothing changed on any failure."""

from __future__ import annotations

import logging
import re

import pytest

from commonground import resolve_identity
from commonground.errors import StoreError
from commonground.pack.link_cards import cards_pdf
from commonground.pages.people import People
from tests._cohorts import facilitator_of
from tests._db import row_counts
from tests._pack import is_a4, pages_text

BASE = "https://course.example.org/"
PRINTED = re.compile(r"course\.example\.org/ \?t=([\w-]{16}) ([\w-]{16})")


@pytest.fixture
def people(store, cohort):
    return People(store, facilitator_of(store, cohort), base_url=BASE)


def _who(store, token):
    found = resolve_identity(store, f"t={token}", environ={}).participant
    return found.display_name if found else None


def _printed(tmp_path, pdf: bytes) -> list[str]:
    path = tmp_path / "cards.pdf"
    path.write_bytes(pdf)
    assert is_a4(path)
    return ["".join(m) for page in pages_text(path) for m in PRINTED.findall(page)]


def test_cards_for_everyone_replace_their_links(store, people, trainee, other_trainee,
                                                 tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    old = store.people.issue_link(trainee.id)
    warning = people.cards_warning()
    assert "new link for these 2 people (Ana Lee, Ben Cho)" in warning
    assert "Their earlier links stop working" in warning
    made = people.link_cards(False, cards_pdf)
    assert made.count == 2 and "The earlier links of these 2 people no longer work" in (
        made.words)
    tokens = _printed(tmp_path, made.pdf)
    assert [_who(store, t) for t in tokens] == ["Ana Lee", "Ben Cho"]
    assert _who(store, old) is None
    for token in tokens:  # the links are in the PDF only, never in a log
        assert token not in caplog.text and token not in made.words
    assert [r.link for r in people.rows()] == ["Working", "Working"]


def test_only_those_not_seen_yet(store, people, trainee, other_trainee, tmp_path):
    store.progress.visit(trainee.id, "00_welcome")
    kept = store.people.issue_link(trainee.id)
    assert [p.display_name for p in people.card_people(True)] == ["Ben Cho"]
    assert "new link for this person (Ben Cho)" in people.cards_warning(True)
    made = people.link_cards(True, cards_pdf)
    assert [_who(store, t) for t in _printed(tmp_path, made.pdf)] == ["Ben Cho"]
    assert _who(store, kept) == "Ana Lee"  # Ana's link is untouched


def test_nobody_left_to_print_for(store, people, trainee):
    store.progress.visit(trainee.id, "00_welcome")
    assert people.cards_warning(True).startswith("There is nobody to make cards for")
    before = row_counts(store)
    with pytest.raises(StoreError, match="nobody to make cards for"):
        people.link_cards(True, cards_pdf)
    assert row_counts(store) == before


def test_a_failure_leaves_the_old_links_working(store, people, trainee, other_trainee,
                                                caplog):
    caplog.set_level(logging.DEBUG)
    old = {p.id: store.people.issue_link(p.id) for p in (trainee, other_trainee)}
    before = row_counts(store)
    seen: list[str] = []

    def broken(lines):
        seen.extend(link for _n, _a, link in lines)
        raise RuntimeError(f"no room on the page for {lines[0][2]}")

    with pytest.raises(StoreError) as failed:
        people.link_cards(False, broken)
    words = str(failed.value)
    assert "The cards could not be made" in words and "No link was changed" in words
    assert "t=***" in words  # the link in the reason is masked
    assert row_counts(store) == before
    assert {_who(store, t) for t in old.values()} == {"Ana Lee", "Ben Cho"}
    for link in seen:  # the links never made are not switched on, nor logged or said
        assert _who(store, link.partition("t=")[2]) is None
        assert link.partition("t=")[2] not in caplog.text + words


def test_no_address_is_said_and_nothing_changes(store, cohort, trainee):
    people = People(store, facilitator_of(store, cohort), base_url="")
    old = store.people.issue_link(trainee.id)
    before = row_counts(store)
    with pytest.raises(StoreError, match="start it with --public-url") as failed:
        people.link_cards(False, cards_pdf)
    assert "No link was changed" in str(failed.value)
    assert row_counts(store) == before and _who(store, old) == "Ana Lee"


def test_a_name_with_html_is_printed_as_text(store, cohort, people, tmp_path):
    store.people.add_participant(cohort.id, "<b>Zed</b> & <s>Co</s>",
                                 "<i>Housing</i>", "")
    made = people.link_cards(False, cards_pdf)
    path = tmp_path / "cards.pdf"
    path.write_bytes(made.pdf)
    [text] = pages_text(path)
    assert "<b>Zed</b> & <s>Co</s>" in text and "<i>Housing</i>" in text
