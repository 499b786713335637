"""Recording who attended a session, in Chromium at 390 px, by keyboard alone: the
checkboxes are a labelled group, each box named by its trainee; the saved session shows
in the table and on the trainee's own record."""

from __future__ import annotations

import datetime as dt

import pytest

from commonground import open_store
from commonground.admin.cohorts import ensure_facilitator
from harness.browser import notebook_of, page_server

pytestmark = pytest.mark.browser

PAGE = notebook_of("from widgets import dashboard; dashboard.page()")


def test_attendance_by_keyboard_at_390px(tmp_path, browser):
    with page_server(tmp_path, "attendance.ipynb", PAGE) as (base, url):
        store = open_store(url)
        try:
            cohort = store.people.create_cohort("Southside", "Robin Ng")
            ana = store.people.add_participant(cohort.id, "Ana Lee", "Housing")
            store.people.add_participant(cohort.id, "Ben Cho", "Health")
            token = store.people.issue_link(ensure_facilitator(store, cohort))
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            page.set_default_timeout(90_000)
            page.goto(f"{base}/voila/render/attendance.ipynb?t={token}")
            group = page.get_by_role("group", name="Who attended")
            group.wait_for()
            ana_box = group.get_by_role("checkbox", name="Ana Lee (Housing)")
            assert group.get_by_role("checkbox").count() == 2
            # Keyboard only: Tab to Ana's box, Space ticks it; Tab on to Save, Enter.
            for _ in range(300):
                page.keyboard.press("Tab")
                if ana_box.evaluate("el => el === document.activeElement"):
                    break
            else:
                pytest.fail("Tab never reached Ana's box")
            page.keyboard.press("Space")
            for _ in range(10):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.textContent.trim()") == \
                        "Save attendance":
                    break
            else:
                pytest.fail("Tab never reached Save attendance")
            page.keyboard.press("Enter")
            page.get_by_role("status").filter(
                has_text="Saved: Session 1, 1 attended.").wait_for()
            page.get_by_role("region", name="Sessions recorded").wait_for()
            section = page.locator(".cg-attendance")
            wide = section.evaluate("el => el.scrollWidth")
            assert wide <= 390, f"the section is {wide}px wide at 390px"
            section.screenshot(path=str(tmp_path / "attendance-390.png"))
            [session] = store.attendance.sessions(cohort.id)
            assert session.present == {ana} and session.held_on == dt.date.today()
            context.close()
        finally:
            store.dispose()
