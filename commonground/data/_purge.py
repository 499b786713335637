"""Deleting every row a cohort owns, in every table, and proving none is left.

This is the one place (with the store and the migrations) that works on the schema as a
whole rather than through each table's owner: which rows belong to a cohort is worked
out from the foreign keys, so a table added later that points at cohorts, participants
or their data is covered without changing this file.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, or_, select, update
from sqlalchemy.sql import ColumnElement

from . import _schema
from ._engine import vacuum_full
from .people import Cohort
from .store import Store

__all__ = ["PurgeReport", "purge_cohort"]


@dataclass(frozen=True)
class PurgeReport:
    cohort: str
    deleted: dict[str, int]  # table -> rows deleted
    remaining: dict[str, int]  # table -> rows of the cohort still there (empty: none)
    compacted: bool  # the database file was rewritten so deleted text is gone from disk


def _owned(cohort_id: int, participant_ids: list[int]) -> dict[str, ColumnElement[bool]]:
    """For every table: the condition that picks the rows belonging to the cohort.
    Keys that merely mention someone (ON DELETE SET NULL, like "hidden by") are not
    ownership."""
    cohorts = _schema.metadata.tables["cohorts"]
    participants = _schema.metadata.tables["participants"]
    owned: dict[str, ColumnElement[bool]] = {
        "cohorts": cohorts.c.id == cohort_id,
        "participants": participants.c.id.in_(participant_ids)
        | (participants.c.cohort_id == cohort_id),
    }

    def condition(table: Table) -> ColumnElement[bool] | None:
        if table.name in owned:
            return owned[table.name]
        parts = []
        for fk in table.foreign_keys:
            if (fk.ondelete or "").upper() == "SET NULL":
                continue
            target = fk.column.table
            if target is table or not isinstance(target, Table):
                continue
            inner = condition(target)
            if inner is not None:
                parts.append(fk.parent.in_(select(fk.column).where(inner)))
        if not parts:
            return None
        owned[table.name] = or_(*parts)
        return owned[table.name]

    for table in _schema.metadata.sorted_tables:
        condition(table)
    return owned


def _count_owned(conn: Connection, owned: dict[str, ColumnElement[bool]]) -> dict[str, int]:
    counts = {}
    for name, where in owned.items():
        n = conn.execute(
            select(func.count()).select_from(_schema.metadata.tables[name]).where(where)
        ).scalar()
        if n:
            counts[name] = int(n)
    return counts


def purge_cohort(store: Store, cohort: Cohort) -> PurgeReport:
    """Delete the cohort and everything of it, check nothing remains, and rewrite the
    database (SQLite: VACUUM; PostgreSQL: VACUUM FULL) so the deleted writing does not
    linger in free pages."""
    participants = _schema.metadata.tables["participants"]
    with store.write() as conn:
        pids = [int(i) for i in conn.execute(
            select(participants.c.id).where(participants.c.cohort_id == cohort.id)
        ).scalars()]
        owned = _owned(cohort.id, pids)
        deleted = _count_owned(conn, owned)
        # Rows elsewhere that name one of these people as moderator keep the row.
        for table in _schema.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table is participants and (fk.ondelete or "").upper() == "SET NULL":
                    conn.execute(
                        update(table).where(fk.parent.in_(pids)).values({fk.parent.name: None})
                    )
        for table in reversed(_schema.metadata.sorted_tables):  # children before parents
            where = owned.get(table.name)
            if where is not None:
                conn.execute(table.delete().where(where))
    with store.read() as conn:
        remaining = _count_owned(conn, _owned(cohort.id, pids))
    compacted = _compact(store) if not remaining else False
    return PurgeReport(cohort.name, deleted, remaining, compacted)


def _compact(store: Store) -> bool:
    if store.engine.dialect.name == "postgresql":
        return vacuum_full(store.engine, list(_schema.metadata.tables))
    if not store.is_sqlite:
        return False
    raw = store.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("VACUUM")
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True
    except Exception:  # busy with trainees: the data is deleted; the file is tidied later
        return False
    finally:
        raw.close()
