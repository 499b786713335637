"""Looking straight at the course database in tests."""

from __future__ import annotations

from pathlib import Path

from commonground.data import _schema as t


def row_counts(store) -> dict[str, int]:
    """How many rows each table holds (to prove that something wrote nothing)."""
    with store.read() as conn:
        return {
            name: len(conn.execute(table.select()).fetchall())
            for name, table in t.metadata.tables.items()
        }


def stored_bytes(db_url: str) -> bytes:
    """Every byte the database keeps on disk for this course: the SQLite file and its
    WAL, or (PostgreSQL, after a checkpoint) the files of every table, TOAST table and
    index in the test's schema. To prove that some text is not stored anywhere."""
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    from harness.postgres import admin, schema_of

    conn = admin()
    conn.execute("CHECKPOINT")  # what the server holds in memory goes to the files
    folder = Path(conn.execute("SELECT current_setting('data_directory')").fetchone()[0])
    files = conn.execute(
        "SELECT pg_relation_filepath(c.oid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s "
        "UNION SELECT pg_relation_filepath(c.reltoastrelid) FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.reltoastrelid <> 0",
        (schema_of(db_url), schema_of(db_url)),
    ).fetchall()
    out = []
    for (relative,) in files:
        if relative is None:
            continue
        for part in sorted(folder.glob(f"{relative}*")):  # segments and free-space maps
            out.append(part.read_bytes())
    assert out, "no table files found for the test's schema"
    return b"".join(out)
