"""The database goes away while a trainee writes (a restart, a failover, a network cut):
the box says so in plain words, keeps the writing, tries again by itself, and every word
is stored once the database is back, with nothing typed again and no click. A real
PostgreSQL server of the test's own is stopped and started (harness.postgres)."""

from __future__ import annotations

import time

import pytest

from commonground import open_store
from harness.postgres import private_server
from widgets.reflection import ReflectionBox

pytestmark = [pytest.mark.db, pytest.mark.postgresql_only]


def _until(check, seconds: float = 20.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_writing_while_the_database_is_away_is_saved_when_it_comes_back(welcome_prompt):
    with private_server() as pg:
        store = open_store(pg.url)
        cohort = store.people.create_cohort("Northside 2027", "Sam Facilitator")
        trainee = store.people.get(store.people.add_participant(
            cohort.id, "Ana Lee", "Family Support", "Case worker"))
        box = ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05,
                            retry_delays=(0.3, 0.6, 1.0))
        box.type("Before the outage.")
        box.flush()
        assert _until(lambda: not box.model.dirty)

        pg.stop()
        box.type("Before the outage. Written while it was away.")
        box.flush()
        assert _until(lambda: box.model.unreachable)
        assert "Not saved yet" in box.status.text and "keeps trying" in box.status.text
        assert box.textarea.value.endswith("Written while it was away.")  # nothing taken
        assert _until(lambda: box._retry.attempts >= 3, 10)  # it goes on trying, unasked

        pg.start()
        assert _until(lambda: not box.model.dirty), "the page did not save by itself"
        assert box.model.error is None and not box._retry.pending
        again = open_store(pg.url)
        record = again.reflections.get(trainee.id, welcome_prompt.id)
        assert record is not None
        assert record.draft_text == "Before the outage. Written while it was away."
        again.dispose()
        store.dispose()
