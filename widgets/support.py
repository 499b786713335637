"""The support note (view): the one list of support lines, from content/support_lines.yaml.

Every module that talks about distress shows it with ``course.support_note()``, so every
module shows the same numbers.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from commonground.content.support_lines import SupportLines, load_support_lines
from commonground.templates import render

from ._static import shared_layout, shared_style

__all__ = ["SupportNote", "support_html"]

LEAD = "If this brings things up for you, you do not have to manage it alone."


def support_html(lines: SupportLines) -> str:
    """The note as HTML: every line with a number people can tap, then work supports."""
    return render("course/support.html", lead=LEAD, lines=lines)


class SupportNote(w.HTML):
    """The support lines as one note."""

    def __init__(self, lines: SupportLines | None = None):
        super().__init__(support_html(lines or load_support_lines()), layout=shared_layout(),
                         style=shared_style(HTMLStyle))
        self.add_class("cg-support-note")
