"""The course database: opening it, checking its schema version, transactions.

SQLite is the default. Many trainee kernels (separate processes) write at once, so
SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so that two writers queue instead of failing half-way.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, inspect, select

from . import _schema
from ._engine import make_engine as _make_engine
from .config import db_url


class StoreError(Exception):
    """A problem with the course database, worded for the person running the course."""


class SchemaTooNewError(StoreError):
    pass


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


# Version reached -> the function that upgrades a database from the version before it,
# inside the open write transaction. Empty while there is only version 1.
_UPGRADES: dict[int, Callable[[Connection], None]] = {}


class Store:
    """An open course database. Create with :func:`open_store`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"

    # -- transactions -------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(cg_immediate=True)
            with conn.begin():
                yield conn

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int | None:
        with self.read() as conn:
            return _read_version(conn)

    def dispose(self) -> None:
        self.engine.dispose()

    # -- domain helpers (imported lazily to keep this file about the database) --
    @property
    def people(self):
        from .people import People

        return People(self)

    @property
    def reflections(self):
        from .reflections import Reflections

        return Reflections(self)

    @property
    def plays(self):
        from .plays import Plays

        return Plays(self)

    @property
    def progress(self):
        from .progress import Progress

        return Progress(self)


def _read_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    row = conn.execute(
        select(_schema.meta.c.value).where(_schema.meta.c.key == "schema_version")
    ).first()
    return int(row[0]) if row else None


def open_store(url: str | None = None) -> Store:
    """Open (and if needed create or upgrade) the course database.

    Raises :class:`SchemaTooNewError`, having changed nothing, when the database
    was written by a newer version of Common Ground.
    """
    engine = _make_engine(db_url(url))
    store = Store(engine)
    try:
        found = store.schema_version()
        if found is not None and found > _schema.SCHEMA_VERSION:
            raise SchemaTooNewError(
                f"This course database was written by a newer version of Common Ground "
                f"(data format {found}; this version understands up to "
                f"{_schema.SCHEMA_VERSION}). Nothing was changed. Update Common Ground "
                f"(git pull, then make serve) or point it at another database with --db."
            )
        if found != _schema.SCHEMA_VERSION:
            _create_or_upgrade(store)
        if store.is_sqlite:
            raw = engine.raw_connection()  # outside any transaction, as SQLite requires
            try:
                raw.cursor().execute("PRAGMA journal_mode = WAL")
            finally:
                raw.close()
    except Exception:
        engine.dispose()
        raise
    return store


def _create_or_upgrade(store: Store) -> None:
    with store.write() as conn:  # IMMEDIATE: two kernels opening a new file queue up
        found = _read_version(conn)
        if found == _schema.SCHEMA_VERSION:
            return  # another process got here first
        if found is None:
            if inspect(conn).get_table_names():
                raise StoreError(
                    "This database already holds tables that are not Common Ground's. "
                    "Point Common Ground at an empty or Common Ground database with --db."
                )
            _schema.metadata.create_all(conn)
        else:
            for version in range(found + 1, _schema.SCHEMA_VERSION + 1):
                _UPGRADES[version](conn)
        conn.execute(_schema.meta.delete().where(_schema.meta.c.key == "schema_version"))
        conn.execute(
            _schema.meta.insert().values(key="schema_version", value=str(_schema.SCHEMA_VERSION))
        )
