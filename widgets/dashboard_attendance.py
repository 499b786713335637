"""The facilitator dashboard's "Sessions and attendance" section (view).

After a face-to-face or online session, the facilitator ticks who was there. Each
trainee's certificate then lists the sessions they attended, apart from the time the
course recorded on its pages. Model: :mod:`commonground.pages.attendance`.
"""

from __future__ import annotations

import datetime as _dt

import ipywidgets as w

from commonground.data.attendance import LONGEST_MINUTES, SHORTEST_MINUTES
from commonground.pages.attendance import DEFAULT_MINUTES, SessionRecords, SessionRow
from commonground.templates import render

from ._errors import MessageArea, guarded
from ._fields import text_field
from .checklist import CheckList

__all__ = ["AttendanceSection"]

INTRO = (
    "After a session held face to face or online, tick who was there and save. Each "
    "trainee's certificate lists the sessions they attended, apart from the time the "
    "course recorded on its pages. Choose a saved session to correct it."
)
NEW = "A new session"


class AttendanceSection(w.VBox):
    def __init__(self, model: SessionRecords, message: MessageArea):
        self.model = model
        self.message = message
        on = guarded(message)
        self.choice = w.Dropdown(description="Session", options=[(NEW, 0)], value=0,
                                 style={"description_width": "initial"})
        self.held_on = w.DatePicker(description="Date held", value=_dt.date.today(),
                                    style={"description_width": "initial"})
        self.title = text_field(description="Title", placeholder="for example: Session 2",
                                style={"description_width": "initial"})
        self.title.layout.max_width = "100%"
        self.minutes = w.BoundedIntText(
            description="Length in minutes", value=DEFAULT_MINUTES, min=SHORTEST_MINUTES,
            max=LONGEST_MINUTES, style={"description_width": "initial"})
        self.people = CheckList("Who attended", [], empty="No trainees in this cohort yet.")
        self.all_button = w.Button(description="Tick everyone", icon="check-square",
                                   tooltip="Tick every trainee as attending")
        self.save_button = w.Button(description="Save attendance", button_style="primary",
                                    icon="save", tooltip="Save this session and who attended")
        self.remove_button = w.Button(description="Remove this session", icon="trash",
                                      tooltip="Take this session off the cohort's record")
        self.table = w.HTML()
        self._drawing = False
        self._rows: dict[int, SessionRow] = {}
        self._names: dict[int, str] = {}
        self.choice.observe(on(self._chosen), names="value")
        self.all_button.on_click(on(lambda _b: self._tick_all()))
        self.save_button.on_click(on(lambda _b: self.save()))
        self.remove_button.on_click(on(lambda _b: self.remove()))
        super().__init__([
            w.HTML(render("dashboard/heading.html", title="Sessions and attendance",
                          note=INTRO)),
            self.choice, self.held_on, self.title, self.minutes, self.people,
            w.HBox([self.all_button, self.save_button, self.remove_button],
                   layout=w.Layout(flex_flow="row wrap")),
            self.table,
        ])
        self.add_class("cg-attendance")
        self.draw()

    # -- drawing -------------------------------------------------------------------
    def draw(self, keep: int | None = None) -> None:
        rows = self.model.rows()
        self._rows = {r.session.id: r for r in rows}
        chosen = keep if keep is not None and keep in self._rows else 0
        self._drawing = True
        try:
            self.choice.options = [(NEW, 0)] + [(r.label, r.session.id) for r in rows]
            self.choice.value = chosen
        finally:
            self._drawing = False
        self._load(chosen)
        self.table.value = render("dashboard/sessions.html", rows=rows)

    def _chosen(self, change: dict) -> None:
        if not self._drawing:
            self._load(change["new"])

    def _load(self, session_id: int) -> None:
        row = self._rows.get(session_id)
        present = row.session.present if row is not None else frozenset()
        trainees = self.model.trainees()
        self._names = {p.id: p.display_name for p in trainees}
        self.people.value = []
        self.people.options = [[p.display_name + (f" ({p.agency})" if p.agency else ""), p.id]
                               for p in trainees]
        self.people.value = [p.id for p in trainees if p.id in present]
        self.remove_button.disabled = row is None
        if row is None:
            self.held_on.value = _dt.date.today()
            self.title.value = f"Session {len(self._rows) + 1}"
            self.minutes.value = DEFAULT_MINUTES
        else:
            self.held_on.value = row.session.held_on
            self.title.value = row.session.title
            self.minutes.value = row.session.minutes

    def _tick_all(self) -> None:
        self.people.tick([v for _, v in self.people.options])

    # -- test hooks (and the buttons) ----------------------------------------------
    def tick(self, *names: str) -> None:
        """Tick exactly the trainees named (their names as shown)."""
        self.people.tick([pid for pid, name in self._names.items() if name in names])

    def save(self) -> None:
        title = self.title.value
        if self.held_on.value is None:
            self.message.show("Choose the date the session was held. Nothing was saved.",
                              "problem")
            return
        present = list(self.people.value)
        saved = self.model.record(self.held_on.value, title, int(self.minutes.value), present)
        self.draw(keep=saved.id)
        self.message.show(f"Saved: {saved.title}, {len(saved.present)} attended.", "info")

    def remove(self) -> None:
        session_id = self.choice.value
        if not session_id:
            return
        row = self._rows[session_id]
        self.model.remove(session_id)
        self.draw()
        self.message.show(f"Removed {row.label} from the cohort's record.", "info")
