"""The pack's front page (index.html): what each file is for, in the order a
facilitator needs them. Its words are in commonground/templates/pack/index.html."""

from __future__ import annotations

from ..content.course import Course
from ..scenario.model import Scenario
from ..templates import render

__all__ = ["index_html"]


def index_html(course: Course, scenarios: dict[str, Scenario]) -> str:
    return render("pack/index.html", title=f"{course.title}: facilitator's pack",
                  course=course, scenarios=scenarios)
