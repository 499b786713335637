"""`commonground serve` under a crowd, through the protocol-level visitor (no browser):
slow pages are not culled, pages that never come back are, a failed cell shows a plain
notice, preheated kernels serve each trainee their own data and do not hold up the
first visitor. Everything on 127.0.0.1, every wait bounded."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request

import pytest

from commonground import open_store
from harness.browser import QUICK_CULL, course_server, voila_config, wait_for
from harness.kernel_client import DID_NOT_LOAD, Visitor, open_together, run_async

pytestmark = pytest.mark.server  # each test here starts `commonground serve`

MODULE = "/voila/render/03_trauma_informed.ipynb"
WELCOME = "/voila/render/00_welcome.ipynb"




def _cohort(url: str, names: list[str]) -> list[tuple[int, str]]:
    """(participant id, personal-link token) for each name, in one new cohort."""
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Crowd")
        ids = [store.people.add_participant(cohort.id, n, "Housing") for n in names]
        return [(pid, store.people.issue_link(pid)) for pid in ids]
    finally:
        store.dispose()


def _kernel_exists(base: str, kernel_id: str) -> bool:
    try:
        urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=10).close()
    except urllib.error.HTTPError as e:
        if e.code == 404:
            return False
        raise
    return True


def test_late_pages_work_and_pages_that_never_connect_are_reclaimed(tmp_path):
    """Eight pages at once with a 4-second cull, checked every second: five browsers come
    back 6 s after their page arrived (the old culler shut those kernels down), one
    stays, one leaves without saying goodbye (culled after the cull time), one never
    comes back (culled after its unconnected timeout, here 18 s instead of 10 minutes)."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    people = _cohort(url, [f"Trainee {i}" for i in range(8)])
    log = tmp_path / "serve.log"
    env = voila_config(tmp_path, {"CourseKernelManager": {
        **QUICK_CULL["CourseKernelManager"], "unconnected_timeout": 18}})
    with course_server(url, log, "--cull-idle", "4", env=env) as base:

        def gone(v: Visitor):
            return lambda: not _kernel_exists(base, v.visit.kernel_id)

        async def crowd():
            late = [Visitor(base, MODULE, token=t, connect_after=6) for _, t in people[:5]]
            stays, leaves = (Visitor(base, MODULE, token=t) for _, t in people[5:7])
            never = Visitor(base, MODULE, token=people[7][1])
            everyone = [*late, stays, leaves, never]
            try:
                visits = await asyncio.gather(*(v.open(240) for v in everyone[:-1]))
                await never.fetch()
                problems = [v.problem for v in visits if v.problem]
                assert not problems, problems
                leaves.socket.close()  # a tab closed without the beacon
                assert await asyncio.to_thread(wait_for, gone(leaves), 30)
                assert not gone(never)()  # 18 s not yet up
                assert await asyncio.to_thread(wait_for, gone(never), 75)
                for v in [*late, stays]:
                    assert not gone(v)(), "an open page's kernel went"
            finally:
                for v in everyone:
                    await v.close()
            return leaves.visit.kernel_id, never.visit.kernel_id

        left_id, never_id = run_async(crowd())
    text = log.read_text()
    assert "TraitError" not in text
    assert not re.search(r"404 GET /api/kernels/\S+/channels", text)  # no page refused
    assert re.search(rf"Culling idle kernel {left_id}: its page closed", text)
    assert re.search(rf"Culling idle kernel {never_id}: its page never connected", text)


NOTEBOOKS = {
    "slow": ["print('before')", "import time; time.sleep(30)", "print('after')"],
    "broken": ["print('before')", "raise RuntimeError('boom')", "print('after')"],
}


