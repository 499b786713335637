"""The course on JupyterHub across separate hosts, for real: the hub and its proxy on one
host, PostgreSQL on another and two course services on two more (network namespaces on
this machine, harness.hosts), each service holding one cohort
(``COMMONGROUND_HUB_SERVICES``). Trainees of both cohorts, protocol clients on the test's
side of the network (harness.kernel_client), log in by their personal links through the
hub's proxy, land on their own cohort's service and type their reflections side by side;
each facilitator's dashboard, reading the one database, sees its whole cohort. A service
refuses a person whose cohort the other holds.

Losing a host loses nothing: every process of one course host is killed (``kill -9``) and
its cable cut. Its trainees' pages lose their connection; the other host's trainees
type on and are saved. When the service is started again on its host, every word typed
before the kill is in the database and its trainees' pages show it. Then the database
host stops for 30 seconds while everyone types: every page says its words are not saved
yet, and once the database is back every page saves them by itself and says so, and
every word is in the database. Run with ``--hub``.
"""

from __future__ import annotations

import asyncio
import html
import re
import secrets
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager

import pytest

from commonground import open_store
from commonground.hub.access import ELSEWHERE_MESSAGE
from commonground.pages.dashboard import Dashboard
from harness.browser import running_server, wait_for
from harness.hosts import Host, network, subnet
from harness.hub import course_service_env, running_hub
from harness.kernel_client import Visitor, message
from harness.postgres import private_server

pytestmark = [pytest.mark.hub, pytest.mark.slow]

PORT = 9970
LABEL = "Your reflection: What brings you here"
PROMPT = "welcome-why-here"
WELCOME = "/voila/render/00_welcome.ipynb"
COHORTS = {"north": "Northside 2027", "south": "Southside 2027"}
PEOPLE = {"north": ["Ana Lee", "Kai Moore"], "south": ["Ben Cho", "Mia Tran"]}
NOT_SAVED = "Not saved yet: the course cannot reach its database"
SAVED = re.compile(r"Saved at \d\d:\d\d")
OUTAGE = 30  # seconds the database host is stopped


@contextmanager
def course_service(host: Host, name: str, slug: str, hub, token: str, db: str, log, tmp):
    """``commonground hub service`` run on ``host`` by the administrator, holding ``slug``."""
    env = course_service_env(name, host.address, PORT, hub.api_url, token, db)
    argv = host.argv([sys.executable, "-m", "commonground", "hub", "service",
                      "--cohorts", slug])

    def ready() -> None:  # any HTTP answer from the service itself
        try:
            urllib.request.urlopen(f"http://{host.address}:{PORT}/services/{name}/",
                                   timeout=5).close()
        except urllib.error.HTTPError:
            pass
        except urllib.error.URLError as e:
            raise OSError(str(e)) from None

    with running_server(argv, PORT, log, env=env, cwd=tmp, ready=ready, timeout=120,
                        address=host.address):
        yield


