"""The law where you work, on paper (law.pdf): the national overview, then each state,
territory and the Commonwealth on a page of its own, then the notes on working across a
border. The same statements as module 05's law panel (content/jurisdictions.yaml), each
with its Act and section (or policy), its source written out, and "General information,
not legal advice, as at <date>". A facilitator prints the pages for their cohort."""

from __future__ import annotations

from ..content.course import Course
from ..content.jurisdictions import Jurisdictions
from ..templates import render

__all__ = ["law_html"]


def law_html(course: Course, law: Jurisdictions) -> str:
    return render("pack/law.html", title=f"{course.title}: the law where you work",
                  course=course, overview=law.overview, entries=law.entries,
                  notes=law.cross_border)
