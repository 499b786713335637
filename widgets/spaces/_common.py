"""Pieces every shared-space view uses: its frame, notes and the live refresh. Its look
is in the course stylesheet (the Voila template's static/course.css)."""

from __future__ import annotations

import html
import threading
from typing import Protocol

import ipywidgets as w

from commonground import Participant, Store
from commonground.templates import render

from .._errors import message_area
from .._static import light
from ._live import INTERVAL, LiveRefresh

# A busy space shows its newest SHOWN_AT_ONCE entries, with a button for earlier ones:
# a thousand rows of widgets take seconds to build and far longer for the browser.
SHOWN_AT_ONCE = 100

ARCHIVED_NOTE = (
    "This cohort has finished, so this space is read-only: you can read it, but nothing "
    "new can be added."
)


def text(value: str) -> str:
    """Trainee text as text inside HTML (never markup), keeping line breaks."""
    return html.escape(value or "").replace("\n", "<br>")


def note(message: str, role: str = "note") -> str:
    return f'<p class="cg-space-note" role="{role}">{html.escape(message)}</p>'


def who(author: str | None, anonymous_word: str = "anonymously") -> str:
    return f"by {author}" if author else anonymous_word


def show_earlier_button(hidden: int, what: str) -> w.Button:
    more = min(hidden, SHOWN_AT_ONCE)
    button = light(w.Button,
        description=f"Show {more} earlier {what} ({hidden} not shown)", icon="chevron-up",
        tooltip=f"The newest are shown first; this adds {more} earlier ones above",
    )
    return button


def posting_choice(self_paced: bool) -> w.RadioButtons:
    choice = w.RadioButtons(
        options=[("With my name", False), ("Anonymously (no name shown to anyone)", True)],
        value=False,
        description="Post:",
    )
    if self_paced:
        choice.layout.display = "none"  # nobody else sees a self-paced learner's space
    return choice


class LiveSpace(Protocol):
    """What a space view needs of its model (a ``commonground.spaces`` SpaceModel)."""

    store: Store
    participant: Participant

    def fingerprint(self) -> tuple: ...


class SpaceView(w.VBox):
    """A shared space: a heading, notes, the content and the live refresh."""

    def __init__(self, model: LiveSpace, live: bool, interval: float = INTERVAL,
                 heading_level: int = 3):
        self.model = model
        self.heading_level = heading_level  # 2 on the dashboard, where it heads a section
        self._archived = model.participant.cohort_archived  # as the page read it
        self.message = message_area()
        self._lock = threading.RLock()
        self.live = LiveRefresh(model.fingerprint, self._redraw_live, interval)
        super().__init__()
        self.add_class("cg-space")
        self._build()
        self.refresh()
        if live:
            self.live.start()

    def heading_html(self, title: str, intro: str) -> str:
        """The space's card label, title and intro."""
        return render("spaces/heading.html", level=self.heading_level, title=title,
                      intro=intro)

    # subclasses fill these in
    def _build(self) -> None:
        raise NotImplementedError

    def _render(self) -> None:
        raise NotImplementedError

    @property
    def archived(self) -> bool:
        return self._archived

    def refresh(self) -> None:
        """Redraw from the database now (the live thread calls this on changes)."""
        with self._lock:
            self.live.mark_current()
            self._render()

    def _redraw_live(self) -> None:
        with self._lock:
            # Something changed; it may be that the cohort was archived since.
            person = self.model.store.people.get(self.model.participant.id)
            self._archived = person.cohort_archived
            self._render()

    def close(self) -> None:
        self.live.stop()
        super().close()
