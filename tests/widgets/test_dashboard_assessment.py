"""The dashboard's "How reflections are assessed": the LMS's keep-complete rule is offered
only to a cohort that came from an LMS, and sets the cohort's setting."""

from __future__ import annotations

from commonground.pages.dashboard import Dashboard
from tests._cohorts import facilitator_of
from widgets._errors import message_area
from widgets.dashboard_assessment import AssessmentSection


def test_the_keep_complete_rule_is_offered_to_an_lms_cohort_only(store, cohort):
    board = Dashboard(store, facilitator_of(store, cohort))
    section = AssessmentSection(board, message_area())
    assert section.keeps.layout.display == "none"
    store.lti.link_context("https://moodle.example.org", "course-7", cohort.id)
    section = AssessmentSection(board, message_area())
    assert section.keeps.layout.display is None and section.keeps.value is False
    assert section.keeps.description == "Once complete in the LMS, stays complete"
    section.keeps.value = True
    assert board.assessment().lms_keeps_complete is True
    assert "stays complete there" in section.summary.value
