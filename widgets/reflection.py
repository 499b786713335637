"""The reflection box (view). Rules and storage live in commonground.ReflectionModel.

Test hooks, in the spirit of ``Button.click()``: ``box.type(text)``, ``box.flush()``,
``box.submit(visibility=...)``, ``box.pass_prompt()``.
"""

from __future__ import annotations

from html import escape as _text

import ipywidgets as w

from commonground import MAX_WORDS, Prompt, ReflectionModel, Store
from commonground.reflection_model import VISIBILITY_CHOICES
from commonground.text import markdown_to_html

from ._debounce import Debouncer
from ._errors import guarded, message_area


class ReflectionBox(w.VBox):
    def __init__(self, store: Store, participant_id: int, prompt: Prompt, save_wait: float = 0.8):
        self.model = ReflectionModel(store, participant_id, prompt)
        self.message = message_area()
        on = guarded(self.message)

        guidance = (
            f"<details><summary>Guidance for this reflection</summary>"
            f"{markdown_to_html(prompt.guidance)}</details>"
            if prompt.guidance
            else ""
        )
        self.heading = w.HTML(
            f'<div class="cg-prompt"><h3>Reflection: {_text(prompt.title)}</h3>'
            f"{markdown_to_html(prompt.text)}{guidance}"
            "<p><em>Writing here is optional. Your draft is saved as you type and only you "
            "can see it until you choose to share it. You can always pass.</em></p></div>"
        )
        self.textarea = w.Textarea(
            value=self.model.text,
            placeholder="Write your reflection here…",
            description=f"Your reflection: {prompt.title}",
            continuous_update=True,
            layout=w.Layout(width="100%", height="14em"),
            style={"description_width": "initial"},
        )
        self.textarea.add_class("cg-reflection-text")
        self.status = w.HTML()
        self.visibility = w.RadioButtons(
            options=[(label, key) for key, label in VISIBILITY_CHOICES.items()],
            value="private",
            description="Who can see it when you submit:",
            style={"description_width": "initial"},
            layout=w.Layout(width="100%"),
        )
        self.submit_button = w.Button(
            description="Submit reflection", button_style="primary", icon="paper-plane",
            tooltip="Submit this reflection with the visibility chosen above",
        )
        self.pass_button = w.Button(
            description="Pass on this one", tooltip="Choose not to answer this prompt; that is fine"
        )
        self.conflict_box = w.VBox()

        self._saver = Debouncer(on(self._save_now), wait=save_wait)
        self.textarea.observe(on(self._on_type), names="value")
        self.submit_button.on_click(on(lambda _b: self._submit()))
        self.pass_button.on_click(on(lambda _b: self._pass()))

        super().__init__(
            [
                self.heading,
                self.textarea,
                self.status,
                self.conflict_box,
                self.visibility,
                w.HBox([self.submit_button, self.pass_button]),
                self.message,
            ]
        )
        self.add_class("cg-reflection")
        self._render_status()

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

    # -- callbacks ---------------------------------------------------------------
    def _on_type(self, change) -> None:
        self.model.edit(change["new"])
        self._render_status()
        self._saver.trigger()

    def _save_now(self) -> None:
        self.model.save()
        self._render_status()

    def _submit(self) -> None:
        self._saver.flush()
        version = self.model.submit(self.visibility.value)
        where = VISIBILITY_CHOICES[self.visibility.value].split(":")[0].lower()
        self.message.show(
            f"Submitted (version {version}, {where}). You can keep revising and submit again."
        )
        self._render_status()

    def _pass(self) -> None:
        self._saver.flush()
        self.model.pass_prompt()
        self.message.show("You passed on this reflection. That is fine; nothing more is asked.")
        self._render_status()

    def _resolve(self, keep: str) -> None:
        self.model.resolve_conflict(keep)
        self.textarea.value = self.model.text
        self._render_status()

    def _render_status(self) -> None:
        m = self.model
        words = f"{m.words:,} word{'s' if m.words != 1 else ''}"
        if m.too_long:
            words += f": over the {MAX_WORDS:,}-word limit, please shorten before submitting"
        state = {"submitted": " · submitted", "passed": " · passed"}.get(m.status, "")
        kind = "problem" if (m.error or m.their_text is not None) else "info"
        self.status.value = (
            f'<div class="cg-status cg-{kind}" role="status" aria-live="polite">'
            f"{_text(m.status_text())} · {words}{state}</div>"
        )
        self._render_conflict()

    def _render_conflict(self) -> None:
        theirs = self.model.their_text
        if theirs is None:
            self.conflict_box.children = ()
            return
        other = w.Textarea(
            value=theirs, disabled=True, description="The version saved elsewhere:",
            layout=w.Layout(width="100%", height="8em"), style={"description_width": "initial"},
        )
        keep_mine = w.Button(description="Keep my version (above)")
        keep_theirs = w.Button(description="Use the version saved elsewhere")
        on = guarded(self.message)
        keep_mine.on_click(on(lambda _b: self._resolve("mine")))
        keep_theirs.on_click(on(lambda _b: self._resolve("theirs")))
        self.conflict_box.children = (other, w.HBox([keep_mine, keep_theirs]))
