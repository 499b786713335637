"""The XSS corpus in a real Chromium: trainee A types a payload of every kind into the
jargon wall, the agreement, the elephant box and a reflection shared with the cohort;
the facilitator surfaces and finalises them; then trainee B and the facilitator open
their pages. No dialog fires, no element is injected, nobody is navigated away, no
script error appears, and the words are visible as text.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from commonground import open_store
from commonground.admin import cohorts as cohort_admin
from commonground.spaces import Agreement, ElephantBox
from commonground.text import storable
from harness.browser import page_server
from tests._xss import PAYLOADS, Payload, one_line, squash
from tests.browser._sections import open_section

pytestmark = pytest.mark.browser

MODULE, PROMPT = "01_safe_environment", "safe-env-power"
CELLS = [f'from widgets import course; course.header("{MODULE}")',
         f'course.reflection("{PROMPT}")', "course.jargon_wall()", "course.elephant_box()",
         "course.agreement()"]
PAGE = {
    "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
               "source": [src]} for src in CELLS],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _subset() -> list[Payload]:
    """The first payload of every kind that fits a one-line suggestion, the maths one
    (MathJax is on the page), then others up to 18."""
    short = [p for p in PAYLOADS if len(p.text) <= 300 and "\n" not in p.text]
    firsts = {p.kind: p for p in reversed(short)}
    chosen = sorted(firsts.values(), key=lambda p: p.id)
    extra = sorted((p for p in short if p not in chosen), key=lambda p: p.id != "cgx18")
    extra = extra[: max(0, 18 - len(chosen))]
    return sorted(chosen + extra, key=lambda p: p.id)


SUBSET = _subset()
LONG = next(p for p in PAYLOADS if p.kind == "long")
MATHS_NAME = next(p for p in PAYLOADS if p.id == "cgx18")

# Every element whose attributes (other than these, which hold text) carry a marker,
# every <script>/<style> whose content does, script links, maths typeset from text and
# window properties a payload set: each means text became markup.
INJECTED = """() => {
  const textual = new Set(['title', 'aria-label', 'placeholder', 'value', 'alt',
                           'data-value']);  // a Dropdown's option labels, URL-encoded
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (!textual.has(a.name) && /cgx\\d\\d/.test(a.name + a.value))
        found.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 60));
    }
    if (['SCRIPT', 'STYLE'].includes(el.tagName) && /cgx\\d\\d/.test(el.textContent))
      found.push(el.tagName + ' ' + el.textContent.slice(0, 60));
  }
  for (const a of document.querySelectorAll('a[href]'))
    if (/^\\s*(javascript|vbscript):/i.test(a.getAttribute('href')))
      found.push('A href=' + a.getAttribute('href').slice(0, 60));
  // Nothing on these pages is maths: MathJax output means text was typeset as markup.
  for (const m of document.querySelectorAll('mjx-container'))
    found.push('MathJax ' + m.parentElement.textContent.slice(0, 60));
  for (const name of Object.keys(window)) if (/^cgx\\d\\d/.test(name)) found.push('window.' + name);
  return found;
}"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    with page_server(tmp, "hostile.ipynb", PAGE) as served:
        yield served


@pytest.fixture(scope="module")
def people(served):
    _, url = served
    store = open_store(url)
    south = store.people.create_cohort("Southside", "Robin Ng")
    ids = {
        "ana": store.people.add_participant(south.id, "Ana Lee", "Family Support"),
        "ben": store.people.add_participant(south.id, "Ben Cho", "Housing"),
        "cat": store.people.add_participant(south.id, one_line(MATHS_NAME.text), "Health"),
        "robin": cohort_admin.ensure_facilitator(store, south),
    }
    tokens = {who: store.people.issue_link(pid) for who, pid in ids.items()}
    yield store, ids, tokens
    store.dispose()


