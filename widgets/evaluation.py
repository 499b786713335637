"""The course evaluation form at the end of module 07 (view): ``course.evaluation()``.

Rules and storage live in :mod:`commonground.data.evaluation` (anonymous answers, one per
person). Each statement is a :class:`~widgets.likert.LikertGroup`, a fieldset of radio
buttons named by the statement (arrow keys move within it, Tab moves on); the
free-text boxes carry their question as their label. At 390 px everything stacks in one
column.

Test hooks: ``form.rate(statement_id, value)``, ``form.write(question, text)``,
``form.send()``.
"""

from __future__ import annotations

import html

import ipywidgets as w

from commonground import Participant, Store
from commonground.content.evaluation_form import TEXT_LIMIT, EvaluationForm
from commonground.data.evaluation import ALREADY_ANSWERED
from commonground.templates import render

from ._errors import guarded, message_area
from ._fields import text_area
from ._static import light, text_html
from .likert import LikertGroup

__all__ = ["NO_ANSWER", "EvaluationView"]

NO_ANSWER = "No answer"
THANKS = (
    "Thank you. Your answers were sent without your name. Your facilitator will see "
    "them only added up with everyone else's, once at least 3 people have answered."
)
FOR_FACILITATORS = (
    "Trainees see the course evaluation form here. Their answers are anonymous; you see "
    "them added up on your dashboard once at least 3 people have answered."
)
ON_YOUR_OWN = (
    "The course evaluation is for people taking the course in a group with a "
    "facilitator, so there is no form to fill in here."
)

def _note(text: str) -> w.HTML:
    return text_html(f'<p class="cg-meta">{html.escape(text)}</p>')


class EvaluationView(w.VBox):
    def __init__(self, store: Store, participant: Participant, form: EvaluationForm):
        self.store = store
        self.participant = participant
        self.form = form
        self.message = message_area()
        on = guarded(self.message)
        self.heading = text_html(render("course/evaluation_heading.html", form=form))
        # The statement names its group: a screen reader says it with each option.
        self.ratings: dict[str, LikertGroup] = {
            s.id: LikertGroup(f"{n}. {s.text}", form.scale, NO_ANSWER)
            for n, s in enumerate(form.statements, start=1)
        }
        self.texts: dict[str, w.Textarea] = {
            q: text_area(
                description=question, placeholder="Optional. Please leave out names.",
            )
            for q, question in form.questions.items()
        }
        self.send_button = light(w.Button,
            description="Send my answers", button_style="primary", icon="paper-plane",
            tooltip="Send your answers anonymously; they cannot be changed afterwards",
        )
        self.send_button.on_click(on(lambda _b: self.send()))
        self.fields = light(w.VBox, [*self.ratings.values(), *self.texts.values(),
                              _note(f"Each answer can be up to {TEXT_LIMIT:,} characters."),
                              self.send_button])
        self.thanks = text_html()
        super().__init__([self.heading, self.fields, self.message, self.thanks])
        self.add_class("cg-evaluation")
        if self.participant.cohort_archived:
            for control in (*self.ratings.values(), *self.texts.values(), self.send_button):
                control.disabled = True
        if store.evaluation.has_answered(participant.id):
            self._done(ALREADY_ANSWERED)

    # -- test hooks ----------------------------------------------------------------
    def rate(self, statement_id: str, value: int | None) -> None:
        self.ratings[statement_id].value = value or 0

    def write(self, question: str, text: str) -> None:
        self.texts[question].value = text

    def send(self) -> None:
        """Send the answers (the button's action). Problems show in the message area and
        nothing is stored; after sending, the form is replaced by a thank-you."""
        self.store.evaluation.submit(
            self.participant, self.form,
            {sid: group.rating for sid, group in self.ratings.items()},
            {q: box.value for q, box in self.texts.items()},
        )
        self.message.clear()
        self._done(THANKS)

    def _done(self, words: str) -> None:
        self.fields.children = ()
        self.thanks.value = (
            f'<div class="cg-message cg-info" role="status"><p>{html.escape(words)}</p></div>'
        )


def evaluation_widget(store: Store, participant: Participant,
                      form: EvaluationForm) -> w.Widget:
    """The form for a trainee in a cohort; a short note for anyone else."""
    if participant.is_facilitator:
        return _note(FOR_FACILITATORS)
    if participant.cohort_id is None:
        return _note(ON_YOUR_OWN)
    return EvaluationView(store, participant, form)
