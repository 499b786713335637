"""The reflection box (view). Rules and storage live in commonground.ReflectionModel;
the status line and the browser's copy of unsaved text in widgets.draft_copy.

Test hooks, in the spirit of ``Button.click()``: ``box.type(text)``, ``box.flush()``,
``box.submit(visibility=...)``, ``box.pass_prompt()``, ``box.change_visibility(...)``,
``box.withdraw(confirm=True)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape as _text

import ipywidgets as w
import traitlets as tr

from commonground import MAX_WORDS, Participant, Prompt, ReflectionModel, Store
from commonground.pages.journal import feedback_words, format_date
from commonground.pages.reflection import ON_YOUR_OWN, VISIBILITY_CHOICES, VISIBILITY_NOW
from commonground.templates import render

from ._debounce import Debouncer, Retry
from ._errors import guarded, message_area
from ._static import light, shared_layout, text_html
from .draft_copy import DraftCopy
from .shared_reflections import CohortReflections


class ReflectionBox(w.VBox):
    """One prompt's box. Built in two steps, so that a page got ready for a room has
    made its widgets before anyone asks for it: ``ReflectionBox(None, None, prompt)``
    builds what the prompt alone decides; :meth:`bind` then reads the trainee's writing
    and wires the controls. ``ReflectionBox(store, participant, prompt)`` does both."""

    model: ReflectionModel

    def __init__(
        self, store: Store | None, participant: Participant | None, prompt: Prompt,
        save_wait: float = 0.8, retry_delays: tuple[float, ...] = Retry.DELAYS,
    ):
        self.prompt = prompt
        self._save_wait = save_wait
        self._retry_delays = retry_delays
        self.message = message_area()
        self.heading = text_html(render("reflection/heading.html", prompt=prompt))
        self.textarea = light(w.Textarea,
            placeholder="Write your reflection here…",
            description=f"Your reflection: {prompt.title}",
            continuous_update=True,
        )
        self.textarea.add_class("cg-reflection-text")
        # The status line; the browser keeps a copy of unsaved text (draft_copy.js).
        self.status = DraftCopy(self.textarea)
        self.visibility = light(w.RadioButtons,
            options=[(VISIBILITY_CHOICES["private"], "private")], description="Who can see it:",
        )
        self.on_your_own = text_html()
        self.submit_button = light(w.Button,
            description="Submit reflection", button_style="primary", icon="paper-plane",
            tooltip="Submit this reflection with the choice above of who can see it",
        )
        self.pass_button = light(w.Button,
            description="Pass on this one", tooltip="Choose not to answer this prompt; that is fine"
        )
        self.share_button = light(w.Button,
            description="Change who can see it",
            tooltip="Apply the choice above to your submitted reflection without submitting "
            "again (choose Private to stop sharing it)",
        )
        self.withdraw_button = light(w.Button,
            description="Withdraw this reflection…", icon="trash",
            tooltip="Delete this reflection, every submitted version and any feedback "
            "(you will be asked to confirm)",
        )
        self.conflict_box = light(w.VBox)
        self._conflict_shown: str | None = None
        self.confirm_box = light(w.VBox)
        self.sharing = text_html()
        self.feedback = text_html()
        self.history = text_html()
        self.after_submit = w.VBox([self.sharing, light(w.HBox, [self.share_button,
                                                           self.withdraw_button])])
        self.after_submit.layout.display = "none"
        self.cohort_shared: CohortReflections | None = None
        self._parts: tuple[w.Widget, ...] = (
            self.heading,
            self.textarea,
            self.status,
            self.conflict_box,
            self.feedback,
            self.visibility,
            self.on_your_own,
            light(w.HBox, [self.submit_button, self.pass_button]),
            self.message,
            self.after_submit,
            self.confirm_box,
            self.history,
        )
        super().__init__(self._parts, layout=shared_layout())
        self.add_class("cg-reflection")
        if store is not None and participant is not None:
            self.bind(store, participant)

    def bind(self, store: Store, participant: Participant) -> None:
        """Show this participant's writing and wire the controls (once)."""
        with self.status.hold_sync(), self.textarea.hold_sync(), self.visibility.hold_sync():
            self._bind(store, participant)  # one message each for the box's parts

    def _bind(self, store: Store, participant: Participant) -> None:
        self.model = model = ReflectionModel(store, participant, self.prompt)
        on = guarded(self.message)
        choices = model.choices
        self.textarea.value = model.text  # before the observer: loading is not typing
        self.status.attach(public_id=participant.public_id, prompt_id=self.prompt.id,
                           saved_text=model.text, saved_revision=model.revision)
        self.visibility.options = [(VISIBILITY_CHOICES[key], key) for key in choices]
        self.visibility.value = model.visibility if model.visibility in choices else "private"
        if len(choices) == 1:
            self.on_your_own.value = f'<p class="cg-meta">{_text(ON_YOUR_OWN)}</p>'

        self._saver = Debouncer(on(self._save_now), wait=self._save_wait)
        self._retry = Retry(on(self._save_now), self._retry_delays)
        self.textarea.observe(on(self._on_type), names="value")
        self.status.on_copy(on(self._take_copy))
        self.submit_button.on_click(on(lambda _b: self._submit()))
        self.pass_button.on_click(on(lambda _b: self._pass()))
        self.share_button.on_click(on(lambda _b: self._change_visibility()))
        self.withdraw_button.on_click(on(lambda _b: self._ask_to_withdraw()))

        if participant.cohort_id is not None:  # what others chose to share, names never shown
            self.cohort_shared = CohortReflections(store, participant.cohort_id, self.prompt.id)
            self.children = (*self._parts, self.cohort_shared)
        if model.read_only:  # an archived cohort: read everything, write nothing
            for control in (self.textarea, self.visibility, self.submit_button,
                            self.pass_button):
                control.disabled = True
        self._render()

    # -- test hooks --------------------------------------------------------------
    def type(self, text: str) -> None:
        self.textarea.value = text

    def flush(self) -> None:
        self._saver.flush()

    def submit(self, visibility: str | None = None) -> None:
        if visibility:
            self.visibility.value = visibility
        self.submit_button.click()

    def pass_prompt(self) -> None:
        self.pass_button.click()

    def change_visibility(self, visibility: str) -> None:
        self.visibility.value = visibility
        self.share_button.click()

    def withdraw(self, confirm: bool) -> None:
        self.withdraw_button.click()
        buttons = [c for c in _walk(self.confirm_box) if isinstance(c, w.Button)]
        buttons[0 if confirm else 1].click()

    # -- callbacks ---------------------------------------------------------------
    def _on_type(self, change: tr.Bunch) -> None:
        self.model.edit(change["new"])
        self._render_status()
        self._saver.trigger()

    def _save_now(self) -> None:
        self.model.save()
        if self.model.unreachable:  # the database is away: try again by ourselves
            self._retry.schedule()
        else:
            self._retry.reset()
        self._render_status()

    def _submit(self) -> None:
        self._saver.flush()
        try:
            version = self.model.submit(self.visibility.value)
        finally:
            self._render()
        where = VISIBILITY_CHOICES[self.visibility.value].split(":")[0].lower()
        self.message.show(
            f"Submitted (version {version}, {where}). You can keep revising and submit again."
        )

    def _pass(self) -> None:
        self._saver.flush()
        self.model.pass_prompt()
        self.message.show("You passed on this reflection. That is fine; nothing more is asked.")
        self._render_status()

    def _change_visibility(self) -> None:
        visibility = self.visibility.value
        self.model.set_visibility(visibility)
        self.message.show(f"Done: your reflection is now {VISIBILITY_NOW[visibility]}.")
        self._render()

    def _ask_to_withdraw(self) -> None:
        on = guarded(self.message)
        yes = light(w.Button,
            description="Yes, delete it all", button_style="danger",
            tooltip="Delete this reflection, every version and any feedback, for good",
        )
        no = light(w.Button, description="No, keep it", tooltip="Keep your reflection as it is")
        yes.on_click(on(lambda _b: self._withdraw()))
        no.on_click(on(lambda _b: self._cancel_withdraw()))
        finished = (
            " Your cohort has finished and nothing new can be saved, but withdrawing still "
            "works: it takes your writing out of the course for good." if self.model.read_only
            else ""
        )
        warning = text_html(
            '<div class="cg-message cg-problem" role="alert">Withdraw this reflection? This '
            "deletes your writing, every submitted version and any feedback on it. Nobody, "
            f"including you, can see it afterwards, and it cannot be undone.{finished}</div>"
        )
        self.confirm_box.children = (warning, light(w.HBox, [yes, no]))

    def _cancel_withdraw(self) -> None:
        self.confirm_box.children = ()
        self.message.show("Nothing was deleted.")

    def _withdraw(self) -> None:
        self._saver.flush()
        self.confirm_box.children = ()
        self.model.withdraw()
        self.textarea.value = self.model.text
        self.message.show("Your reflection has been withdrawn and deleted.")
        self._render()

    def _take_copy(self, text: str, base_revision: int | None) -> None:
        """Text the browser kept while the kernel was out of reach: save it now."""
        self.model.restore(text, base_revision)
        self.textarea.value = self.model.text
        self._render_status()

    def _resolve(self, keep: str) -> None:
        self.model.resolve_conflict(keep)
        self.textarea.value = self.model.text
        self._render_status()

    # -- rendering -------------------------------------------------------------------
    def _render(self) -> None:
        self._render_status()
        self._render_history()

    def _render_status(self) -> None:
        m = self.model
        words = f"{m.words:,} word{'s' if m.words != 1 else ''}"
        if m.too_long:
            words += f": over the {MAX_WORDS:,}-word limit, please shorten before submitting"
        state = {"submitted": " · submitted", "passed": " · passed"}.get(m.status, "")
        kind = "problem" if (m.error or m.their_text is not None) else "info"
        self.status.show(f"{m.status_text()} · {words}{state}", kind)
        saved = m.saved_draft()
        if saved is not None:
            self.status.confirm(*saved)
        self._render_conflict()

    def _render_history(self) -> None:
        m = self.model
        submitted = bool(m.versions)
        self.after_submit.layout.display = None if submitted else "none"
        self.sharing.value = (
            f'<p class="cg-status">{_text(m.sharing_text())}</p>' if submitted else ""
        )
        self.feedback.value = render("reflection/feedback.html", feedback=[
            (feedback_words(f), f.comment)
            for f in sorted(m.feedback, key=lambda f: f.version, reverse=True)
        ])
        self.history.value = render("reflection/history.html", versions=[
            (v.version, format_date(v.submitted_at), v.visibility, v.text)
            for v in reversed(m.versions)
        ]) if submitted else ""

    def _render_conflict(self) -> None:
        theirs = self.model.their_text
        if theirs == self._conflict_shown:
            return  # unchanged: keep the widgets (and the trainee's focus) where they are
        self._conflict_shown = theirs
        if theirs is None:
            self.conflict_box.children = ()
            return
        other = light(w.Textarea,
            value=theirs, disabled=True, description="The version saved elsewhere:",
        )
        keep_mine = light(w.Button,
            description="Keep my version (above)",
            tooltip="Save the text in your box over the version saved elsewhere",
        )
        keep_theirs = light(w.Button,
            description="Use the version saved elsewhere",
            tooltip="Replace the text in your box with the version saved elsewhere",
        )
        on = guarded(self.message)
        keep_mine.on_click(on(lambda _b: self._resolve("mine")))
        keep_theirs.on_click(on(lambda _b: self._resolve("theirs")))
        self.conflict_box.children = (other, light(w.HBox, [keep_mine, keep_theirs]))


def _walk(widget: w.Widget) -> Iterator[w.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
