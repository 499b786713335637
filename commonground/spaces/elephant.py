"""The elephant box: name the thing nobody is saying, always anonymously.

Only the facilitator reads what is in the box. They may surface a post to the cohort,
still without a name. Nobody, the facilitator included, is ever told who wrote it; the
writer alone sees their own posts listed (so nothing they write is lost).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass

from sqlalchemy import select, update

from .. import _schema as t
from ..store import utcnow
from ._access import (
    SpaceModel,
    check_can_write,
    clean,
    find_post,
    fingerprint,
    in_scope,
    insert_post,
    require_facilitator,
    visible_to,
)

SPACE = "elephant"
TEXT_LIMIT = 1000


@dataclass(frozen=True)
class Elephant:
    id: int
    text: str
    surfaced: bool  # shown to the cohort by the facilitator
    hidden: bool
    created_at: _dt.datetime
    surfaced_at: _dt.datetime | None


class ElephantBox(SpaceModel):

    @property
    def is_facilitator(self) -> bool:
        return self.viewer.is_facilitator

    # -- reading ---------------------------------------------------------------
    def _select(self, *where):
        posts = t.posts
        query = (
            select(posts.c.id, posts.c.body_json, posts.c.status, posts.c.created_at,
                   posts.c.surfaced_at)
            .where(in_scope(self.viewer, SPACE), visible_to(self.viewer), *where)
            .order_by(posts.c.created_at, posts.c.id)
        )
        with self.store.read() as conn:
            return [
                Elephant(
                    id=r.id,
                    text=json.loads(r.body_json).get("text", ""),
                    surfaced=r.surfaced_at is not None,
                    hidden=r.status == "hidden",
                    created_at=r.created_at,
                    surfaced_at=r.surfaced_at,
                )
                for r in conn.execute(query)
            ]

    def surfaced(self) -> list[Elephant]:
        """What the whole cohort sees: the posts the facilitator surfaced."""
        return self._select(t.posts.c.surfaced_at.is_not(None))

    def mine(self) -> list[Elephant]:
        """What this participant put in the box (only they see this list)."""
        return self._select(t.posts.c.author_id == self.viewer.participant_id)

    def everything(self) -> list[Elephant]:
        """The whole box, for the facilitator: text and time, never an author."""
        require_facilitator(self.viewer, "read everything in the elephant box")
        return self._select()

    def fingerprint(self) -> tuple:
        with self.store.read() as conn:
            return fingerprint(conn, self.viewer, (SPACE,))

    # -- writing ---------------------------------------------------------------
    def add(self, text: str) -> int:
        body = {"text": clean(text, "elephant", TEXT_LIMIT, required=True, one_line=False)}
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            return insert_post(conn, self.viewer, SPACE, body, anonymous=True,
                               author_id=self.viewer.participant_id)

    def surface(self, post_id: int, surfaced: bool = True) -> None:
        """Show a post to the cohort (still anonymous), or take it back."""
        require_facilitator(self.viewer, "show elephants to the cohort")
        now = utcnow()
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, post_id)
            conn.execute(
                update(t.posts)
                .where(t.posts.c.id == post_id)
                .values(surfaced_at=now if surfaced else None, updated_at=now)
            )
