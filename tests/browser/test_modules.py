"""Every module opens in Voila in Chromium with no error output and no traceback."""

from __future__ import annotations

import pytest

from commonground.content.course import load_course

pytestmark = pytest.mark.browser

MODULES = [m.id for m in load_course().modules]
ERROR_SIGNS = ("Traceback", "Error:", "error when executing", "Exception")


@pytest.mark.parametrize("module_id", MODULES)
def test_module_renders_cleanly(served, browser, module_id):
    page = browser.new_page()
    try:
        page.goto(f"{served[0]}/voila/render/{module_id}.ipynb")
        # The footer is the last cell: once it is there, every cell has run.
        page.get_by_role("button", name="Mark this module complete").wait_for(timeout=120_000)
        assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        assert page.locator(".jp-RenderedText[data-mime-type*='error']").count() == 0
        text = page.inner_text("body")
        for sign in ERROR_SIGNS:
            assert sign not in text, f"{module_id} shows {sign!r}"
        assert page.locator("nav[aria-label='Course modules']").count() == 1
    finally:
        page.close()
