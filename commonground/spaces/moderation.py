"""Facilitator moderation: every post of the cohort's spaces, and hiding or unhiding one.

A hidden post disappears from trainees' pages at their next live refresh (a few
seconds). Anonymous posts stay anonymous here too: the queue never names their author.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update

from .. import _schema as t
from ..people import Participant
from ..store import Store, utcnow
from ._access import (
    SpaceError,
    SpaceModel,
    author_label,
    check_can_write,
    in_scope,
    posts_with_authors,
    require_facilitator,
)

MODERATED = ("jargon", "elephant", "agreement")
SPACE_NAMES = {
    "jargon": "Jargon wall",
    "elephant": "Elephant box",
    "agreement": "Agreement",
    "reflection": "Reflection shared with the cohort",
}


@dataclass(frozen=True)
class QueueItem:
    id: int
    space: str
    text: str  # the post as plain text (trainee words: show escaped)
    author: str | None  # None: anonymous
    hidden: bool
    surfaced: bool  # elephant box: shown to the cohort
    created_at: _dt.datetime
    kind: str = "post"  # post | reflection (shared with the cohort, anonymously)

    @property
    def key(self) -> str:
        """What :meth:`Moderation.hide` takes: posts and reflections number separately."""
        return f"{self.kind}:{self.id}"

    @property
    def space_name(self) -> str:
        return SPACE_NAMES.get(self.space, self.space)


def post_text(space: str, body: dict) -> str:
    if space == "jargon":
        parts = [body.get("term", "")]
        if body.get("meaning"):
            parts.append(f"= {body['meaning']}")
        if body.get("field"):
            parts.append(f"[{body['field']}]")
        return " ".join(parts)
    return body.get("text", "")


class Moderation(SpaceModel):
    def __init__(self, store: Store, participant: Participant):
        super().__init__(store, participant)
        require_facilitator(self.viewer, "moderate the cohort's spaces")

    def queue(self) -> list[QueueItem]:
        """Every trainee post in the cohort's spaces, newest first (the course's own
        starting points are left out)."""
        posts = t.posts
        query = (
            select(posts.c.id, posts.c.space, posts.c.body_json, posts.c.status,
                   posts.c.surfaced_at, posts.c.created_at, author_label())
            .select_from(posts_with_authors())
            .where(or_(*(in_scope(self.viewer, s) for s in MODERATED)),
                   posts.c.author_id.is_not(None))
            .order_by(posts.c.created_at.desc(), posts.c.id.desc())
        )
        with self.store.read() as conn:
            items = [
                QueueItem(
                    id=r.id, space=r.space, text=post_text(r.space, json.loads(r.body_json)),
                    author=r.author, hidden=r.status == "hidden",
                    surfaced=r.surfaced_at is not None, created_at=r.created_at,
                )
                for r in conn.execute(query)
            ]
            items += self._shared_reflections(conn)
        return sorted(items, key=lambda i: i.created_at, reverse=True)

    def _shared_reflections(self, conn) -> list[QueueItem]:
        """Reflections shared with the cohort: shown, like anonymous posts, without author."""
        r, v, p = t.reflections, t.reflection_versions, t.participants
        if self.viewer.cohort_id is None:
            return []
        latest = (select(v.c.reflection_id, func.max(v.c.version).label("version"))
                  .group_by(v.c.reflection_id).subquery())
        rows = conn.execute(
            select(r.c.id, r.c.hidden_at, v.c.text, v.c.submitted_at)
            .select_from(
                r.join(p, p.c.id == r.c.participant_id)
                .join(latest, latest.c.reflection_id == r.c.id)
                .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
            )
            .where(p.c.cohort_id == self.viewer.cohort_id, r.c.visibility == "cohort")
        )
        return [
            QueueItem(id=row.id, space="reflection", text=row.text, author=None,
                      hidden=row.hidden_at is not None, surfaced=True,
                      created_at=row.submitted_at, kind="reflection")
            for row in rows
        ]

    def hide(self, item: int | str, hidden: bool = True) -> None:
        """Hide (or show again) a post, by id, or any queue item by its ``key``."""
        kind, _, number = str(item).rpartition(":")
        if kind == "reflection":
            self._hide_reflection(int(number), hidden)
            return
        post_id = int(number)
        now = utcnow()
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            found = conn.execute(
                select(t.posts.c.id).where(
                    or_(*(in_scope(self.viewer, s) for s in MODERATED)),
                    t.posts.c.id == int(post_id),
                )
            ).first()
            if found is None:  # another cohort's post looks exactly like a missing one
                raise SpaceError("That post is no longer here (it may have been removed).")
            conn.execute(
                update(t.posts)
                .where(t.posts.c.id == found.id)
                .values(
                    status="hidden" if hidden else "visible",
                    hidden_at=now if hidden else None,
                    hidden_by=self.viewer.participant_id if hidden else None,
                    updated_at=now,
                )
            )

    def unhide(self, item: int | str) -> None:
        self.hide(item, hidden=False)

    def _hide_reflection(self, reflection_id: int, hidden: bool) -> None:
        r, p = t.reflections, t.participants
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            in_cohort = select(p.c.id).where(p.c.cohort_id == self.viewer.cohort_id)
            changed = conn.execute(
                update(r)
                .where(r.c.id == reflection_id, r.c.visibility == "cohort",
                       r.c.participant_id.in_(in_cohort))
                .values(hidden_at=utcnow() if hidden else None)
            ).rowcount
        if not changed:
            raise SpaceError("That reflection is no longer shared with the cohort.")
