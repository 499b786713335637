"""Small named fixtures shared by the tests."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from commonground import open_store
from commonground.content.course import load_course

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser):
    parser.addoption(
        "--postgresql", action="store_true",
        help="run only the database tests, each in a fresh schema on the PostgreSQL server "
             "that the PG* environment variables name (make test starts one with pg_virtualenv)",
    )
    parser.addoption(
        "--fast", action="store_true",
        help="the developers' loop (make test-fast): everything but the tests that start a "
             "server or a browser (marked server, browser or hub)",
    )
    parser.addoption(
        "--hub", action="store_true",
        help="run only the JupyterHub tests (tests/hub/test_hub.py), which need the PostgreSQL "
             "server that the PG* variables name (make test-hub starts one with pg_virtualenv)",
    )


def pytest_configure(config):
    if config.getoption("--fast"):  # harness.browser refuses to start a server or browser
        from harness.browser import FAST_TIER

        os.environ[FAST_TIER] = "1"


# A test that uses one of these fixtures starts a browser or a server: marked for it.
_STARTS = {"browser": "browser", "page": "browser", "served": "server"}
_SLOW = ("browser", "server", "hub", "slow")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test that uses the course database (minus browser tests) ``db``; with
    --postgresql keep only those, minus ``sqlite_only``; without it drop
    ``postgresql_only``; ``hub`` tests run only with --hub. Deselected, not skipped: they
    do not apply to this pass."""
    on_pg, on_hub = config.getoption("--postgresql"), config.getoption("--hub")
    fast = config.getoption("--fast")
    keep, drop = [], []
    for item in items:
        for fixture, marker in _STARTS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        if "db_url" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "browser"
        ):
            item.add_marker(pytest.mark.db)
        if on_hub or item.get_closest_marker("hub"):  # the hub suite runs once, on its own
            wanted = on_hub and item.get_closest_marker("hub") is not None
        elif on_pg:
            wanted = item.get_closest_marker("db") and not item.get_closest_marker("sqlite_only")
        else:
            wanted = not item.get_closest_marker("postgresql_only")
        if fast and any(item.get_closest_marker(m) for m in _SLOW):
            wanted = False
        (keep if wanted else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def db_url(request, tmp_path) -> Iterator[str]:
    """The URL of an empty course database for this test: a SQLite file, or with
    --postgresql a fresh schema (dropped afterwards) on the test server."""
    if not request.config.getoption("--postgresql"):
        yield f"sqlite:///{tmp_path / 'course.db'}"
        return
    from harness.postgres import fresh_schema

    with fresh_schema() as url:
        yield url


@pytest.fixture
def made_db(db_url) -> str:
    """``db_url`` made into a course database, as `commonground serve` or `db upgrade`
    makes it (the other commands refuse a database that is not there)."""
    open_store(db_url).dispose()
    return db_url


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.dispose()


@pytest.fixture
def course():
    return load_course(ROOT / "content")


@pytest.fixture
def cohort(store):
    return store.people.create_cohort("Southside 2026", "Robin Facilitator")


@pytest.fixture
def trainee(store, cohort):
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    return store.people.get(pid)


@pytest.fixture
def other_trainee(store, cohort):
    pid = store.people.add_participant(cohort.id, "Ben Cho", "Housing", "Tenancy worker")
    return store.people.get(pid)


@pytest.fixture
def welcome_prompt(course):
    return course.prompt("welcome-why-here", "00_welcome")


@pytest.fixture
def page_env(monkeypatch, db_url, store):
    """A kernel-like environment for the notebook facade: this test's database, no
    JupyterHub, no preheating, and a fresh page session."""
    from commonground.pages.session import reset_session

    monkeypatch.setenv("COMMONGROUND_DB", db_url)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    reset_session()
    yield monkeypatch
    reset_session()


@pytest.fixture(autouse=True)
def _page_threads_stopped():
    """After each test, stop what its views left running (the views that refresh
    themselves, the time-on-page counter), so no thread polls a database that is gone."""
    yield
    from widgets import timer
    from widgets.spaces._live import stop_all

    stop_all()  # every view's refresh, closed views' included
    timer.stop()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, shared by the browser tests."""
    from playwright.sync_api import sync_playwright

    from harness.browser import launch_chromium

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """The committed nbgrader course (exercises/) with an empty gradebook, made once."""
    from harness.grading import course_template

    return course_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def course_dir(template, tmp_path):
    """A fresh copy of the nbgrader course folder for one test."""
    from harness.grading import course_copy

    return course_copy(template, tmp_path)


@pytest.fixture
def third_trainee(store, cohort):
    return store.people.get(store.people.add_participant(cohort.id, "Cat Diaz", "Health", "Nurse"))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`commonground serve` with a fresh database, one per test module: (base URL, db URL)."""
    from harness.browser import course_server

    tmp = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{tmp / 'course.db'}"
    with course_server(url, tmp / "serve.log") as base:
        yield base, url


@pytest.fixture
def page(browser):
    """A page in its own browser context (own cookies, downloads allowed); kernels can
    take a while to start on a busy machine, hence the long timeout."""
    context = browser.new_context(accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(90_000)
    yield pg
    context.close()


@pytest.fixture(autouse=True)
def _close_widgets():
    """After each test, close every widget it made, so no live refresh keeps polling a
    database that the test has already thrown away."""
    yield
    import sys

    widgets = sys.modules.get("ipywidgets")
    if widgets is not None:
        widgets.Widget.close_all()


@pytest.fixture
def views():
    """Makes space views without live refresh (``views(JargonWallView, store, who)``)
    and closes them after the test."""
    opened = []

    def make(cls, *args, **kwargs):
        kwargs.setdefault("live", False)
        view = cls(*args, **kwargs)
        opened.append(view)
        return view

    yield make
    for view in opened:
        view.close()
