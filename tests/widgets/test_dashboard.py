"""The facilitator's page as sections a facilitator recognises, without a kernel: the
navigation and what each section holds, and no trainee's controls anywhere on it."""

from __future__ import annotations

import ipywidgets as w

from commonground.spaces import Agreement, ElephantBox
from tests._cohorts import facilitator_of
from tests._widgets import walk
from widgets import dashboard
from widgets.spaces import AgreementView, ElephantBoxView

TRAINEE_ONLY = ("Put it in the box", "I endorse this", "Take back my endorsement",
                "Add my suggestion", "The elephant in the room (anonymous):",
                "Suggest a ground rule:")


def _words(widget: w.Widget) -> str:
    return "\n".join(str(getattr(x, n, "") or "") for x in walk(widget)
                     for n in ("value", "description", "placeholder", "tooltip", "label"))


def test_sections_a_facilitator_recognises(store, cohort, trainee):
    store.reflections.submit(trainee.id, "01_safe_environment", "safe-env-power",
                             "For you.", "facilitator")
    view = dashboard.DashboardView(store, facilitator_of(store, cohort), live=False)
    try:
        nav = view.page.nav
        assert nav.label == "Sections of the facilitator's page"
        assert [words for _key, words in nav.sections] == [
            "Today", "People", "Feedback", "Shared spaces", "Results", "Settings"]
        assert view.page.current == "today"
        shown = [k for k, p in view.page.panels.items() if p.layout.display != "none"]
        assert shown == ["today"]
        assert "1 trainee in your cohort" in view.today.value
        assert "1 reflection is waiting for your feedback" in view.today.value
        view.show_section("spaces")
        shown = [k for k, p in view.page.panels.items() if p.layout.display != "none"]
        assert shown == ["spaces"]
        spaces = view.page.panels["spaces"]
        assert view.elephants in list(walk(spaces)) and view.agreement in list(walk(spaces))
        assert view.people in list(walk(view.page.panels["people"]))
        assert view.feedback_box in list(walk(view.page.panels["feedback"]))
        assert view.assessment in list(walk(view.page.panels["settings"]))
        assert view.evaluation in list(walk(view.page.panels["results"]))
        every_part = set(map(id, walk(view.page)))
        assert all(id(part) in every_part for part in view.sections.values())
        nav.current = "results"  # as the browser sets it
        assert view.page.panels["results"].layout.display is None
    finally:
        view.close()


def test_no_trainee_controls_on_the_facilitators_page(store, cohort, trainee):
    Agreement(store, trainee).suggest("Phones away", anonymous=False)
    ElephantBox(store, trainee).add("Nobody says it.")
    view = dashboard.DashboardView(store, facilitator_of(store, cohort), live=False)
    try:
        seen = _words(view)
        assert "Phones away" in seen and "Finalise the agreement" in seen
        for words in TRAINEE_ONLY:
            assert words not in seen, words
    finally:
        view.close()
    # the trainee's own page keeps them
    for view in (ElephantBoxView(store, trainee, live=False),
                 AgreementView(store, trainee, live=False)):
        try:
            seen = _words(view)
        finally:
            view.close()
        assert "Put it in the box" in seen or "I endorse this" in seen
