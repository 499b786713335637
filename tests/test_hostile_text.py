"""The XSS corpus (tests/files/xss_corpus.yaml) typed into every field another person
later sees, checked where they see it: the HTML each view produces holds the payload as
text only, Markdown downloads and nbgrader notebooks render it as text, and the cohort
export keeps it whole as plain cells. Payloads too long for a field are refused with a
plain message, keep the words in the box and write nothing.

Each test walks the whole corpus over one surface and lists every payload that failed.
"""

from __future__ import annotations

import csv
import json

import ipywidgets as w
import pytest
from ipywidgets.widgets.widget_description import DescriptionWidget

from commonground.admin import cohorts as cohort_admin
from commonground.grading import NOTEBOOK, export_cohort
from commonground.pages import journal
from commonground.pages.dashboard import FEEDBACK_LIMIT
from commonground.spaces.agreement import ITEM_LIMIT
from commonground.spaces.elephant import TEXT_LIMIT
from commonground.spaces.jargon import FIELD_LIMIT, MEANING_LIMIT, TERM_LIMIT
from commonground.text import first_control, storable
from widgets import ReflectionBox
from widgets.dashboard import DashboardView
from widgets.spaces import AgreementView, ElephantBoxView, JargonWallView, agreed_banner

from ._cohorts import facilitator_of
from ._db import row_counts
from ._widgets import walk
from ._xss import MARKER, PAYLOADS, assert_safe, fits, inert, one_line, render_markdown, shows

MODULE, PROMPT = "01_safe_environment", "safe-env-power"


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)




@pytest.fixture
def boxes():
    opened = []

    def make(store, person, prompt):
        box = ReflectionBox(store, person, prompt, save_wait=0.01)
        opened.append(box)
        return box

    yield make
    for box in opened:
        if box.cohort_shared is not None:
            box.cohort_shared.stop()


@pytest.fixture
def power(course):
    return course.prompt(PROMPT, MODULE)


def _people(store, cohort, n):
    return [store.people.get(store.people.add_participant(cohort.id, f"Trainee {i}", "Housing"))
            for i in range(n)]


def _html_of(widget) -> str:
    """Every piece of HTML in a widget tree (what the page's HTML widgets show)."""
    return "\n".join(c.value for c in walk(widget) if isinstance(c, w.HTML))


def _check(failures: list[str], markup: str, payload, text: str | None = None) -> None:
    """assert_safe, noting a failure instead of stopping at the first."""
    try:
        assert_safe(markup, payload, text)
    except AssertionError as e:
        failures.append(str(e))


def _refused(view_message: str, limit: int) -> bool:
    return f"please keep it to {limit:,}" in view_message and "still in the box" in view_message


# -- jargon wall ---------------------------------------------------------------------------
@pytest.mark.parametrize("field", ["term", "meaning", "field"])
def test_jargon_wall_fields(store, trainee, other_trainee, facilitator, views, field):
    limit = {"term": TERM_LIMIT, "meaning": MEANING_LIMIT, "field": FIELD_LIMIT}[field]
    ana = views(JargonWallView, store, trainee)
    failures: list[str] = []
    for p in PAYLOADS:
        values = {"term": f"T {p.id}", "meaning": "", "field": ""}
        values[field] = p.text
        before = row_counts(store)["posts"]
        ana.add(values["term"], values["meaning"], values["field"])
        if not fits(p, limit):
            if not _refused(ana.message.value, limit) or row_counts(store)["posts"] != before:
                failures.append(f"{p.id}: too long, but not refused plainly")
            if getattr(ana, field).value != p.text:
                failures.append(f"{p.id}: the words were not kept in the box")
            ana.term.value = ana.meaning.value = ana.field.value = ""
            continue
        kept = p.text.strip() if field == "meaning" else one_line(p.text)
        for viewer in (other_trainee, facilitator):
            shown = views(JargonWallView, store, viewer)
            _check(failures, _html_of(shown), p, kept)
    assert not failures, "\n".join(failures)


