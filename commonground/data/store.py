"""The course database: opening it, checking its data format, and each table's owner.

SQLite is the default. Many trainee kernels (separate processes) write at once, so
SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
``BEGIN IMMEDIATE`` so that two writers queue instead of failing half-way.

The data format is the Alembic revision the database is at (``alembic_version``);
reading it needs no Alembic, so trainee kernels stay light. A new database is created
at the newest revision. An older one is refused here with the command that upgrades it
(:mod:`commonground.data.migrate` does the upgrade, after a backup on SQLite); a newer one,
or one that is not a Common Ground database, is refused and left exactly as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from commonground.config import db_url
from commonground.errors import (
    DatabaseUnreachableError,
    NoDatabaseError,
    NotCourseDatabaseError,
    SchemaTooNewError,
    SchemaTooOldError,
    StoreError,
)

from . import _schema
from ._db import Database, utcnow
from ._engine import BUSY_TIMEOUT_MS
from ._engine import make_engine as _make_engine
from .administrators import Administrators
from .assessment import Assessment
from .attendance import Attendance
from .evaluation import Evaluation
from .group_play import GroupPlays
from .jurisdictions import CohortJurisdictions
from .lti_marks import LtiMarks
from .lti_platforms import LtiPlatforms
from .messages import Messages
from .migrations import HEAD, LEGACY_V1, REVISIONS, version_number
from .people import People
from .plays import Plays
from .progress import Progress
from .reflections import Reflections
from .room_state import Room

__all__ = [
    "BUSY_TIMEOUT_MS",
    "NOT_OURS",
    "DatabaseUnreachableError",
    "NoDatabaseError",
    "NotCourseDatabaseError",
    "SchemaState",
    "SchemaTooNewError",
    "SchemaTooOldError",
    "Store",
    "StoreError",
    "make_engine_for",
    "open_store",
    "reach",
    "read_state",
    "safe_url",
    "shown_db",
    "sqlite_path",
    "utcnow",
]


class Store(Database):
    """An open course database, with the owner of each table. Create with
    :func:`open_store`."""

    @cached_property
    def people(self) -> People:
        return People(self)

    @cached_property
    def reflections(self) -> Reflections:
        return Reflections(self)

    @cached_property
    def plays(self) -> Plays:
        return Plays(self)

    @cached_property
    def progress(self) -> Progress:
        return Progress(self)

    @cached_property
    def assessment(self) -> Assessment:
        return Assessment(self)

    @cached_property
    def attendance(self) -> Attendance:
        return Attendance(self)

    @cached_property
    def evaluation(self) -> Evaluation:
        return Evaluation(self)

    @cached_property
    def jurisdictions(self) -> CohortJurisdictions:
        return CohortJurisdictions(self)

    @cached_property
    def messages(self) -> Messages:
        return Messages(self)

    @cached_property
    def room(self) -> Room:
        return Room(self)

    @cached_property
    def group_play(self) -> GroupPlays:
        return GroupPlays(self)

    @cached_property
    def administrators(self) -> Administrators:
        return Administrators(self)

    @cached_property
    def lti(self) -> LtiPlatforms:
        return LtiPlatforms(self)

    @cached_property
    def lti_marks(self) -> LtiMarks:
        return LtiMarks(self)

    def schema_version(self) -> int | None:
        """The data format number (``meta.schema_version``), or None for an empty database."""
        with self.read() as conn:
            return read_state(conn).number


# -- the data format ------------------------------------------------------------------
@dataclass(frozen=True)
class SchemaState:
    """Where a database stands. ``revision`` is None for an empty database."""

    revision: str | None
    number: int | None  # meta.schema_version
    legacy: bool = False  # made before Alembic: only meta.schema_version = 1

    @property
    def empty(self) -> bool:
        return self.revision is None and self.number is None

    @property
    def current(self) -> bool:
        return self.revision == HEAD

    @property
    def too_new(self) -> bool:
        known = self.revision is None or self.revision in REVISIONS
        return not known or (self.number or 0) > _schema.SCHEMA_VERSION

    @property
    def upgradable(self) -> bool:
        return not self.empty and not self.current and not self.too_new


def read_state(conn: Connection) -> SchemaState:
    """Read the data format without changing anything. Raises
    :class:`NotCourseDatabaseError` for a database that is not Common Ground's."""
    try:
        tables = set(inspect(conn).get_table_names())
    except DatabaseError as e:
        raise NotCourseDatabaseError(NOT_OURS) from e
    if not tables:
        return SchemaState(None, None)
    if "meta" not in tables:
        raise NotCourseDatabaseError(NOT_OURS)
    raw = conn.execute(
        select(_schema.meta.c.value).where(_schema.meta.c.key == "schema_version")
    ).scalar()
    try:
        number = int(raw) if raw is not None else None
    except ValueError:
        raise NotCourseDatabaseError(NOT_OURS) from None
    if "alembic_version" in tables:
        revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return SchemaState(revision, number)
    if number is not None and number > _schema.SCHEMA_VERSION:
        return SchemaState(None, number)  # a newer release that records it differently
    if number != 1 or "reflections" not in tables:
        raise NotCourseDatabaseError(NOT_OURS)
    columns = {c["name"] for c in inspect(conn).get_columns("reflections")}
    return SchemaState(LEGACY_V1[1] if "hidden_at" in columns else LEGACY_V1[0], 1, legacy=True)


