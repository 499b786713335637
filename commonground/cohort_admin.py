"""Running a cohort after it is created: listing, one person's link, archiving, purging
and exporting.

Used by the ``commonground cohort ...`` commands; plain Python with the store passed
in. pandas (exports) is imported inside the functions that need it, so a trainee's
kernel never loads it.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Table, func, or_, select, update
from sqlalchemy.sql import ColumnElement

from . import _schema as t
from ._engine import vacuum_full
from .people import (  # noqa: F401 - re-exported for the cohort tools
    ARCHIVED_MESSAGE,
    GONE_MESSAGE,
    Cohort,
    CohortArchivedError,
    Participant,
    ensure_writable,
)
from .store import Store, StoreError, utcnow

DASHBOARD = "facilitator_dashboard.ipynb"


# -- links -------------------------------------------------------------------------------
def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/?t={token}"


def dashboard_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/voila/render/{DASHBOARD}?t={token}"


def ensure_facilitator(store: Store, cohort: Cohort) -> int:
    """The cohort's facilitator as a participant (created on first use), so that they
    can have a personal link. Returns their participant id."""
    with store.write() as conn:
        row = conn.execute(
            select(t.participants.c.id).where(
                t.participants.c.cohort_id == cohort.id, t.participants.c.kind == "facilitator"
            ).order_by(t.participants.c.id)
        ).first()
        if row is not None:
            return row.id
        return store.people.add_participant(
            cohort.id, cohort.facilitator_name or "Facilitator", kind="facilitator", conn=conn
        )


# -- listing -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CohortSummary:
    name: str
    facilitator_name: str
    starts_on: str | None
    ends_on: str | None
    archived: bool
    trainees: int
    active_links: int


@dataclass(frozen=True)
class Member:
    public_id: str
    name: str
    agency: str
    role: str
    kind: str
    link: str  # active | revoked | none
    modules_visited: int
    modules_completed: int


def list_cohorts(store: Store) -> list[CohortSummary]:
    c, p, lk = t.cohorts, t.participants, t.links
    trainees = (
        select(func.count()).where(p.c.cohort_id == c.c.id, p.c.kind == "trainee")
        .scalar_subquery()
    )
    active = (
        select(func.count())
        .select_from(lk.join(p, p.c.id == lk.c.participant_id))
        .where(p.c.cohort_id == c.c.id, lk.c.revoked_at.is_(None))
        .scalar_subquery()
    )
    query = select(c, trainees.label("trainees"), active.label("active")).order_by(c.c.name)
    with store.read() as conn:
        return [
            CohortSummary(r.name, r.facilitator_name, r.starts_on, r.ends_on,
                          r.archived_at is not None, r.trainees, r.active)
            for r in conn.execute(query)
        ]


def list_members(store: Store, cohort_name: str) -> list[Member]:
    cohort = store.people.cohort(cohort_name)
    p, lk, pr = t.participants, t.links, t.progress
    active = select(func.count()).where(
        lk.c.participant_id == p.c.id, lk.c.revoked_at.is_(None)
    ).scalar_subquery()
    issued = select(func.count()).where(lk.c.participant_id == p.c.id).scalar_subquery()
    visited = select(func.count()).where(pr.c.participant_id == p.c.id).scalar_subquery()
    completed = select(func.count()).where(
        pr.c.participant_id == p.c.id, pr.c.completed_at.is_not(None)
    ).scalar_subquery()
    query = (
        select(p, active.label("active"), issued.label("issued"), visited.label("visited"),
               completed.label("completed"))
        .where(p.c.cohort_id == cohort.id)
        .order_by(p.c.kind != "facilitator", p.c.display_name, p.c.id)
    )
    with store.read() as conn:
        return [
            Member(
                r.public_id, r.display_name, r.agency, r.role, r.kind,
                "active" if r.active else "revoked" if r.issued else "none",
                r.visited, r.completed,
            )
            for r in conn.execute(query)
        ]


def find_member(store: Store, cohort_name: str, who: str) -> Participant:
    """One member of a cohort, by their id (as in ``cohort members``) or exact name."""
    cohort = store.people.cohort(cohort_name)
    who = (who or "").strip()
    members = store.people.members(cohort.id)
    by_id = [m for m in members if m.public_id == who]
    if by_id:
        return by_id[0]
    by_name = [m for m in members if m.display_name.casefold() == who.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        ids = ", ".join(f"{m.public_id} ({m.agency or m.kind})" for m in by_name)
        raise StoreError(
            f"{len(by_name)} people in {cohort.name!r} are called {who!r}: {ids}. "
            "Use the id instead of the name."
        )
    raise StoreError(
        f"Nobody in {cohort.name!r} has the name or id {who!r}. See the members with: "
        f"commonground cohort members {cohort.name!r}"
    )


def revoke_link(store: Store, cohort_name: str, who: str) -> tuple[Participant, int]:
    """Switch off one person's link (at their next page load). Returns them and how many
    links were switched off."""
    person = find_member(store, cohort_name, who)
    return person, store.people.revoke_links(person.id)


def reissue_link(
    store: Store, cohort_name: str, who: str, base_url: str
) -> tuple[Participant, str]:
    """A new link for one person; their earlier link stops working. Returns the URL
    (facilitators get their dashboard's URL)."""
    person = find_member(store, cohort_name, who)
    token = store.people.issue_link(person.id)
    url = dashboard_url(base_url, token) if person.is_facilitator else link_url(base_url, token)
    return person, url


def archive(store: Store, cohort_name: str, archived: bool = True) -> Cohort:
    """Make a cohort read-only (or writable again). Links keep working for reading."""
    cohort = store.people.cohort(cohort_name)
    with store.write() as conn:
        conn.execute(
            update(t.cohorts)
            .where(t.cohorts.c.id == cohort.id)
            .values(archived_at=utcnow() if archived else None)
        )
    return store.people.cohort(cohort_name)


# -- purging -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PurgeReport:
    cohort: str
    deleted: dict[str, int]  # table -> rows deleted
    remaining: dict[str, int]  # table -> rows of the cohort still there (empty: none)
    compacted: bool  # the database file was rewritten so deleted text is gone from disk


def _owned(cohort_id: int, participant_ids: list[int]) -> dict[str, ColumnElement[bool]]:
    """For every table: the condition that picks the rows belonging to the cohort.

    Worked out from the foreign keys, so a table added later that points at cohorts,
    participants or their data is covered without changing this function. Keys that
    merely mention someone (ON DELETE SET NULL, like "hidden by") are not ownership."""
    owned: dict[str, ColumnElement[bool]] = {
        "cohorts": t.cohorts.c.id == cohort_id,
        "participants": t.participants.c.id.in_(participant_ids)
        | (t.participants.c.cohort_id == cohort_id),
    }

    def condition(table: Table) -> ColumnElement[bool] | None:
        if table.name in owned:
            return owned[table.name]
        parts = []
        for fk in table.foreign_keys:
            if (fk.ondelete or "").upper() == "SET NULL":
                continue
            target = fk.column.table
            if target is table:
                continue
            inner = condition(target)
            if inner is not None:
                parts.append(fk.parent.in_(select(fk.column).where(inner)))
        if not parts:
            return None
        owned[table.name] = or_(*parts)
        return owned[table.name]

    for table in t.metadata.sorted_tables:
        condition(table)
    return owned


def _count_owned(conn: Connection, owned: dict[str, ColumnElement[bool]]) -> dict[str, int]:
    counts = {}
    for name, where in owned.items():
        n = conn.execute(select(func.count()).select_from(t.metadata.tables[name]).where(where)
                         ).scalar()
        if n:
            counts[name] = n
    return counts


def purge(store: Store, cohort_name: str, confirmation: str) -> PurgeReport:
    """Delete every piece of a cohort's data: its people, their links, progress,
    reflections (every version and all feedback), scenario plays, posts and reactions,
    then the cohort. ``confirmation`` must be the cohort's name, typed again.

    Afterwards it checks that nothing of the cohort remains, and rewrites the database
    (SQLite: VACUUM; PostgreSQL: VACUUM FULL) so the deleted writing does not linger in
    free pages."""
    cohort = store.people.cohort(cohort_name)
    if (confirmation or "").strip() != cohort.name:
        raise StoreError(
            f"Nothing was deleted: the confirmation did not match the cohort's name "
            f"{cohort.name!r} exactly."
        )
    with store.write() as conn:
        pids = list(conn.execute(
            select(t.participants.c.id).where(t.participants.c.cohort_id == cohort.id)
        ).scalars())
        owned = _owned(cohort.id, pids)
        deleted = _count_owned(conn, owned)
        # Posts elsewhere that name one of these people as moderator keep the post.
        for table in t.metadata.sorted_tables:
            for fk in table.foreign_keys:
                if fk.column.table is t.participants and (fk.ondelete or "").upper() == "SET NULL":
                    conn.execute(update(table).where(fk.parent.in_(pids)).values({fk.parent.name:
                                                                                   None}))
        for table in reversed(t.metadata.sorted_tables):  # children before parents
            where = owned.get(table.name)
            if where is not None:
                conn.execute(table.delete().where(where))
    with store.read() as conn:
        remaining = _count_owned(conn, _owned(cohort.id, pids))
    compacted = _compact(store) if not remaining else False
    return PurgeReport(cohort.name, deleted, remaining, compacted)


def _compact(store: Store) -> bool:
    if store.engine.dialect.name == "postgresql":
        return vacuum_full(store.engine, list(t.metadata.tables))
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


# -- exporting ---------------------------------------------------------------------------
SHARED_COLUMNS = ["space", "about", "text", "author", "reactions", "posted_at"]


def export_tables(store: Store, cohort_name: str) -> dict:
    """The cohort's export as pandas DataFrames, honouring every choice people made:

    - ``participation``: one row a member, counting only what is not private or
      anonymous (modules visited and completed, minutes, reflections they shared
      with the facilitator, posts under their own name).
    - ``modules``: how many trainees visited and completed each module.
    - ``shared``: what the cohort could see: named and anonymous posts (anonymous ones
      with no author), surfaced elephants, the agreed agreement and reflections shared
      with the cohort (never with an author). Hidden posts, elephants the facilitator
      did not surface, and private or facilitator-only reflections are never included.
    """
    import pandas as pd  # facilitator side only

    cohort = store.people.cohort(cohort_name)
    with store.read() as conn:
        participation = _participation_rows(conn, cohort.id)
        modules = _module_rows(conn, cohort.id)
        shared = list(_shared_rows(conn, cohort.id))
    return {
        "participation": pd.DataFrame(participation, columns=[
            "id", "name", "agency", "role", "kind", "modules_visited", "modules_completed",
            "minutes", "reflections_shared_with_facilitator", "named_posts",
        ]),
        "modules": pd.DataFrame(modules, columns=["module", "visited", "completed"]),
        "shared": pd.DataFrame(shared, columns=SHARED_COLUMNS),
    }


def _participation_rows(conn: Connection, cohort_id: int) -> list[tuple]:
    p, pr, r, po = t.participants, t.progress, t.reflections, t.posts
    visited = select(func.count()).where(pr.c.participant_id == p.c.id).scalar_subquery()
    completed = select(func.count()).where(
        pr.c.participant_id == p.c.id, pr.c.completed_at.is_not(None)
    ).scalar_subquery()
    seconds = select(func.coalesce(func.sum(pr.c.seconds_spent), 0)).where(
        pr.c.participant_id == p.c.id
    ).scalar_subquery()
    to_facilitator = select(func.count()).where(
        r.c.participant_id == p.c.id, r.c.visibility == "facilitator"
    ).scalar_subquery()
    named = select(func.count()).where(
        po.c.author_id == p.c.id, po.c.anonymous.is_(False), po.c.status != "hidden",
        po.c.space.in_(("jargon", "agreement")),
    ).scalar_subquery()
    query = (
        select(p.c.public_id, p.c.display_name, p.c.agency, p.c.role, p.c.kind, visited,
               completed, seconds, to_facilitator, named)
        .where(p.c.cohort_id == cohort_id)
        .order_by(p.c.kind != "facilitator", p.c.display_name, p.c.id)
    )
    return [
        (*row[:7], round((row[7] or 0) / 60), row[8], row[9]) for row in conn.execute(query)
    ]


def _module_rows(conn: Connection, cohort_id: int) -> list[tuple]:
    from .course import load_course

    p, pr = t.participants, t.progress
    query = (
        select(pr.c.module_id, func.count(), func.count(pr.c.completed_at))
        .select_from(pr.join(p, p.c.id == pr.c.participant_id))
        .where(p.c.cohort_id == cohort_id, p.c.kind == "trainee")
        .group_by(pr.c.module_id)
    )
    counts = {row[0]: (row[1], row[2]) for row in conn.execute(query)}
    try:
        order = [m.id for m in load_course().modules]
    except Exception:  # an outline problem must not stop an export
        order = []
    order += sorted(set(counts) - set(order))
    return [(m, *counts.get(m, (0, 0))) for m in order]


def _shared_rows(conn: Connection, cohort_id: int) -> Iterable[tuple]:
    po, p, rx = t.posts, t.participants, t.reactions
    reactions = select(func.count()).where(rx.c.post_id == po.c.id).scalar_subquery()
    query = (
        select(po.c.space, po.c.anonymous, po.c.body_json, po.c.surfaced_at, po.c.created_at,
               p.c.display_name, p.c.agency, reactions.label("reactions"))
        .select_from(po.outerjoin(p, p.c.id == po.c.author_id))
        .where(po.c.cohort_id == cohort_id, po.c.status != "hidden")
        .order_by(po.c.space, po.c.created_at, po.c.id)
    )
    latest_agreed = None
    for row in conn.execute(query):
        body = json.loads(row.body_json)
        author = "" if row.anonymous or row.display_name is None else (
            f"{row.display_name} ({row.agency})" if row.agency else row.display_name
        )
        if row.space == "jargon":
            about = body.get("term", "")
            text = body.get("meaning", "")
            if body.get("field"):
                text = f"{text} [{body['field']}]".strip()
            yield ("jargon wall", about, text, author, row.reactions, row.created_at)
        elif row.space == "agreement":
            about = "starting point" if body.get("kind") == "starting_point" else "suggestion"
            yield ("agreement", about, body.get("text", ""), author, row.reactions,
                   row.created_at)
        elif row.space == "elephant" and row.surfaced_at is not None:
            yield ("elephant box", "surfaced", body.get("text", ""), "", 0, row.surfaced_at)
        elif row.space == "agreed":
            latest_agreed = (body.get("items", []), row.created_at)
    if latest_agreed:
        for item in latest_agreed[0]:
            yield ("agreed agreement", "agreed", item, "", 0, latest_agreed[1])
    yield from _cohort_reflections(conn, cohort_id)


def _cohort_reflections(conn: Connection, cohort_id: int) -> Iterable[tuple]:
    """Reflections shared with the cohort (anonymously): latest version, no author."""
    r, v, p = t.reflections, t.reflection_versions, t.participants
    latest = (
        select(v.c.reflection_id, func.max(v.c.version).label("version"))
        .group_by(v.c.reflection_id)
        .subquery()
    )
    query = (
        select(r.c.prompt_id, v.c.text, v.c.submitted_at)
        .select_from(
            r.join(p, p.c.id == r.c.participant_id)
            .join(latest, latest.c.reflection_id == r.c.id)
            .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
        )
        .where(p.c.cohort_id == cohort_id, r.c.visibility == "cohort")
        .order_by(r.c.prompt_id, v.c.submitted_at)
    )
    for row in conn.execute(query):
        yield ("reflection (shared with the cohort)", row.prompt_id, row.text, "", 0,
               row.submitted_at)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Stop spreadsheet programs running trainee text as a formula when a CSV opens."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _plain_times(frame):
    for col in frame.columns:
        if frame[col].map(lambda x: isinstance(x, _dt.datetime)).any():
            frame[col] = frame[col].map(
                lambda x: x.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
                if isinstance(x, _dt.datetime) else x
            )
    return frame


def export(store: Store, cohort_name: str, out: Path | str) -> list[Path]:
    """Write the export: an ``.xlsx`` workbook (one sheet a table), or CSV files into a
    folder (any other ``out``). Returns the files written."""
    import pandas as pd

    frames = {name: _plain_times(f) for name, f in export_tables(store, cohort_name).items()}
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        out.parent.mkdir(parents=True, exist_ok=True)
        with pd.ExcelWriter(out, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(writer, sheet_name=name, index=False)
                for row in writer.sheets[name].iter_rows():
                    for cell in row:
                        if cell.data_type == "f":  # trainee text starting with "=": text
                            cell.data_type = "s"
        return [out]
    if out.suffix:
        raise StoreError(
            f"Export to a .xlsx file or to a folder for CSV files; {out.name!r} is neither."
        )
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        path = out / f"{name}.csv"
        frame.map(csv_safe).to_csv(path, index=False, encoding="utf-8-sig")
        written.append(path)
    return written