def _notebook(cells: list[str]) -> dict:
    return {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# A page"}]
            + [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                "source": src} for src in cells],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                        "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def failing_pages(tmp_path_factory):
    """A server whose notebooks have a cell that sleeps past a 3-second cell timeout or
    raises; yields (base URL, log path)."""
    tmp = tmp_path_factory.mktemp("failing")
    root = tmp / "nb"
    root.mkdir()
    for name, cells in NOTEBOOKS.items():
        (root / f"{name}.ipynb").write_text(json.dumps(_notebook(cells)))
    env = voila_config(tmp, {"VoilaExecutor": {"timeout": 3}})
    log = tmp / "serve.log"
    with course_server(f"sqlite:///{tmp / 'c.db'}", log, "--root", str(root), env=env) as base:
        yield base, log


@pytest.mark.parametrize(("name", "logged"), [
    ("slow", "Cell execution timed out"),
    ("broken", "Error at server while executing cell"),
])
def test_a_cell_that_fails_shows_a_plain_notice_and_is_logged(failing_pages, name, logged):
    base, log = failing_pages

    async def fetch():
        visitor = Visitor(base, f"/voila/render/{name}.ipynb")
        try:
            return await visitor.fetch()
        finally:
            await visitor.close()

    html = run_async(fetch())
    cells = html.split('id="rendered_cells"', 1)[1].split("window.voila_finish()", 1)[0]
    assert cells.count(DID_NOT_LOAD) == 1
    assert "<pre>before" in cells  # the cells before it are there
    assert "after" not in cells  # Voila stops the page at the failed cell
    for developer_text in ("Voil", "boom", "Traceback", "timed out", "Error", "Please run"):
        assert developer_text not in cells
    assert logged in log.read_text()


def test_two_trainees_on_preheated_kernels_see_only_their_own_writing(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.db'}"
    people = _cohort(url, ["Wen Li", "Sam Okafor"])
    store = open_store(url)
    try:
        for (pid, _), text in zip(people, ["Wen's private draft", "Sam's private draft"],
                                  strict=True):
            store.reflections.save_draft(pid, "00_welcome", "welcome-why-here", text, 0)
    finally:
        store.dispose()
    log = tmp_path / "serve.log"
    with course_server(url, log, "--ready", "2") as base:
        assert wait_for(lambda: "Kernel pool of 00_welcome.ipynb is filled"
                         in log.read_text(), 120)

        async def both():
            visitors = [Visitor(base, WELCOME, token=t) for _, t in people]
            return await open_together(visitors, 180)

        wen, sam = run_async(both())
    assert wen.ok and sam.ok, (wen.problem, sam.problem)
    assert len(re.findall(r"Using pre-heated kernel: \S+ for 00_welcome", log.read_text())) == 2
    for visit, own, other in ((wen, "Wen", "Sam"), (sam, "Sam", "Wen")):
        texts = " ".join(visit.texts())
        assert f"Signed in as <strong>{own}" in texts
        assert f"{own}'s private draft" in texts
        assert other not in texts


def test_the_first_visitor_is_answered_before_the_pool_is_full(tmp_path):
    """--ready 3 starts 3 welcome kernels and one for each other module (10); a visitor
    arriving as the server starts gets a usable page while they are still filling."""
    url = f"sqlite:///{tmp_path / 'f.db'}"
    ((_, token),) = _cohort(url, ["Ana Lee"])
    log = tmp_path / "serve.log"
    with course_server(url, log, "--warm", "3") as base:  # the option's old name

        async def first():
            visitor = Visitor(base, MODULE, token=token)
            visit = await visitor.open(180)
            filled = log.read_text().count("is filled with")
            await visitor.close()
            return visit, filled

        visit, filled_then = run_async(first())
        assert visit.ok, visit.problem
        assert filled_then < 8  # 00 to 07 pooled; the journal and dashboard never
        assert wait_for(lambda: log.read_text().count("is filled with") == 8, 180)
    text = log.read_text()
    for never in ("facilitator_dashboard.ipynb", "administration.ipynb", "my_journal.ipynb"):
        assert f"Notebook {never} is not trusted" not in text  # never even rendered
