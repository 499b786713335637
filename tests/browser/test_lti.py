"""Launching the course from an LMS, in Chromium: a real LTI 1.3 platform written by
others (``harness.lti_platform``, lti1p3platform) on ``localhost``, the course under
``commonground serve`` on ``127.0.0.1`` (another site). A learner lands on the module the
link names, signed in, and completing it sends 1 of 1 to the LMS's gradebook; an
instructor on the facilitator's dashboard, where they bring the LMS course's roster in;
a teacher adds two modules from the LMS's picker; a launch in the LMS's frame works, and
where the browser blocks the course's cookies in a frame, the page offers a new window,
which works."""

from __future__ import annotations

import json
import re

import pytest

from commonground import open_store
from harness.browser import course_server, wait_for
from harness.lti_platform import INSTRUCTOR, LEARNER, lti_platform
from tests.browser._sections import open_section

from .test_a11y import violations

pytestmark = pytest.mark.browser

MODULE_HEADING = "Creating a safe environment"


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The test LMS, registered with the course (as `commonground lti add-platform` does),
    then `commonground serve`."""
    tmp = tmp_path_factory.mktemp("lti")
    url = f"sqlite:///{tmp / 'course.db'}"
    with lti_platform("") as lms:
        store = open_store(url)
        lms.register_with(store)
        with course_server(url, tmp / "serve.log") as base:
            lms.tool = base + "/"
            yield lms, store, tmp / "serve.log"
        store.dispose()


def _signed_in(page, name: str) -> None:
    page.get_by_text(f"Signed in as {name}").wait_for()


def test_a_learner_launches_in_a_new_window_onto_their_module(course, page):
    lms, store, log = course
    page.goto(f"{lms.url}/course?who=learner&sub=ana-sub&name=Ana+Lee"
              "&module=01_safe_environment&graded=1")
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Common Ground").click()
    tool = opened.value
    tool.set_default_timeout(90_000)
    _signed_in(tool, "Ana Lee")
    assert tool.url.endswith("/voila/render/01_safe_environment.ipynb")
    assert tool.get_by_role("heading", name=MODULE_HEADING).count() >= 1
    [person] = [p for p in store.people.members(
        store.people.cohort("Northside Team 2026").id) if p.display_name == "Ana Lee"]
    assert person.kind == "trainee"
    assert "id_token" not in log.read_text(encoding="utf-8")
    # Completing the module sends 1 of 1 to the LMS's gradebook (the server's outbox).
    tool.get_by_role("button", name="Mark this module complete").click()
    assert wait_for(lambda: [s["scoreGiven"] for s in lms.scores
                             if s["userId"] == "ana-sub"][-1:] == [1.0], 60)
    assert lms.scores[-1]["activityProgress"] == "Completed"


def test_an_instructor_lands_on_the_facilitators_dashboard(course, page):
    lms, _, _ = course
    page.goto(lms.start(who="instructor", sub="robin-sub", name="Robin Teacher"))
    page.get_by_text("Northside Team 2026").first.wait_for()
    assert page.url.endswith("/voila/render/facilitator_dashboard.ipynb")
    # The LMS course's roster, brought in from the dashboard (through the page's kernel).
    lms.roster["course-101"] = [
        {"user_id": "robin-sub", "name": "Robin Teacher", "roles": [INSTRUCTOR]},
        {"user_id": "dee-sub", "name": "Dee New", "roles": [LEARNER]}]
    open_section(page, "People")
    page.get_by_role("button", name="Bring in the LMS course's people").click()
    page.get_by_text(re.compile(r"1 new from the LMS \(Dee New\)")).wait_for()


def test_feedback_on_the_dashboard_reaches_the_gradebook_with_the_comment_when_ticked(
        course, page):
    """After the learner's journey: Ana shares a reflection of her graded module."""
    lms, store, _ = course
    [ana] = [p for p in store.people.members(store.people.cohort("Northside Team 2026").id)
             if p.display_name == "Ana Lee"]
    store.reflections.submit(ana.id, "01_safe_environment", "safe-env-power",
                             "Ana's own words about power", "facilitator")
    assert wait_for(lambda: [s["gradingProgress"] for s in lms.scores
                             if s["userId"] == "ana-sub"][-1:] == ["PendingManual"], 60)
    page.goto(lms.start(who="instructor", sub="robin-sub", name="Robin Teacher"))
    page.get_by_text("Northside Team 2026").first.wait_for()
    open_section(page, "Feedback")
    page.get_by_label("Your feedback:").fill("Well seen: the family holds the power here.")
    page.get_by_role("button", name="Complete", exact=True).click()
    page.get_by_label("Send my comment to Test LMS too").check()
    page.get_by_role("button", name="Send feedback").click()
    page.get_by_text("Feedback sent to Ana Lee").wait_for()
    assert wait_for(lambda: [s.get("comment") for s in lms.scores
                             if s["userId"] == "ana-sub"][-1:] == [
        "Well seen: the family holds the power here."], 60)
    last = [s for s in lms.scores if s["userId"] == "ana-sub"][-1]
    assert (last["scoreGiven"], last["activityProgress"], last["gradingProgress"]) == (
        1.0, "Completed", "FullyGraded")
    assert "own words" not in json.dumps(lms.scores)


