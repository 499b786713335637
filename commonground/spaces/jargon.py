"""The jargon wall: terms, their plain-language meanings and the field they come from.

Terms that mean the same thing share a group ("we call this something else": ITP, ISP,
Client Assessment and Action Plan…). Anyone can say "I didn't know this one"; only the
number of people who did is ever shown.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from .. import _schema as t
from ..store import utcnow
from ._access import (
    SpaceModel,
    author_label,
    check_can_write,
    clean,
    find_post,
    fingerprint,
    in_scope,
    insert_post,
    mine,
    posts_with_authors,
    visible_to,
)

SPACE = "jargon"
TERM_LIMIT = 80
MEANING_LIMIT = 600
FIELD_LIMIT = 80
DIDNT_KNOW = "didnt_know"


@dataclass(frozen=True)
class JargonEntry:
    id: int
    term: str
    meaning: str
    field: str
    author: str | None  # None: posted anonymously
    mine: bool
    didnt_know: int  # how many people said "I didn't know this one"
    i_didnt_know: bool
    hidden: bool  # hidden by the facilitator (only the facilitator sees these)
    created_at: _dt.datetime


@dataclass(frozen=True)
class JargonGroup:
    """Terms that mean the same thing, oldest first."""

    id: int
    entries: tuple[JargonEntry, ...]

    @property
    def names(self) -> list[str]:
        return [e.term for e in self.entries]


class JargonWall(SpaceModel):
    """The jargon wall as one participant sees it."""


    # -- reading ---------------------------------------------------------------
    def groups(self) -> list[JargonGroup]:
        v, posts = self.viewer, t.posts
        counts = (
            select(t.reactions.c.post_id, func.count().label("n"))
            .where(t.reactions.c.kind == DIDNT_KNOW)
            .group_by(t.reactions.c.post_id)
            .subquery()
        )
        my_marks = select(t.reactions.c.post_id).where(
            t.reactions.c.kind == DIDNT_KNOW,
            t.reactions.c.participant_id == v.participant_id,
        )
        query = (
            select(
                posts.c.id,
                posts.c.body_json,
                posts.c.group_id,
                posts.c.status,
                posts.c.created_at,
                author_label(),
                mine(v),
                func.coalesce(counts.c.n, 0).label("didnt_know"),
                posts.c.id.in_(my_marks).label("i_didnt_know"),
            )
            .select_from(posts_with_authors().outerjoin(counts, counts.c.post_id == posts.c.id))
            .where(in_scope(v, SPACE), visible_to(v))
            .order_by(posts.c.created_at, posts.c.id)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).fetchall()
        grouped: dict[int, list[JargonEntry]] = {}
        for row in rows:
            b = json.loads(row.body_json)
            grouped.setdefault(row.group_id or row.id, []).append(
                JargonEntry(
                    id=row.id,
                    term=b.get("term", ""),
                    meaning=b.get("meaning", ""),
                    field=b.get("field", ""),
                    author=row.author,
                    mine=bool(row.mine),
                    didnt_know=int(row.didnt_know),
                    i_didnt_know=bool(row.i_didnt_know),
                    hidden=row.status == "hidden",
                    created_at=row.created_at,
                )
            )
        return [JargonGroup(gid, tuple(entries)) for gid, entries in grouped.items()]

    def entries(self) -> list[JargonEntry]:
        return [e for g in self.groups() for e in g.entries]

    def fingerprint(self) -> tuple:
        with self.store.read() as conn:
            return fingerprint(conn, self.viewer, (SPACE,))

    # -- writing ---------------------------------------------------------------
    def add(
        self,
        term: str,
        meaning: str = "",
        field: str = "",
        *,
        anonymous: bool = False,
        same_as: int | None = None,
    ) -> int:
        """Put a term on the wall; with ``same_as``, as another name for that term.
        Returns the new post's id."""
        fields = {
            "term": clean(term, "term", TERM_LIMIT, required=True, one_line=True),
            "meaning": clean(meaning, "meaning", MEANING_LIMIT, required=False, one_line=False),
            "field": clean(field, "field it comes from", FIELD_LIMIT, required=False,
                           one_line=True),
        }
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            group = None
            if same_as is not None:
                target = find_post(conn, self.viewer, SPACE, same_as)
                group = target.group_id or target.id
            post_id = insert_post(conn, self.viewer, SPACE, fields, anonymous=anonymous,
                                  author_id=self.viewer.participant_id, group_id=group)
            if group is None:
                conn.execute(
                    update(t.posts).where(t.posts.c.id == post_id).values(group_id=post_id)
                )
        return post_id

    def mark_didnt_know(self, post_id: int, didnt_know: bool = True) -> None:
        """Say (or take back) "I didn't know this one"."""
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, post_id)
            r = t.reactions
            mark = (r.c.post_id == post_id) & (r.c.participant_id == self.viewer.participant_id)
            conn.execute(delete(r).where(mark, r.c.kind == DIDNT_KNOW))
            if didnt_know:
                conn.execute(
                    r.insert().values(
                        post_id=post_id,
                        participant_id=self.viewer.participant_id,
                        kind=DIDNT_KNOW,
                        created_at=utcnow(),
                    )
                )



