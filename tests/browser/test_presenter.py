"""The presenter view in Chromium on a 1920x1080 projector and at 1280x720: keys move
through the slides, freeze and blank the screen; the type is large; new posts arrive by
themselves unless the screen is frozen; no name is on the screen; axe finds nothing."""

from __future__ import annotations

import pytest

from commonground import open_store
from commonground.admin.cohorts import ensure_facilitator
from commonground.spaces import JargonWall
from harness.browser import notebook_of, page_server

from .test_a11y import violations

pytestmark = pytest.mark.browser

PAGE = notebook_of("from widgets import presenter; presenter.page()")


def test_the_presenter_view_on_a_projector(tmp_path, browser):
    with page_server(tmp_path, "presenter.ipynb", PAGE) as (base, url):
        store = open_store(url)
        try:
            cohort = store.people.create_cohort("Southside", "Robin Ng")
            people = [store.people.get(store.people.add_participant(cohort.id, n, "Housing"))
                      for n in ("Ana Lee", "Ben Cho", "Cat Diaz")]
            JargonWall(store, people[0]).add("OOHC", "Out-of-home care")
            token = store.people.issue_link(ensure_facilitator(store, cohort))
            for width, height in ((1920, 1080), (1280, 720)):
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                page.set_default_timeout(90_000)
                page.goto(f"{base}/voila/render/presenter.ipynb?t={token}")
                screen = page.get_by_role("region", name="Presenter view: Southside")
                screen.wait_for()
                title = page.locator(".cg-present-title")
                assert title.inner_text() == "Southside"
                page.wait_for_function(
                    "document.activeElement && document.activeElement.classList"
                    ".contains('cg-present')")
                page.keyboard.press("ArrowRight")
                assert title.inner_text() == "Where the room has got to"
                page.keyboard.press("ArrowRight")
                assert title.inner_text() == "Jargon wall"
                assert "OOHC: Out-of-home care" in screen.inner_text()
                size = float(title.evaluate("el => getComputedStyle(el).fontSize")[:-2])
                assert size >= (40 if width == 1920 else 28), f"{size}px at {width}"
                page.screenshot(path=str(tmp_path / f"presenter-{width}.png"))
                assert violations(page) == []
                text = page.locator("#rendered_cells").inner_text()
                assert not any(n in text for n in ("Ana", "Ben", "Cat", "Robin")), text
                page.keyboard.press("ArrowLeft")
                assert title.inner_text() == "Where the room has got to"
                page.keyboard.press("ArrowRight")
                if width == 1920:
                    # Frozen: a new term waits; unfrozen, it is there.
                    page.keyboard.press("f")
                    page.get_by_text("frozen: new posts wait").wait_for()
                    JargonWall(store, people[1]).add("SHS", "Specialist homelessness services")
                    page.wait_for_timeout(7_000)
                    assert "SHS" not in screen.inner_text()
                    page.keyboard.press("f")
                    page.get_by_text("SHS: Specialist homelessness services").wait_for()
                    assert title.inner_text() == "Jargon wall"  # the screen kept its place
                page.keyboard.press("b")
                page.get_by_text("The screen is blank.").wait_for()
                assert not page.locator(".cg-present-slide").is_visible()
                page.keyboard.press("b")
                assert page.locator(".cg-present-slide").is_visible()
                context.close()
        finally:
            store.dispose()
