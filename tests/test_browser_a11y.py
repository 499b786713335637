"""Accessibility, checked by axe-core (WCAG 2.1 A and AA rules) in Chromium on every
trainee page, in the middle of a role-play, and on the facilitator dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground import open_store
from commonground.course import load_course

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = [m.id for m in load_course().modules] + ["my_journal"]


def _axe_js() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).with_name("axe.min.js")


def violations(page) -> list[str]:
    page.add_script_tag(path=str(_axe_js()))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['html'][:120]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_violations(served, page, name):
    base, _ = served
    page.goto(f"{base}/voila/render/{name}.ipynb")
    if name == "my_journal":
        page.get_by_role("link", name="Download my journal as Markdown").wait_for()
    else:
        page.get_by_role("button", name="Mark this module complete").wait_for()
    assert violations(page) == []


def test_role_play_in_progress_has_no_wcag_violations(served, page):
    base, _ = served
    page.goto(f"{base}/voila/render/06_competition_and_hot_desks.ipynb")
    page.get_by_role("button", name="Start the role-play").click()
    page.locator(".cg-choices button").first.click()
    page.get_by_text("What happened:").wait_for()
    page.get_by_label("Show how things are going (meters)").check()
    page.locator(".cg-meters").wait_for()
    assert violations(page) == []


def test_facilitator_dashboard_has_no_wcag_violations(served, page):
    base, url = served
    from commonground.cohort_admin import ensure_facilitator

    store = open_store(url)
    cohort = store.people.create_cohort("Axe cohort", "Robin")
    token = store.people.issue_link(ensure_facilitator(store, cohort))
    page.goto(f"{base}/voila/render/facilitator_dashboard.ipynb?t={token}")
    page.get_by_text("Facilitator dashboard: Axe cohort").wait_for()
    page.get_by_role("button", name="Refresh now").wait_for()
    assert violations(page) == []
