"""The walking skeleton, end to end: `commonground serve` + headless Chromium."""

from __future__ import annotations

import re

import pytest

from commonground import open_store
from commonground.data import _schema as t

pytestmark = pytest.mark.browser

WELCOME_LABEL = "Your reflection: What brings you here"


@pytest.fixture
def linked_trainee(served):
    _, url = served
    store = open_store(url)
    cohort = store.people.create_cohort(f"Cohort {id(store)}", "Robin")
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    token = store.people.issue_link(pid)
    yield pid, token, store
    store.dispose()


def _reflection(page):
    box = page.get_by_label(WELCOME_LABEL)
    box.wait_for()
    return box


def _versions(store, participant_id):
    with store.read() as conn:
        return conn.execute(
            t.reflection_versions.select()
            .join(t.reflections)
            .where(t.reflections.c.participant_id == participant_id)
        ).fetchall()


def _write_reload_submit(page, start_url, text):
    page.goto(start_url)
    _reflection(page).fill(text)
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).wait_for()
    page.reload()
    assert _reflection(page).input_value() == text
    page.get_by_role("button", name="Submit reflection").first.click()
    page.get_by_text("Submitted (version 1").wait_for()


def test_self_paced_reflection_survives_reload_and_submits(served, page):
    base, url = served
    _write_reload_submit(page, base + "/", "Trust grew when we met in person.")
    assert "/voila/render/00_welcome.ipynb" in page.url
    store = open_store(url)
    [who] = store.people.self_paced()  # this browser's own learner
    [version] = _versions(store, who.id)
    assert version.text == "Trust grew when we met in person."
    assert version.visibility == "private"


def test_personal_link_keeps_identity_and_submits(served, page, linked_trainee):
    base, _ = served
    pid, token, store = linked_trainee
    _write_reload_submit(page, f"{base}/?t={token}", "We named the jargon.")
    assert page.get_by_text("Signed in as Ana Lee").count() == 1
    next_link = page.get_by_role("link", name=re.compile("^Next:"))
    assert next_link.get_attribute("href") == "./01_safe_environment.ipynb"  # no token
    assert "t=" not in page.url
    [version] = _versions(store, pid)
    assert version.text == "We named the jargon."


def test_facilitator_visibility_by_keyboard_alone(served, page, linked_trainee):
    base, _ = served
    pid, token, store = linked_trainee
    page.goto(f"{base}/voila/render/00_welcome.ipynb?t={token}")
    _reflection(page)
    for _ in range(80):  # Tab through the page until the reflection box has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "TEXTAREA":
            break
    else:
        pytest.fail("the reflection box cannot be reached with the Tab key")
    page.keyboard.type("Typed without a mouse.")
    page.get_by_text(re.compile(r"Saved at")).wait_for()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    page.keyboard.press("ArrowDown")  # private -> facilitator
    for _ in range(10):
        page.keyboard.press("Tab")
        if "Submit" in page.evaluate("document.activeElement.textContent"):
            break
    page.keyboard.press("Enter")
    page.get_by_text("Submitted (version 1, facilitator)").wait_for()
    [version] = _versions(store, pid)
    assert version.visibility == "facilitator"


def test_trainee_html_is_shown_as_text(served, page, linked_trainee):
    base, _ = served
    _, token, _ = linked_trainee
    payload = '<img src=x onerror="window.__pwned = 1">'
    page.goto(f"{base}/?t={token}")
    _reflection(page).fill(payload)
    page.get_by_text(re.compile(r"Saved at")).wait_for()
    page.reload()
    assert _reflection(page).input_value() == payload
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0


@pytest.mark.parametrize("token", ["not-a-valid-token-xyz123", ""])
def test_invalid_link_shows_message_and_writes_nothing(served, page, token):
    base, url = served
    store = open_store(url)
    with store.read() as conn:
        before = {n: len(conn.execute(tb.select()).fetchall())
                  for n, tb in t.metadata.tables.items()}
    page.goto(f"{base}/voila/render/00_welcome.ipynb?t={token}")
    page.get_by_text("This link is not valid").wait_for()
    assert page.get_by_label(WELCOME_LABEL).count() == 0
    assert page.get_by_role("button", name="Submit reflection").count() == 0
    with store.read() as conn:
        after = {n: len(conn.execute(tb.select()).fetchall())
                 for n, tb in t.metadata.tables.items()}
    assert after == before
