"""The owner of the tables ``posts`` and ``reactions``: every read and write of the shared
spaces (jargon wall, elephant box, agreement) goes through these functions.

Every read is scoped by :func:`in_scope`: a cohort member reaches only their own
cohort's posts; a self-paced learner (no cohort) only their own private space. Authors
leave the database only as :func:`_author_label`, which is NULL for an anonymous post
whoever is asking. The functions take an open connection, so a model can check and
write in one transaction.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, case, delete, func, or_, select
from sqlalchemy import update as _update

from ..data import _schema as t
from ..data._db import new_id, utcnow
from ..data.people import public_name
from ._viewer import SpaceError, Viewer

__all__ = [
    "NOT_HERE",
    "PostRow",
    "cohort_posts",
    "find_post",
    "fingerprint",
    "has_starting_points",
    "insert_post",
    "list_posts",
    "named_post_counts",
    "react",
    "set_group",
    "set_hidden",
    "set_surfaced",
]

NOT_HERE = (
    "That post is no longer here (it may have been removed). The page shows the latest posts."
)
STARTING_POINT = '%"kind": "starting_point"%'


@dataclass(frozen=True)
class PostRow:
    """A post as one viewer may see it. ``author`` is None for an anonymous post and for
    the course's own starting points."""

    id: int
    space: str
    body: dict[str, Any]
    group_id: int | None
    hidden: bool
    surfaced_at: _dt.datetime | None
    created_at: _dt.datetime
    author: str | None
    anonymous: bool
    by_course: bool  # a starting point the course wrote (no author at all)
    mine: bool
    reactions: int  # of the kind asked for (all kinds when none was named)
    i_reacted: bool


# -- scope ----------------------------------------------------------------------------
def in_scope(viewer: Viewer, space: str) -> ColumnElement[bool]:
    """The posts of ``space`` the viewer's space holds (hidden ones included)."""
    posts = t.posts
    where = [posts.c.space == space]
    if viewer.cohort_id is None:
        where += [posts.c.cohort_id.is_(None), posts.c.author_id == viewer.participant_id]
    else:
        where.append(posts.c.cohort_id == viewer.cohort_id)
    return and_(*where)


def _any_scope(viewer: Viewer, spaces: Iterable[str]) -> ColumnElement[bool]:
    return or_(*(in_scope(viewer, s) for s in spaces))


def _author_label() -> ColumnElement:
    """The author's name as others may see it: NULL for anonymous and course posts."""
    posts = t.posts
    return case((posts.c.anonymous, None), else_=public_name(posts.c.author_id))


def _select(where: ColumnElement[bool], viewer_id: int | None, reaction: str | None) -> Select:
    posts, r = t.posts, t.reactions
    counted = select(r.c.post_id, func.count().label("n"))
    mine_marks = select(r.c.post_id).where(r.c.participant_id == (viewer_id or -1))
    if reaction is not None:
        counted = counted.where(r.c.kind == reaction)
        mine_marks = mine_marks.where(r.c.kind == reaction)
    counts = counted.group_by(r.c.post_id).subquery()
    return (
        select(
            posts.c.id, posts.c.space, posts.c.body_json, posts.c.group_id, posts.c.status,
            posts.c.surfaced_at, posts.c.created_at, posts.c.anonymous,
            posts.c.author_id.is_(None).label("by_course"),
            _author_label().label("author"),
            func.coalesce(posts.c.author_id == (viewer_id or -1), False).label("mine"),
            func.coalesce(counts.c.n, 0).label("reactions"),
            posts.c.id.in_(mine_marks).label("i_reacted"),
        )
        .select_from(posts.outerjoin(counts, counts.c.post_id == posts.c.id))
        .where(where)
    )


def _rows(conn: Connection, query: Select) -> list[PostRow]:
    return [
        PostRow(
            id=r.id, space=r.space, body=json.loads(r.body_json), group_id=r.group_id,
            hidden=r.status == "hidden", surfaced_at=r.surfaced_at, created_at=r.created_at,
            author=r.author, anonymous=bool(r.anonymous), by_course=bool(r.by_course),
            mine=bool(r.mine), reactions=int(r.reactions), i_reacted=bool(r.i_reacted),
        )
        for r in conn.execute(query)
    ]


# -- reading --------------------------------------------------------------------------
def list_posts(
    conn: Connection,
    viewer: Viewer,
    spaces: Iterable[str],
    *,
    reaction: str | None = None,
    include_hidden: bool | None = None,
    surfaced_only: bool = False,
    mine_only: bool = False,
    trainee_posts_only: bool = False,
    starting_points_only: bool = False,
    newest_first: bool = False,
    limit: int | None = None,
    own_hidden: bool = False,
) -> list[PostRow]:
    """The posts of the viewer's spaces. Hidden posts are left out for everyone but the
    facilitator (``include_hidden`` decides otherwise when given); with ``own_hidden``,
    the viewer's own hidden posts are kept (so their author can be told), never anyone
    else's."""
    posts = t.posts
    where = [_any_scope(viewer, spaces)]
    if not (viewer.is_facilitator if include_hidden is None else include_hidden):
        shown = posts.c.status != "hidden"
        where.append(or_(shown, posts.c.author_id == viewer.participant_id)
                     if own_hidden else shown)
    if surfaced_only:
        where.append(posts.c.surfaced_at.is_not(None))
    if mine_only:
        where.append(posts.c.author_id == viewer.participant_id)
    if trainee_posts_only:
        where.append(posts.c.author_id.is_not(None))
    if starting_points_only:
        where.append(posts.c.body_json.like(STARTING_POINT))
    order = (posts.c.created_at.desc(), posts.c.id.desc()) if newest_first else (
        posts.c.created_at, posts.c.id)
    query = _select(and_(*where), viewer.participant_id, reaction).order_by(*order)
    if limit is not None:
        query = query.limit(limit)
    return _rows(conn, query)