# -- agreement -----------------------------------------------------------------------------
def test_agreement_suggestions(store, trainee, other_trainee, facilitator, views):
    ana = views(AgreementView, store, trainee)
    failures: list[str] = []
    for p in PAYLOADS:
        ana.suggest(p.text)
        if not fits(p, ITEM_LIMIT):
            if not _refused(ana.message.value, ITEM_LIMIT) or ana.suggestion.value != p.text:
                failures.append(f"{p.id}: too long, but not refused plainly with words kept")
            continue
        for viewer in (other_trainee, facilitator):
            shown = views(AgreementView, store, viewer)
            _check(failures, _html_of(shown), p, one_line(p.text))
    assert not failures, "\n".join(failures)


def test_finalised_agreement(store, other_trainee, facilitator, views):
    robin = views(AgreementView, store, facilitator)
    failures: list[str] = []
    for p in PAYLOADS:
        lines = [one_line(line) for line in p.text.splitlines() if line.strip()]
        robin.final_text.value = ""
        robin.finalise(p.text.splitlines())
        if any(len(line) > ITEM_LIMIT for line in lines):
            if "please keep it to" not in robin.message.value:
                failures.append(f"{p.id}: too long, but not refused plainly")
            continue
        banner = agreed_banner(store, other_trainee)
        page = views(AgreementView, store, other_trainee)
        for markup in (banner.value, _html_of(page)):
            _check(failures, markup, p, " ".join(lines))
    assert not failures, "\n".join(failures)


# -- elephant box --------------------------------------------------------------------------
def test_elephant_box_as_read_and_surfaced(store, trainee, other_trainee, third_trainee,
                                           facilitator, views):
    ana = views(ElephantBoxView, store, trainee)
    failures: list[str] = []
    for p in PAYLOADS:
        ana.add(p.text)
        if not fits(p, TEXT_LIMIT):
            if not _refused(ana.message.value, TEXT_LIMIT) or ana.textarea.value != p.text:
                failures.append(f"{p.id}: too long, but not refused plainly with words kept")
            continue
        robin = views(ElephantBoxView, store, facilitator)
        _check(failures, _html_of(robin), p, p.text.strip())
        [newest] = [e for e in robin.model.everything() if not e.surfaced]
        robin.surface(newest.id)
        ben = views(ElephantBoxView, store, other_trainee)
        _check(failures, ben.shared.value, p, p.text.strip())
    assert not failures, "\n".join(failures)


# -- reflections ---------------------------------------------------------------------------
def test_reflections_shared_with_the_cohort(store, trainee, other_trainee, third_trainee, power,
                                            boxes):
    failures: list[str] = []
    ana = boxes(store, trainee, power)
    for p in PAYLOADS:
        ana.type(p.text)
        ana.submit("cohort")
        assert "Submitted" in ana.message.value, p.id
        ben = boxes(store, other_trainee, power)
        shared = ben.cohort_shared
        assert shared is not None
        _check(failures, shared.value, p)
        _check(failures, ana.history.value, p)
    assert not failures, "\n".join(failures)


def test_reflections_awaiting_feedback_on_the_dashboard(store, cohort, facilitator, power,
                                                         views):
    trainees = _people(store, cohort, len(PAYLOADS))
    for person, p in zip(trainees, PAYLOADS, strict=True):
        box = ReflectionBox(store, person, power)
        box.type(p.text)
        box.submit("facilitator")
        box.cohort_shared.stop()
    dashboard = views(DashboardView, store, facilitator)
    rows = list(dashboard.feedback.rows.values())
    assert len(rows) == len(PAYLOADS)
    failures: list[str] = []
    for row, p in zip(rows, PAYLOADS, strict=True):
        _check(failures, row.children[0].value, p)
    assert not failures, "\n".join(failures)


