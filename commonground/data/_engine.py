"""Creating the SQLAlchemy engine for the course database, set up for the kind of
database it talks to. Every trainee kernel is a separate process with its own engine.

Write transactions (``Database.write`` sets the ``cg_immediate`` execution option, and
``cg_locks``, the keys of what the write touches) never lose an update in the
read-then-update code of the table modules (a draft's revision check, the next version
number, insert-if-missing) and never trip over a unique key:

- SQLite: WAL mode, a busy timeout, foreign keys on, and ``BEGIN IMMEDIATE`` for writes
  (the database's write lock is taken when the transaction starts, not half-way): every
  write queues behind every other, whatever it touches.
- PostgreSQL (``postgresql://`` URLs use psycopg 3): a write transaction's first
  statement takes transaction-scoped advisory locks on what it touches, then it runs at
  READ COMMITTED, so each later statement sees every write committed before the locks
  were granted. A write scoped to a participant (their drafts, progress, plays, posts),
  a cohort (its starting points, roster, settings, moderation) or a login takes that
  key's lock, plus a shared hold on the whole-database lock; a write with no scope (an
  archive, a purge, a migration, creating a cohort) takes the whole-database lock alone,
  so it waits for every scoped write and they for it. So two trainees' saves never
  wait for each other, while one trainee's two tabs queue as on SQLite. Locks are always
  asked for in one order (the whole-database lock, then the keys sorted), so writers
  cannot deadlock on them. ``?cg_write_lock=database`` in the URL makes every write take
  the whole-database lock alone, as before scoped locks (the autosave benchmark compares
  the two). Other transactions run at REPEATABLE READ: one consistent snapshot, as a
  SQLite WAL reader has. Lock waits give up after the same busy timeout. Each process
  keeps at most two connections (a pool of one plus one overflow, for the page's
  autosave and live refresh threads); add ``?cg_pool=none`` to the URL to open a
  connection per transaction instead (for a pgbouncer in transaction pooling mode).
  Times come back as UTC, whatever the server's time zone.
"""

from __future__ import annotations

import datetime as _dt
import functools
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import ConnectionPoolEntry, NullPool

from commonground.private_files import create_private, keep_private

if TYPE_CHECKING:
    import sqlite3

    import psycopg
    from psycopg.abc import Buffer

__all__ = [
    "BUSY_TIMEOUT_MS", "POOL_OPTION", "WRITE_LOCK_KEY", "WRITE_LOCK_OPTION", "LockKey",
    "lock_keys", "make_engine", "normalise_url", "vacuum_full",
]

BUSY_TIMEOUT_MS = 15_000
POOL_OPTION = "cg_pool"  # URL query option: "small" (the default) or "none"
# The whole-database advisory lock (a fixed 32-bit number): held exclusively by a write
# with no scope, shared by every scoped write.
WRITE_LOCK_KEY = zlib.crc32(b"commonground write")
WRITE_LOCK_OPTION = "cg_write_lock"  # URL query option: "scoped" (the default) or "database"
# A scoped write's lock: (kind, number), PostgreSQL's two-int advisory lock key.
LockKey = tuple[int, int]


def _int4(value: int) -> int:
    """An unsigned 32-bit number as PostgreSQL's signed ``integer``."""
    value &= 0xFFFF_FFFF
    return value - (1 << 32) if value >= 1 << 31 else value


_KINDS = {kind: _int4(zlib.crc32(f"commonground {kind}".encode()))
          for kind in ("participant", "cohort", "login")}


def lock_keys(*, participant: int | None = None, cohort: int | None = None,
              login: str | None = None) -> tuple[LockKey, ...]:
    """The advisory lock keys of a write that touches one participant's rows, a cohort's
    or a login's, in the one order every writer asks for them. Two numbers that share
    a key (a login's digest, an id past 2**32) only make their writes queue."""
    keys = set()
    if participant is not None:
        keys.add((_KINDS["participant"], _int4(participant)))
    if cohort is not None:
        keys.add((_KINDS["cohort"], _int4(cohort)))
    if login is not None:
        keys.add((_KINDS["login"], _int4(zlib.crc32(login.encode()))))
    return tuple(sorted(keys))

POOL_SIZE, POOL_OVERFLOW = 1, 1
POOL_RECYCLE_S = 30 * 60  # older connections are replaced (servers and firewalls drop idle ones)