def has_starting_points(conn: Connection, viewer: Viewer, space: str) -> bool:
    posts = t.posts
    return conn.execute(
        select(posts.c.id).where(in_scope(viewer, space), posts.c.body_json.like(STARTING_POINT))
    ).first() is not None


def find_post(conn: Connection, viewer: Viewer, space: str, post_id: int) -> PostRow:
    """One post of the viewer's space, or a plain message. A post of another cohort is
    'not found', exactly like a post that does not exist."""
    where = [in_scope(viewer, space), t.posts.c.id == int(post_id)]
    if not viewer.is_facilitator:
        where.append(t.posts.c.status != "hidden")
    found = _rows(conn, _select(and_(*where), viewer.participant_id, None))
    if not found:
        raise SpaceError(NOT_HERE)
    return found[0]


def fingerprint(conn: Connection, viewer: Viewer, spaces: tuple[str, ...]) -> tuple:
    """A cheap summary that changes whenever anything the viewer could see changes
    (the cohort being archived included)."""
    posts, reactions = t.posts, t.reactions
    where = _any_scope(viewer, spaces)
    post_part = conn.execute(
        select(func.count(posts.c.id), func.max(posts.c.updated_at)).where(where)
    ).one()
    react_part = conn.execute(
        select(func.count(reactions.c.id), func.max(reactions.c.id))
        .select_from(reactions.join(posts, posts.c.id == reactions.c.post_id))
        .where(where)
    ).one()
    return (*tuple(post_part), *tuple(react_part))


def cohort_posts(conn: Connection, cohort_id: int) -> list[PostRow]:
    """Every post of a cohort's spaces that is not hidden, by space then time, with all
    reactions counted (for the export). Anonymous posts carry no author."""
    posts = t.posts
    query = _select(
        and_(posts.c.cohort_id == cohort_id, posts.c.status != "hidden"), None, None
    ).order_by(posts.c.space, posts.c.created_at, posts.c.id)
    return _rows(conn, query)


def named_post_counts(conn: Connection, members: Select, spaces: tuple[str, ...]
                      ) -> dict[int, int]:
    """Per person: how many visible posts they made under their own name in ``spaces``."""
    posts = t.posts
    rows = conn.execute(
        select(posts.c.author_id, func.count())
        .where(posts.c.author_id.in_(members), posts.c.anonymous.is_(False),
               posts.c.status != "hidden", posts.c.space.in_(spaces))
        .group_by(posts.c.author_id)
    )
    return {int(a): int(n) for a, n in rows}


# -- writing --------------------------------------------------------------------------
def insert_post(
    conn: Connection,
    viewer: Viewer,
    space: str,
    body: dict[str, Any],
    *,
    anonymous: bool,
    author_id: int | None,
    group_id: int | None = None,
    created_at: _dt.datetime | None = None,
) -> int:
    """Add a visible post to the viewer's space (their cohort's, or their own when
    self-paced); returns its id. ``author_id`` None marks the course's own starting
    points."""
    now = utcnow()
    return new_id(conn.execute(
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
    ))


def set_group(conn: Connection, post_id: int, group_id: int) -> None:
    conn.execute(_update(t.posts).where(t.posts.c.id == post_id).values(group_id=group_id))


def set_surfaced(conn: Connection, post_id: int, surfaced: bool) -> None:
    now = utcnow()
    conn.execute(
        _update(t.posts).where(t.posts.c.id == post_id)
        .values(surfaced_at=now if surfaced else None, updated_at=now)
    )


def set_hidden(conn: Connection, viewer: Viewer, spaces: tuple[str, ...], post_id: int,
               hidden: bool) -> None:
    """Hide (or show again) a post of the viewer's spaces, recording who hid it."""
    posts = t.posts
    found = conn.execute(
        select(posts.c.id).where(_any_scope(viewer, spaces), posts.c.id == int(post_id))
    ).first()
    if found is None:  # another cohort's post looks exactly like a missing one
        raise SpaceError("That post is no longer here (it may have been removed).")
    now = utcnow()
    conn.execute(
        _update(posts)
        .where(posts.c.id == found.id)
        .values(
            status="hidden" if hidden else "visible",
            hidden_at=now if hidden else None,
            hidden_by=viewer.participant_id if hidden else None,
            updated_at=now,
        )
    )


def react(conn: Connection, post_id: int, participant_id: int, kind: str, on: bool) -> None:
    """Add (``on``) or take back one person's reaction of ``kind`` to a post."""
    r = t.reactions
    conn.execute(
        delete(r).where(r.c.post_id == post_id, r.c.participant_id == participant_id,
                        r.c.kind == kind)
    )
    if on:
        conn.execute(
            r.insert().values(post_id=post_id, participant_id=participant_id, kind=kind,
                              created_at=utcnow())
        )