def test_reflections_in_the_nbgrader_export(store, cohort, course, course_dir):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    trainees = _people(store, cohort, len(PAYLOADS))
    prompt = course.prompt(PROMPT, MODULE)
    for person, p in zip(trainees, PAYLOADS, strict=True):
        from commonground import ReflectionModel

        model = ReflectionModel(store, person, prompt)
        model.edit(p.text)
        model.submit("facilitator")
    export_cohort(store, cohort.name, course_dir, MODULE, course)
    failures: list[str] = []
    for person, p in zip(trainees, PAYLOADS, strict=True):
        path = course_dir / "submitted" / person.public_id / MODULE / f"{NOTEBOOK}.ipynb"
        nb = json.loads(path.read_text(encoding="utf-8"))
        [cell] = [c for c in nb["cells"] if c["id"] == PROMPT]
        source = "".join(cell["source"])
        for markup in (markdown2html_mistune(source), render_markdown(source)):
            _check(failures, markup, p)
    assert not failures, "\n".join(failures)


# -- feedback and the journal --------------------------------------------------------------
def test_feedback_shown_to_the_trainee_and_the_journal_downloads(
    store, cohort, facilitator, power, boxes, course
):
    failures: list[str] = []
    from commonground.pages.dashboard import Dashboard

    robin = Dashboard(store, facilitator)
    for p in PAYLOADS:
        person = _people(store, cohort, 1)[0]
        box = boxes(store, person, power)
        box.type(p.text)
        box.submit("facilitator")
        [item] = [i for i in robin.awaiting_feedback() if i.participant_id == person.id]
        comment = p.text if fits(p, FEEDBACK_LIMIT) else p.text[:FEEDBACK_LIMIT]
        robin.give_feedback(item, comment)
        box = boxes(store, person, power)
        _check(failures, box.feedback.value, p, comment)
        mine = journal.load_journal(store, person, course)
        page = journal.journal_html(mine)
        _check(failures, page, p)
        md = journal.journal_markdown(mine)
        _check(failures, render_markdown(md), p)
    assert not failures, "\n".join(failures)


# -- names and agencies --------------------------------------------------------------------
def test_names_and_agencies_on_the_wall_and_dashboard(store, cohort, facilitator, power,
                                                       views, boxes):
    """Roster names and agencies as the cohort (by-lines) and the facilitator (feedback
    list, moderation queue, participation tables) see them."""
    failures: list[str] = []
    # Names with invisible control or direction-override characters are refused when
    # people are added (tests/admin/test_roster.py); every other payload is a name and agency.
    short = [p for p in PAYLOADS if fits(p, 200) and first_control(one_line(p.text)) is None]
    people = []
    for p in short:
        pid = store.people.add_participant(cohort.id, one_line(p.text), one_line(p.text))
        person = store.people.get(pid)
        people.append(person)
        views(JargonWallView, store, person).add(f"T {p.id}", "meaning")
        views(AgreementView, store, person).suggest(f"Rule {p.id}")
        box = boxes(store, person, power)
        box.type(f"Reflection {p.id}")
        box.submit("facilitator")
        store.progress.complete(person.id, MODULE)
    reader = _people(store, cohort, 1)[0]
    wall = views(JargonWallView, store, reader)
    agreement = views(AgreementView, store, reader)
    dashboard = views(DashboardView, store, facilitator)
    for markup in (_html_of(wall), _html_of(agreement), _html_of(dashboard)):
        assert not inert(markup), inert(markup)[:3]
    # Descriptions (labels) are typeset as maths in the browser: no trainee text in them.
    labels = [c.description for view in (wall, agreement, dashboard) for c in walk(view)
              if isinstance(c, DescriptionWidget)]
    assert not [d for d in labels if MARKER.search(d)]
    for p in short:
        name = one_line(p.text)
        for where, markup in (("wall", _html_of(wall)), ("agreement", _html_of(agreement)),
                              ("dashboard", _html_of(dashboard))):
            if not shows(markup, name):
                failures.append(f"{p.id}: name not shown as written on the {where}")
    assert not failures, "\n".join(failures)