def normalise_url(url: str | URL) -> URL:
    """The URL with its driver named: ``postgresql://`` (and ``postgres://``) mean psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL) -> Engine:
    """An engine for the course database at ``url`` (a SQLAlchemy URL)."""
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    if parsed.get_backend_name() == "postgresql":
        return _postgresql_engine(parsed)
    return create_engine(parsed, pool_pre_ping=True, pool_size=POOL_SIZE,
                         max_overflow=POOL_OVERFLOW, pool_recycle=POOL_RECYCLE_S)


def _sqlite_engine(parsed: URL) -> Engine:
    if parsed.database and parsed.database != ":memory:" and not parsed.database.startswith(
            "file:"):
        # The database, and so its -wal and -shm files, readable by this account alone.
        database = Path(parsed.database).expanduser()
        create_private(database)
        for extra in ("-wal", "-shm", "-journal"):
            keep_private(database.with_name(database.name + extra))
    engine = create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("cg_immediate")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def _postgresql_engine(parsed: URL) -> Engine:
    pool = parsed.query.get(POOL_OPTION, "small")
    if pool not in ("small", "none"):
        raise ValueError(
            f"The database URL option {POOL_OPTION}={pool!r} is not known: use "
            f"{POOL_OPTION}=none (a connection per transaction, for pgbouncer) or leave it out."
        )
    write_lock = parsed.query.get(WRITE_LOCK_OPTION, "scoped")
    if write_lock not in ("scoped", "database"):
        raise ValueError(
            f"The database URL option {WRITE_LOCK_OPTION}={write_lock!r} is not known: use "
            f"{WRITE_LOCK_OPTION}=database (every write locks the whole database) or leave "
            "it out."
        )
    whole_database = write_lock == "database"
    parsed = parsed.difference_update_query([POOL_OPTION, WRITE_LOCK_OPTION])
    if pool == "none":
        # pgbouncer hands each transaction to any server connection: no prepared statements.
        engine = create_engine(parsed, poolclass=NullPool,
                               connect_args={"prepare_threshold": None})
    else:
        engine = create_engine(parsed, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW,
                               pool_pre_ping=True, pool_recycle=POOL_RECYCLE_S)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: psycopg.Connection[Any], _record: ConnectionPoolEntry) -> None:
        dbapi_conn.adapters.register_loader("timestamptz", _utc_timestamptz_loader())

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # The first statement of the transaction (psycopg begins it implicitly).
        options = conn.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return
        if options.get("cg_immediate"):
            keys: tuple[LockKey, ...] = () if whole_database else options.get("cg_locks", ())
            numbers = tuple(n for key in keys for n in key)
            conn.exec_driver_sql(_lock_statement(len(keys)), numbers or None)
        else:
            conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")

    return engine


@functools.cache
def _lock_statement(scoped: int) -> str:
    """The first statement of a write transaction holding ``scoped`` keys' locks (none:
    the whole database's). PostgreSQL computes a SELECT's columns from left to right, so
    the time-out is set first and the locks are taken in the order given."""
    timeout = f"set_config('lock_timeout', '{BUSY_TIMEOUT_MS}ms', true)"
    if not scoped:
        return f"SELECT {timeout}, pg_advisory_xact_lock({WRITE_LOCK_KEY})"
    keys = ", ".join(["pg_advisory_xact_lock(%s, %s)"] * scoped)
    return f"SELECT {timeout}, pg_advisory_xact_lock_shared({WRITE_LOCK_KEY}), {keys}"


def vacuum_full(engine: Engine, tables: list[str], lock_timeout_ms: int = 5_000) -> bool:
    """PostgreSQL: rewrite ``tables`` (``VACUUM FULL``) so that the text of deleted rows
    leaves the table files. Each table is locked for a moment; returns False, having
    done what it could, when a table stayed busy longer than ``lock_timeout_ms``."""
    names = ", ".join(engine.dialect.identifier_preparer.quote(name) for name in tables)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        try:
            conn.exec_driver_sql(f"SET lock_timeout = '{int(lock_timeout_ms)}ms'")
            conn.exec_driver_sql(f"VACUUM FULL {names}")
            return True
        except DBAPIError:
            return False
        finally:
            conn.exec_driver_sql("RESET lock_timeout")


@functools.cache
def _utc_timestamptz_loader() -> type:
    """A psycopg loader giving ``timestamptz`` values as aware datetimes in UTC (psycopg's
    own gives them in the session's time zone, which differs between servers). Made on
    first use so that SQLite-only kernels never import psycopg."""
    from psycopg.types.datetime import TimestamptzLoader

    class _UtcTimestamptzLoader(TimestamptzLoader):
        def load(self, data: Buffer) -> _dt.datetime:
            return super().load(data).astimezone(_dt.UTC)

    return _UtcTimestamptzLoader