def test_a_teacher_adds_two_modules_from_the_lms_picker(course, page):
    lms, _, _ = course
    page.goto(lms.start(who="instructor", sub="robin-sub", name="Robin Teacher",
                        deep_link="1"))
    page.get_by_role("heading", name="Add Common Ground modules to Test LMS").wait_for()
    page.get_by_role("group", name="Creating a safe environment").get_by_label(
        "Add this module").check()
    page.get_by_role("group", name="Meeting and learning together").get_by_label(
        "Graded (complete or not yet)").check()
    page.get_by_role("button", name="Add the chosen modules").click()
    page.get_by_role("button", name="Add to Test LMS").click()
    page.get_by_role("heading", name="Added to the course").wait_for()
    items = lms.deep_links[-1]
    assert [(i["custom"]["module"], "lineItem" in i) for i in items] == [
        ("01_safe_environment", False), ("02_meeting_and_learning", True)]


def test_a_launch_inside_the_lms_frame_signs_in_within_the_frame(course, page):
    lms, _, _ = course
    page.goto(f"{lms.url}/course?frame=1&who=learner&sub=ben-sub&name=Ben+Cho"
              "&module=01_safe_environment")
    frame = page.frame_locator("#tool")
    frame.get_by_text("Signed in as Ben Cho").wait_for()
    frame.get_by_role("heading", name=MODULE_HEADING).first.wait_for()


def test_where_the_frame_may_keep_no_cookies_the_page_offers_a_new_window(course, tmp_path,
                                                                          browser):
    """Chromium told (by its own cookie settings, as a person or an organisation can)
    to keep no cookies of the course inside the LMS's pages."""
    from harness.browser import CHROMIUM, CHROMIUM_ARGS, refuse_in_fast_tier

    lms, _, _ = course
    tool = lms.tool.rstrip("/")
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    blocked = {f"{tool},{lms.url}": {"setting": 2}}  # the course's cookies, in the LMS
    (profile / "Default" / "Preferences").write_text(json.dumps(
        {"profile": {"content_settings": {"exceptions": {"cookies": blocked}}}}))
    refuse_in_fast_tier("Chromium")
    context = browser.browser_type.launch_persistent_context(  # its own profile
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"{lms.url}/course?frame=1&who=learner&sub=cy-sub&name=Cy+Tan"
                  "&module=01_safe_environment")
        frame = page.frame_locator("#tool")
        frame.get_by_role("heading", name="Open Common Ground in a new window").wait_for()
        with page.expect_popup() as opened:
            frame.get_by_role("link", name="Open in a new window").click()
        window = opened.value
        window.set_default_timeout(90_000)
        _signed_in(window, "Cy Tan")
        assert window.url.endswith("/voila/render/01_safe_environment.ipynb")
    finally:
        context.close()


def test_a_refused_launch_is_a_plain_page_in_words_at_any_width(course, browser):
    lms, _, _ = course
    context = browser.new_context(bypass_csp=True)  # the page runs no script; axe must
    page = context.new_page()
    try:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(lms.start(who="learner", sub=f"late-{width}", spoil="expired"))
            page.get_by_role("heading", name="The course could not sign you in").wait_for()
            page.get_by_role("alert").filter(has_text="This sign-in has expired.").wait_for()
            assert violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_after_dynamic_registration_the_page_closes_the_lms_dialog(course, page, browser,
                                                                  tmp_path):
    """Last in this file: it registers the test LMS again (a client id of its own)."""
    from urllib.parse import urlencode

    from commonground.lti.dynamic import registration_invite
    from commonground.lti.settings import key_folder
    from harness.lti_platform import REGISTRATION_TOKEN

    lms, store, _ = course
    invite = registration_invite(key_folder(store.engine.url.render_as_string(False)))
    register = f"{lms.tool}lti/register?" + urlencode({
        "invite": invite, "registration_token": REGISTRATION_TOKEN,
        "openid_configuration": f"{lms.url}/.well-known/openid-configuration"})
    # In the LMS's dialog (a frame on another site), under the page's own policy (its
    # one script allowed by its nonce): the LMS is told to close it.
    page.goto(f"{lms.url}/registration-dialog?" + urlencode({"url": register}))
    page.get_by_text("Dialog closed").wait_for()
    assert page.locator("#tool").count() == 0 and len(lms.registrations) == 1
    context = browser.new_context(bypass_csp=True)  # for axe
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        # Opened on its own, with no LMS window to tell: the button says what to do.
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(register)
            page.get_by_role("heading", name="Common Ground is registered").wait_for()
            button = page.get_by_role("button", name="Close and go back to Testlms")
            button.focus()
            page.keyboard.press("Enter")
            page.get_by_text("You can close this window or tab now").wait_for()
            assert violations(page) == []
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.screenshot(path=str(tmp_path / f"registered-{width}.png"))
    finally:
        context.close()
