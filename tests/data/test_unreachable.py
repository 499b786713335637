"""A database server that does not answer is said as such, in words, with the password
hidden and nothing written; `commonground serve` waits for it a while at start."""

from __future__ import annotations

import socket
import time

import pytest

from commonground.admin.cli import main
from commonground.data.migrate import prepare_for_serving, status
from commonground.data.store import open_store
from commonground.errors import DatabaseUnreachableError


@pytest.fixture
def nobody_there() -> str:
    """A PostgreSQL address on 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"postgresql://course:s3cret-pw@127.0.0.1:{port}/commonground"


def test_opening_says_the_server_did_not_answer(nobody_there):
    for attempt in (lambda: open_store(nobody_there), lambda: status(nobody_there)):
        with pytest.raises(DatabaseUnreachableError) as e:
            attempt()
        said = str(e.value)
        assert said.startswith("Could not reach the course database at ")
        assert "s3cret-pw" not in said and "not a Common Ground" not in said
        assert said.endswith("Nothing was changed.")


def test_serving_waits_for_it_then_says_so(nobody_there):
    started = time.monotonic()
    with pytest.raises(DatabaseUnreachableError):
        prepare_for_serving(nobody_there, wait=2)
    assert 2 <= time.monotonic() - started < 10


def test_the_commands_say_it_in_words(nobody_there, capsys):
    assert main(["db", "status", "--db", nobody_there]) != 0
    said = capsys.readouterr()
    assert "Could not reach the course database" in said.err + said.out
    assert "s3cret-pw" not in said.err + said.out and "Traceback" not in said.err
