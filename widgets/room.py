"""The dashboard's "Get <module> ready for <N> people" button (widgets.dashboard).

The facilitator picks a module and how many people (the cohort's trainees by default);
the line below says, in a trainer's words, whether the server has room ("Enough for 24
people", or the most it can get ready), with the memory figures ("24 pages ..., about
1.7 GB") only under a "Details" disclosure, before anything is spent; the button asks
`commonground serve` to start them (:mod:`commonground.server.client`; the server checks
the facilitator's own link).

Test hooks: ``view.choose(module_id, people)``, ``view.button.click()``, ``view.status``,
``view.details``.
"""

from __future__ import annotations

import os

import ipywidgets as w

from commonground import environment
from commonground.access.link import read_link
from commonground.content.course import Course
from commonground.server.client import (
    LINK_SCHEME,
    MAX_PEOPLE,
    RoomRequestError,
    ask_server,
    people_count,
)
from commonground.templates import render

from ._errors import guarded, message_area

__all__ = ["RoomView", "facilitator_link_token"]

START_SECONDS = 2  # about what one module page's kernel takes to start on 2 cores
NOT_SERVED = ("Getting a module ready for a room works when the course runs with "
              "<code>commonground serve</code>; here each page starts on its own.")


def facilitator_link_token() -> str | None:
    """The personal-link token this page was opened with (by the one rule of
    :mod:`commonground.access.link`): the facilitator's proof to the server."""
    return read_link(os.environ.get("QUERY_STRING"), os.environ.get("HTTP_COOKIE")).token


class RoomView(w.VBox):
    def __init__(self, course: Course, people: int) -> None:
        self.url = environment.read().serve_url
        self.token = facilitator_link_token()
        self.status = message_area()
        self.details = w.HTML()
        heading = w.HTML("<h2>Get a module ready for the room</h2>")
        if not self.url or not self.token:
            super().__init__([heading, w.HTML(f'<p class="cg-space-note">{NOT_SERVED}</p>')])
            return
        self.titles = {m.id: m.title for m in course.modules}
        self.module = w.Dropdown(options=[(m.title, m.id) for m in course.modules],
                                 description="Module")
        self.people = w.BoundedIntText(value=max(1, min(people, MAX_PEOPLE)), min=1,
                                       max=MAX_PEOPLE, description="People")
        self.button = w.Button(icon="play", tooltip="Start this module's pages on the "
                               "server now, so everyone's opens at once")
        note = w.HTML('<p class="cg-space-note">Before you say "everyone open it now": the '
                      "server starts one page for each person ahead of time, and gives "
                      "back the ones nobody opened after the session.</p>")
        on = guarded(self.status)
        self.button.on_click(on(lambda _b: self._prepare()))
        self.module.observe(on(lambda _c: self._plan()), "value")
        self.people.observe(on(lambda _c: self._plan()), "value")
        super().__init__([heading, note, self.module, self.people, self.button, self.status,
                          self.details])
        self._plan()

    def choose(self, module_id: str, people: int) -> None:
        self.module.value = module_id
        self.people.value = people

    def _ask(self, action: str) -> dict:
        return ask_server(self.url, LINK_SCHEME, self.token or "", action, self.module.value,
                          self.people.value).data

    def _plan(self) -> None:
        title = self.titles.get(self.module.value, self.module.value)
        self.button.description = f"Get {title} ready for {people_count(self.people.value)}"
        try:
            plan = self._ask("plan")
        except RoomRequestError as e:
            self.status.show(str(e), "problem")
            self._details("")
            return
        if plan["fits"]:
            self.status.show(f"Enough for {people_count(plan['people'])}: the server has "
                             "room for them.")
        else:
            self.status.show(
                f"Not enough room for {people_count(plan['people'])} just now: the server "
                f"can get this module ready for at most {people_count(plan['most'])}. "
                "Choose fewer people, or ask whoever runs the course server.", "problem")
        self._details(plan["summary"])

    def _details(self, summary: str) -> None:
        """The memory figures, for whoever runs the server, folded under "Details"."""
        self.details.value = render("dashboard/room_details.html", summary=summary) if (
            summary) else ""

    def _prepare(self) -> None:
        try:
            plan = self._ask("prepare")
        except RoomRequestError as e:
            self.status.show(str(e), "problem")
            return
        wait = max(1, round(plan["new"] * START_SECONDS / 60))
        self.status.show(
            f"Getting {plan['title']} ready for {people_count(plan['people'])}. Give it "
            f"about {wait} minute{'s' * (wait > 1)} before the room opens it.")
        self._details(f"{plan['summary']}; {plan['new']} pages to start, one at a time")