# -- the cohort export ---------------------------------------------------------------------
def test_cohort_export_keeps_the_text_as_plain_cells(store, cohort, trainee, facilitator,
                                                      tmp_path, views):
    from openpyxl import load_workbook

    wall = views(JargonWallView, store, trainee)
    for p in PAYLOADS:
        if fits(p, MEANING_LIMIT):
            wall.add(f"T {p.id}", p.text)
    written = {p.id: storable(p.text).strip() for p in PAYLOADS if fits(p, MEANING_LIMIT)}
    [xlsx] = cohort_admin.export(store, cohort.name, tmp_path / "e.xlsx")
    book = load_workbook(xlsx)
    cells = {c.value: c for row in book["shared"].iter_rows() for c in row}
    formulas = [c.coordinate for row in book["shared"].iter_rows() for c in row
                if c.data_type == "f"]
    assert not formulas
    for pid, text in written.items():
        assert text in cells, f"{pid}: not in the Excel export as written"
    folder = tmp_path / "csv"
    cohort_admin.export(store, cohort.name, folder)
    with open(folder / "shared.csv", encoding="utf-8-sig", newline="") as f:
        texts = {row["text"] for row in csv.DictReader(f)}
    for pid, text in written.items():
        safe = "'" + text if text.startswith(("=", "+", "-", "@")) else text
        assert safe in texts, f"{pid}: not in the CSV export as written"


# -- a megabyte pasted in ------------------------------------------------------------------
MEGABYTE = ("A pasted megabyte, cgx99. " * 40_330)[:1_000_000]


def test_a_megabyte_reflection_is_not_written_and_stays_in_the_box(store, trainee, power,
                                                                  boxes):
    box = boxes(store, trainee, power)
    box.type("an earlier draft")
    box.flush()
    before = row_counts(store)
    box.type(MEGABYTE)
    box.flush()
    assert "1,000,000 characters long" in box.status.text
    assert "has not been saved" in box.status.text and "still in the box" in box.status.text
    box.submit("cohort")
    assert "has not been saved" in box.message.value and 'role="alert"' in box.message.value
    assert box.textarea.value == MEGABYTE
    assert row_counts(store) == before
    record = store.reflections.get(trainee.id, PROMPT)
    assert record.draft_text == "an earlier draft" and record.versions == ()
    box.type(MEGABYTE[:5000])  # shortened: saved as usual again
    box.flush()
    assert "Saved at" in box.status.text
    assert store.reflections.get(trainee.id, PROMPT).draft_text == MEGABYTE[:5000]


def test_a_megabyte_jargon_meaning_is_refused_plainly(store, trainee, views):
    wall = views(JargonWallView, store, trainee)
    before = row_counts(store)
    wall.add("ITP", MEGABYTE)
    assert "The meaning is 1,000,000 characters long; please keep it to 600" in (
        wall.message.value)
    assert wall.term.value == "ITP" and wall.meaning.value == MEGABYTE
    assert row_counts(store) == before


def test_a_megabyte_of_feedback_is_refused_plainly(store, trainee, facilitator, power, boxes,
                                                   views):
    box = boxes(store, trainee, power)
    box.type("Please read this")
    box.submit("facilitator")
    dashboard = views(DashboardView, store, facilitator)
    before = row_counts(store)
    dashboard.send_feedback(0, MEGABYTE)
    assert "1,000,000 characters long; please keep it to 20,000" in dashboard.message.value
    [row] = dashboard.feedback.rows.values()
    assert row.children[1].children[0].value == MEGABYTE  # the words stay in the box
    assert row_counts(store) == before


def test_control_characters_do_not_stop_the_excel_export(store, cohort, trainee, tmp_path,
                                                         views):
    from openpyxl import load_workbook

    views(JargonWallView, store, trainee).add("VT", "pasted\x0bfrom\x1b[31m a document")
    [xlsx] = cohort_admin.export(store, cohort.name, tmp_path / "e.xlsx")
    texts = [c.value for row in load_workbook(xlsx)["shared"].iter_rows() for c in row]
    assert "pastedfrom[31m a document" in texts
