"""Facilitator moderation: every post of the cohort's spaces, and hiding or unhiding one.

A hidden post disappears from trainees' pages at their next live refresh (a few
seconds). Anonymous posts stay anonymous here too: the queue never names their author.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import or_, select, update

from .. import _schema as t
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
SPACE_NAMES = {"jargon": "Jargon wall", "elephant": "Elephant box", "agreement": "Agreement"}


@dataclass(frozen=True)
class QueueItem:
    id: int
    space: str
    text: str  # the post as plain text (trainee words: show escaped)
    author: str | None  # None: anonymous
    hidden: bool
    surfaced: bool  # elephant box: shown to the cohort
    created_at: _dt.datetime

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
    def __init__(self, store: Store, participant_id: int):
        super().__init__(store, participant_id)
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
            return [
                QueueItem(
                    id=r.id, space=r.space, text=post_text(r.space, json.loads(r.body_json)),
                    author=r.author, hidden=r.status == "hidden",
                    surfaced=r.surfaced_at is not None, created_at=r.created_at,
                )
                for r in conn.execute(query)
            ]

    def hide(self, post_id: int, hidden: bool = True) -> None:
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

    def unhide(self, post_id: int) -> None:
        self.hide(post_id, hidden=False)
