"""Small named fixtures shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground import open_store
from commonground.course import load_course

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def db_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'course.db'}"


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
    from widgets._session import reset_session

    monkeypatch.setenv("COMMONGROUND_DB", db_url)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    reset_session()
    yield monkeypatch
    reset_session()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, shared by the browser tests."""
    from playwright.sync_api import sync_playwright

    from ._browser import launch_chromium

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture(scope="session")
def template(tmp_path_factory):
    """The committed nbgrader course (exercises/) with an empty gradebook, made once."""
    from ._grading import course_template

    return course_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def course_dir(template, tmp_path):
    """A fresh copy of the nbgrader course folder for one test."""
    from ._grading import course_copy

    return course_copy(template, tmp_path)


@pytest.fixture
def third_trainee(store, cohort):
    return store.people.get(store.people.add_participant(cohort.id, "Cat Diaz", "Health", "Nurse"))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`commonground serve` with a fresh database, one per test module: (base URL, db URL)."""
    from ._browser import course_server

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
