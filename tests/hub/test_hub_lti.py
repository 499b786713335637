"""An LMS launch on JupyterHub: a real hub and proxy (deploy/jupyterhub/jupyterhub_config.py,
the course as its service), a real LTI 1.3 platform (``harness.lti_platform``:
lti1p3platform) registered with the hub's addresses (``/hub/lti/login``,
``/hub/lti/launch``, ``/hub/lti/jwks``), one course database on PostgreSQL and Chromium.

A learner launches from the LMS through the hub, lands on the module the link names,
signed in as themselves, and writes a draft; a second learner launching in the same
browser after them is logged in to the hub as themselves and sees none of it; a forged or
expired sign-in is refused in words and writes nothing; no ``id_token`` is in the hub's
log (which holds the service's); a graded launch's mark reaches the LMS from the course
service. Run with ``--hub``.
"""

from __future__ import annotations

import re
import secrets
import time
from urllib.parse import parse_qs

import pytest
from sqlalchemy import func, select

from commonground import open_store
from commonground.data import _schema as t
from harness.hub import course_database, running_hub
from harness.lti_platform import lti_platform

pytestmark = [pytest.mark.browser, pytest.mark.hub]

PAGE_TIMEOUT = 120_000  # ms: the service starts its first kernels
MODULE = "01_safe_environment"
PROMPT = "Your reflection: When did you feel your own power in a group?"
SERVICE = "/services/commonground/"
LANDED = re.compile(re.escape(SERVICE) + rf"voila/render/{MODULE}\.ipynb$")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The hub (the course its service), the test LMS registered with the hub's LTI
    addresses, the course database: (hub, lms, store)."""
    tmp = tmp_path_factory.mktemp("hublti")
    with course_database() as url, running_hub(
            tmp, url, XDG_DATA_HOME=str(tmp / "xdg")) as hub, lti_platform(
            f"{hub.url}/hub/") as lms:
        store = open_store(url)
        lms.register_with(store)
        try:
            yield hub, lms, store
        finally:
            store.dispose()


def _counts(store) -> dict[str, int]:
    names = ("cohorts", "participants", "links", "lti_people", "lti_contexts", "reflections")
    with store.read() as conn:
        return {n: conn.execute(select(func.count()).select_from(
            t.metadata.tables[n])).scalar() for n in names}


def _hub_users(hub) -> set[str]:
    return {u["name"] for u in hub.api("GET", "/users")}


def _launch(page, lms, posted: list[str], **params: str) -> None:
    """Start a launch at the LMS; keep the id_token the LMS posts to the hub."""
    def keep(request) -> None:
        if request.method == "POST" and request.url.endswith("/hub/lti/launch"):
            posted.extend(parse_qs(request.post_data or "").get("id_token", []))

    page.on("request", keep)
    page.goto(lms.start(**params))


def test_learners_launch_through_the_hub_as_themselves_and_see_only_their_own(
        world, browser, tmp_path):
    hub, lms, store = world
    posted: list[str] = []
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT)
    page = context.new_page()
    try:
        _launch(page, lms, posted, who="learner", sub="sub-ana", name="Ana Lee",
                module=MODULE, graded="1")
        page.wait_for_url(LANDED)
        page.get_by_text("Signed in as Ana Lee").wait_for()
        words = f"Ana's own words {secrets.token_hex(3)}"
        page.get_by_label(PROMPT).fill(words)
        page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(tmp_path / f"ana-{width}.png"))
        print(f"\nscreenshots in {tmp_path}")
        with store.read() as conn:
            drafts = [r.draft_text for r in conn.execute(t.reflections.select())]
        assert words in drafts
        lti_users = {u for u in _hub_users(hub) if u.startswith("lti-")}
        assert len(lti_users) == 1 and not any("ana" in u.lower() for u in lti_users)

        # Ben launches on the same browser, which holds Ana's hub login and course
        # cookie: he is logged in as himself, in the same cohort, and sees none of it.
        _launch(page, lms, posted, who="learner", sub="sub-ben", name="Ben Cho",
                module=MODULE)
        page.wait_for_url(LANDED)
        page.get_by_text("Signed in as Ben Cho").wait_for()
        assert page.get_by_label(PROMPT).input_value() == ""
        assert words not in page.content()
        assert len([c for c in store.people.summaries()
                    if c.name == "Northside Team 2026"]) == 1  # one cohort for the LMS course
        assert len({u for u in _hub_users(hub) if u.startswith("lti-")}) == 2
        # Her graded launch put a mark in the course service's outbox; the service's
        # round sends it, signed with the keys the hub shows at /hub/lti/jwks.
        deadline = time.monotonic() + 60
        while not any(m["userId"] == "sub-ana" for m in lms.scores):
            assert time.monotonic() < deadline, "no mark reached the LMS"
            time.sleep(1)
    finally:
        context.close()
    assert len(set(posted)) == 2  # (the second launch was seen by both listeners)
    log = hub.log.read_text()
    assert "/hub/lti/launch" in log  # the hub logged the launch, and no token with it
    assert not any(token in log for token in posted)
    assert not any(token[:40] in log for token in posted)


@pytest.mark.parametrize(("spoil", "words"), [
    ("expired", "This sign-in has expired."),
    ("signature", "This sign-in was not signed by Test LMS"),
])
def test_a_forged_or_expired_launch_is_refused_in_words_and_writes_nothing(
        world, browser, spoil, words, tmp_path):
    hub, lms, store = world
    before, hub_users = _counts(store), _hub_users(hub)
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT)
    page = context.new_page()
    posted: list[str] = []
    try:
        _launch(page, lms, posted, who="learner", sub=f"sub-eve-{spoil}", name="Eve",
                module=MODULE, spoil=spoil)
        page.get_by_role("heading", name="The course could not sign you in").wait_for()
        page.get_by_text(words).wait_for()
        assert page.url.endswith("/hub/lti/launch")
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 700})
            page.screenshot(path=str(tmp_path / f"refused-{width}.png"))
        print(f"\nscreenshots in {tmp_path}")
    finally:
        context.close()
    assert _counts(store) == before
    assert _hub_users(hub) == hub_users  # nobody logged in to the hub
    assert posted and not any(token in hub.log.read_text() for token in posted)
