"""The course across separate hosts, for real: PostgreSQL on one host and the course on
two more (network namespaces on this machine, harness.hosts), trainees in Chromium on the
test's own side of the network. Two cohorts work side by side, one on each course host.

Losing a host loses nothing: while a trainee types, every process of their course host is
killed (``kill -9``) and its cable cut. Their page says "connection lost — your text is
kept" within seconds and the trainee on the other host notices nothing. When the host
comes back, a reload stores every word. Then the database host stops for a while: pages
say so, keep the writing, and save by themselves when it is back."""

from __future__ import annotations

import re
import sys
import time
from contextlib import contextmanager

import pytest

from commonground import open_store
from harness.browser import running_server, wait_for
from harness.hosts import Host, network, subnet
from harness.postgres import private_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LABEL = "Your reflection: What brings you here"
PROMPT = "welcome-why-here"
LOST = "Not saved: connection lost — your text is kept in this tab"
SAVED = re.compile(r"Saved at \d\d:\d\d")
PORT = 8866


@contextmanager
def course_host(host: Host, db_url: str, log):
    argv = host.argv([sys.executable, "-m", "commonground", "serve", "--host", host.address,
                      "--port", str(PORT), "--db", db_url])
    with running_server(argv, PORT, log, address=host.address, timeout=120):
        yield f"http://{host.address}:{PORT}"


def _stored(store, pid):
    record = store.reflections.get(pid, PROMPT)
    return record.draft_text if record else None


def _open(browser, base, token, first):
    page = browser.new_context().new_page()
    page.set_default_timeout(90_000)
    page.goto(f"{base}/?t={token}")
    page.get_by_label(LABEL).fill(first)
    page.get_by_role("status").filter(has_text=SAVED).first.wait_for()
    return page


def test_two_course_hosts_and_a_database_host_lose_nothing(browser, tmp_path):
    with network("db", "one", "two") as hosts, private_server(
            address=hosts["db"].address, prefix=tuple(hosts["db"].argv([])),
            allow=subnet(hosts)) as pg:
        store = open_store(pg.url)  # made from the test's side, across the network
        north = store.people.create_cohort("Northside 2027", "Robin Facilitator")
        south = store.people.create_cohort("Southside 2027", "Kim Facilitator")
        ana = store.people.add_participant(north.id, "Ana Lee", "Family Support", "Case worker")
        ben = store.people.add_participant(south.id, "Ben Cho", "Housing", "Tenancy worker")
        with course_host(hosts["one"], pg.url, tmp_path / "one.log") as one, \
                course_host(hosts["two"], pg.url, tmp_path / "two.log") as two:
            page_a = _open(browser, one, store.people.issue_link(ana), "Ana, on host one.")
            page_b = _open(browser, two, store.people.issue_link(ben), "Ben, on host two.")
            assert _stored(store, ana) == "Ana, on host one."
            assert _stored(store, ben) == "Ben, on host two."

            # Host one loses its power and its network while Ana types.
            assert hosts["one"].kill_all() >= 2  # the server and Ana's page's kernel
            hosts["one"].cut()
            lost_at = time.monotonic()
            page_a.get_by_label(LABEL).press_sequentially(" Typed after host one went.")
            page_a.get_by_role("status").filter(has_text=LOST).first.wait_for(timeout=15_000)
            lost_after = time.monotonic() - lost_at
            # Ben, on host two, notices nothing: his words are stored as he types.
            page_b.get_by_label(LABEL).press_sequentially(" Still here.")
            assert wait_for(lambda: _stored(store, ben) == "Ben, on host two. Still here.", 20)
            assert _stored(store, ana) == "Ana, on host one."

        # Host one comes back (the same address, a new server): a reload stores the rest.
        hosts["one"].mend()
        with course_host(hosts["one"], pg.url, tmp_path / "one-again.log"), \
                course_host(hosts["two"], pg.url, tmp_path / "two-again.log"):
            page_a.reload()
            page_a.get_by_role("status").filter(has_text=SAVED).first.wait_for()
            assert wait_for(lambda: _stored(store, ana)
                            == "Ana, on host one. Typed after host one went.", 20)
            assert page_a.get_by_label(LABEL).input_value().endswith("host one went.")

            # The database host stops: Ben's page says so, keeps his words and saves them
            # by itself once it is back.
            page_b.reload()
            page_b.get_by_role("status").filter(has_text=SAVED).first.wait_for()
            pg.stop()
            page_b.get_by_label(LABEL).press_sequentially(" And during the outage.")
            page_b.get_by_role("status").filter(has_text="Not saved yet").first.wait_for(
                timeout=20_000)
            time.sleep(8)
            pg.start()
            page_b.get_by_role("status").filter(has_text=SAVED).first.wait_for(timeout=40_000)
            assert _stored(open_store(pg.url), ben) == (
                "Ben, on host two. Still here. And during the outage.")
    print(f"\nhost one lost: its trainee's page said so after {lost_after:.1f} s")
    assert lost_after < 15