class Trainee:
    """A trainee's page on the course through the hub, typing into their reflection."""

    def __init__(self, hub_url: str, token: str) -> None:
        self.hub_url, self.token = hub_url, token
        self.visitor: Visitor | None = None
        self.landed = ""

    async def open(self, service: str | None = None) -> None:
        probe = Visitor(self.hub_url, "/")
        answer = await probe.http.get(f"{self.hub_url}/hub/link?t={self.token}")
        self.landed = answer.url.path
        service = service or self.landed.split("/")[2]
        visitor = Visitor(f"{self.hub_url}/services/{service}", WELCOME, label=LABEL)
        visitor.http.cookies = probe.http.cookies  # the same browser
        await probe.http.aclose()
        visit = await visitor.open(timeout=120)
        assert visit.ok, visit.problem
        self.visitor = visitor
        self.box = next(mid for mid, m in visit.models.items()
                        if m.get("model_name") == "TextareaModel"
                        and str(m["state"].get("description", "")).startswith(LABEL))
        self.shown = visit.models[self.box]["state"].get("value", "")

    async def type(self, text: str) -> None:
        """What the page sends as the trainee types: the box's new value."""
        assert self.visitor is not None
        await self.visitor.send(message("comm_msg", uuid.uuid4().hex, {
            "comm_id": self.box,
            "data": {"method": "update", "state": {"value": text}, "buffer_paths": []}}))

    async def lost(self, within: float) -> bool:
        """Whether the page's connection to its kernel ends within ``within`` seconds."""
        assert self.visitor is not None
        try:
            async with asyncio.timeout(within):
                while True:
                    await self.visitor.receive()
        except OSError:
            return True
        except TimeoutError:
            return False

    async def says(self, words: str | re.Pattern[str], within: float) -> bool:
        """Whether the page shows ``words`` (a widget update holding them) within
        ``within`` seconds."""
        assert self.visitor is not None
        found = re.compile(re.escape(words)) if isinstance(words, str) else words
        try:
            async with asyncio.timeout(within):
                while True:
                    incoming = await self.visitor.receive()
                    if incoming.header.get("msg_type") != "comm_msg":
                        continue
                    data = incoming.content().get("data", {})
                    state = data.get("state", {}) if isinstance(data, dict) else {}
                    if any(isinstance(v, str) and found.search(v) for v in state.values()):
                        return True
        except TimeoutError:
            return False

    async def close(self) -> None:
        if self.visitor is not None:
            if self.visitor.socket is not None:
                self.visitor.socket.close()
            await self.visitor.http.aclose()


def _draft(store, pid):
    record = store.reflections.get(pid, PROMPT)
    return record.draft_text if record else None


def test_two_course_services_on_two_hosts_each_holding_a_cohort(tmp_path):
    # In a thread of its own: the browser tests before it in the same run leave
    # Playwright's event loop running in this one.
    with ThreadPoolExecutor(1) as own:
        own.submit(asyncio.run, _two_course_services(tmp_path)).result()