NOT_OURS = (
    "This is not a Common Ground course database (it holds other tables, or is not a "
    "database at all). Nothing was changed. Point Common Ground at its own database "
    "with --db, or at a new file to start afresh."
)


def safe_url(url: str) -> str:
    """The database URL as it may be printed: any password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite database URL (None for any other database, or one in memory
    or named by a ``file:`` URI)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if database.startswith("file:"):
        return None
    return Path(database).expanduser()


def shown_db(url: str) -> str:
    """Where a database is, as a person reads it: a SQLite file's path, else the URL
    with any password hidden."""
    path = sqlite_path(url)
    return str(path) if path is not None else safe_url(url)


def too_new_message(state: SchemaState) -> str:
    return (
        f"This course database was written by a newer version of Common Ground "
        f"(data format {state.number or state.revision}; this version understands up to "
        f"{_schema.SCHEMA_VERSION}). Nothing was changed. Update Common Ground "
        f"(git pull, then make serve) or point it at another database with --db."
    )


def upgrade_command(url: str) -> str:
    return f"commonground db upgrade --db '{safe_url(url)}'"


def too_old_message(state: SchemaState, url: str) -> str:
    return (
        f"This course database is from an earlier version of Common Ground (data format "
        f"{state.number}; this version uses {_schema.SCHEMA_VERSION}), so it must be "
        f"upgraded before the course can use it. Nothing was changed. To upgrade it (on "
        f"SQLite a backup copy is made first), run:\n  {upgrade_command(url)}"
    )


def make_engine_for(url: str | None = None) -> Engine:
    """An engine for the course database at ``url`` (default: as configured)."""
    return _make_engine(db_url(url))


def reach(engine: Engine, url: str) -> Connection:
    """A connection to the database, or, when a database server does not answer,
    :class:`DatabaseUnreachableError` in words (not "this is not a course database")."""
    try:
        return engine.connect()
    except OperationalError as e:
        if sqlite_path(url) is not None:
            raise  # a SQLite file that cannot be opened: said by the callers
        raise DatabaseUnreachableError(shown_db(url), str(e.orig or e)) from e


def open_store(url: str | None = None, *, create: bool = True) -> Store:
    """Open the course database, creating it at the newest data format if it is empty.

    With ``create=False`` (every command but ``serve`` and ``db upgrade``) a missing
    SQLite file, or a database with no tables, is refused with :class:`NoDatabaseError`
    and nothing is created: not the file, not its folder.

    Raises, having changed nothing: :class:`SchemaTooNewError` for a database written
    by a newer Common Ground, :class:`SchemaTooOldError` (naming the upgrade command)
    for an older one, :class:`NotCourseDatabaseError` for anything else.
    """
    url = db_url(url)
    path = sqlite_path(url)
    if not create and path is not None and not path.is_file():
        raise NoDatabaseError(shown_db(url))
    store = Store(_make_engine(url))
    try:
        reach(store.engine, url).close()
        with store.read() as conn:
            state = read_state(conn)
        if state.empty and not create:
            raise NoDatabaseError(shown_db(url))
        if state.too_new:
            raise SchemaTooNewError(too_new_message(state))
        if state.upgradable:
            raise SchemaTooOldError(too_old_message(state, url))
        if state.empty:
            _create(store)
        if store.is_sqlite:
            _wal(store.engine)
    except DatabaseError as e:  # e.g. a file that is not SQLite at all
        store.dispose()
        raise NotCourseDatabaseError(NOT_OURS) from e
    except Exception:
        store.dispose()
        raise
    return store


def _wal(engine: Engine) -> None:
    raw = engine.raw_connection()  # outside any transaction, as SQLite requires
    try:
        raw.cursor().execute("PRAGMA journal_mode = WAL")
    finally:
        raw.close()


def _create(store: Store) -> None:
    """Make every table at the newest revision, as Alembic's cookbook does for a new
    database ("create_all, then stamp"); two kernels opening a new database queue up."""
    with store.write() as conn:  # writers queue (BEGIN IMMEDIATE, or PostgreSQL's lock)
        if not read_state(conn).empty:
            return  # another process got here first
        _schema.metadata.create_all(conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                          "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD})
        conn.execute(
            _schema.meta.insert().values(key="schema_version", value=str(version_number(HEAD)))
        )