class Watched:
    """A page with everything hostile text could set off recorded as it happens."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.navigations: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", self._console)
        page.on("framenavigated", lambda f: self.navigations.append(f.url)
                if f == page.main_frame else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _console(self, msg) -> None:
        if msg.type == "error" and re.search(r"cgx\d\d|alert|javascript:", msg.text):
            self.errors.append(f"console: {msg.text[:200]}")

    def open(self, url: str):
        self.page.goto(url)
        return self.page

    def assert_untouched(self, url: str) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.errors == [], self.errors
        # commonground serve turns ?t= into a sign-in cookie and drops it from the address.
        clean = re.sub(r"\?t=[^&]*$", "", url)
        assert set(self.navigations) == {clean}, self.navigations
        assert self.page.url == clean
        injected = self.page.evaluate(INJECTED)
        assert injected == [], injected

    def assert_shows(self, texts: list[str], also: str = "") -> None:
        """Every text is on the page (or in ``also``: what other sections showed)."""
        shown = squash(self.page.evaluate("document.body.innerText") + "\n" + also)
        # What the course keeps: invisible control and direction-override characters go.
        missing = [t[:40] for t in texts if squash(storable(t)) not in shown]
        assert not missing, missing


@pytest.fixture
def watched(browser):
    contexts = []

    def make() -> Watched:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(90_000)
        return Watched(page)

    yield make
    for context in contexts:
        context.close()


def test_hostile_text_typed_by_one_trainee_stays_text_for_the_others(served, people,
                                                                      watched):
    base, _ = served
    store, ids, tokens = people
    assert len(SUBSET) >= 12 and {p.kind for p in PAYLOADS} - {"long"} <= {
        p.kind for p in SUBSET}

    ana = watched()
    url = f"{base}/voila/render/hostile.ipynb?t={tokens['ana']}"
    page = ana.open(url)
    page.get_by_label("Term or acronym:").wait_for()
    reflection = page.locator(".cg-reflection-text textarea")
    reflection.fill("\n".join(p.text for p in SUBSET) + "\n" + LONG.text[:50_000])
    page.get_by_label("Cohort, anonymously").check()
    page.get_by_role("button", name="Submit reflection").first.click()
    page.get_by_text("Submitted (version 1, cohort").wait_for()
    term = page.get_by_label("Term or acronym:")
    meaning = page.get_by_label("Plain-language meaning (optional):")
    suggestion = page.get_by_label("Suggest a ground rule:")
    elephant = page.get_by_label("The elephant in the room (anonymous):")
    for p in SUBSET:
        term.fill(f"T {p.id}")
        meaning.fill(p.text)
        page.get_by_role("button", name="Add to the wall").click()
        page.get_by_text(f"Added “T {p.id}” to the wall.").wait_for()
        suggestion.fill(p.text)
        page.get_by_role("button", name="Add my suggestion").click()
        expect(suggestion).to_have_value("")
        elephant.fill(p.text)
        page.get_by_role("button", name="Put it in the box").click()
        expect(elephant).to_have_value("")
    ana.assert_untouched(url)

    robin = store.people.get(ids["robin"])
    box = ElephantBox(store, robin)
    for e in box.everything():
        box.surface(e.id)
    Agreement(store, robin).finalise([p.text for p in SUBSET])
    cat = store.people.get(ids["cat"])
    from commonground import ReflectionModel
    from commonground.content.course import load_course

    model = ReflectionModel(store, cat, load_course().prompt(PROMPT, MODULE))
    model.edit("\n".join(p.text for p in SUBSET))
    model.submit("facilitator")

    ben = watched()
    url = f"{base}/voila/render/hostile.ipynb?t={tokens['ben']}"
    page = ben.open(url)
    page.locator(".cg-term", has_text=f"T {SUBSET[-1].id}").wait_for()
    page.get_by_text("Shared anonymously in your cohort (1)").click()  # open the details
    page.get_by_text("The agreed version").first.click()
    page.wait_for_timeout(1500)  # time for anything injected to fire
    ben.assert_untouched(url)
    ben.assert_shows([one_line(p.text) for p in SUBSET])

    fac = watched()
    url = f"{base}/voila/render/facilitator_dashboard.ipynb?t={tokens['robin']}"
    page = fac.open(url)
    page.get_by_role("heading", name="Today").wait_for()
    seen = [page.evaluate("document.body.innerText")]  # one section at a time: read each
    for section, there in (
            ("People", page.get_by_role("heading", name="People", exact=True)),
            ("Shared spaces", page.get_by_role("heading", name="Moderation")),
            ("Feedback", page.get_by_placeholder(
                f"Feedback for {one_line(MATHS_NAME.text)} (Health)")),
            ("Results", page.locator(".cg-plot img").first)):
        open_section(page, section)
        there.wait_for()
        seen.append(page.evaluate("document.body.innerText"))
    page.wait_for_timeout(1500)
    fac.assert_untouched(url)
    fac.assert_shows([one_line(p.text) for p in SUBSET], also="\n".join(seen))
