"""The page timer adds the time a module page is open to progress.seconds_spent."""

import time

import pytest

from commonground.pages.session import reset_session
from widgets import course, timer


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def page_timer(store, trainee, clock):
    return timer.PageTimer(store, trainee, "00_welcome", interval=45, clock=clock)


def spent(store, trainee):
    return store.progress.seconds_spent(trainee.id).get("00_welcome", 0)


def test_records_elapsed_seconds_keeping_fractions(page_timer, clock, store, trainee):
    clock.now += 44.6
    assert page_timer.record() == 44
    clock.now += 45.5
    assert page_timer.record() == 46  # 0.6 + 45.5 carried over
    assert spent(store, trainee) == 90


def test_a_long_gap_counts_one_interval_only(page_timer, clock, store, trainee):
    clock.now += 8 * 3600  # the server was suspended overnight
    assert page_timer.record() == 45
    assert spent(store, trainee) == 45


def test_a_failed_write_is_retried_next_time(page_timer, clock, store, trainee, monkeypatch):
    def broken(*a, **k):
        raise OSError("disk unavailable")

    monkeypatch.setattr(type(store.progress), "add_time", broken)
    clock.now += 30
    assert page_timer.record() == 0
    monkeypatch.undo()
    clock.now += 30
    assert page_timer.record() == 60
    assert spent(store, trainee) == 60


def test_the_thread_keeps_counting_while_the_page_lives(store, trainee):
    running = timer.PageTimer(store, trainee, "00_welcome", interval=0.2).start()
    try:
        deadline = time.monotonic() + 10
        while spent(store, trainee) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        running.stop(record=False)
    assert spent(store, trainee) >= 1


def test_opening_a_module_starts_its_timer(monkeypatch, db_url, store):
    monkeypatch.setenv("COMMONGROUND_DB", db_url)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    reset_session()
    try:
        course.header("01_safe_environment")
        running = timer.current()
        assert running.module_id == "01_safe_environment"
        who = store.people.for_login("self", "self")
        assert running.participant == who
    finally:
        timer.stop()
        reset_session()
