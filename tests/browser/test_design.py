"""The course's look, checked in Chromium on every page at 1280 and 390 px: no clipped
button, no sideways scroll, no raw module id, underlined links, outline numbers once,
radio choices that do not overlap, the page's own font in text boxes, and axe-core's
WCAG 2.2 AA rules. Each page loads once and is checked at both widths (the window is
resized: the layout is CSS only)."""

from __future__ import annotations

import re

import pytest

from commonground import open_store
from commonground.content.course import load_course
from tests._shots import seed
from tests.browser._sections import open_section

from .test_a11y import RAW_ID, violations

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
PAGES = [m.id for m in load_course().modules] + [
    "my_journal", "who_sees_what", "accessibility", "references", "facilitator_dashboard",
    "presenter", "administration",
]
FACILITATOR_PAGES = {"facilitator_dashboard", "presenter"}
SECTIONS = ("Today", "People", "Feedback", "Shared spaces", "Results", "Settings")
FOOTER_BUTTON = re.compile("Mark this module complete|Module completed")

# Each check runs in the page and returns what is wrong (empty: nothing).
CLIPPED_BUTTONS = """() => [...document.querySelectorAll('button')]
  .filter(b => b.offsetParent !== null)
  .filter(b => b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1)
  .map(b => `${b.textContent.trim()} (${b.scrollWidth}>${b.clientWidth})`)"""
SIDEWAYS = """() => {
  const out = [];
  const root = document.scrollingElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push(`page ${root.scrollWidth}px wide`);
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    if (el.offsetParent === null || el.closest('.cg-table-wrap')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > window.innerWidth + 1)
      out.push(`${el.tagName}.${el.className} ends at ${Math.round(r.right)}px`);
  }
  return out.slice(0, 5);
}"""
FIELDS_PAST_COLUMN = """() => [...document.querySelectorAll(
    ['select', 'input', 'textarea', 'button'].map(tag => `#rendered_cells ${tag}`).join())]
  .filter(el => el.offsetParent !== null && !el.closest('.cg-table-wrap'))
  .filter(el => {
    const column = el.closest('.jp-OutputArea-output') || el.closest('#rendered_cells');
    const c = column.getBoundingClientRect(), r = el.getBoundingClientRect();
    return r.right > c.right + 0.5 || r.left < c.left - 0.5; })
  .map(el => `${el.tagName.toLowerCase()} "${el.getAttribute('aria-label') ||
              el.textContent.trim().slice(0, 40)}" runs past its column`)"""
NOT_UNDERLINED = """() => [...document.querySelectorAll('#rendered_cells a[href]')]
  .filter(a => a.offsetParent !== null)
  .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
  .map(a => a.textContent.trim())"""
OUTLINE_NUMBERED_TWICE = """() => [...document.querySelectorAll(
    "nav[aria-label='Course modules'] li")]
  .map(li => li.textContent.trim()).filter(t => /^\\d+\\./.test(t))"""
OVERLAPPING_RADIOS = """() => {
  const out = [];
  for (const box of document.querySelectorAll('.widget-radio-box')) {
    if (box.offsetParent === null) continue;
    const labels = [...box.querySelectorAll('label')];
    labels.forEach((label, i) => {
      const r = label.getBoundingClientRect();
      const input = label.querySelector('input').getBoundingClientRect();
      if (input.width < 16 || input.left < r.left - 1 || input.right > r.right + 1 ||
          input.top < r.top - 1 || input.bottom > r.bottom + 1)
        out.push(`${label.textContent}: its button is not inside its line`);
      if (label.scrollHeight > label.clientHeight + 1 || label.scrollWidth > label.clientWidth + 1)
        out.push(`${label.textContent}: text cut off`);
      const next = labels[i + 1];
      if (next && next.getBoundingClientRect().top < r.bottom - 1)
        out.push(`${label.textContent}: overlaps the next choice`);
    });
  }
  return out;
}"""
TYPEWRITER = """() => [...document.querySelectorAll('textarea, input[type=text]')]
  .filter(t => /mono|courier/i.test(getComputedStyle(t).fontFamily))
  .map(t => t.getAttribute('placeholder') || t.id)"""
NESTED_BRACKETS = """() => [...document.querySelectorAll(
    '#rendered_cells label, #rendered_cells li')]
  .map(el => el.textContent.trim())
  .filter(t => { let depth = 0; for (const c of t) { depth += c === '(' ? 1 : c === ')' ? -1 : 0;
                 if (depth > 1) return true; } return false; })"""

CHECKS = {
    "clipped buttons": CLIPPED_BUTTONS,
    "sideways scroll": SIDEWAYS,
    "fields past their column": FIELDS_PAST_COLUMN,
    "links not underlined": NOT_UNDERLINED,
    "outline numbered twice": OUTLINE_NUMBERED_TWICE,
    "overlapping radio choices": OVERLAPPING_RADIOS,
    "typewriter font in a text box": TYPEWRITER,
    "brackets inside brackets": NESTED_BRACKETS,
}


def problems(page, width: int) -> dict[str, list[str]]:
    """Every check's findings at this width; {} when the page is right."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(100)  # one layout after the resize
    found = {name: page.evaluate(js) for name, js in CHECKS.items()
             if name != "sideways scroll" or width == 390}
    raw = RAW_ID.findall(page.inner_text("#rendered_cells"))
    found["raw module ids"] = raw
    found["axe-core (WCAG 2.2 AA)"] = violations(page)
    return {f"{name} at {width}px": items for name, items in found.items() if items}


@pytest.fixture(scope="module")
def tokens(served):
    """A cohort with writing, feedback and two seats of one role-play played; and the
    course administrator's link."""
    trainee, facilitator = seed(served[1])
    store = open_store(served[1])
    try:
        return trainee, facilitator, store.administrators.issue_link()
    finally:
        store.dispose()


