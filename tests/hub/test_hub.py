"""Common Ground on a real JupyterHub, one course server per person
(COMMONGROUND_HUB_MODE=servers; the course as the hub's one service is
tests/hub/test_hub_service.py): the hub and its configurable-http-proxy from
deploy/jupyterhub/jupyterhub_config.py, the local process spawner, one course database
on PostgreSQL (pg_virtualenv, `make test-hub`), and Chromium.

Two trainees of one cohort (one through a personal link) and one of another, and the
first cohort's facilitator, log in; reflections with each visibility, the jargon wall
live within the cohort only, the dashboard for the facilitator only; every door to code
is tried as a logged-in trainee and refused; a person taken out of their cohort's group,
or whose link was switched off, is refused at their next page; `commonground hub sync`
takes people out of groups and cohorts only with --remove; the link door says plainly
why a link did not open; `commonground hub ready` starts a cohort's servers ahead. Run
with ``--hub``.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from commonground import open_store
from commonground.access.identity import INVALID_LINK_MESSAGE
from commonground.admin.cohorts import link_url
from commonground.data import _schema as t
from commonground.hub.access import LINK_SWITCHED_OFF_MESSAGE, NOT_PLACED_MESSAGE
from commonground.hub.authenticator import LINK_MISSING_MESSAGE
from harness.browser import free_port
from harness.grading import course_template, run_nbgrader
from harness.hub import PASSWORD, course_database, running_hub

pytestmark = [pytest.mark.browser, pytest.mark.hub]

ROOT = Path(__file__).resolve().parents[2]

PAGE_TIMEOUT = 120_000  # ms: a first login starts a server and a kernel
LIVE_LIMIT = 10.0  # seconds for another trainee's wall post to appear
WELCOME = "Your reflection: What brings you here"
MODULE_04 = "04_jargon_and_uncomfortable_moments.ipynb"
SOUTH, NORTH = "Southside 2027", "Northside 2027"
GROUPS = {"cohort-southside-2027": ["ana"], "facilitators-southside-2027": ["robin"],
          "cohort-northside-2027": ["cal"]}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The hub, the course database (two cohorts; Ben has a personal link), the hub
    groups, and the sync from the hub: (hub, store, ben's token)."""
    tmp = tmp_path_factory.mktemp("hub")
    grading = course_template(tmp / "grading")  # the cohort's nbgrader folder
    formgrader = {"COMMONGROUND_FORMGRADERS": f"southside-2027={grading}",
                  "COMMONGROUND_FORMGRADER_PORT": str(free_port()),
                  "COMMONGROUND_HUB_MODE": "servers"}  # one course server per person
    with course_database() as url, running_hub(tmp, url, **formgrader) as hub:
        store = open_store(url)
        south = store.people.create_cohort(SOUTH, "Robin Ng")
        store.people.create_cohort(NORTH, "Sam Lee")
        ben = store.people.add_participant(south.id, "Ben Cho", "Housing")
        token = store.people.issue_link(ben)
        # A third trainee (no link, no hub account): with two, a reflection shared
        # "without your name" would be plainly the other one's, and nobody would see it.
        store.people.add_participant(south.id, "Cat Diaz", "Health")
        hub.api("POST", "/users", {"usernames": sorted({u for us in GROUPS.values() for u in us})})
        made = {g["name"] for g in hub.api("GET", "/groups")}  # the config makes some
        for group, users in GROUPS.items():
            if group not in made:
                hub.api("POST", f"/groups/{group}")
            hub.api("POST", f"/groups/{group}/users", {"users": users})
        sync = _sync(hub, url, "from-hub")
        assert sync.returncode == 0, sync.stdout + sync.stderr
        try:
            yield hub, store, token, url, grading
        finally:
            store.dispose()


def _sync(hub, url: str, direction: str, *flags: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "commonground", "hub", "sync", direction,
                           *flags, "--db", url], env=hub.env(), capture_output=True,
                          text=True, timeout=60)


