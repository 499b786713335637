"""The evaluation form's page and the dashboard's evaluation section: labelled controls,
a thank-you, plain messages for bad input, and aggregates only (as text)."""

from __future__ import annotations

import ipywidgets as w
import pytest
from traitlets import TraitError

from commonground.content.evaluation_form import load_evaluation_form
from tests._cohorts import facilitator_of, self_paced
from tests._db import row_counts
from tests._widgets import walk
from widgets import course as facade
from widgets.dashboard import DashboardView
from widgets.evaluation import NO_ANSWER, EvaluationView, evaluation_widget
from widgets.likert import LikertGroup

FORM = load_evaluation_form()
FIRST = FORM.statements[0].id


@pytest.fixture
def form_view(store, trainee):
    return EvaluationView(store, trainee, FORM)


def test_every_control_is_labelled(form_view):
    groups = [x for x in walk(form_view) if isinstance(x, LikertGroup)]
    boxes = [x for x in walk(form_view) if isinstance(x, w.Textarea)]
    assert [g.statement for g in groups] == [
        f"{n}. {s.text}" for n, s in enumerate(FORM.statements, 1)]
    # Optional: each starts at "No answer", then 1 to 5 with their words.
    assert all(g.value == 0 and g.rating is None for g in groups)
    assert all(g.options == [[NO_ANSWER, 0], *([f"{n} {words}", n] for n, words in
                                                enumerate(FORM.scale, 1))] for g in groups)
    with pytest.raises(TraitError):
        groups[0].value = 6
    assert [b.description for b in boxes] == list(FORM.questions.values())
    assert "anonymous" in form_view.heading.value and 'aria-labelledby="cg-eval-h"' in (
        form_view.heading.value)


def test_sending_thanks_and_the_form_goes(store, trainee, form_view):
    form_view.rate(FIRST, 4)
    form_view.write("most_useful", "<b>The role-plays</b>")
    form_view.send_button.click()
    assert "Thank you" in form_view.thanks.value and 'role="status"' in form_view.thanks.value
    assert form_view.fields.children == ()
    assert store.evaluation.has_answered(trainee.id)
    again = EvaluationView(store, trainee, FORM)  # a reload, or another tab
    assert "already answered" in again.thanks.value and again.fields.children == ()


@pytest.mark.parametrize("text, says", [
    ("x" * 5000, "please keep it to 4,000 or fewer"),
    ("fine\x07", "invisible character (bell, U+0007)"),
])
def test_bad_input_says_so_and_sends_nothing(store, trainee, form_view, text, says):
    before = row_counts(store)
    form_view.write("to_change", text)
    form_view.send_button.click()
    assert says in form_view.message.value and 'role="alert"' in form_view.message.value
    assert row_counts(store) == before and form_view.fields.children  # still there to fix
    assert form_view.texts["to_change"].value == text  # the words are kept


@pytest.mark.parametrize("who, says", [("facilitator", "see them added up on your dashboard"),
                                       ("self-paced", "no form to fill in here")])
def test_others_get_a_note_instead_of_the_form(store, cohort, who, says):
    person = facilitator_of(store, cohort) if who == "facilitator" else self_paced(store)
    shown = evaluation_widget(store, person, FORM)
    assert not isinstance(shown, EvaluationView) and says in shown.value


def test_the_notebook_cell_shows_the_form_for_a_trainees_link(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    assert isinstance(facade.evaluation(), EvaluationView)


# -- the dashboard -----------------------------------------------------------------------
def _answers(store, cohort, n, text="Kept short"):
    for i in range(n):
        person = store.people.get(store.people.add_participant(cohort.id, f"P{i}", "Health"))
        store.evaluation.submit(person, FORM, {FIRST: 5}, {"most_useful": f"{text} {i}"})


def test_the_dashboard_waits_for_three(store, cohort, views):
    _answers(store, cohort, 2, "Secret words")
    view = views(DashboardView, store, facilitator_of(store, cohort))
    shown = view.evaluation.body.value
    assert "2 of the cohort have answered" in shown and "Secret words" not in shown


def test_the_dashboard_shows_aggregates_as_text_and_csv(store, cohort, views):
    _answers(store, cohort, 3, "<script>alert(1)</script>")
    view = views(DashboardView, store, facilitator_of(store, cohort))
    shown = view.evaluation.body.value
    assert "3 people answered." in shown and "<script>" not in shown
    assert shown.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3
    assert "evaluation_statements.csv" in shown and "evaluation_comments.csv" in shown
    assert "Fewer than 3 people wrote here" in shown  # nobody wrote in "to change"
    assert "P0" not in shown and "P1" not in shown  # never who wrote what
