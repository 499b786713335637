"""Cohorts, participants and their personal links."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from . import _schema as t
from .store import Store, StoreError, utcnow
from .tokens import hash_token, looks_like_token, new_public_id, new_token

KINDS = ("trainee", "facilitator", "self", "hub")

ARCHIVED_MESSAGE = (
    "This cohort has finished, so the course is now read-only for it: you can read "
    "everything, but nothing new can be saved. Copy anything you would like to keep."
)
GONE_MESSAGE = (
    "Your place in this course is no longer in the course database (your cohort may have "
    "been closed and its data deleted). Please ask your facilitator."
)


@dataclass(frozen=True)
class Participant:
    id: int
    public_id: str
    kind: str
    display_name: str
    agency: str = ""
    role: str = ""
    cohort_id: int | None = None
    cohort_name: str | None = None
    facilitator_name: str | None = None
    cohort_archived: bool = False

    @property
    def is_facilitator(self) -> bool:
        return self.kind == "facilitator"

    @property
    def in_cohort(self) -> bool:
        return self.cohort_id is not None


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    facilitator_name: str
    starts_on: str | None
    ends_on: str | None
    archived: bool


def _participant_query():
    p, c = t.participants, t.cohorts
    return select(
        p.c.id,
        p.c.public_id,
        p.c.kind,
        p.c.display_name,
        p.c.agency,
        p.c.role,
        p.c.cohort_id,
        c.c.name.label("cohort_name"),
        c.c.facilitator_name,
        (c.c.archived_at.is_not(None)).label("cohort_archived"),
    ).select_from(p.outerjoin(c, p.c.cohort_id == c.c.id))


def _to_participant(row) -> Participant:
    m = dict(row._mapping)
    m["cohort_archived"] = bool(m["cohort_archived"])
    return Participant(**m)


class People:
    def __init__(self, store: Store):
        self.store = store

    # -- cohorts -------------------------------------------------------------
    def create_cohort(
        self,
        name: str,
        facilitator_name: str = "",
        starts_on: str | None = None,
        ends_on: str | None = None,
    ) -> Cohort:
        name = name.strip()
        if not name:
            raise StoreError("A cohort needs a name.")
        with self.store.write() as conn:
            if conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.name == name)).first():
                raise StoreError(f"There is already a cohort called {name!r}.")
            conn.execute(
                t.cohorts.insert().values(
                    name=name,
                    facilitator_name=facilitator_name.strip(),
                    starts_on=starts_on,
                    ends_on=ends_on,
                    created_at=utcnow(),
                )
            )
        return self.cohort(name)

    def cohort(self, name: str) -> Cohort:
        with self.store.read() as conn:
            row = conn.execute(select(t.cohorts).where(t.cohorts.c.name == name)).first()
        if row is None:
            raise StoreError(
                f"There is no cohort called {name!r}. "
                "See the cohorts with: commonground cohort list"
            )
        return Cohort(
            id=row.id,
            name=row.name,
            facilitator_name=row.facilitator_name,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            archived=row.archived_at is not None,
        )

    def members(self, cohort_id: int) -> list[Participant]:
        with self.store.read() as conn:
            rows = conn.execute(
                _participant_query()
                .where(t.participants.c.cohort_id == cohort_id)
                .order_by(t.participants.c.id)
            )
            return [_to_participant(r) for r in rows]

    # -- participants --------------------------------------------------------
    def add_participant(
        self,
        cohort_id: int | None,
        display_name: str,
        agency: str = "",
        role: str = "",
        kind: str = "trainee",
        login: str | None = None,
        conn: Connection | None = None,
    ) -> int:
        if kind not in KINDS:
            raise StoreError(f"Unknown kind of participant {kind!r}; use one of {KINDS}.")
        values = dict(
            public_id=new_public_id(),
            cohort_id=cohort_id,
            login=login,
            kind=kind,
            display_name=display_name.strip(),
            agency=agency.strip(),
            role=role.strip(),
            created_at=utcnow(),
        )
        if conn is not None:
            return conn.execute(t.participants.insert().values(**values)).inserted_primary_key[0]
        with self.store.write() as c:
            return c.execute(t.participants.insert().values(**values)).inserted_primary_key[0]

    def get(self, participant_id: int) -> Participant:
        with self.store.read() as conn:
            row = conn.execute(
                _participant_query().where(t.participants.c.id == participant_id)
            ).first()
        if row is None:
            raise StoreError(f"No participant with id {participant_id}.")
        return _to_participant(row)

    def for_login(self, login: str, kind: str, display_name: str = "") -> Participant:
        """The participant who signs in as ``login`` (self-paced or JupyterHub),
        created on first use."""
        with self.store.write() as conn:
            row = conn.execute(
                select(t.participants.c.id).where(t.participants.c.login == login)
            ).first()
            pid = (
                row.id
                if row
                else self.add_participant(
                    None, display_name, kind=kind, login=login, conn=conn
                )
            )
        return self.get(pid)

    # -- links ---------------------------------------------------------------
    def issue_link(self, participant_id: int) -> str:
        """A new personal-link token for the participant; earlier links stop working.
        Only the hash is stored, so the token must be handed out now."""
        token = new_token()
        now = utcnow()
        with self.store.write() as conn:
            _revoke(conn, participant_id, now)
            conn.execute(
                t.links.insert().values(
                    participant_id=participant_id, token_hash=hash_token(token), created_at=now
                )
            )
        return token

    def revoke_links(self, participant_id: int) -> int:
        with self.store.write() as conn:
            return _revoke(conn, participant_id, utcnow())

    def for_token(self, token: str) -> Participant | None:
        """The participant a personal link belongs to, or None for an unknown or
        revoked link. Reads only."""
        if not looks_like_token(token):
            return None
        with self.store.read() as conn:
            row = conn.execute(
                select(t.links.c.participant_id).where(
                    t.links.c.token_hash == hash_token(token), t.links.c.revoked_at.is_(None)
                )
            ).first()
        return self.get(row.participant_id) if row else None


def _revoke(conn: Connection, participant_id: int, when) -> int:
    return conn.execute(
        update(t.links)
        .where(t.links.c.participant_id == participant_id, t.links.c.revoked_at.is_(None))
        .values(revoked_at=when)
    ).rowcount


class CohortArchivedError(StoreError):
    """A write to an archived (read-only) cohort."""


def ensure_writable(conn: Connection, participant_id: int) -> None:
    """Call inside a write transaction before saving anything a participant writes.
    Raises :class:`CohortArchivedError` when their cohort is archived."""
    row = conn.execute(
        select(t.participants.c.id, t.cohorts.c.archived_at)
        .select_from(
            t.participants.outerjoin(t.cohorts, t.cohorts.c.id == t.participants.c.cohort_id)
        )
        .where(t.participants.c.id == participant_id)
    ).first()
    if row is None:
        raise StoreError(GONE_MESSAGE)
    if row.archived_at is not None:
        raise CohortArchivedError(ARCHIVED_MESSAGE)
