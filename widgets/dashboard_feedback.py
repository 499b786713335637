"""The facilitator dashboard's feedback workspace (view of
:class:`commonground.pages.feedback.FeedbackWorkspace`).

How many reflections await feedback in each module; filters by module, prompt and person
(and "only those awaiting feedback"); each reflection with its earlier versions and the
feedback each got, and a box to give feedback on the latest version, or to correct it
(the trainee then sees the correction; the earlier words stay here). Every word a trainee
wrote is shown as text (``dashboard/feedback_thread.html``).

Test hooks: ``view.choose(module=, prompt=, person=, awaiting_only=)``,
``view.send(index, comment, mark, score, to_lms)``, ``view.shown`` (the threads on the page, in
order), ``view.rows``, ``view.draw()``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import ipywidgets as w

from commonground.pages.feedback import ALL, Choice, FeedbackWorkspace, Thread
from commonground.templates import render

from ._errors import MessageArea, guarded
from ._fields import text_area

__all__ = ["MOST_SHOWN", "FeedbackWorkspaceView", "graded", "grading_controls"]

MOST_SHOWN = 50  # reflections drawn at once; the filters narrow the rest down

INTRO = (
    "Only reflections their authors chose to share with you, with the earlier versions "
    "they shared and the feedback each got. Feedback you send is shown to the trainee at "
    "once, under their reflection and in their journal. You can correct it later: they "
    "then see your correction, and the words it replaced stay here for you."
)


def _when(moment: _dt.datetime | _dt.date) -> str:
    if isinstance(moment, _dt.datetime):
        return f"{moment:%d %b %Y, %H:%M}"
    return f"{moment:%d %b %Y}"


def grading_controls(points: float | None) -> w.HBox:
    """"Complete" / "Not yet" buttons; with the scored rubric on, a score menu instead
    (0 is "not yet")."""
    mark = w.ToggleButtons(
        options=[("Complete", "complete"), ("Not yet", "not_yet")], value=None,
        description="Mark:", tooltips=["This reflection is complete",
                                       "Not yet complete: say in your feedback what would"],
    )
    score = w.Dropdown(
        options=[("Choose a score", None)]
        + [(str(n), n) for n in range(int(points or 0) + 1)],
        value=None, description=f"Rubric score (0 to {points or 0:g}):",
    )
    (score if points is None else mark).layout.display = "none"
    return w.HBox([mark, score])


def graded(controls: w.HBox) -> tuple[str | None, int | None]:
    """The mark (or the score, with the rubric on) chosen in :func:`grading_controls`."""
    mark, score = controls.children
    if score.layout.display == "none":
        return mark.value, None
    return None, score.value


def _options(choices: list[Choice], everything: str) -> list[tuple[str, str]]:
    return [(everything, ALL)] + [(c.label, c.value) for c in choices]


class FeedbackWorkspaceView(w.VBox):
    def __init__(self, model: FeedbackWorkspace, message: MessageArea,
                 on_sent: Callable[[], None] | None = None):
        self.model = model
        self.message = message
        self.on_sent = on_sent
        on = guarded(message)
        self.counts = w.HTML()
        self.module = w.Dropdown(description="Module", options=[("All modules", ALL)])
        self.prompt = w.Dropdown(description="Prompt", options=[("All prompts", ALL)])
        self.person = w.Dropdown(description="Person", options=[("Everyone", ALL)])
        self.awaiting_only = w.Checkbox(value=False, indent=False,
                                        description="Only those awaiting my feedback")
        for control in (self.module, self.prompt, self.person, self.awaiting_only):
            control.observe(on(lambda _ch: self._filtered()), names="value")
        filters = w.HBox([self.module, self.prompt, self.person, self.awaiting_only])
        filters.add_class("cg-feedback-filters")
        self.status = w.HTML()
        self.list_box = w.VBox()
        self.list_box.add_class("cg-feedback-list")
        self.rows: dict[tuple, w.VBox] = {}
        self.shown: list[Thread] = []
        self._drawing = False
        super().__init__([
            w.HTML(render("dashboard/heading.html", title="Feedback", note=INTRO)),
            self.counts, filters, self.status, self.list_box,
        ])
        self.add_class("cg-feedback-workspace")
        self.draw()

    # -- test hooks ----------------------------------------------------------------
    def choose(self, *, module: str | None = None, prompt: str | None = None,
               person: str | None = None, awaiting_only: bool | None = None) -> None:
        """Set the filters as a facilitator would in the menus."""
        with self._held():
            if module is not None:
                self.module.value = module
                self._set_options()
            if prompt is not None:
                self.prompt.value = prompt
            if person is not None:
                self.person.value = person
            if awaiting_only is not None:
                self.awaiting_only.value = awaiting_only
        self._filtered()

    def send(self, index: int, comment: str, mark: str | None = "complete",
             score: int | None = None, to_lms: bool = False) -> None:
        """Write in the ``index``-th shown reflection's box and press its button
        (``to_lms``: tick "Send my comment to the LMS too", where it is offered)."""
        form = self.rows[self._key(self.shown[index])].children[1]
        box, grading, lms, button = form.children
        box.value = comment
        if to_lms:
            if lms.layout.display == "none":
                raise AssertionError("this reflection's module is not graded in an LMS")
            lms.value = True
        marks, menu = grading.children
        if menu.layout.display == "none":
            marks.value = mark
        else:
            menu.value = score
        button.click()

    # -- drawing -------------------------------------------------------------------
    def draw(self) -> None:
        """Read everything again (the live refresh and every action call this)."""
        with self.model.snapshot():
            self.counts.value = render("dashboard/feedback_counts.html",
                                       modules=self.model.awaiting_by_module())
            with self._held():
                self._set_options()
            self._filtered()

    def _held(self) -> _Holding:
        return _Holding(self)

    def _set_options(self) -> None:
        """Each menu's choices from what is shared now; a choice that is gone goes back
        to "All"."""
        for menu, choices, everything in (
            (self.module, self.model.modules(), "All modules"),
            (self.prompt, self.model.prompts(self.module.value or ALL), "All prompts"),
            (self.person, self.model.people(), "Everyone"),
        ):
            options = _options(choices, everything)
            keep = menu.value if menu.value in {v for _, v in options} else ALL
            if list(menu.options) != options:
                menu.options = options
            menu.value = keep

    def _filtered(self) -> None:
        if self._drawing:
            return
        with self.model.snapshot():
            self._draw_list()

    def _draw_list(self) -> None:
        threads = self.model.threads(self.module.value or ALL, self.prompt.value or ALL,
                                     self.person.value or ALL, self.awaiting_only.value)
        self.shown = threads[:MOST_SHOWN]
        if not threads:
            self.status.value = render("dashboard/note.html", note=(
                "Nothing here with these choices." if self.model.people()
                else "Nothing is waiting for feedback."))
        elif len(threads) > MOST_SHOWN:
            self.status.value = render("dashboard/note.html", note=(
                f"Showing {MOST_SHOWN} of {len(threads)} reflections, those awaiting "
                "feedback first. Choose a module, prompt or person to see the others."))
        else:
            self.status.value = render("dashboard/note.html", note=(
                f"{len(threads)} reflection{'s' if len(threads) != 1 else ''}, those "
                "awaiting feedback first."))
        scored = self.model.dashboard.assessment().scored_rubric
        rows: dict[tuple, w.VBox] = {}
        for thread in self.shown:
            key = self._key(thread, scored)
            rows[key] = self.rows.get(key) or self._row(thread, scored)
        self.rows = rows
        self.list_box.children = tuple(rows.values())

    def _key(self, thread: Thread, scored: bool | None = None) -> tuple:
        """What a row shows: redrawn only when this changes, so words being typed in
        another row stay."""
        if scored is None:
            scored = self.model.dashboard.assessment().scored_rubric
        return (thread.key, tuple((v.version, len(v.feedback)) for v in thread.versions),
                scored)

    def _row(self, thread: Thread, scored: bool) -> w.VBox:
        on = guarded(self.message)
        info = w.HTML(render("dashboard/feedback_thread.html", thread=thread, when=_when))
        current = thread.latest.latest_feedback
        # A description is typeset as maths in the browser ("$...$"), so names (trainee
        # text) go only where they stay text: the heading, the placeholder, the tooltip.
        box = text_area(
            description="Your feedback:" if current is None else "Correct your feedback:",
            placeholder=f"Feedback for {thread.who}",
            value="" if current is None else current.comment,
        )
        send = w.Button(
            description="Send feedback" if current is None else "Send the correction",
            icon="paper-plane",
            tooltip=(f"Save the feedback and show it to {thread.who}" if current is None
                     else f"Replace what {thread.who} sees; your earlier words stay here"))
        points = self.model.dashboard.rubric_points(thread.item()) if scored else None
        grading = grading_controls(points)
        if current is not None:  # the correction starts from what was given
            marks, menu = grading.children
            if points is None and current.mark is not None:
                marks.value = current.mark
            elif points is not None and current.score is not None:
                menu.value = int(current.score) if float(current.score).is_integer() else None
        lms_name = self.model.lms_for(thread)
        to_lms = w.Checkbox(
            value=bool(current is not None and current.to_lms), indent=False,
            description=f"Send my comment to {lms_name or 'the LMS'} too",
            tooltip="The mark always reaches the LMS's gradebook; your words only when "
                    "ticked. The trainee's own writing never leaves the course.")
        to_lms.layout.display = None if lms_name else "none"
        form = w.VBox([box, grading, to_lms, send])
        form.add_class("cg-feedback-form")
        send.on_click(on(lambda _b: self._give(thread, box.value, *graded(grading),
                                               to_lms=to_lms.value)))
        row = w.VBox([info, form])
        row.add_class("cg-feedback-row")
        return row

    def _give(self, thread: Thread, comment: str, mark: str | None,
              score: float | None, to_lms: bool = False) -> None:
        correcting = not thread.awaiting
        self.model.give(thread, comment, mark, score, to_lms=to_lms)
        self.message.show(
            f"Correction sent to {thread.name}: they now see your new words." if correcting
            else f"Feedback sent to {thread.name}.")
        self.draw()
        if self.on_sent is not None:
            self.on_sent()


class _Holding:
    """While the menus are set from code, their observers do not redraw each time."""

    def __init__(self, view: FeedbackWorkspaceView):
        self.view = view

    def __enter__(self) -> None:
        self.before = self.view._drawing
        self.view._drawing = True

    def __exit__(self, *_exc: object) -> None:
        self.view._drawing = self.before
