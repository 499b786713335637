"""The facilitator dashboard's "State or territory" setting (view).

The facilitator ticks where the cohort works; module 05's law panel then shows the
trainees that law (side by side across a border). Model:
:class:`commonground.pages.law.CohortLaw`.
"""

from __future__ import annotations

import ipywidgets as w

from commonground.pages.law import CohortLaw
from commonground.templates import render

from ._errors import MessageArea, guarded
from .checklist import CheckList

__all__ = ["LawSetting"]

NOTE = (
    "Module 05 shows each trainee the law where your cohort works: information sharing, "
    "who must report and where, family violence risk frameworks and privacy. Tick more "
    "than one for a partnership across a border. Tick none to let each trainee pick."
)


class LawSetting(w.VBox):
    def __init__(self, model: CohortLaw, message: MessageArea):
        self.model = model
        self.message = message
        self.places = CheckList("Where your cohort works", model.options(),
                                value=model.chosen())
        self.save_button = w.Button(description="Save state or territory", icon="save",
                                    button_style="primary",
                                    tooltip="Show the trainees the law of the ticked places")
        self.now = w.HTML(render("dashboard/law_now.html", words=model.describe(model.chosen())))
        self.save_button.on_click(guarded(message)(lambda _b: self.save()))
        super().__init__([
            w.HTML(render("dashboard/heading.html", title="State or territory", note=NOTE)),
            self.now, self.places, self.save_button,
        ])
        self.add_class("cg-law-setting")

    # -- test hooks (and the button) ------------------------------------------------
    def choose(self, *codes: str) -> None:
        """Tick exactly these codes, as a click on each box would, and press Save."""
        self.places.tick(list(codes))
        self.save_button.click()

    def save(self) -> None:
        words = self.model.choose(str(code) for code in self.places.value)
        self.now.value = render("dashboard/law_now.html",
                                words=self.model.describe(self.model.chosen()))
        self.message.show(words, "info")
