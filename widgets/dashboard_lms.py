"""The facilitator dashboard's "From your LMS" section (view), for a cohort made from an
LMS course: a button that brings the LMS course's roster in. New people get places;
those no longer in the LMS course are listed for the facilitator to remove. Model:
:meth:`commonground.pages.dashboard.Dashboard.pull_roster`.
"""

from __future__ import annotations

import ipywidgets as w

from commonground.pages.dashboard import Dashboard
from commonground.templates import render

from ._errors import MessageArea, guarded

__all__ = ["LmsSection"]


class LmsSection(w.VBox):
    """Empty for a cohort that did not come from an LMS."""

    def __init__(self, model: Dashboard, message: MessageArea):
        self.model = model
        self.message = message
        on = guarded(message)
        self.pull_button = w.Button(description="Bring in the LMS course's people",
                                    icon="users")
        self.pull_button.on_click(on(lambda _b: self.pull()))
        self.result = w.HTML()
        children: list[w.Widget] = []
        if model.has_lms_roster():
            children = [w.HTML(render(
                "dashboard/heading.html", title="From your LMS",
                note="People who joined the LMS course get a place here; anyone no longer "
                     "in it is listed for you to remove (nobody is removed for you).")),
                self.pull_button, self.result]
        super().__init__(children)
        self.add_class("cg-lms")

    def pull(self) -> None:
        """Test hook: press the button."""
        summary = self.model.pull_roster()
        self.result.value = render("dashboard/lms_roster.html", summary=summary)
