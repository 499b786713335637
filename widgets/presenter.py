"""The presenter view (view; ``static/presenter.js``): the cohort's shared things as
slides on the facilitator's projector, large type, no names ever, kept live.

Keys on the screen: → or Space the next slide, ← the previous one, Home and End the
first and last, F freezes the screen (what is shown stays while posts keep coming in),
B blanks it. Buttons do the same for a mouse or a touch screen. Model:
:mod:`commonground.pages.presenter`.

Under the screen, the room's controls (:class:`widgets.live_room.RoomControls`): move the
room to an activity, pause for everyone, a break, carry on.

Test hooks: ``view.screen.slides`` (what the browser is given), ``view.refresh()``,
``view.room``.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets as tr

from commonground.content.course import load_course
from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.pages.presenter import Presenter

from ._facilitator import facilitator_page
from .spaces._live import INTERVAL, LiveRefresh

__all__ = ["PresenterScreen", "PresenterView", "page"]


class PresenterScreen(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "presenter.js"

    slides: tr.List = tr.List().tag(sync=True)  # Slide.as_dict() for each slide
    title = tr.Unicode().tag(sync=True)  # the cohort's name, for the screen's label


class PresenterView(w.VBox):
    def __init__(self, store: Store, facilitator: Participant, live: bool = True,
                 interval: float = INTERVAL):
        self.model = Presenter(store, facilitator, load_course())
        self.screen = PresenterScreen(title=self.model.cohort_name)
        from .live_room import RoomControls

        self.room = RoomControls(store, facilitator, self.model.course)
        super().__init__([self.screen, self.room])
        self.add_class("cg-presenter")
        self.live = LiveRefresh(self.model.fingerprint, self.refresh, interval)
        self.refresh()
        self.live.mark_current()
        if live:
            self.live.start()

    def refresh(self) -> None:
        self.screen.slides = [s.as_dict() for s in self.model.slides()]

    def close(self) -> None:
        self.live.stop()
        super().close()


def page() -> w.Widget:
    """The presenter view, or a plain message for anyone who is not a facilitator."""
    return facilitator_page(
        lambda session: PresenterView(session.store, session.participant),
        "This page is for facilitators only: it is the screen they show the room. Your "
        "own modules are in the course outline.")
