"""Who is looking, which posts they may see, and the checks every write makes.

Every query of a shared space goes through :func:`in_scope`: a cohort member sees only
their own cohort's posts; a self-paced learner (no cohort) sees only their own private
space. Authors leave the database only through :func:`author_label`, which is NULL for
an anonymous post whoever is asking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, func, literal, or_, select

from .. import _schema as t
from ..people import Participant, ensure_writable
from ..store import Store, StoreError, utcnow


class SpaceError(StoreError):
    """Something a trainee or facilitator can fix, worded for them."""


@dataclass(frozen=True)
class Viewer:
    participant_id: int
    cohort_id: int | None
    is_facilitator: bool

    @property
    def self_paced(self) -> bool:
        return self.cohort_id is None


def viewer_for(participant: Participant) -> Viewer:
    """Who is looking, from the participant the page already read (no query)."""
    p = participant
    return Viewer(p.id, p.cohort_id, p.is_facilitator and p.cohort_id is not None)


class SpaceModel:
    """What every shared-space model starts from: the store and who is looking."""

    def __init__(self, store: Store, participant: Participant):
        self.store = store
        self.participant = participant
        self.viewer = viewer_for(participant)

    @property
    def self_paced(self) -> bool:
        return self.viewer.self_paced


def in_scope(viewer: Viewer, space: str):
    """The posts of ``space`` the viewer's space holds (hidden ones included)."""
    posts = t.posts
    where = [posts.c.space == space]
    if viewer.cohort_id is None:
        where += [posts.c.cohort_id.is_(None), posts.c.author_id == viewer.participant_id]
    else:
        where.append(posts.c.cohort_id == viewer.cohort_id)
    return and_(*where)


def visible_to(viewer: Viewer):
    """Hidden posts are left out for everyone but the facilitator."""
    return literal(True) if viewer.is_facilitator else t.posts.c.status != "hidden"


def author_label():
    """The author's name as others may see it: NULL for anonymous and course posts."""
    p = t.participants
    named = func.trim(
        p.c.display_name + case((p.c.agency != "", " (" + p.c.agency + ")"), else_="")
    )
    return case((t.posts.c.anonymous, None), else_=named).label("author")


def mine(viewer: Viewer):
    return func.coalesce(t.posts.c.author_id == viewer.participant_id, False).label("mine")


def posts_with_authors():
    return t.posts.outerjoin(t.participants, t.participants.c.id == t.posts.c.author_id)


def body(row) -> dict:
    return json.loads(row.body_json)


def clean(value: str | None, label: str, limit: int, *, required: bool, one_line: bool) -> str:
    """Tidy one field and check its length, with a message in the writer's words."""
    text = (value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        raise SpaceError(f"Please write the {label} first.")
    if len(text) > limit:
        raise SpaceError(
            f"The {label} is {len(text):,} characters long; please keep it to {limit:,} or "
            "fewer. Your words are still in the box, so nothing is lost."
        )
    return text


def check_can_write(conn: Connection, viewer: Viewer) -> None:
    """Refuses writes to an archived (read-only) or deleted cohort's spaces."""
    ensure_writable(conn, viewer.participant_id)


def require_facilitator(viewer: Viewer, what: str) -> None:
    if not viewer.is_facilitator:
        raise SpaceError(f"Only the cohort's facilitator can {what}.")


def find_post(conn: Connection, viewer: Viewer, space: str, post_id: int, *, for_update=False):
    """One post of the viewer's space, or a plain message. A post of another cohort is
    'not found', exactly like a post that does not exist."""
    row = conn.execute(
        select(t.posts).where(
            in_scope(viewer, space), visible_to(viewer), t.posts.c.id == int(post_id)
        )
    ).first()
    if row is None:
        raise SpaceError(
            "That post is no longer here (it may have been removed). The page shows the "
            "latest posts."
        )
    return row


def fingerprint(conn: Connection, viewer: Viewer, spaces: tuple[str, ...]) -> tuple:
    """A cheap summary that changes whenever anything the viewer could see changes."""
    posts, reactions = t.posts, t.reactions
    where = or_(*(in_scope(viewer, s) for s in spaces))
    post_part = conn.execute(
        select(func.count(posts.c.id), func.max(posts.c.updated_at)).where(where)
    ).one()
    react_part = conn.execute(
        select(func.count(reactions.c.id), func.max(reactions.c.id)).select_from(
            reactions.join(posts, posts.c.id == reactions.c.post_id)
        ).where(where)
    ).one()
    archived = (
        conn.execute(
            select(t.cohorts.c.archived_at).where(t.cohorts.c.id == viewer.cohort_id)
        ).scalar()
        if viewer.cohort_id is not None
        else None
    )
    return (*tuple(post_part), *tuple(react_part), archived)


def insert_post(
    conn: Connection,
    viewer: Viewer,
    space: str,
    body: dict,
    *,
    anonymous: bool,
    author_id: int | None,
    group_id: int | None = None,
    created_at=None,
) -> int:
    """Add a visible post to the viewer's space (their cohort's, or their own when
    self-paced); returns its id. ``author_id`` None marks the course's own starting
    points."""
    now = utcnow()
    return conn.execute(
        t.posts.insert().values(
            cohort_id=viewer.cohort_id,
            author_id=author_id,
            space=space,
            anonymous=bool(anonymous),
            body_json=json.dumps(body, ensure_ascii=False),
            group_id=group_id,
            status="visible",
            created_at=created_at or now,
            updated_at=now,
        )
    ).inserted_primary_key[0]
