"""Upgrading the course database with Alembic: ``commonground db status|upgrade`` and
the check ``commonground serve`` makes before any trainee arrives.

On SQLite a timestamped backup copy is made beside the file first (with SQLite's own
backup, so it is consistent even while pages are open), and the upgrade runs in one
transaction with foreign keys switched off, as SQLite asks for schema changes, then
checked with ``PRAGMA foreign_key_check`` before it commits. On a server database the
owner decides when: ``serve`` refuses and names the command.

Facilitator side only: Alembic is imported here, never in a trainee's kernel.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, text
from sqlalchemy.exc import DatabaseError

from commonground.config import db_url
from commonground.errors import (
    DatabaseUnreachableError,
    NoDatabaseError,
    NotCourseDatabaseError,
    SchemaTooNewError,
    StoreError,
)
from commonground.private_files import create_private

from . import _schema
from .migrations import HEAD, SCRIPT_LOCATION, version_number
from .store import (
    NOT_OURS,
    SchemaState,
    make_engine_for,
    reach,
    read_state,
    safe_url,
    shown_db,
    sqlite_path,
    too_new_message,
    upgrade_command,
)

__all__ = ["Status", "UpgradeReport", "backup_sqlite", "prepare_for_serving", "status", "upgrade"]


@dataclass(frozen=True)
class Status:
    url: str  # password hidden
    state: SchemaState

    @property
    def lines(self) -> list[str]:
        s = self.state
        if s.empty:
            found = ("empty: no course tables yet (`commonground db upgrade` or `commonground "
                     "serve` creates them)")
        elif s.too_new:
            found = f"data format {s.number or '?'} ({s.revision or 'unknown revision'}), newer"
        else:
            found = f"data format {s.number} (revision {s.revision})"
        lines = [
            f"Database: {self.url}",
            f"Found: {found}",
            f"This version of Common Ground uses: data format {_schema.SCHEMA_VERSION} "
            f"(revision {HEAD})",
        ]
        if s.too_new:
            lines.append("Update Common Ground before using this database; nothing was changed.")
        elif s.upgradable:
            lines.append(f"An upgrade is needed: {upgrade_command(self.url)}")
        else:
            lines.append("Up to date.")
        return lines


@dataclass(frozen=True)
class UpgradeReport:
    before: SchemaState
    after: SchemaState
    backup: Path | None

    @property
    def changed(self) -> bool:
        return self.before.revision != self.after.revision

    @property
    def message(self) -> str:
        if not self.changed:
            return f"The course database is up to date (data format {self.after.number})."
        if self.before.empty:
            return f"Created the course database (data format {self.after.number})."
        text = (
            f"Upgraded the course database from data format {self.before.number} to "
            f"{self.after.number}."
        )
        if self.backup is not None:
            text += f" A copy of it as it was is at {self.backup}."
        return text


def status(url: str | None = None, *, must_exist: bool = False) -> Status:
    """Where the database stands. Reads only, and creates nothing: a SQLite file that is
    not there is an empty database, or with ``must_exist`` (``db status``) refused with
    :class:`NoDatabaseError`."""
    url = db_url(url)
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        if must_exist:
            raise NoDatabaseError(shown_db(url))
        return Status(safe_url(url), SchemaState(None, None))
    engine = make_engine_for(url)
    try:
        conn = reach(engine, url)
        with conn, conn.begin():
            return Status(safe_url(url), read_state(conn))
    except DatabaseError as e:  # e.g. a file that is not SQLite at all
        raise NotCourseDatabaseError(NOT_OURS) from e
    finally:
        engine.dispose()


def backup_sqlite(path: Path, when: _dt.datetime | None = None) -> Path:
    """Copy a SQLite course database beside itself, readable by its owner only (it holds
    people's private writing). Returns the copy's path."""
    stamp = (when or _dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix or '.db'}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.backup-{stamp}-{n}{path.suffix or '.db'}")
        n += 1
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(create_private(target))  # private before a byte is copied
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def upgrade(url: str | None = None, *, backup: bool = True) -> UpgradeReport:
    """Bring the database to the newest data format (an empty one is created). On SQLite
    a backup copy is made first. A newer database is refused, unchanged."""
    from .store import open_store

    url = db_url(url)
    before = status(url).state
    if before.too_new:
        raise SchemaTooNewError(too_new_message(before))
    if not before.upgradable:
        open_store(url).dispose()  # creates an empty one; checks a current one
        return UpgradeReport(before, status(url).state, None)
    path = sqlite_path(url)
    copy = backup_sqlite(path) if backup and path is not None and path.exists() else None
    engine = make_engine_for(url)
    try:
        with engine.connect() as conn:
            sqlite = conn.dialect.name == "sqlite"
            # dbapi_connection is None only for a connection closed or invalidated: not here.
            if sqlite:  # before the transaction: SQLite ignores it inside one
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]  # see above
            conn.execution_options(cg_immediate=True)  # the write lock: writers wait
            with conn.begin():
                state = read_state(conn)  # again, inside the lock: another may have run
                if state.upgradable:
                    _run_alembic(conn, state)
                if sqlite:
                    broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                    if broken:
                        raise StoreError(
                            f"The upgrade was stopped and nothing was changed: {len(broken)} "
                            f"row(s) would point at rows that do not exist (first: "
                            f"{tuple(broken[0])}). Please report this."
                        )
            if sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]  # see above
    finally:
        engine.dispose()
    return UpgradeReport(before, status(url).state, copy)


def _run_alembic(conn: Connection, state: SchemaState) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    config.attributes["connection"] = conn
    if state.legacy:  # made before Alembic: record where it stands first
        assert state.revision is not None
        command.stamp(config, state.revision)
    command.upgrade(config, HEAD)


def prepare_for_serving(url: str, wait: float = 0) -> str | None:
    """What ``commonground serve`` does before any trainee arrives: create a new
    database, upgrade an older SQLite one (after a backup) and say so, or refuse an
    older server database with the command its owner should run. Returns the message
    to print, if any. A database server that does not answer yet (starting, or its
    network coming back) is waited for, up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        try:
            state = status(url).state
            break
        except DatabaseUnreachableError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(1)
    if state.too_new:
        raise SchemaTooNewError(too_new_message(state))
    if state.upgradable and sqlite_path(url) is None:
        raise StoreError(
            f"This course database ({safe_url(url)}) is from an earlier version of Common "
            f"Ground (data format {state.number}; this version uses "
            f"{version_number(HEAD)}). On a database server the database's owner decides "
            f"when to upgrade: back it up (pg_dump), then run\n  {upgrade_command(url)}\n"
            "and start the course again. Nothing was changed."
        )
    report = upgrade(url)
    return report.message if report.changed else None
