"""Module 05's law panel on the page: every statement with its basis, source and "General
information, not legal advice, as at <date>"; cards side by side across a border; a
labelled picker where no state or territory is chosen; file text shown as text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import ipywidgets as w

from commonground.admin.cohorts import archive
from commonground.content.jurisdictions import load_jurisdictions
from commonground.pages.law import LawPanel, law_panel
from tests._cohorts import self_paced
from widgets import course as facade
from widgets.law import LawPanelView, law_html

ROOT = Path(__file__).resolve().parents[2]
NOTE = "General information, not legal advice, as at 7 December 2026."


def _statements(html: str) -> int:
    return html.count('class="cg-law-source"')


def test_the_self_paced_picker_is_labelled_and_starts_at_the_overview(store):
    view = LawPanelView(law_panel(store, self_paced(store)))
    assert isinstance(view.picker, w.Dropdown)
    assert view.picker.description == "Show the law for"
    assert view.picker.value == "national"
    assert "Across Australia" in view.body.value and NOTE in view.body.value
    assert "cg-law-card" in view.body.value and "<article" not in view.body.value


def test_picking_shows_that_jurisdictions_law_with_every_source_and_date(store):
    view = LawPanelView(law_panel(store, self_paced(store)))
    view.pick("NT")
    html = view.body.value
    entry = load_jurisdictions().get("NT")
    assert ">Northern Territory</h3>" in html
    assert "Care and Protection of Children Act 2007 (NT), s 26" in html
    assert ('<a href="https://territoryfamilies.nt.gov.au/contacts" target="_blank" '
            'rel="noopener">Territory Families: Contacts</a>') in html
    assert _statements(html) == len(entry.statements) + 1  # and the APY note
    assert html.count(NOTE) == _statements(html)
    assert "Working across a border: The APY Lands" in html
    view.pick("national")
    assert "Across Australia" in view.body.value


def test_policy_is_said_to_be_policy_and_an_unsure_section_says_so(store):
    view = LawPanelView(law_panel(store, self_paced(store)))
    view.pick("TAS")
    assert "Policy, not law: Safe at Home (Tasmanian Government)" in view.body.value
    assert "(the section is still to be confirmed)" in view.body.value
    view.pick("NSW")
    assert '<a href="tel:132111">132 111</a>' in view.body.value


def test_each_statement_says_whether_it_was_checked_and_when(store):
    view = LawPanelView(law_panel(store, self_paced(store)))
    view.pick("TAS")
    html = view.body.value
    entry = load_jurisdictions().get("TAS")
    checked = sum(1 for s in entry.statements if s.checked)
    assert html.count("Checked against this source on 7 December 2026.") == checked
    assert (html.count("<strong>Not yet checked against its source</strong>.")
            == len(entry.statements) - checked)
    assert checked and checked < len(entry.statements)
    assert html.count('class="cg-law-check"') == len(entry.statements)


def test_a_border_cohort_gets_side_by_side_cards_and_no_picker(store, cohort, trainee):
    store.jurisdictions.choose(cohort.id, ["NSW", "QLD"])
    view = LawPanelView(law_panel(store, trainee))
    assert view.picker is None
    html = view.body.value
    assert 'class="cg-law-cards cg-law-side"' in html
    assert html.count("<article") == 2
    assert html.index(">New South Wales</h3>") < html.index(">Queensland</h3>")
    assert "Working across a border: Tweed–Gold Coast" in html
    assert html.count(NOTE) == _statements(html)


def test_every_jurisdiction_card_carries_the_note_on_every_statement():
    law = load_jurisdictions()
    for code in law.codes:
        html = law_html(LawPanel(law, (code,), in_cohort=True))
        assert _statements(html) >= len(law.get(code).statements)
        assert html.count(NOTE) == _statements(html), code


def test_text_from_the_file_is_shown_as_text(tmp_path):
    shutil.copy(ROOT / "content" / "jurisdictions.yaml", tmp_path / "jurisdictions.yaml")
    path = tmp_path / "jurisdictions.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Northern Territory", "name: <script>x()</script>"), encoding="utf-8")
    law = load_jurisdictions.__wrapped__(tmp_path)
    html = law_html(LawPanel(law, ("NT",), in_cohort=True))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_no_code_or_ids_in_the_words(store, cohort, trainee):
    store.jurisdictions.choose(cohort.id, ["WA"])
    html = law_html(law_panel(store, trainee))
    words = re.sub(r"<[^>]+>", " ", html)
    assert "commonground" not in words and "_" not in words


def test_the_notebook_cell_shows_the_panel(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    facade.header("05_philosophical_differences")
    assert isinstance(facade.law_panel(), LawPanelView)


def test_a_pick_on_the_page_is_kept_and_the_page_reopens_on_it(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    facade.header("05_philosophical_differences")
    view = facade.law_panel()
    assert isinstance(view, LawPanelView)
    view.pick("QLD")
    assert "open on Queensland for you" in view.message.value
    assert 'role="status"' in view.message.value
    again = facade.law_panel()
    assert isinstance(again, LawPanelView) and again.picker is not None
    assert again.picker.value == "QLD" and "Queensland" in again.body.value


def test_a_pick_that_cannot_be_kept_says_so_on_the_page(page_env, store, cohort, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    facade.header("05_philosophical_differences")
    view = facade.law_panel()
    assert isinstance(view, LawPanelView)
    archive(store, cohort.name)
    view.pick("NT")
    assert "read-only" in view.message.value and 'role="alert"' in view.message.value
    assert store.jurisdictions.own(trainee.id) is None
