"""Transactions on the course database: what every table's owner module builds on.

``read()`` nests: inside an open read on the same thread it hands back the same
connection, so a page or an export that asks several owners in a row reads one
consistent snapshot in one transaction. ``write()`` always opens its own transaction
(on SQLite with ``BEGIN IMMEDIATE``, so two writers queue instead of failing half-way).

A write names what it touches: ``write(participant=...)`` for one person's own rows,
``cohort=`` for a cohort's shared ones, ``login=`` for the person a login names. On
PostgreSQL only writes touching the same thing queue (advisory locks, see
:mod:`commonground.data._engine`); a write naming nothing queues behind every write.
Whatever a write reads and then changes must lie inside what it names.
"""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, CursorResult, Engine

from ._engine import lock_keys

__all__ = ["Database", "new_id", "utcnow"]


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def new_id(result: CursorResult) -> int:
    """The primary key an INSERT of one row gave it."""
    key = result.inserted_primary_key
    assert key is not None, "not a single-row INSERT"
    return int(key[0])


class Database:
    """An engine and its transactions. :class:`commonground.data.store.Store` adds the
    owner of each table."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self._local = threading.local()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        held: Connection | None = getattr(self._local, "conn", None)
        if held is not None:
            yield held
            return
        with self.engine.connect() as conn, conn.begin():
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    @contextmanager
    def write(self, *, participant: int | None = None, cohort: int | None = None,
              login: str | None = None) -> Iterator[Connection]:
        """A write transaction on what it names (nothing named: the whole database)."""
        keys = lock_keys(participant=participant, cohort=cohort, login=login)
        with self.engine.connect() as conn:
            conn.execution_options(cg_immediate=True, cg_locks=keys)
            with conn.begin():
                yield conn

    def dispose(self) -> None:
        self.engine.dispose()