def _open(page, base: str, name: str, tokens) -> None:
    trainee, facilitator, administrator = tokens
    token = facilitator if name in FACILITATOR_PAGES else (
        administrator if name == "administration" else trainee)
    page.goto(f"{base}/voila/render/{name}.ipynb?t={token}")
    if name == "facilitator_dashboard":
        page.get_by_role("button", name="Refresh now").wait_for()
    elif name == "administration":
        page.get_by_role("region", name=re.compile("^Every cohort")).wait_for()
    elif name == "presenter":
        page.locator(".cg-present-title").wait_for()
    elif name == "my_journal":
        page.get_by_role("link", name="Download my journal as Markdown").wait_for()
    elif name == "who_sees_what":  # its last cell: the support lines
        page.get_by_role("note", name="Support lines").wait_for()
    elif name in ("accessibility", "references"):
        page.locator("#rendered_cells h1").first.wait_for()
    else:  # the footer is the last cell: once it is there, every cell has run
        page.get_by_role("button", name=FOOTER_BUTTON).wait_for()


@pytest.mark.parametrize("name", PAGES)
def test_page_reads_well_at_both_widths(served, page, tokens, name):
    _open(page, served[0], name, tokens)
    found: dict[str, list[str]] = {}
    # The facilitator's page shows one section at a time: each is checked.
    for section in SECTIONS if name == "facilitator_dashboard" else ("",):
        if section:
            open_section(page, section)
        for width in WIDTHS:
            found |= {f"{section} {k}".strip(): v for k, v in problems(page, width).items()}
    assert found == {}


def test_loading_screen_names_the_module_and_the_stylesheet_is_served(served):
    import urllib.request

    base = served[0]
    with urllib.request.urlopen(f"{base}/voila/render/03_trauma_informed.ipynb") as r:
        head = r.read(200_000).decode("utf-8")
    assert "Opening <em>Trauma-informed practice and the traumatised organisation</em>…" in head
    assert "Executing" not in head.split("</script>")[0]
    css = re.search(r'href="([^"]*commonground/static/course\.css[^"]*)"', head)
    assert css, "the page links the course stylesheet"
    with urllib.request.urlopen(base + css.group(1)) as r:
        sheet = r.read().decode("utf-8")
    assert "--cg-measure: 70ch" in sheet and "@media print" in sheet


def test_module_header_links_to_who_sees_what(served, page, tokens):
    base = served[0]
    _open(page, base, "03_trauma_informed", tokens)
    header = page.locator(".cg-header")
    assert header.get_by_text("Common Ground").count() >= 1
    assert header.get_by_text(re.compile(r"Module 3 · \d of 8 modules completed")).count() == 1
    assert header.get_by_text("Signed in as Ana Lee").count() == 1
    page.emulate_media(media="print")  # prints the text, none of the controls
    assert page.locator(".jupyter-button").first.is_hidden()
    assert page.locator(".cg-header details").is_hidden()
    page.emulate_media(media="screen")
    link = header.get_by_role("link", name="Who sees what")
    assert link.get_attribute("href") == "./who_sees_what.ipynb"
    link.click()
    page.get_by_role("heading", name="Who sees what").wait_for()
    page.go_back()
    footer = page.get_by_role("link", name="Accessibility")
    footer.wait_for()
    assert footer.get_attribute("href") == "./accessibility.ipynb"


def test_journal_lists_each_seat_of_a_role_play(served, page, tokens):
    _open(page, served[0], "my_journal", tokens)
    plays = page.locator("li", has_text="Role-play: The first care team meeting")
    texts = sorted(plays.all_inner_texts())
    assert len(texts) == 2 and len(set(texts)) == 2, texts
    assert all(": played as " in t for t in texts)


def test_dashboard_tables_fit_and_headings_appear_once(served, page, tokens):
    _open(page, served[0], "facilitator_dashboard", tokens)
    open_section(page, "Shared spaces")
    for heading in ("Elephant box", "Group agreement"):
        assert page.get_by_role("heading", name=heading, exact=True).count() == 1, heading
    open_section(page, "Results")
    table = page.get_by_role("region", name="Modules completed, by agency").locator("table")
    headers = table.locator("th").all_inner_texts()
    assert "" not in [h.strip() for h in headers], headers
    assert headers[:2] == ["agency", "Module 0"], headers
    fits = page.evaluate("""() => [...document.querySelectorAll('.cg-table-wrap')]
        .every(w => w.scrollWidth <= w.clientWidth + 1)""")
    assert fits, "a dashboard table runs past its box at 1280 px"
    # The feedback workspace: counts by module, filters, each reflection's history.
    open_section(page, "Feedback")
    workspace = page.locator(".cg-feedback-workspace")
    assert page.get_by_role("heading", name="Feedback", exact=True).count() == 1
    counts = page.get_by_role("region", name="Awaiting your feedback, by module")
    assert "Module 1:" in counts.inner_text()
    for menu in ("Module", "Prompt", "Person"):
        workspace.get_by_label(menu, exact=True).wait_for()
    ana = workspace.locator(".cg-feedback-row", has_text="Ana Lee")
    text = ana.inner_text()
    assert text.index("Clear and honest.") < text.index("what would you do next?") < text.index(
        "Next time I will ask the family first."), text
    assert "Replaced by the correction below" in text
    assert ana.locator("strong", has_text="funder").count() == 0  # trainee text, not HTML
    workspace.get_by_label("Person", exact=True).select_option(label="Sam Wu (Housing Service)")
    page.wait_for_function("""() => !document.querySelector('.cg-feedback-list')
                                  .innerText.includes('Ana Lee')""")
    assert "We never asked them." in workspace.inner_text()