@pytest.fixture(scope="module")
def people(world, browser):
    """Each person logged in, in a browser of their own, on the welcome module."""
    hub, _, token, _, _ = world
    contexts = {}
    for name in ("ana", "ben", "cal", "robin"):
        context = browser.new_context()
        context.set_default_timeout(PAGE_TIMEOUT)
        contexts[name] = context
    pages = {name: context.new_page() for name, context in contexts.items()}
    started = time.monotonic()
    pages["ben"].goto(link_url(f"{hub.url}/hub/link", token))  # as `cohort links` writes it
    for name in ("ana", "cal", "robin"):
        page = pages[name]
        page.goto(f"{hub.url}/hub/login")
        page.locator("#username_input").fill(name)
        page.locator("#password_input").fill(PASSWORD)
        page.locator("#login_submit").click()
    for page in pages.values():
        page.wait_for_url(re.compile(r"/voila/render/00_welcome\.ipynb$"))
        page.get_by_label(WELCOME).wait_for()
    print(f"\nfour people logged in and on the welcome module after "
          f"{time.monotonic() - started:.1f} s")
    yield pages
    for context in contexts.values():
        context.close()


def _user(page) -> str:
    return re.search(r"/user/([^/]+)/", page.url).group(1)


def test_each_person_lands_on_the_welcome_module_as_themselves(world, people):
    hub, store, token, _, _ = world
    assert token not in people["ben"].url and "t=" not in people["ben"].url
    for name in ("ana", "cal", "robin"):
        assert _user(people[name]) == name
    ben = store.people.existing_login(f"hub:{_user(people['ben'])}")
    assert (ben.display_name, ben.cohort_name) == ("Ben Cho", SOUTH)  # his link's place
    assert people["ben"].get_by_text("Signed in as Ben Cho").count() == 1
    assert token not in (hub.log.read_text())  # the hub's log shows t=***
    placed = {n: store.people.existing_login(f"hub:{n}") for n in ("ana", "cal", "robin")}
    assert {n: (p.cohort_name, p.kind) for n, p in placed.items()} == {
        "ana": (SOUTH, "trainee"), "cal": (NORTH, "trainee"), "robin": (SOUTH, "facilitator")}


def test_to_hub_puts_link_holders_in_their_cohort_group(world, people):
    hub, _, _, url, _ = world
    done = _sync(hub, url, "to-hub")
    assert done.returncode == 0, done.stdout + done.stderr
    members = set(hub.api("GET", "/groups/cohort-southside-2027")["users"])
    assert members == {"ana", _user(people["ben"])}
    assert hub.api("GET", "/groups/facilitators-northside-2027")["users"] == []


def _submit(page, label: str, text: str, visibility: str) -> None:
    page.get_by_label(label).fill(text)
    page.get_by_text(re.compile(r"Saved at \d\d:\d\d")).first.wait_for()
    box = page.locator(".widget-vbox", has=page.get_by_label(label)).last
    box.get_by_label(re.compile(f"^{visibility}:")).check()
    box.get_by_role("button", name="Submit reflection").click()
    box.get_by_text(re.compile(r"Submitted \(version 1")).wait_for()


def test_reflections_with_each_visibility_reach_only_their_readers(world, people):
    _, store, _, _, _ = world
    ana = people["ana"]
    words = {v: f"{v} words {secrets.token_hex(3)}" for v in ("Private", "Facilitator",
                                                              "Cohort, anonymously")}
    _submit(ana, WELCOME, words["Private"], "Private")
    ana.goto(ana.url.replace("00_welcome.ipynb", MODULE_04))
    _submit(ana, "Your reflection: Words from my field", words["Facilitator"], "Facilitator")
    _submit(ana, "Your reflection: An elephant in the room", words["Cohort, anonymously"],
            "Cohort, anonymously")
    with store.read() as conn:
        saved = {r.text: r.visibility for r in conn.execute(t.reflection_versions.select())}
    assert saved == {words["Private"]: "private", words["Facilitator"]: "facilitator",
                     words["Cohort, anonymously"]: "cohort"}
    for name in ("ben", "cal"):
        page = people[name]
        page.goto(page.url.rsplit("/", 1)[0] + f"/{MODULE_04}")
        page.get_by_label("Term or acronym:").wait_for()
    html = {n: people[n].content() for n in ("ben", "cal")}
    assert words["Cohort, anonymously"] in html["ben"]  # shared, without a name
    assert words["Cohort, anonymously"] not in html["cal"]  # another cohort
    for who in ("ben", "cal"):
        assert words["Private"] not in html[who] and words["Facilitator"] not in html[who]


