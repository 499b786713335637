"""Cohorts, participants and their personal links: the owner of the tables ``cohorts``,
``participants`` and ``links``.

Other owners scope their queries with :func:`cohort_members` (the ids of a cohort's
members, as SQL) and name authors with :func:`public_name`; nobody else reads these
tables.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Connection, Row, Select, case, func, select, update

from commonground.errors import StoreError
from commonground.text import first_control

from . import _schema as t
from ._db import new_id, utcnow
from .tokens import hash_token, looks_like_token, new_public_id, new_token

if TYPE_CHECKING:
    from ._db import Database

__all__ = [
    "ARCHIVED_MESSAGE",
    "GONE_MESSAGE",
    "KINDS",
    "NAME_LIMIT",
    "Cohort",
    "CohortArchivedError",
    "CohortSummary",
    "LinkState",
    "Participant",
    "People",
    "cohort_archived_at",
    "cohort_members",
    "ensure_writable",
    "kind_and_cohort",
    "public_name",
    "writable",
]

KINDS = ("trainee", "facilitator", "self", "hub")
NAME_LIMIT = 200  # names, agencies and roles (the columns' size on PostgreSQL)

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


def _participant_query() -> Select:
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


_FIELDS = tuple(Participant.__dataclass_fields__)


def _to_participant(row: Row) -> Participant:
    m = {name: row._mapping[name] for name in _FIELDS}
    m["cohort_archived"] = bool(m["cohort_archived"])
    return Participant(**m)


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
class LinkState:
    participant: Participant
    link: str  # active | revoked | none


# -- filters and labels for the other owners -----------------------------------------
def cohort_members(cohort_id: int | None, kind: str | None = None) -> Select:
    """The ids of a cohort's members (of one ``kind``, if given), as a subquery for
    ``column.in_(...)``. ``None`` (a self-paced learner's "cohort") has no members."""
    p = t.participants
    query = select(p.c.id).where(p.c.cohort_id == cohort_id if cohort_id is not None
                                 else p.c.id.is_(None))
    if kind is not None:
        query = query.where(p.c.kind == kind)
    return query


def public_name(participant_id: ColumnElement) -> ColumnElement:
    """The name a participant is shown by to their cohort ("Ana Lee (Housing SA)"), as a
    correlated subquery on ``participant_id``: NULL when there is no such person."""
    p = t.participants
    named = func.trim(
        p.c.display_name + case((p.c.agency != "", " (" + p.c.agency + ")"), else_="")
    )
    return select(named).where(p.c.id == participant_id).scalar_subquery()


class People:
    def __init__(self, store: Database):
        self.store = store

    # -- cohorts -------------------------------------------------------------
    def create_cohort(
        self,
        name: str,
        facilitator_name: str = "",
        starts_on: str | None = None,
        ends_on: str | None = None,
    ) -> Cohort:
        name = _one_line(name, "cohort's name")
        if not name:
            raise StoreError("A cohort needs a name.")
        facilitator_name = _one_line(facilitator_name, "facilitator's name")
        starts_on = _date(starts_on, "start date")
        ends_on = _date(ends_on, "end date")
        if starts_on and ends_on and ends_on < starts_on:
            raise StoreError(f"The end date {ends_on} is before the start date {starts_on}. "
                             "Nothing was created.")
        with self.store.write() as conn:
            if conn.execute(select(t.cohorts.c.id).where(t.cohorts.c.name == name)).first():
                raise StoreError(f"There is already a cohort called {name!r}.")
            conn.execute(
                t.cohorts.insert().values(
                    name=name,
                    facilitator_name=facilitator_name,
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

    def set_archived(self, cohort_id: int, archived: bool) -> None:
        with self.store.write() as conn:
            conn.execute(
                update(t.cohorts)
                .where(t.cohorts.c.id == cohort_id)
                .values(archived_at=utcnow() if archived else None)
            )

    def summaries(self) -> list[CohortSummary]:
        """Every cohort with its number of trainees and of links that still work."""
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
        with self.store.read() as conn:
            return [
                CohortSummary(r.name, r.facilitator_name, r.starts_on, r.ends_on,
                              r.archived_at is not None, r.trainees, r.active)
                for r in conn.execute(query)
            ]

    def link_states(self, cohort_id: int) -> list[LinkState]:
        """A cohort's members, facilitator first, then by name, each with the state of
        their personal link."""
        p, lk = t.participants, t.links
        active = select(func.count()).where(
            lk.c.participant_id == p.c.id, lk.c.revoked_at.is_(None)
        ).scalar_subquery()
        issued = select(func.count()).where(lk.c.participant_id == p.c.id).scalar_subquery()
        query = (
            _participant_query()
            .add_columns(active.label("active"), issued.label("issued"))
            .where(p.c.cohort_id == cohort_id)
            .order_by(p.c.kind != "facilitator", p.c.display_name, p.c.id)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).fetchall()
        return [
            LinkState(
                _to_participant(r), "active" if r.active else "revoked" if r.issued else "none"
            )
            for r in rows
        ]

    def facilitator_of(self, cohort: Cohort) -> int:
        """The cohort's facilitator as a participant (created on first use), so that they
        can have a personal link. Returns their participant id."""
        p = t.participants
        with self.store.write(cohort=cohort.id) as conn:
            row = conn.execute(
                select(p.c.id)
                .where(p.c.cohort_id == cohort.id, p.c.kind == "facilitator")
                .order_by(p.c.id)
            ).first()
            if row is not None:
                return int(row.id)
            return self.add_participant(
                cohort.id, cohort.facilitator_name or "Facilitator", kind="facilitator",
                conn=conn,
            )

    def add_facilitator(self, cohort_id: int, name: str) -> int:
        """Name a facilitator of the cohort (a cohort may have more than one): a new
        participant who can have a personal link, refused when the cohort already has a
        facilitator of that name. The first one named becomes the name the cohort shows
        as its facilitator. Returns their participant id."""
        p, c = t.participants, t.cohorts
        name = _one_line(name, "facilitator's name")
        if not name:
            raise StoreError("Give the facilitator's name. Nothing was changed.")
        with self.store.write(cohort=cohort_id) as conn:
            named = {_person_key(r.display_name, ""): r.display_name for r in conn.execute(
                select(p.c.display_name).where(p.c.cohort_id == cohort_id,
                                               p.c.kind == "facilitator"))}
            same = named.get(_person_key(name, ""))
            if same is not None:
                raise StoreError(f"{same} is already a facilitator of this cohort. To give "
                                 "them a new link, use “Make a new link”. Nothing was "
                                 "changed.")
            conn.execute(update(c).where(c.c.id == cohort_id, c.c.facilitator_name == "")
                         .values(facilitator_name=name))
            return self.add_participant(cohort_id, name, kind="facilitator", conn=conn)

    def self_paced(self) -> list[Participant]:
        """Every self-paced learner (one per browser on a shared server), oldest first."""
        with self.store.read() as conn:
            rows = conn.execute(
                _participant_query().where(t.participants.c.kind == "self")
                .order_by(t.participants.c.id)
            )
            return [_to_participant(r) for r in rows]

    def cohorts_of(self, members: Select) -> dict[int, int | None]:
        """Participant -> their cohort (None: self-paced), for the given people."""
        p = t.participants
        with self.store.read() as conn:
            rows = conn.execute(select(p.c.id, p.c.cohort_id).where(p.c.id.in_(members)))
            return {int(r.id): r.cohort_id for r in rows}

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
        values = _participant_values(cohort_id, display_name, agency, role, kind, login)
        if conn is not None:
            return new_id(conn.execute(t.participants.insert().values(**values)))
        # A new row that reads nothing first: its cohort's lock (a roster's dedupe, a
        # facilitator made on first use) is all it can race with.
        with self.store.write(cohort=cohort_id) as c:
            return new_id(c.execute(t.participants.insert().values(**values)))

    def add_trainees(
        self, cohort_id: int, people: list[tuple[str, str, str]]
    ) -> tuple[int, list[tuple[str, str]]]:
        """Add trainees (name, agency, role) to a cohort in one transaction, skipping
        anyone already in it: the same name and agency, ignoring case and spacing.
        Returns how many were added and the (name, agency) of those skipped."""
        p = t.participants
        with self.store.write(cohort=cohort_id) as conn:
            present = {
                _person_key(r.display_name, r.agency)
                for r in conn.execute(
                    select(p.c.display_name, p.c.agency).where(p.c.cohort_id == cohort_id)
                )
            }
            rows, skipped = [], []
            for name, agency, role in people:
                key = _person_key(name, agency)
                if key in present:
                    skipped.append((name, agency))
                    continue
                present.add(key)
                rows.append(_participant_values(cohort_id, name, agency, role, "trainee"))
            if rows:
                conn.execute(p.insert(), rows)
        return len(rows), skipped

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
        query = _participant_query().where(t.participants.c.login == login)
        with self.store.read() as conn:
            row = conn.execute(query).first()
        if row is None:
            with self.store.write(login=login) as conn:
                if conn.execute(query).first() is None:  # another kernel may be first
                    self.add_participant(None, display_name, kind=kind, login=login, conn=conn)
                row = conn.execute(query).one()
        return _to_participant(row)

    def existing_login(self, login: str) -> Participant | None:
        """The participant who signs in as ``login``, or None (nobody is created)."""
        with self.store.read() as conn:
            row = conn.execute(
                _participant_query().where(t.participants.c.login == login)
            ).first()
        return _to_participant(row) if row else None

    def place_login(self, login: str, display_name: str, cohort_id: int | None,
                    kind: str) -> Participant:
        """Put the participant who signs in as ``login`` (JupyterHub: ``hub:<user>``) in a
        cohort as a trainee or its facilitator, creating them on first use; or, with
        ``cohort_id=None`` and kind ``hub``, end their place (a hub user in no cohort, as
        on their first login). Their writing stays theirs; only their cohort and role
        change."""
        if (kind in ("trainee", "facilitator")) == (cohort_id is None) or kind not in (
                "trainee", "facilitator", "hub"):
            raise StoreError(f"A cohort place is 'trainee' or 'facilitator' in a cohort, or "
                             f"'hub' in none; not {kind!r} in cohort {cohort_id!r}.")
        p = t.participants
        query = _participant_query().where(p.c.login == login)
        # The cohort too when it makes a facilitator, whom facilitator_of makes on first use.
        scope = cohort_id if kind == "facilitator" else None
        with self.store.write(login=login, cohort=scope) as conn:
            row = conn.execute(query).first()
            if row is None:
                self.add_participant(cohort_id, display_name, kind=kind, login=login, conn=conn)
            elif (row.cohort_id, row.kind) != (cohort_id, kind):
                conn.execute(update(p).where(p.c.login == login)
                             .values(cohort_id=cohort_id, kind=kind))
            return _to_participant(conn.execute(query).one())

    def hub_users(self, cohort_id: int) -> dict[int, str]:
        """Participant id -> the JupyterHub user they log in as, for a cohort's members
        who log in to the hub (login ``hub:<user>``)."""
        p = t.participants
        with self.store.read() as conn:
            rows = conn.execute(select(p.c.id, p.c.login).where(
                p.c.cohort_id == cohort_id, p.c.login.like("hub:%"))).all()
        return {row.id: row.login.removeprefix("hub:") for row in rows}

    def claim_login(self, participant_id: int, login: str) -> str:
        """The login the participant signs in with (JupyterHub: ``hub:<user>``): theirs
        already, or ``login`` given to them now."""
        p = t.participants
        with self.store.write(participant=participant_id, login=login) as conn:
            current = conn.execute(select(p.c.login).where(p.c.id == participant_id)).scalar()
            if current:
                return str(current)
            conn.execute(update(p).where(p.c.id == participant_id).values(login=login))
        return login

    def link_state(self, participant_id: int, *, sessions: bool = True) -> str:
        """``active`` (a personal link works), ``revoked`` (links were issued, none works)
        or ``none`` (never given a link). ``sessions=False``: personal links alone, not
        the sign-ins made elsewhere (:meth:`session_link`)."""
        lk = t.links
        with self.store.read() as conn:
            query = select(lk.c.revoked_at).where(lk.c.participant_id == participant_id)
            if not sessions:
                query = query.where(lk.c.session.is_(False))
            states = {r.revoked_at is None for r in conn.execute(query)}
        return "active" if True in states else "revoked" if states else "none"

    # -- links ---------------------------------------------------------------
    def issue_link(self, participant_id: int) -> str:
        """A new personal-link token for the participant; earlier links stop working.
        Only the hash is stored, so the token must be handed out now."""
        token = new_token()
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            _revoke(conn, participant_id, now)
            conn.execute(
                t.links.insert().values(
                    participant_id=participant_id, token_hash=hash_token(token), created_at=now
                )
            )
        return token

    def session_link(self, participant_id: int, keep: int = 5) -> str:
        """A new sign-in token for a participant who signs in from elsewhere (an LMS
        launch, the hub's door), beside their other recent ones: their ``keep`` newest
        stay working, so a launch on a phone does not sign out the laptop; older ones stop.
        Their personal link, if they have one, is not touched. Only the hash is stored."""
        token = new_token()
        now = utcnow()
        lk = t.links
        with self.store.write(participant=participant_id) as conn:
            conn.execute(lk.insert().values(participant_id=participant_id, session=True,
                                            token_hash=hash_token(token), created_at=now))
            live = conn.execute(
                select(lk.c.id).where(lk.c.participant_id == participant_id,
                                      lk.c.revoked_at.is_(None), lk.c.session.is_(True))
                .order_by(lk.c.created_at.desc(), lk.c.id.desc())).scalars().all()
            if len(live) > keep:
                conn.execute(update(lk).where(lk.c.id.in_(live[keep:])).values(revoked_at=now))
        return token

    def replace_links(self, tokens: dict[int, str]) -> None:
        """Give each participant the link with the token made for them (the caller keeps
        the tokens; only hashes are stored), switching off their earlier links, all in
        one transaction."""
        now = utcnow()
        with self.store.write() as conn:
            for participant_id in tokens:
                _revoke(conn, participant_id, now)
            if tokens:
                conn.execute(t.links.insert(), [
                    dict(participant_id=pid, token_hash=hash_token(tok), created_at=now)
                    for pid, tok in tokens.items()
                ])

    def revoke_links(self, participant_id: int) -> int:
        with self.store.write(participant=participant_id) as conn:
            return _revoke(conn, participant_id, utcnow())

    def for_token(self, token: str) -> Participant | None:
        """The participant a personal link belongs to, or None for an unknown or
        revoked link. Reads only."""
        if not looks_like_token(token):
            return None
        lk = t.links
        query = (
            _participant_query()
            .join(lk, lk.c.participant_id == t.participants.c.id)
            .where(lk.c.token_hash == hash_token(token), lk.c.revoked_at.is_(None))
        )
        with self.store.read() as conn:
            row = conn.execute(query).first()
        return _to_participant(row) if row else None


def _one_line(value: str | None, label: str) -> str:
    """A name as stored: spacing tidied; refused when it holds an invisible control
    character (which would print raw in a terminal and hide in a page)."""
    text = " ".join((value or "").split())
    if len(text) > NAME_LIMIT:
        raise StoreError(f"The {label} is {len(text):,} characters long; please keep it to "
                         f"{NAME_LIMIT} or fewer. Nothing was saved.")
    bad = first_control(text)
    if bad is not None:
        raise StoreError(f"The {label} has an invisible control character ({bad[1]}) at "
                         f"character {bad[0]}. Type it again without it; nothing was saved.")
    return text


def _date(value: str | None, label: str) -> str | None:
    if value is None or not value.strip():
        return None
    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise StoreError(f"The {label} {value!r} is not a date. Write it as year-month-day, "
                         "for example 2027-03-15. Nothing was created.") from None


def _person_key(name: str, agency: str) -> tuple[str, str]:
    return " ".join(name.split()).casefold(), " ".join(agency.split()).casefold()


def _participant_values(cohort_id: int | None, display_name: str, agency: str, role: str,
                        kind: str, login: str | None = None) -> dict:
    return dict(
        public_id=new_public_id(),
        cohort_id=cohort_id,
        login=login,
        kind=kind,
        display_name=_one_line(display_name, "name"),
        agency=_one_line(agency, "agency"),
        role=_one_line(role, "role"),
        created_at=utcnow(),
    )


def _revoke(conn: Connection, participant_id: int, when: _dt.datetime) -> int:
    return conn.execute(
        update(t.links)
        .where(t.links.c.participant_id == participant_id, t.links.c.revoked_at.is_(None))
        .values(revoked_at=when)
    ).rowcount


def cohort_archived_at(conn: Connection, cohort_id: int) -> _dt.datetime | None:
    """When the cohort was archived (None while it is open), inside a transaction."""
    return conn.execute(
        select(t.cohorts.c.archived_at).where(t.cohorts.c.id == cohort_id)
    ).scalar()


def kind_and_cohort(conn: Connection, participant_id: int) -> tuple[str, int | None] | None:
    """A participant's kind and cohort as the database has them now (None: no such
    participant), inside a transaction: a check that must not trust a page's copy."""
    p = t.participants
    row = conn.execute(select(p.c.kind, p.c.cohort_id).where(p.c.id == participant_id)).first()
    return None if row is None else (str(row.kind), row.cohort_id)


class CohortArchivedError(StoreError):
    """A write to an archived (read-only) cohort."""


def writable(participant_id: int) -> ColumnElement[bool]:
    """True when the participant is still there and their cohort (if any) is not
    archived, as SQL: what :func:`ensure_writable` checks, for another owner to put in the
    WHERE of a one-statement write (which, when it changes nothing, calls
    :func:`ensure_writable` to learn why)."""
    p, c = t.participants, t.cohorts
    return (
        select(p.c.id)
        .select_from(p.outerjoin(c, c.c.id == p.c.cohort_id))
        .where(p.c.id == participant_id, c.c.archived_at.is_(None))
        .exists()
    )


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