async def _two_course_services(tmp_path):
    start = time.monotonic()
    tokens = {name: secrets.token_hex(24) for name in COHORTS}
    with network("hub", "db", "north", "south", prefix="cgh", octet=78) as hosts, \
            private_server(address=hosts["db"].address, prefix=tuple(hosts["db"].argv([])),
                           allow=subnet(hosts)) as pg:
        store = open_store(pg.url)
        people: dict[str, list[int]] = {}
        facilitators = {}
        links = {}
        for name, cohort_name in COHORTS.items():
            cohort = store.people.create_cohort(cohort_name, f"Facilitator {name}")
            people[name] = [store.people.add_participant(cohort.id, person, "Housing")
                            for person in PEOPLE[name]]
            facilitators[name] = store.people.add_participant(
                cohort.id, f"Robin {name}", "Housing", kind="facilitator")
            links |= {pid: store.people.issue_link(pid) for pid in people[name]}
        slugs = {name: COHORTS[name].lower().replace(" ", "-") for name in COHORTS}
        services = ";".join(f"{n}=http://{hosts[n].address}:{PORT}={slugs[n]}" for n in COHORTS)
        settings = {"COMMONGROUND_HUB_SERVICES": services,
                    "COMMONGROUND_HUB_SERVICE_TOKENS": ";".join(f"{n}={t}" for n, t in
                                                                tokens.items()),
                    "COMMONGROUND_HUB_CULL": "0"}
        with running_hub(tmp_path / "hub", pg.url, host=hosts["hub"], **settings) as hub:
            def service(name, log):
                return course_service(hosts[name], name, slugs[name], hub, tokens[name],
                                      pg.url, tmp_path / log, tmp_path)

            with ExitStack() as running:
                with ThreadPoolExecutor(2) as pool:  # the two hosts start at once
                    for started_one in [pool.submit(running.enter_context,
                                                    service(name, f"{name}.log"))
                                        for name in COHORTS]:
                        started_one.result()
                started = time.monotonic() - start
                trainees = {name: [Trainee(hub.url, links[pid]) for pid in people[name]]
                            for name in COHORTS}
                everyone = [t for group in trainees.values() for t in group]
                await asyncio.gather(*(t.open() for t in everyone))
                for name, group in trainees.items():  # each on their cohort's service
                    assert {t.landed.split("/")[2] for t in group} == {name}
                # Side by side: every trainee types, and every word is stored.
                words = {}
                for name in COHORTS:
                    for trainee, pid, person in zip(trainees[name], people[name],
                                                    PEOPLE[name], strict=True):
                        words[pid] = f"{person} writes on {name}."
                        await trainee.type(words[pid])
                assert wait_for(lambda: all(_draft(store, pid) == text
                                            for pid, text in words.items()), 30)
                for name in COHORTS:  # each dashboard sees its whole cohort
                    board = Dashboard(store, store.people.get(facilitators[name]))
                    welcome = next(m for m in board.by_module()
                                   if m.module_id == "00_welcome")
                    assert board.trainee_count() == welcome.visited == len(PEOPLE[name])
                # A trainee of the south cohort who opens the north service is sent
                # away in plain words.
                stray = Visitor(f"{hub.url}/services/north", WELCOME)
                stray.http.cookies = trainees["south"][0].visitor.http.cookies
                refused = await stray.http.get(f"{hub.url}/services/north{WELCOME}")
                assert refused.status_code == 403
                assert ELSEWHERE_MESSAGE in html.unescape(refused.text)
                await stray.http.aclose()
                # The hub's home page sends each person to their own cohort's service.
                for name in COHORTS:
                    home = Visitor(hub.url, "/")
                    home.http.cookies = trainees[name][1].visitor.http.cookies
                    landed = await home.http.get(f"{hub.url}/hub/")
                    assert landed.url.path.startswith(f"/services/{name}/voila/render/")
                    await home.http.aclose()

                # The north host loses its power and its network.
                assert hosts["north"].kill_all() >= 2  # the service and its kernels
                hosts["north"].cut()
                killed = time.monotonic()
                lost = await asyncio.gather(*(t.lost(15) for t in trainees["north"]))
                lost_after = time.monotonic() - killed
                assert all(lost)
                # The south trainees notice nothing: they type on and are saved.
                for trainee, pid in zip(trainees["south"], people["south"], strict=True):
                    words[pid] += " Still here."
                    await trainee.type(words[pid])
                assert wait_for(lambda: all(_draft(store, pid) == words[pid]
                                            for pid in people["south"]), 20)
                assert all(t.visitor.socket.close_code is None for t in trainees["south"])
                for pid in people["north"]:  # nothing of the north's is lost
                    assert _draft(store, pid) == words[pid]

                # The north service starts again on its host: its trainees come back to
                # their words and go on.
                hosts["north"].mend()
                with service("north", "north-again.log"):
                    for trainee, pid in zip(trainees["north"], people["north"], strict=True):
                        await trainee.close()
                        await trainee.open()
                        assert trainee.shown == words[pid]
                        words[pid] += " Back again."
                        await trainee.type(words[pid])
                    assert wait_for(lambda: all(_draft(store, pid) == text
                                                for pid, text in words.items()), 30)

                    # The database host stops while everyone types: every page says
                    # so, keeps the words and saves them by itself once it is back.
                    store.dispose()
                    pg.stop()
                    stopped = time.monotonic()
                    for name in COHORTS:
                        for trainee, pid in zip(trainees[name], people[name], strict=True):
                            words[pid] += " During the outage."
                            await trainee.type(words[pid])
                    said = await asyncio.gather(*(t.says(NOT_SAVED, 25) for t in everyone))
                    assert all(said), said
                    await asyncio.sleep(max(0.0, OUTAGE - (time.monotonic() - stopped)))
                    pg.start()
                    saved = await asyncio.gather(*(t.says(SAVED, 60) for t in everyone))
                    assert all(saved), saved
                    store = open_store(pg.url, create=False)
                    assert wait_for(lambda: all(_draft(store, pid) == text
                                                for pid, text in words.items()), 30)
                    for trainee in everyone:
                        await trainee.close()
        store.dispose()
    total = time.monotonic() - start
    print(f"\nhosts and services up in {started:.1f} s; the north trainees' pages lost "
          f"their connection {lost_after:.1f} s after the kill; whole test {total:.1f} s")
