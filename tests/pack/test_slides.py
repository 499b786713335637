"""The slides open in Chromium with the course's own copy of reveal.js: every heading is a
slide, nothing is asked of any other site, and no code or widget shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commonground.content.course import load_course
from commonground.pack.runsheets import module_sheet
from commonground.pack.slides import copy_reveal, module_sections, slides_html
from commonground.scenario import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course(ROOT / "content")
SCENARIOS = load_scenarios(ROOT / "content" / "scenarios")
MODULE = COURSE.module("04_jargon_and_uncomfortable_moments")


def _notebook() -> dict:
    return json.loads((ROOT / "modules" / MODULE.notebook).read_text(encoding="utf-8"))


def test_sections_are_headings_notes_role_plays_and_prompts_without_code():
    sections = module_sections(_notebook(), COURSE, MODULE, SCENARIOS)
    kinds = {s.kind for s in sections} | {s.widget for s in sections if s.widget}
    assert {"heading", "note", "scenario", "reflection"} <= kinds
    prompts = COURSE.prompts(MODULE.id)
    shown = " ".join(s.points for s in sections)
    assert all(p.title in shown for p in prompts.values())
    assert all("course." not in s.points and "import" not in s.points for s in sections)
    jargon = next(s for s in sections if s.heading.startswith("Name the Jargon"))
    assert jargon.points.splitlines()[0] == "1. **Many names for the same thing.**"


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("slides")
    path = folder / f"{MODULE.id}.slides.html"
    sheet = module_sheet(COURSE, MODULE, SCENARIOS)
    path.write_text(slides_html(_notebook(), COURSE, MODULE, SCENARIOS, sheet),
                    encoding="utf-8")
    copy_reveal(folder / "reveal.js")
    return path


@pytest.mark.browser
def test_the_deck_renders_offline_with_every_heading(browser, deck, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    elsewhere: list[str] = []
    page.on("request", lambda r: None if r.url.startswith("file://") else elsewhere.append(r.url))
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    sections = module_sections(_notebook(), COURSE, MODULE, SCENARIOS)
    headings = page.evaluate(
        "Reveal.getSlides().map(s => (s.querySelector('h1, h2, h3') || {}).textContent)")
    headings = [h.strip().rstrip("¶").strip() for h in headings]
    expected = [s.heading for s in sections if s.level > 1]
    assert headings[0].startswith("Professionalism, jargon")
    assert [h for h in headings if h in expected] == expected
    assert page.evaluate("!!Reveal.getPlugin('notes')"), "the speaker view is there (S)"
    title_notes = page.evaluate("Reveal.getSlideNotes()")
    assert "Timings" in title_notes and "Materials" in title_notes
    assert all(s.activity.split(":")[0] in title_notes.replace("&#x27;", "'")
               for s in MODULE.room.plan)
    assert page.locator("aside.notes").first.is_hidden(), "notes stay off the screen"
    page.keyboard.press("ArrowRight")
    page.wait_for_function("Reveal.getIndices().h === 1")
    assert page.locator("section.present h2").first.is_visible()
    assert page.locator(".jp-CodeCell, .jupyter-widgets, pre").count() == 0
    notes = page.evaluate("Reveal.getSlides().map(s => Reveal.getSlideNotes(s) || '')")
    role_play = headings.index("Role-play: the plan with many names")
    assert "Role-play: many names for one plan" in notes[role_play]
    assert page.evaluate("getComputedStyle(document.querySelector('.reveal')).fontFamily")
    page.screenshot(path=str(tmp_path / "slide.png"))
    assert elsewhere == []
    page.close()


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.id)
def test_each_slide_carries_the_part_of_the_session_it_goes_with(module):
    """Every slide has speaker notes; the title slide's hold the whole plan, a
    role-play's slide the role-play's part of the session."""
    from commonground.pack.slides import _slide_notebook

    nb = json.loads((ROOT / "modules" / module.notebook).read_text(encoding="utf-8"))
    cells = _slide_notebook(COURSE, module, module_sections(nb, COURSE, module, SCENARIOS),
                            module_sheet(COURSE, module, SCENARIOS)).cells
    slides, notes = [], []
    for cell in cells:
        if cell.metadata["slideshow"]["slide_type"] == "notes":
            notes[-1] = cell.source
        else:
            slides.append(cell.source)
            notes.append("")
    assert all(notes), "every slide has speaker notes"
    assert all(s.activity in notes[0] for s in module.room.plan)
    for slide, note in zip(slides, notes, strict=True):
        if slide.startswith("## Role-play"):
            plays = [s.activity for s in module.room.plan if s.how == "role-play"]
            assert any(f"· {p}**" in note for p in plays), (slide[:40], note[:80])
