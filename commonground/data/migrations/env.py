"""Alembic's environment for the course database.

Run through ``commonground db upgrade`` (which passes an open connection inside its own
transaction, after a backup on SQLite), or by developers with ``alembic`` from the
repository root (``alembic.ini``), which reads the database URL as the course does.
After the revisions run, ``meta.schema_version`` is set to match, in the same
transaction, so older releases of Common Ground refuse the upgraded database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, text

from commonground.data import _schema
from commonground.data.migrations import REVISIONS, version_number

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=_schema.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        _sync_meta(connection)


def _sync_meta(connection: Connection) -> None:
    heads = context.get_context().get_current_heads()
    if len(heads) != 1 or heads[0] not in REVISIONS:
        return
    number = str(version_number(heads[0]))
    connection.execute(text("DELETE FROM meta WHERE key = 'schema_version'"))
    connection.execute(
        text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": number}
    )


def _main() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from commonground.data.store import make_engine_for

    engine = make_engine_for(config.get_main_option("sqlalchemy.url") or None)
    try:
        with engine.connect() as conn:
            _run(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Common Ground migrations run online only: use `commonground db upgrade`.")
_main()
