"""What others in the cohort chose to share on a prompt: text only, no names, kept
up to date while the page is open."""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from commonground import Store, shared_reflections
from commonground.data.reflections import SharedReflection
from commonground.templates import render

from ._static import shared_layout, shared_style
from .spaces._live import LiveRefresh


class CohortReflections(w.HTML):
    """Anonymous reflections shared with the trainee's cohort on one prompt."""

    def __init__(self, store: Store, cohort_id: int, prompt_id: str, live: bool = True):
        self.store, self.cohort_id, self.prompt_id = store, cohort_id, prompt_id
        items = self._items()
        # Made with its text and class: one message, on the shared layout and style.
        super().__init__(_html(items), layout=shared_layout(), style=shared_style(HTMLStyle),
                         _dom_classes=("cg-shared-reflections",))
        self._live = LiveRefresh(self._fingerprint, self.refresh)
        self._live.mark_current(_fingerprint_of(items))
        if live:
            self._live.start()

    def _items(self) -> list[SharedReflection]:
        return shared_reflections(self.store, self.cohort_id, self.prompt_id)

    def _fingerprint(self) -> tuple:
        return _fingerprint_of(self._items())

    def refresh(self) -> None:
        items = self._items()
        self._live.mark_current(_fingerprint_of(items))  # what is drawn, read once
        self.value = _html(items)

    def stop(self) -> None:
        self._live.stop()


def _html(items: list[SharedReflection]) -> str:
    return render("course/shared_reflections.html", texts=[r.text for r in items])


def _fingerprint_of(items: list[SharedReflection]) -> tuple:
    return tuple((r.submitted_at, r.text) for r in items)
