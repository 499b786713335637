"""Accessibility in Chromium: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules (every page
at both widths is checked in test_browser_design.py; here, a role-play mid-play), focus
that follows a role-play step by step, and a whole module worked through by keyboard
alone, with no mouse event at all."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonground.pages.scenario import get_scenario

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RAW_ID = re.compile(r"\b\d\d_[a-z]+(?:_[a-z]+)+\b")  # a module id such as 01_safe_environment


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


def _focused(page) -> dict:
    return page.evaluate("""() => ({cls: document.activeElement.className,
                                   text: document.activeElement.textContent.trim()})""")


@pytest.mark.parametrize("width", [1280, 390])
def test_role_play_in_progress_has_no_wcag_violations(served, page, width):
    base, _ = served
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}/voila/render/06_competition_and_hot_desks.ipynb")
    page.get_by_role("button", name="Start the role-play").click()
    page.locator(".cg-choices button").first.click()
    page.get_by_text("What happened:").wait_for()
    page.get_by_label("Show how things are going (meters)").check()
    page.locator(".cg-meters").wait_for()
    assert violations(page) == []


def test_content_note_comes_before_start(served, page):
    base, _ = served
    page.goto(f"{base}/voila/render/03_trauma_informed.ipynb")
    start = page.get_by_role("button", name="Start the role-play")
    start.wait_for()
    scenario = get_scenario("traumatised_organisation")
    assert scenario.content_notes, "this role-play carries a content note"
    note = page.locator(".cg-scenario .cg-content-note")
    assert note.inner_text().count(scenario.content_notes[0]) == 1
    before = page.evaluate(
        """([n, s]) => !!(n.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)""",
        [note.element_handle(), start.element_handle()],
    )
    assert before, "the content note is shown before the Start button"


def test_focus_moves_to_each_new_step(served, page):
    """After Start and after every choice, focus is on the new step's heading, so a
    keyboard or screen-reader user carries on from there."""
    base, _ = served
    page.goto(f"{base}/voila/render/05_philosophical_differences.ipynb")
    page.get_by_role("button", name="Start the role-play").click()
    page.wait_for_function("document.activeElement.classList.contains('cg-step-heading')")
    steps = 0
    while True:
        heading = _focused(page)
        assert "cg-step-heading" in heading["cls"], heading
        if heading["text"].startswith("Ending:"):
            break
        page.locator(".cg-choices button").first.click()
        page.wait_for_function(
            "t => document.activeElement.classList.contains('cg-step-heading') && "
            "document.activeElement.textContent.trim() !== t", arg=heading["text"])
        steps += 1
        assert steps < 30
    assert steps >= 2
    ending = page.locator(".cg-ending").inner_text()
    assert not RAW_ID.search(ending), ending  # "See also" names modules by number and title
    if "See also" in ending:
        assert page.locator(".cg-ending a", has_text=re.compile(r"^Module \d: ")).count()


def _tab_to(page, test: str, limit: int = 400) -> None:
    """Press Tab until the focused element passes ``test`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!({test}); }})()"):
            return
    pytest.fail(f"Tab never reached: {test}")


def test_whole_module_by_keyboard_alone(served, page):
    """Module 4, in page order: read, add to the jargon wall, play a role-play to its end
    and reflect, with the keyboard only: the page records every mouse and pointer event,
    and none may happen."""
    base, _ = served
    page.add_init_script("""window.__mouse = [];
      for (const type of ['mousedown', 'mouseup', 'pointerdown', 'pointerup', 'dblclick'])
        window.addEventListener(type, e => window.__mouse.push(type), true);""")
    page.goto(f"{base}/voila/render/04_jargon_and_uncomfortable_moments.ipynb")
    page.get_by_role("button", name="Mark this module complete").wait_for()
    # Read: the outline opens by keyboard.
    _tab_to(page, "el.tagName === 'SUMMARY' && el.textContent.includes('Course outline')")
    page.keyboard.press("Enter")
    assert page.locator(".cg-header details").get_attribute("open") is not None
    # Add to the wall (the module's first activity).
    _tab_to(page, "el.placeholder === 'e.g. ITP'")
    page.keyboard.type("MDT")
    page.keyboard.press("Tab")
    page.keyboard.type("A meeting of workers from several services about one person.")
    _tab_to(page, "el.textContent.trim() === 'Add to the wall'", limit=20)
    # ipywidgets sends typed values throttled, one message in flight at a time, while a
    # click goes at once: give the last keystrokes time to reach the kernel first.
    page.wait_for_timeout(1500)
    page.keyboard.press("Enter")
    page.locator(".cg-space .cg-term", has_text="MDT").wait_for()
    # Play a role-play to its end: Start, then the first choice each time.
    _tab_to(page, "el.textContent.trim() === 'Start the role-play'")
    page.keyboard.press("Enter")
    for _ in range(30):
        page.wait_for_function("document.activeElement.classList.contains('cg-step-heading')")
        if page.evaluate("document.activeElement.textContent.startsWith('Ending:')"):
            break
        _tab_to(page, "el.classList.contains('cg-choice')", limit=20)
        page.keyboard.press("Enter")
        page.wait_for_function("!document.activeElement.classList.contains('cg-choice')")
    else:
        pytest.fail("the role-play did not end")
    # Reflect: write, choose who sees it, submit.
    _tab_to(page, "el.tagName === 'TEXTAREA' && el.closest('.cg-reflection')")
    page.keyboard.type("Typed with the keyboard alone.")
    page.get_by_text(re.compile(r"Saved at")).first.wait_for()
    _tab_to(page, "el.textContent.trim() === 'Submit reflection'")
    page.keyboard.press("Enter")
    page.get_by_text("Submitted (version 1").wait_for()
    assert page.evaluate("window.__mouse") == []
