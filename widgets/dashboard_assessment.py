"""The facilitator dashboard's "How reflections are assessed" section (view).

Two labelled checkboxes change the cohort's settings (:mod:`commonground.data.assessment`):
the scored rubric (off by default: a completion mark and written feedback only) and
whether a passed or privately kept reflection counts as complete (on by default).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as w

from commonground.pages.dashboard import Dashboard
from commonground.templates import render

from ._errors import MessageArea, guarded

__all__ = ["AssessmentSection"]

INTRO = (
    "By default you give each reflection shared with you written feedback and a mark: "
    "complete or not yet. You can add a score on each prompt's rubric for this cohort. The "
    "rubric is about how people work with the ideas, never about what they share of "
    "themselves."
)


class AssessmentSection(w.VBox):
    def __init__(self, model: Dashboard, message: MessageArea,
                 on_change: Callable[[], None] | None = None):
        self.model = model
        self.on_change = on_change
        on = guarded(message)
        settings = model.assessment()
        self.scored = w.Checkbox(
            value=settings.scored_rubric, indent=False,
            description="Score on the rubric too",
            tooltip="Also score each shared reflection on its prompt's rubric (0 to 3)",
        )
        self.passing = w.Checkbox(
            value=settings.passing_counts, indent=False,
            description="Passing counts as complete",
            tooltip="A passed or privately kept reflection counts as complete",
        )
        self.keeps = w.Checkbox(
            value=settings.lms_keeps_complete, indent=False,
            description="Once complete in the LMS, stays complete",
            tooltip="A later lower mark (a “Not yet”, a lower score, a new version "
                    "awaiting feedback) never takes a module the LMS's gradebook has as "
                    "complete back to incomplete",
        )
        self.keeps.layout.display = None if model.from_lms() else "none"
        self.summary = w.HTML()
        self._drawing = False
        self.scored.observe(on(lambda ch: self._set(scored_rubric=ch["new"])), names="value")
        self.passing.observe(on(lambda ch: self._set(passing_counts=ch["new"])), names="value")
        self.keeps.observe(on(lambda ch: self._set(lms_keeps_complete=ch["new"])),
                           names="value")
        super().__init__([w.HTML(render("dashboard/heading.html",
                                        title="How reflections are assessed", note=INTRO)),
                          self.scored, self.passing, self.keeps, self.summary])
        self.draw()

    def draw(self) -> None:
        settings = self.model.assessment()
        self._drawing = True
        try:
            self.scored.value = settings.scored_rubric
            self.passing.value = settings.passing_counts
            self.keeps.value = settings.lms_keeps_complete
        finally:
            self._drawing = False
        self.summary.value = f'<p class="cg-space-note">{html.escape(settings.describe())}</p>'

    def _set(self, **change: bool) -> None:
        if self._drawing:
            return
        try:
            self.model.change_assessment(**change)
        finally:
            self.draw()  # a refused change puts the box back as it is stored
        if self.on_change is not None:
            self.on_change()