def test_the_jargon_wall_is_live_for_the_cohort_and_no_one_else(people):
    ana, ben, cal = people["ana"], people["ben"], people["cal"]
    term = f"ITP-{secrets.token_hex(3)}"
    ana.get_by_label("Term or acronym:").fill(term)
    ana.get_by_role("button", name="Add to the wall").click()
    ana.get_by_text(f"Added “{term}” to the wall.").wait_for()
    posted = time.monotonic()
    ben.locator(".cg-term", has_text=term).wait_for(timeout=LIVE_LIMIT * 1000)
    seen_after = time.monotonic() - posted
    print(f"\nthe other trainee saw the post after {seen_after:.1f} s")
    assert seen_after < LIVE_LIMIT
    time.sleep(4)  # longer than a refresh
    assert cal.get_by_text(term).count() == 0


def test_the_dashboard_is_for_the_facilitator_only(people):
    robin, ben = people["robin"], people["ben"]
    robin.goto(robin.url.rsplit("/", 1)[0] + "/facilitator_dashboard.ipynb")
    robin.get_by_text(f"Cohort: {SOUTH}").wait_for()
    ben.goto(ben.url.rsplit("/", 1)[0] + "/facilitator_dashboard.ipynb")
    ben.get_by_text("This page is for facilitators only").wait_for()
    assert ben.get_by_role("heading", name="Participation").count() == 0


def test_the_formgrader_shows_the_exports_to_the_cohorts_facilitators_only(world, people):
    from commonground.content.course import load_course
    from commonground.grading import export_cohort

    hub, store, _, _, grading = world
    module = MODULE_04.removesuffix(".ipynb")
    export_cohort(store, SOUTH, grading, module, load_course(ROOT / "content"))
    run_nbgrader(grading, "autograde", module)
    ana_id = store.people.existing_login("hub:ana").public_id
    robin = people["robin"]
    robin.goto(f"{hub.url}/services/formgrader-southside-2027/formgrader/manage_submissions/"
               f"{module}")
    robin.get_by_text(ana_id).first.wait_for()  # her shared reflection, under her pseudonym
    response = people["ana"].context.request.get(
        f"{hub.url}/services/formgrader-southside-2027/formgrader")
    assert response.status == 403
    assert ana_id not in response.text()


