"""A page in sections, one shown at a time, with a navigation to move between them
(view; ``static/sections.js``).

The navigation is a labelled ``<nav>`` of native buttons (keyboard: Tab, then Enter or
Space), the section shown marked ``aria-current``; it wraps on a narrow screen. Each
section is an ordinary box of widgets, hidden with its own layout while another is shown.

Test hooks: ``sections.show(key)``, ``sections.current``, ``sections.panels``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets as tr

__all__ = ["SectionNav", "Sections"]


class SectionNav(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "sections.js"

    label = tr.Unicode().tag(sync=True)  # the navigation's name for screen readers
    sections: tr.List = tr.List().tag(sync=True)  # [[key, words], ...]
    current = tr.Unicode().tag(sync=True)

    @tr.validate("current")
    def _known(self, proposal: tr.Bunch) -> str:
        value = proposal["value"]
        if value not in {key for key, _ in self.sections}:
            raise tr.TraitError(f"{value!r} is not one of the sections")
        return value


class Sections(w.VBox):
    """The navigation and, under it, the section it shows."""

    def __init__(self, label: str, sections: Sequence[tuple[str, str, Sequence[w.Widget]]]):
        self.panels: dict[str, w.VBox] = {}
        for key, _words, children in sections:
            panel = w.VBox(list(children))  # its own layout: shown and hidden
            panel.add_class("cg-panel")
            panel.add_class(f"cg-panel-{key}")
            self.panels[key] = panel
        first = sections[0][0]
        self.nav = SectionNav(label=label,
                              sections=[[key, words] for key, words, _ in sections],
                              current=first)
        self.nav.observe(lambda _change: self._show(), names="current")
        super().__init__([self.nav, *self.panels.values()])
        self.add_class("cg-sectioned")
        self._show()

    @property
    def current(self) -> str:
        return str(self.nav.current)

    def show(self, key: str) -> None:
        self.nav.current = key

    def _show(self) -> None:
        for key, panel in self.panels.items():
            panel.layout.display = None if key == self.nav.current else "none"
