"""Module 05's law panel (view): the law where the trainee's cohort works, side by side
when it works across a border, or a labelled picker (a keyboard-usable drop-down that
starts at the person's own earlier pick, or the national overview) where no state or
territory is chosen for them; a pick is kept for that person (nobody else sees it).

The model is :class:`commonground.pages.law.LawPanel`; the HTML is
``course/law.html``. Every statement shows its Act and section (or policy), its source and
"General information, not legal advice, as at <date>".
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from commonground.pages.law import NATIONAL, PICK_LABEL, LawPanel
from commonground.templates import render

from ._errors import guarded, message_area
from ._static import light, shared_layout, text_html

__all__ = ["LawPanelView", "law_html"]


def law_html(panel: LawPanel, pick: str = NATIONAL) -> str:
    """The panel's HTML for ``pick`` (ignored where the cohort's jurisdictions are set)."""
    overview = panel.law.overview if panel.picks and pick == NATIONAL else None
    return render("course/law.html", intro=panel.intro, overview=overview,
                  cards=panel.cards(pick), notes=panel.notes(pick))


class LawPanelView(w.VBox):
    """The law panel. ``pick(code)`` is the test hook for the picker; ``remember`` keeps
    a pick for the person (it returns the words that say so)."""

    def __init__(self, panel: LawPanel, remember: Callable[[str], str] | None = None):
        self.panel = panel
        self.remember = remember
        start = panel.start if panel.picks else NATIONAL
        self.body = text_html(law_html(panel, start))
        self.picker: w.Dropdown | None = None
        self.message = message_area()
        children: list[w.Widget] = []
        if panel.picks:
            self.picker = light(w.Dropdown, options=list(panel.options()), value=start,
                                description=PICK_LABEL)
            self.picker.add_class("cg-law-picker")
            self.picker.observe(guarded(self.message)(self._show), names="value")
            children = [self.picker, self.message]
        super().__init__([*children, self.body], layout=shared_layout())
        self.add_class("cg-law-panel")

    def _show(self, _change: object = None) -> None:
        assert self.picker is not None
        code = str(self.picker.value)
        self.body.value = law_html(self.panel, code)
        if self.remember is not None:
            self.message.show(self.remember(code))

    def pick(self, code: str) -> None:
        """Choose ``code`` (or ``NATIONAL``) in the picker, as a person would."""
        if self.picker is None:
            raise ValueError("this cohort's state or territory is already chosen")
        self.picker.value = code
