"""The My journal page (view) and its facade call."""

from __future__ import annotations

import base64
import re

import pytest

from commonground.data import _schema as t
from tests._widgets import walk
from tests.pages.test_journal import HOSTILE
from widgets import course
from widgets.journal import JournalPage, data_link


def _page(widget) -> JournalPage:
    return next(w for w in walk(widget) if isinstance(w, JournalPage))


def _downloads(page: JournalPage) -> dict[str, tuple[str, str]]:
    """filename -> (link label, decoded file)."""
    found = re.findall(
        r'<a class="cg-download" href="data:[^;]+;charset=utf-8;base64,([^"]+)" '
        r'download="([^"]+)">([^<]+)</a>',
        page.downloads.value,
    )
    return {name: (label, base64.b64decode(data).decode("utf-8")) for data, name, label in found}


@pytest.fixture
def linked(page_env, store, trainee):
    token = store.people.issue_link(trainee.id)
    page_env.setenv("QUERY_STRING", f"t={token}")
    return token


def test_downloads_are_labelled_links_holding_the_exports(linked, store, trainee):
    store.reflections.submit(
        trainee.id, "00_welcome", "welcome-why-here", "Ünïcode — ok", "private"
    )
    page = _page(course.journal_page())
    files = _downloads(page)
    assert len(files) == 2
    assert all(re.fullmatch(r"my-journal-\d{4}-\d\d-\d\d\.(md|html)", n) for n in files)
    [(md_label, md)] = [v for k, v in files.items() if k.endswith(".md")]
    [(html_label, page_html)] = [v for k, v in files.items() if k.endswith(".html")]
    assert md == page.markdown and page_html == page.html
    assert "Ünïcode — ok" in md and "Ünïcode — ok" in page_html
    assert "Markdown" in md_label and "printable" in html_label
    assert linked not in md and linked not in page_html


def test_page_lists_reflections_with_links_back_keeping_the_sign_in(linked, store, trainee):
    store.reflections.submit(trainee.id, "01_safe_environment", "safe-env-power", "words",
                             "cohort")
    page = _page(course.journal_page())
    assert "Module 1: Creating a safe environment" in page.entries.value
    assert "shared with your cohort, without your name" in page.entries.value
    assert f'href="./01_safe_environment.ipynb?t={linked}"' in page.entries.value
    assert f'href="./00_welcome.ipynb?t={linked}"' in page.header.value
    assert "Cohort: Southside 2026" in page.record.value


def test_refresh_shows_what_was_added_since(linked, store, trainee):
    page = _page(course.journal_page())
    assert "No reflections yet" in page.entries.value
    store.reflections.submit(trainee.id, "00_welcome", "welcome-why-here", "new one", "private")
    page.refresh_button.click()
    assert "new one" in page.entries.value and "new one" in page.markdown


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_on_the_page(linked, store, trainee, hostile):
    store.reflections.submit(trainee.id, "00_welcome", "welcome-why-here", hostile, "private")
    page = _page(course.journal_page())
    shown = page.entries.value + page.record.value + page.header.value
    for tag in ("<img", "<svg", "<iframe", "<script", 'href="javascript'):
        assert tag not in shown


def test_self_paced_journal_opens(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    page = _page(course.journal_page())
    assert "Taken on my own" in page.record.value
    assert "?t=" not in page.header.value


def test_invalid_link_shows_message_and_writes_nothing(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", "t=made-up-token-1234567890")
    with store.read() as conn:
        before = {n: conn.execute(tb.select()).fetchall() for n, tb in t.metadata.tables.items()}
    shown = course.journal_page()
    assert not any(isinstance(w, JournalPage) for w in walk(shown))
    assert any("This link is not valid" in str(getattr(w, "value", "")) for w in walk(shown))
    with store.read() as conn:
        after = {n: conn.execute(tb.select()).fetchall() for n, tb in t.metadata.tables.items()}
    assert after == before


def test_a_journal_too_big_for_a_link_says_so():
    shown = data_link("x" * 1_600_000, "text/markdown", "big.md", "Download")
    assert "<a " not in shown and "too long" in shown


def test_modules_link_to_the_journal(linked):
    from widgets import CourseNav

    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert f'href="./my_journal.ipynb?t={linked}">My journal</a>' in nav.outline.value
