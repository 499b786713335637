"""The feedback workspace's view: filters, history, corrections, trainee words as text."""

from __future__ import annotations

import html

import pytest

from commonground import ReflectionModel
from commonground.pages.feedback import FeedbackWorkspace
from tests._cohorts import facilitator_of
from widgets._errors import message_area
from widgets.dashboard_feedback import FeedbackWorkspaceView

SAFE, POWER = "01_safe_environment", "safe-env-power"
WELCOME, WHY = "00_welcome", "welcome-why-here"


@pytest.fixture
def view(store, cohort):
    def make():
        facilitator = facilitator_of(store, cohort)
        return FeedbackWorkspaceView(FeedbackWorkspace(store, facilitator), message_area())
    return make


def _text(row) -> str:
    return html.unescape(row.children[0].value)


def test_filters_narrow_the_list_and_words_are_text(store, course, view, trainee,
                                                      other_trainee):
    r = store.reflections
    r.submit(trainee.id, SAFE, POWER, "<img src=x onerror=alert(1)> Ana", "facilitator")
    r.submit(other_trainee.id, WELCOME, WHY, "Ben says hi", "facilitator")
    v = view()
    assert len(v.shown) == 2
    assert "Module 1:" in v.counts.value and "Module 0:" in v.counts.value
    raw = " ".join(row.children[0].value for row in v.rows.values())
    assert "&lt;img src=x" in raw and "<img" not in raw
    assert "safe-env-power" not in raw and SAFE not in raw  # words, never ids
    v.choose(module=SAFE)
    assert [t.name for t in v.shown] == ["Ana Lee"]
    assert [label for label, _ in v.prompt.options][1:] == [v.shown[0].title]
    v.choose(module="", person=str(other_trainee.id))
    assert [t.name for t in v.shown] == ["Ben Cho"]
    v.choose(person="")
    v.send(0, "Thanks, Ana.", "complete")
    assert "Feedback sent to Ana Lee" in v.message.value
    v.choose(awaiting_only=True)
    assert [t.name for t in v.shown] == ["Ben Cho"]


def test_feedback_stays_visible_and_a_correction_keeps_the_history(store, course, view,
                                                                   trainee):
    store.reflections.submit(trainee.id, SAFE, POWER, "First try", "facilitator")
    v = view()
    v.send(0, "Not yet: say more.", "not_yet")
    [row] = v.rows.values()
    assert "Not yet: say more." in _text(row)  # sent feedback stays on the page
    box, _grading, _lms, button = row.children[1].children
    assert box.value == "Not yet: say more." and button.description == "Send the correction"
    v.send(0, "My mistake: complete.", "complete")
    assert "Correction sent to Ana Lee" in v.message.value
    [row] = v.rows.values()
    shown = _text(row)
    assert shown.index("Not yet: say more.") < shown.index("My mistake: complete.")
    assert "Replaced by the correction below" in shown
    seen = ReflectionModel(store, trainee, course.prompt(POWER, SAFE)).feedback
    assert [f.comment for f in seen] == ["My mistake: complete."]

    store.reflections.submit(trainee.id, SAFE, POWER, "Second try", "facilitator")
    v.draw()
    [row] = v.rows.values()
    shown = _text(row)
    assert shown.index("First try") < shown.index("My mistake") < shown.index("Second try")
    assert "Awaiting your feedback" in shown
    assert row.children[1].children[3].description == "Send feedback"


def test_nothing_shared_says_so(view):
    v = view()
    assert "Nobody has shared a reflection with you yet" in v.counts.value
    assert "Nothing is waiting for feedback" in v.status.value


def test_send_my_comment_to_the_lms_is_offered_only_for_an_lms_graded_module(store, course,
                                                                             view, trainee):
    store.reflections.submit(trainee.id, SAFE, POWER, "First try", "facilitator")
    v = view()
    [row] = v.rows.values()
    lms_box = row.children[1].children[2]
    assert lms_box.layout.display == "none"  # no LMS grades this module
    platform = store.lti.add(issuer="https://moodle.example.org", client_id="cg",
                             auth_login_url="https://moodle.example.org/mod/lti/auth.php",
                             jwks_url="https://moodle.example.org/mod/lti/certs.php",
                             name="Moodle")
    store.lti_marks.track(trainee.id, SAFE, platform.id, "moodle-7",
                          "https://moodle.example.org/mod/lti/services.php/2/lineitems/5")
    v = view()
    [row] = v.rows.values()
    lms_box = row.children[1].children[2]
    assert lms_box.layout.display is None and lms_box.value is False  # off by default
    assert lms_box.description == "Send my comment to Moodle too"
    v.send(0, "Well said.", "complete", to_lms=True)
    [given] = store.reflections.feedback_for_facilitator(trainee.id, POWER)
    assert (given.comment, given.to_lms) == ("Well said.", True)
    [row] = v.rows.values()
    assert row.children[1].children[2].value is True  # the correction starts from it