def test_the_kubernetes_formgrader_is_given_what_the_hub_gives_its_own(world):
    """deploy/kubernetes/formgrader.yaml runs the formgrader outside the hub, so it sets
    the variables the hub sets for the formgrader it runs itself here: the same ones,
    with the same values where they do not depend on the machine."""
    import psutil
    import yaml

    grading = str(world[4])
    own = next(p for p in psutil.process_iter(["cmdline"])
               if f"--ServerApp.root_dir={grading}" in (p.info["cmdline"] or []))
    given = {k: v for k, v in own.environ().items() if k.startswith("JUPYTERHUB_") and v}
    given.pop("JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED", None)  # "0", the default
    docs = yaml.safe_load_all((ROOT / "deploy/kubernetes/formgrader.yaml").read_text())
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    env = {e["name"]: e.get("value") for e in
           deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert set(env) == set(given)
    where = {"JUPYTERHUB_API_TOKEN", "JUPYTERHUB_API_URL", "JUPYTERHUB_SERVICE_URL"}
    assert {k: env[k] for k in set(env) - where} == {k: given[k] for k in set(env) - where}


DOORS = [("GET", p) for p in ("lab", "tree", "terminals/1", "api/contents",
                              "api/contents/00_welcome.ipynb", "api/sessions", "api/terminals",
                              "edit/00_welcome.ipynb", "files/00_welcome.ipynb",
                              "voila/files/00_welcome.ipynb", "nbconvert/html/00_welcome.ipynb")]
DOORS += [("POST", "api/kernels"), ("POST", "api/terminals"), ("POST", "api/sessions")]


@pytest.mark.parametrize(("method", "path"), DOORS)
def test_no_door_to_code_opens_for_a_logged_in_trainee(world, people, method, path):
    hub = world[0]
    request = people["ana"].context.request
    response = request.fetch(f"{hub.url}/user/ana/{path}", method=method, data="{}"
                             if method == "POST" else None)
    assert response.status in (403, 404, 405), f"{method} {path}: {response.status}"
    assert '"cells"' not in response.text()


def test_another_persons_server_is_closed_to_a_trainee(world, people):
    hub = world[0]
    ben = _user(people["ben"])
    response = people["ana"].context.request.get(
        f"{hub.url}/user/{ben}/voila/render/00_welcome.ipynb")
    assert response.status == 403
    assert "Ben Cho" not in response.text()


def _kernel_messages(ws_url: str, cookie: str, sends: list[dict], wait: float) -> list[dict]:
    """Send messages over a kernel websocket and collect what comes back for ``wait`` s."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    got: list[dict] = []

    async def talk():
        conn = await websocket_connect(HTTPRequest(ws_url, headers={"Cookie": cookie}))
        for msg in sends:
            await conn.write_message(json.dumps(msg))
        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                raw = await asyncio.wait_for(conn.read_message(), left)
            except TimeoutError:
                break
            if raw is None:
                break
            if isinstance(raw, str):
                got.append(json.loads(raw))
        conn.close()

    thread = threading.Thread(target=lambda: asyncio.run(talk()))  # Playwright owns this loop
    thread.start()
    thread.join(wait + 30)
    return got


def _request(msg_type: str, content: dict) -> dict:
    return {"header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "",
                       "session": uuid.uuid4().hex, "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


def test_the_kernel_websocket_passes_no_execute_request(world, people, tmp_path):
    hub = world[0]
    page = people["ana"]
    page.goto(page.url.rsplit("/", 1)[0] + "/00_welcome.ipynb")
    page.get_by_label(WELCOME).wait_for()
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    cookie = "; ".join(f"{c['name']}={c['value']}"
                       for c in page.context.cookies(f"{hub.url}/user/ana/"))
    marker = tmp_path / "ran"
    info = _request("kernel_info_request", {})
    run = _request("execute_request", {
        "code": f"open({str(marker)!r}, 'w').write('code ran')", "silent": False,
        "store_history": False, "user_expressions": {}, "allow_stdin": False})
    ws = f"{hub.url.replace('http', 'ws')}/user/ana/api/kernels/{kernel}/channels"
    replies = _kernel_messages(ws, cookie, [info, run], wait=4)
    answered = {m["parent_header"].get("msg_id") for m in replies}
    assert info["header"]["msg_id"] in answered  # the socket works...
    assert run["header"]["msg_id"] not in answered  # ...and the code never reached the kernel
    assert not marker.exists()


def test_taken_out_of_the_cohort_or_link_switched_off_means_no_course_at_next_page(
        world, people):
    hub, store, _, _, _ = world
    ben, cal = people["ben"], people["cal"]
    hub.api("DELETE", "/groups/cohort-northside-2027/users", {"users": ["cal"]})
    time.sleep(1.2)  # the user server keeps what the hub said about a user for 1 s
    cal.reload()
    cal.get_by_text(NOT_PLACED_MESSAGE).wait_for()
    assert cal.get_by_label("Term or acronym:").count() == 0
    holder = store.people.existing_login(f"hub:{_user(ben)}")
    store.people.revoke_links(holder.id)
    ben.reload()
    ben.get_by_text(LINK_SWITCHED_OFF_MESSAGE).wait_for()
    assert ben.get_by_label("Term or acronym:").count() == 0


def test_sync_takes_away_only_with_remove_and_keeps_the_writing(world, people):
    hub, store, _, url, _ = world
    cal = store.people.existing_login("hub:cal")  # out of his group since the test above
    store.reflections.submit(cal.id, "00_welcome", "why_here", "cal's own words", "private")
    listed = _sync(hub, url, "from-hub")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert ("would end the place of cal in Northside 2027 (not in the cohort's hub groups "
            "any more).") in listed.stdout
    assert "Nothing was taken away" in listed.stdout
    assert store.people.existing_login("hub:cal").cohort_name == NORTH
    done = _sync(hub, url, "from-hub", "--remove")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cal: place in Northside 2027 ended" in done.stdout
    assert store.people.existing_login("hub:cal").cohort_id is None
    assert store.reflections.get(cal.id, "why_here").latest.text == "cal's own words"
    placed = {n: store.people.existing_login(f"hub:{n}").cohort_name for n in ("ana", "robin")}
    assert placed == {"ana": SOUTH, "robin": SOUTH}  # still in their groups
    hub.api("POST", "/users/dee")  # put in a course group by mistake
    hub.api("POST", "/groups/cohort-southside-2027/users", {"users": ["dee"]})
    listed = _sync(hub, url, "to-hub")
    assert "would take dee out of cohort-southside-2027" in listed.stdout
    assert "dee" in hub.api("GET", "/groups/cohort-southside-2027")["users"]
    done = _sync(hub, url, "to-hub", "--remove")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "dee: taken out of cohort-southside-2027" in done.stdout
    members = set(hub.api("GET", "/groups/cohort-southside-2027")["users"])
    assert members == {"ana", _user(people["ben"])}
    assert hub.api("GET", "/users/dee")["name"] == "dee"  # the hub account stays


def test_the_link_door_says_plainly_why_a_link_did_not_open(world, browser):
    hub, _, token, _, _ = world  # Ben's link, switched off by the test above
    context = browser.new_context()
    try:
        page = context.new_page()
        for address, message in ((f"{hub.url}/hub/link/", LINK_MISSING_MESSAGE),
                                 (link_url(f"{hub.url}/hub/link", token), INVALID_LINK_MESSAGE),
                                 (link_url(f"{hub.url}/hub/link", "x" * 43),
                                  INVALID_LINK_MESSAGE)):
            response = page.goto(address)
            assert response.status == 403
            page.get_by_role("alert").get_by_text(message).wait_for()
            assert page.locator("#username_input").count() == 0  # no password to ask for
            assert "/hub/link" in page.url and "/user/" not in page.url  # nobody logged in
        page.get_by_role("link", name="Log in with your account instead").click()
        page.locator("#username_input").wait_for()  # the hub's other way in (a password)
        assert token not in page.content()
    finally:
        context.close()


def test_ready_starts_the_cohorts_servers_before_a_session(world, people):
    hub, _, _, url, _ = world
    hub.api("POST", "/users/eve")  # in the cohort's group, never logged in: no server yet
    hub.api("POST", "/groups/cohort-southside-2027/users", {"users": ["eve"]})
    assert not hub.api("GET", "/users/eve")["servers"]
    done = subprocess.run([sys.executable, "-m", "commonground", "hub", "ready", SOUTH,
                           "--db", url, "--wait", "120"], env=hub.env(), capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    print(f"\n{done.stdout}")
    lines = set(done.stdout.splitlines())
    assert {"eve: started", "ana: already running", "robin: already running",
            f"{_user(people['ben'])}: already running"} <= lines
    assert hub.api("GET", "/users/eve")["servers"][""]["ready"] is True
    assert "cal" not in done.stdout  # another cohort's
