"""The elephant box (view). Rules and storage: commonground.spaces.ElephantBox.

Test hooks: ``box.add(text)``, ``box.surface(post_id)``, ``box.refresh()``,
``box.shown_text()``.
"""

from __future__ import annotations

import ipywidgets as w

from commonground import Participant, Store
from commonground.data.anonymity import NOT_YET, WAITING
from commonground.spaces import ElephantBox
from commonground.spaces.elephant import TEXT_LIMIT
from commonground.templates import render

from .._errors import guarded
from .._fields import text_area
from .._static import light, text_html
from ._common import ARCHIVED_NOTE, SpaceView, note, text
from ._live import INTERVAL


class ElephantBoxView(SpaceView):
    model: ElephantBox

    def __init__(self, store: Store, participant: Participant, live: bool = True,
                 interval: float = INTERVAL, heading_level: int = 3):
        self._surface_buttons: dict[int, w.Button] = {}
        super().__init__(ElephantBox(store, participant), live, interval, heading_level)

    def _build(self) -> None:
        m = self.model
        if m.self_paced:
            intro = (
                "You are taking the course on your own, so there is no facilitator: what you "
                "write here is kept just for you. In a cohort, the box is shared: only the "
                "facilitator reads it, and never sees who wrote what."
            )
        elif m.is_facilitator:
            intro = (
                "You see everything in the box, never who wrote it. Share an elephant with "
                "the cohort (still anonymous) when the group is ready to talk about it."
            )
        else:
            intro = (
                "Name the thing nobody is saying. Everything in the box is anonymous: only "
                "your facilitator reads it, and nobody, the facilitator included, is told "
                "who wrote it. The facilitator may share it with the cohort, still without "
                "a name. Writing here is optional."
            )
        self.heading = text_html(self.heading_html("Elephant box", intro))
        self.status = text_html()
        self.shared = text_html()
        self.mine_list = text_html()
        self.everything = light(w.VBox)
        self.textarea = text_area(
            description="The elephant in the room (anonymous):",
            placeholder="What is really going on that nobody is saying?",
            tooltip=f"Up to {TEXT_LIMIT:,} characters",
        )
        self.add_button = light(w.Button,
            description="Put it in the box", button_style="primary", icon="paper-plane",
            tooltip="Add this anonymously; only the facilitator reads the box",
        )
        self.add_button.on_click(guarded(self.message)(lambda _b: self._add()))
        self.form = w.VBox([self.textarea, self.add_button])
        # The box is the trainees': its facilitator reads it and writes nothing in it.
        form = () if m.is_facilitator else (self.form,)
        self.children = (self.heading, self.status, self.shared, self.everything, *form,
                         self.message, self.mine_list)

    # -- test hooks ----------------------------------------------------------------
    def add(self, value: str) -> None:
        self.textarea.value = value
        self.add_button.click()

    def surface(self, post_id: int) -> None:
        self._surface_buttons[post_id].click()

    def shown_text(self) -> str:
        parts = [self.shared.value, self.mine_list.value]
        parts += [c.children[0].value for c in self.everything.children
                  if isinstance(c, w.HBox)]
        return "\n".join(parts)

    # -- callbacks -----------------------------------------------------------------
    def _add(self) -> None:
        self.model.add(self.textarea.value)
        self.textarea.value = ""
        self.refresh()
        self.message.show(
            "Thank you: it is in the box." if self.model.self_paced else
            "Thank you: it is in the box. Your facilitator will read it without your name."
        )

    def _toggle(self, post_id: int, surfaced: bool) -> None:
        self.model.surface(post_id, not surfaced)
        self.refresh()

    # -- drawing -------------------------------------------------------------------
    def _render(self) -> None:
        m = self.model
        archived = self.archived
        self.status.value = note(ARCHIVED_NOTE, "status") if archived else ""
        self.form.layout.display = "none" if archived else None
        waiting = m.waiting  # too few people for anyone but a writer to read the box
        if not m.self_paced:
            self.shared.value = render(
                "spaces/elephants.html", heading="Shared with the cohort by the facilitator",
                elephants=m.surfaced(), empty="Nothing has been shared with the cohort yet.",
                marked=False, waiting="")
        if m.is_facilitator:
            self._render_everything(archived, waiting)
        mine = m.mine()
        heading = "Your elephants" if m.self_paced else (
            "What you have put in the box (only you see this list)"
        )
        self.mine_list.value = render(
            "spaces/elephants.html", heading=heading, elephants=mine, empty="Nothing yet.",
            marked=True, waiting=WAITING if waiting and mine else "",
        ) if mine or m.self_paced else ""

    def _render_everything(self, archived: bool, waiting: bool) -> None:
        rows: list[w.Widget] = [text_html("<h4>Everything in the box</h4>")]
        if waiting:
            rows.append(text_html(note(NOT_YET)))
        on = guarded(self.message)
        for e in self.model.everything():
            state = " <em>(shared with the cohort)</em>" if e.surfaced else ""
            button = light(w.Button,
                description="Take back from the cohort" if e.surfaced else "Share with cohort",
                tooltip="The cohort sees it without a name", disabled=archived,
            )
            button.on_click(on(lambda _b, pid=e.id, s=e.surfaced: self._toggle(pid, s)))
            self._surface_buttons[e.id] = button
            rows.append(light(w.HBox, [text_html(f"<p>{text(e.text)}{state}</p>"), button]))
        if len(rows) == 1:
            rows.append(text_html(note("The box is empty.")))
        self.everything.children = tuple(rows)
