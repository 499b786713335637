"""Common Ground as the hub's one service (COMMONGROUND_HUB_MODE=service, the default):
a real JupyterHub and configurable-http-proxy from deploy/jupyterhub/jupyterhub_config.py
running ``commonground hub service`` under /services/commonground/, one course database
on PostgreSQL (pg_virtualenv, `make test-hub`), and Chromium.

A trainee comes in by their personal link and writes a reflection through the service;
another trainee, logging in to the hub in the same browser after them, is signed in as
themselves and sees none of it; a hub user in no cohort is refused in plain words; a hub
admin reaches the administration page and a trainee does not; a facilitator signed in by
the service's door gets a module ready for the room. Run with ``--hub``.
"""

from __future__ import annotations

import re
import secrets
import urllib.request

import pytest

from commonground import open_store
from commonground.access.link import LINK_COOKIE
from commonground.admin.cohorts import link_url
from commonground.data import _schema as t
from commonground.hub.access import NOT_HUB_ADMIN_MESSAGE, NOT_PLACED_MESSAGE
from commonground.server.client import LINK_SCHEME, ask_server
from harness.hub import PASSWORD, course_database, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.hub]

PAGE_TIMEOUT = 120_000  # ms: the service starts its first kernels
WELCOME = "Your reflection: What brings you here"
SOUTH = "Southside 2027"
SERVICE = "/services/commonground/"
GROUPS = {"cohort-southside-2027": ["ana"], "facilitators-southside-2027": ["robin"]}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The hub with the course as its service, the course database (one cohort; Ben has
    a personal link), and the hub's users and groups: (hub, store, ben's token)."""
    tmp = tmp_path_factory.mktemp("hubservice")
    with course_database() as url, running_hub(tmp, url, admins=("boss",)) as hub:
        store = open_store(url)
        south = store.people.create_cohort(SOUTH, "Robin Ng")
        ben = store.people.add_participant(south.id, "Ben Cho", "Housing")
        token = store.people.issue_link(ben)
        hub.api("POST", "/users", {"usernames": ["ana", "robin", "zed", "boss"]})
        for group, users in GROUPS.items():
            hub.api("POST", f"/groups/{group}")
            hub.api("POST", f"/groups/{group}/users", {"users": users})
        try:
            yield hub, store, token
        finally:
            store.dispose()


def _log_in(page, hub, name: str) -> None:
    page.goto(f"{hub.url}/hub/login")
    page.locator("#username_input").fill(name)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()


def _context(browser):
    context = browser.new_context()
    context.set_default_timeout(PAGE_TIMEOUT)
    return context


def test_a_trainee_writes_through_the_service_and_the_next_hub_user_sees_none_of_it(
        world, browser, tmp_path):
    hub, store, token = world
    context = _context(browser)
    page = context.new_page()
    try:
        page.goto(link_url(f"{hub.url}/hub/link", token))  # as `cohort links` writes it
        page.wait_for_url(re.compile(re.escape(SERVICE) + r"voila/render/00_welcome\.ipynb$"))
        page.get_by_text("Signed in as Ben Cho").wait_for()
        assert "t=" not in page.url
        words = f"Ben's own words {secrets.token_hex(3)}"
        page.get_by_label(WELCOME).fill(words)
        page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()
        with store.read() as conn:
            drafts = [r.draft_text for r in conn.execute(t.reflections.select())]
        assert words in drafts
        page.screenshot(path=str(tmp_path / "ben-1280.png"))
        print(f"\nscreenshots in {tmp_path}")

        # Ben leaves the hub; Ana logs in on the same browser, which still holds
        # Ben's course cookie: she is signed in as herself and sees nothing of his.
        bens = {c["value"] for c in context.cookies() if c["name"] == LINK_COOKIE}
        page.goto(f"{hub.url}/hub/logout")
        _log_in(page, hub, "ana")
        page.wait_for_url(re.compile(re.escape(SERVICE) + r"voila/render/00_welcome\.ipynb$"))
        page.get_by_label(WELCOME).wait_for()
        assert page.get_by_text("Signed in as ana").count() == 1
        assert words not in page.content()
        assert page.get_by_label(WELCOME).input_value() == ""
        anas = {c["value"] for c in context.cookies() if c["name"] == LINK_COOKIE}
        assert anas and not anas & bens
        ana = store.people.existing_login("hub:ana")
        assert (ana.cohort_name, ana.kind) == (SOUTH, "trainee")
        # Ana is not a hub admin: the administration page is not hers.
        page.goto(f"{hub.url}{SERVICE}voila/render/administration.ipynb")
        page.get_by_text(NOT_HUB_ADMIN_MESSAGE).wait_for()
        assert token not in hub.log.read_text()  # the hub's log shows t=***
    finally:
        context.close()


def test_a_hub_user_in_no_cohort_is_refused_in_plain_words(world, browser):
    hub, store, _ = world
    context = _context(browser)
    page = context.new_page()
    try:
        _log_in(page, hub, "zed")
        page.get_by_text(NOT_PLACED_MESSAGE).wait_for()
        assert SERVICE in page.url
        assert store.people.existing_login("hub:zed") is None  # nothing written
    finally:
        context.close()


def test_a_hub_admin_runs_the_course_and_a_facilitator_gets_a_room_ready(
        world, browser, tmp_path):
    hub, _, _ = world
    context = _context(browser)
    page = context.new_page()
    try:
        _log_in(page, hub, "boss")  # a hub admin in no cohort: the administration page
        page.wait_for_url(re.compile(re.escape(SERVICE) + r"voila/render/administration"))
        page.get_by_role("heading", name="Every cohort").wait_for()
        assert page.get_by_role("rowheader", name=SOUTH).count() == 1
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(tmp_path / f"admin-{width}.png"), full_page=True)
        print(f"\nscreenshots in {tmp_path}")
    finally:
        context.close()

    context = _context(browser)
    page = context.new_page()
    try:
        _log_in(page, hub, "robin")
        page.wait_for_url(re.compile(re.escape(SERVICE)))
        page.goto(f"{hub.url}{SERVICE}voila/render/facilitator_dashboard.ipynb")
        page.get_by_text(f"Cohort: {SOUTH}").wait_for()
        robin = next(c["value"] for c in context.cookies() if c["name"] == LINK_COOKIE)
        # What the dashboard's room section asks the course server (from the server
        # itself), signed in by the service's door as the facilitator.
        plan = ask_server(hub.service, LINK_SCHEME, robin, "prepare", "01_safe_environment", 1)
        assert plan["notebook"] == "01_safe_environment.ipynb" and plan["people"] == 1
    finally:
        context.close()
    # The proxy passes the service's pages only to people the hub logged in.
    with urllib.request.urlopen(f"{hub.url}{SERVICE}", timeout=30) as answer:
        assert "/hub/api/oauth2/authorize" in answer.url or "/hub/login" in answer.url

