"""Shared spaces and the facilitator dashboard in a real Chromium against a real server.

Two trainees of one cohort see each other's jargon-wall posts within seconds; a trainee
of another cohort never does; hostile text stays text; a revoked link stops at the next
page load; the dashboard renders its plots for the facilitator and nothing for trainees.
"""

from __future__ import annotations

import secrets
import time

import pytest

from commonground import open_store
from commonground.admin import cohorts as cohort_admin
from commonground.spaces import ElephantBox, JargonWall, Moderation
from harness.browser import page_server
from tests.browser._sections import open_section

pytestmark = pytest.mark.browser

KERNEL_TIMEOUT = 90_000
LIVE_LIMIT = 10.0  # seconds: the issue's promise for another trainee's post to appear
MODULE = "04_jargon_and_uncomfortable_moments"
SPACES_PAGE = {
    "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": [f'from widgets import course; course.header("{MODULE}")']},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["course.jargon_wall()"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["course.elephant_box()"]},
        {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
         "source": ["course.agreement()"]},
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"></svg>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<a href="javascript:window.__pwned=1">click me</a>',
]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The server, with a page holding exactly the three spaces (the facade calls module
    04 makes) and the real facilitator dashboard notebook."""
    tmp = tmp_path_factory.mktemp("spaces")
    with page_server(tmp, "spaces.ipynb", SPACES_PAGE) as served:
        yield served


@pytest.fixture(scope="module")
def people(served):
    _, url = served
    store = open_store(url)
    south = store.people.create_cohort("Southside", "Robin Ng")
    north = store.people.create_cohort("Northside", "Sam Lee")
    ids = {
        "ana": store.people.add_participant(south.id, "Ana Lee", "Family Support"),
        "ben": store.people.add_participant(south.id, "Ben Cho", "Housing"),
        # a third: with two, an anonymous post would be plainly the other one's
        "cat": store.people.add_participant(south.id, "Cat Diaz", "Health"),
        "xi": store.people.add_participant(north.id, "Xi Wu", "Health"),
        "robin": cohort_admin.ensure_facilitator(store, south),
    }
    tokens = {who: store.people.issue_link(pid) for who, pid in ids.items()}
    yield store, ids, tokens
    store.dispose()


@pytest.fixture
def open_page(browser):
    contexts = []

    def make():
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(KERNEL_TIMEOUT)
        return page

    yield make
    for context in contexts:
        context.close()


def _spaces(page, base, token):
    page.goto(f"{base}/voila/render/spaces.ipynb?t={token}")
    page.get_by_label("Term or acronym:").wait_for()
    return page


def test_a_post_reaches_the_cohort_live_and_no_one_else(served, people, open_page):
    base, _ = served
    store, ids, tokens = people
    ana, ben, xi = (_spaces(open_page(), base, tokens[w]) for w in ("ana", "ben", "xi"))
    term = f"ITP-{secrets.token_hex(3)}"
    ana.get_by_label("Term or acronym:").fill(term)
    ana.get_by_label("Plain-language meaning (optional):").fill("Individual Treatment Plan")
    ana.get_by_role("button", name="Add to the wall").click()
    ana.get_by_text(f"Added “{term}” to the wall.").wait_for()
    posted = time.monotonic()
    on_ben_wall = ben.locator(".cg-term", has_text=term)
    on_ben_wall.wait_for(timeout=LIVE_LIMIT * 1000)
    seen_after = time.monotonic() - posted
    print(f"\nanother trainee saw the post after {seen_after:.1f} s")
    assert seen_after < LIVE_LIMIT
    assert ben.get_by_text("Added by Ana Lee (Family Support).").count() == 1
    time.sleep(4)  # longer than a refresh: the other cohort's page has had its chance
    assert xi.get_by_text(term).count() == 0
    assert xi.get_by_text("The wall is empty so far").count() == 1

    [entry] = JargonWall(store, store.people.get(ids["ben"])).entries()
    Moderation(store, store.people.get(ids["robin"])).hide(entry.id)
    hidden = time.monotonic()
    on_ben_wall.wait_for(state="detached", timeout=LIVE_LIMIT * 1000)
    print(f"a hidden post left the trainee's page after {time.monotonic() - hidden:.1f} s")


def test_hostile_text_stays_text(served, people, open_page):
    base, _ = served
    store, ids, tokens = people
    wall = JargonWall(store, store.people.get(ids["ana"]))
    for payload in HOSTILE[:2]:
        wall.add(payload[:80], payload, anonymous=True)
    elephant = ElephantBox(store, store.people.get(ids["ana"])).add(HOSTILE[2])
    ElephantBox(store, store.people.get(ids["robin"])).surface(elephant)
    ben = _spaces(open_page(), base, tokens["ben"])
    ben.get_by_text(HOSTILE[0], exact=True).first.wait_for()
    wall.add("late", HOSTILE[3])  # arrives through the live refresh
    ben.get_by_text(HOSTILE[3], exact=True).wait_for(timeout=LIVE_LIMIT * 1000)
    for payload in HOSTILE:
        assert ben.get_by_text(payload, exact=True).count() >= 1, payload
    assert ben.evaluate("window.__pwned") is None
    assert ben.locator("img[src=x], svg[onload], iframe[srcdoc], a[href^='javascript:']"
                       ).count() == 0


def test_posting_by_keyboard_alone(served, people, open_page):
    base, _ = served
    _, _, tokens = people
    page = _spaces(open_page(), base, tokens["ben"])

    def tab_to(check: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(check):
                return
        pytest.fail(f"could not reach by Tab: {check}")

    tab_to("document.activeElement.placeholder === 'e.g. ITP'")
    page.keyboard.type("KPI")
    tab_to("document.activeElement.tagName === 'BUTTON' && "
           "document.activeElement.textContent.includes('Add to the wall')")
    page.keyboard.press("Enter")
    page.get_by_text("Added “KPI” to the wall.").wait_for()
    page.get_by_role("button", name="I didn’t know KPI").wait_for()  # the wall has redrawn
    tab_to("document.activeElement.tagName === 'BUTTON' && "
           "document.activeElement.textContent === 'I didn’t know KPI'")
    page.keyboard.press("Enter")
    page.get_by_text("1 person didn’t know this one.").wait_for()


def test_a_revoked_link_stops_at_the_next_page_load(served, people, open_page):
    base, _ = served
    store, ids, _ = people
    token = store.people.issue_link(ids["xi"])
    page = _spaces(open_page(), base, token)
    cohort_admin.revoke_link(store, "Northside", "Xi Wu")
    page.reload()
    page.get_by_text("This link is not valid").wait_for()
    assert page.get_by_label("Term or acronym:").count() == 0


def test_dashboard_for_the_facilitator_only(served, people, open_page):
    base, _ = served
    store, ids, tokens = people
    for pid in (ids["ana"], ids["ben"]):
        store.progress.complete(pid, "00_welcome")
    page = open_page()
    started = time.monotonic()
    page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={tokens['robin']}")
    page.get_by_text("Cohort: Southside").wait_for()
    open_section(page, "Results")
    page.get_by_role("heading", name="Participation", exact=True).wait_for()
    plots = page.locator(".cg-plot img")  # the PNG plots that have data
    plots.first.wait_for()
    print(f"\ndashboard with plots ready after {time.monotonic() - started:.1f} s")
    assert plots.count() >= 2
    assert all(plots.nth(i).evaluate("img => img.naturalWidth") > 100
               for i in range(plots.count()))
    assert page.get_by_role("link", name="Download by module (CSV)").count() == 1

    trainee = open_page()
    trainee.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={tokens['ana']}")
    trainee.get_by_text("This page is for facilitators only").wait_for()
    assert trainee.get_by_role("heading", name="Participation").count() == 0
    assert trainee.locator("img").count() == 0
