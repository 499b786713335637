"""An LMS launch over HTTP, with a real LTI 1.3 platform written by others
(``harness.lti_platform``: lti1p3platform) and the course's own LTI pages: the login,
the launch, the people and cohorts it makes, and every refusal (in words, writing
nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx
import pytest
from sqlalchemy import func, select

from commonground.data import _schema

pytestmark = pytest.mark.server

FORM = re.compile(r'action="(?P<action>[^"]+)".*name="id_token" value="(?P<id_token>[^"]+)"'
                  r'.*name="state" value="(?P<state>[^"]+)"', re.S)


@dataclass
class Launched:
    answer: httpx.Response  # the course's answer to the launch post
    form: dict[str, str]  # what the platform posted
    cookies: dict[str, str]  # the course's cookies in this browser, before the launch


def _cookies_from(answer: httpx.Response, jar: dict[str, str]) -> None:
    for header in answer.headers.get_list("set-cookie"):
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0]
        if "Max-Age=0" in header:
            jar.pop(name.strip(), None)
        else:
            jar[name.strip()] = value


def _get(url: str, jar: dict[str, str] | None = None) -> httpx.Response:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
    return httpx.get(url, headers=headers, follow_redirects=False, timeout=30)


def authorise(lms, **params: str) -> tuple[dict[str, str], dict[str, str]]:
    """A browser's launch up to the post: the LMS's start, the course's login (and its
    cookie check), the LMS's authorisation form. The form, and the course's cookies."""
    tool_jar: dict[str, str] = {}
    answer = _get(lms.start(**params))
    assert answer.status_code in (302, 303, 307), answer.text
    url = answer.headers["location"]
    for _ in range(4):  # the course's login: its cookie check, then the LMS
        answer = _get(url, tool_jar)
        _cookies_from(answer, tool_jar)
        assert answer.status_code in (302, 303, 307), answer.text
        url = urljoin(url, answer.headers["location"])
        if url.startswith(lms.url):
            break
    page = _get(url)
    assert page.status_code == 200, page.text
    return FORM.search(page.text).groupdict(), tool_jar


def launch(lms, **params: str) -> Launched:
    form, jar = authorise(lms, **params)
    return Launched(post(form, jar), form, jar)


def post(form: dict[str, str], jar: dict[str, str]) -> httpx.Response:
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())} if jar else {}
    return httpx.post(form["action"], data={"id_token": form["id_token"],
                                            "state": form["state"]},
                      headers=headers, follow_redirects=False, timeout=30)


def counts(store) -> dict[str, int]:
    names = ("cohorts", "participants", "links", "lti_people", "lti_contexts")
    with store.read() as conn:
        return {n: conn.execute(select(func.count()).select_from(
            _schema.metadata.tables[n])).scalar() for n in names}


def _signed_in_as(store, answer: httpx.Response):
    jar: dict[str, str] = {}
    _cookies_from(answer, jar)
    return store.people.for_token(jar["cg_link"])


def test_a_learner_lands_on_the_module_the_link_names_signed_in(store, lms):
    done = launch(lms, who="learner", sub="sub-ana", name="Ana Lee",
                  module="01_safe_environment")
    assert done.answer.status_code == 303, done.answer.text
    assert done.answer.headers["location"] == "/voila/render/01_safe_environment.ipynb"
    cookie = next(h for h in done.answer.headers.get_list("set-cookie")
                  if h.startswith("cg_link=") and "Max-Age=0" not in h)
    assert all(word in cookie for word in ("HttpOnly", "SameSite=None", "Secure", "Partitioned"))
    person = _signed_in_as(store, done.answer)
    assert (person.kind, person.display_name, person.cohort_name) == (
        "trainee", "Ana Lee", "Northside Team 2026")
    assert done.form["id_token"] not in done.answer.headers["location"]


def test_an_instructor_lands_on_the_dashboard_of_the_same_cohort(store, lms):
    learner = _signed_in_as(store, launch(lms, who="learner", sub="sub-ana").answer)
    done = launch(lms, who="instructor", sub="sub-robin", name="Robin Teacher")
    assert done.answer.headers["location"] == "/voila/render/facilitator_dashboard.ipynb"
    person = _signed_in_as(store, done.answer)
    assert person.is_facilitator and person.cohort_id == learner.cohort_id


def test_the_person_is_their_sub_not_their_name(store, lms):
    first = _signed_in_as(store, launch(lms, sub="sub-1", name="Sam Park").answer)
    again = _signed_in_as(store, launch(lms, sub="sub-1", name="Samantha Park").answer)
    namesake = _signed_in_as(store, launch(lms, sub="sub-2", name="Sam Park").answer)
    assert again.id == first.id and namesake.id != first.id
    other_course = _signed_in_as(store, launch(lms, sub="sub-1", context="course-202",
                                               title="Southside").answer)
    assert other_course.id != first.id and other_course.cohort_name == "Southside"


def test_a_module_the_course_does_not_have_lands_on_the_welcome_page(lms):
    done = launch(lms, who="learner", sub="sub-x", module="../../etc/passwd")
    assert done.answer.headers["location"] == "/voila/render/00_welcome.ipynb"


@pytest.mark.parametrize(("spoil", "words"), [
    ("audience", "meant for another tool"),
    ("expired", "expired"),
    ("signature", "not signed by Test LMS"),
    ("deployment", "deployment of Test LMS the course does not know"),
])
def test_a_launch_the_course_must_not_trust_is_refused_in_words_and_writes_nothing(
        store, lms, spoil, words):
    before = counts(store)
    done = launch(lms, who="learner", sub="sub-z", spoil=spoil)
    assert done.answer.status_code == 403
    assert words in done.answer.text and "<h1>The course could not sign you in</h1>" in (
        done.answer.text)
    assert "cg_link" not in done.answer.headers.get("set-cookie", "")
    assert counts(store) == before


def test_a_replayed_launch_is_refused_and_writes_nothing(store, lms):
    done = launch(lms, who="learner", sub="sub-r")
    assert done.answer.status_code == 303
    before = counts(store)
    again = post(done.form, done.cookies)
    assert again.status_code == 403 and "already been used" in again.text
    assert counts(store) == before


def test_a_launch_posted_from_another_browser_is_refused(store, lms):
    form, jar = authorise(lms, who="learner", sub="sub-c")
    before = counts(store)
    elsewhere = post(form, {})  # without the cookie of the browser that logged in
    assert elsewhere.status_code == 403 and "another browser" in elsewhere.text
    assert counts(store) == before
    assert post(form, jar).status_code == 303  # its own browser still can, once


def test_an_lms_the_course_is_not_registered_with_is_refused_at_login(store, lms):
    tool = lms.tool
    answer = _get(f"{tool}lti/login?iss=https%3A%2F%2Flms.elsewhere.example&login_hint=x")
    assert answer.status_code == 400
    assert "not registered with" in answer.text


def test_the_course_serves_its_keys_and_keeps_old_ones_after_a_rotation(store, lms, lti_keys):
    from commonground.lti import keys

    first = _get(f"{lms.tool}lti/jwks").json()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and "d" not in first[0]
    keys.rotate(lti_keys)
    second = _get(f"{lms.tool}lti/jwks").json()["keys"]
    assert second[0]["kid"] == first[0]["kid"] and len(second) == 2


def test_the_course_may_be_framed_by_the_registered_lms_only(lms):
    answer = _get(f"{lms.tool}lti/jwks")
    assert answer.headers["content-security-policy"] == f"frame-ancestors 'self' {lms.url}"


def _form_fields(html: str) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form method="post" action="([^"]+)"', html)[1]
    return action, dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"',
                                   html))


def test_a_teacher_adds_two_modules_from_the_lms_picker_one_graded(store, lms):
    done = launch(lms, who="instructor", sub="sub-t", deep_link="1")
    assert done.answer.status_code == 200, done.answer.text
    assert "Add Common Ground modules to Test LMS" in done.answer.text
    assert "<legend>Creating a safe environment</legend>" in done.answer.text
    action, hidden = _form_fields(done.answer.text)
    before = counts(store)
    url = urljoin(lms.tool, action)
    none = httpx.post(url, data={"key": hidden["key"]}, timeout=30)
    assert none.status_code == 400 and "Choose at least one" in none.text
    chosen = httpx.post(url, data={"key": hidden["key"], "graded": "02_meeting_and_learning",
                                   "module": ["01_safe_environment", "02_meeting_and_learning"]},
                        timeout=30)
    assert chosen.status_code == 200 and "Ready to add 2 modules to Test LMS" in chosen.text
    back, signed = _form_fields(chosen.text)
    assert back == f"{lms.url}/deeplink-return"
    received = httpx.post(back, data=signed, timeout=30)  # the LMS checks it with our JWKS
    assert received.status_code == 200, received.text
    [items] = lms.deep_links
    assert [(i["custom"]["module"], "lineItem" in i) for i in items] == [
        ("01_safe_environment", False), ("02_meeting_and_learning", True)]
    assert items[1]["lineItem"]["scoreMaximum"] == 1
    again = httpx.post(url, data={"key": hidden["key"], "graded": "01_safe_environment"},
                       timeout=30)
    assert again.status_code == 409 and "already been sent" in again.text
    assert counts(store) == before  # choosing modules signs nobody in


def test_a_learner_cannot_open_the_picker(store, lms):
    before = counts(store)
    done = launch(lms, who="learner", sub="sub-l", deep_link="1")
    assert done.answer.status_code == 403 and "Only a teacher" in done.answer.text
    assert counts(store) == before
