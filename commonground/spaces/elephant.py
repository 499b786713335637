"""The elephant box: name the thing nobody is saying, always anonymously.

Only the facilitator reads what is in the box. They may surface a post to the cohort,
still without a name. Nobody, the facilitator included, is ever told who wrote it: the
box is read only once enough people could have written each post, with its day and in
an order unrelated to time (:mod:`commonground.data.anonymity`). The writer alone sees
their own posts listed (so nothing they write is lost).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..data.anonymity import Cover, present
from ._access import SpaceModel, check_can_write, clean, require_facilitator, taken_off
from ._posts import PostRow, find_post, insert_post, list_posts, set_surfaced

SPACE = "elephant"
TEXT_LIMIT = 1000


@dataclass(frozen=True)
class Elephant:
    id: int
    text: str
    surfaced: bool  # shown to the cohort by the facilitator
    hidden: bool
    created_at: _dt.date  # the day only: the box is anonymous
    surfaced_at: _dt.date | None
    mine: bool = False  # only ever true on its writer's own page
    notice: str = ""  # for its writer, when hidden: "Your facilitator took this out of the box"


class ElephantBox(SpaceModel):

    # -- reading ---------------------------------------------------------------
    def _list(self, *, surfaced_only: bool = False, mine_only: bool = False) -> list[Elephant]:
        with self.store.read() as conn:
            rows = list_posts(conn, self.viewer, (SPACE,), surfaced_only=surfaced_only,
                              mine_only=mine_only, own_hidden=mine_only)
            return present([_elephant(r, taken_off(self.viewer, r)) for r in rows],
                           Cover(self.store, self.viewer.cohort_id),
                           anonymous=lambda _e: True, mine=lambda e: e.mine,
                           words=lambda e: e.text, times=("created_at", "surfaced_at"))

    def surfaced(self) -> list[Elephant]:
        """What the whole cohort sees: the posts the facilitator surfaced."""
        return self._list(surfaced_only=True)

    def mine(self) -> list[Elephant]:
        """What this participant put in the box (only they see this list), with what the
        facilitator took out of it marked for them."""
        return self._list(mine_only=True)

    def everything(self) -> list[Elephant]:
        """The whole box, for the facilitator: text and day, never an author, once
        enough people could have written it (see :mod:`commonground.data.anonymity`)."""
        require_facilitator(self.viewer, "read everything in the elephant box")
        return self._list()

    @property
    def waiting(self) -> bool:
        """True while too few people could have written what is in the box for anyone
        but its writer to read it (the facilitator included)."""
        if self.self_paced:
            return False
        with self.store.read():
            return not Cover(self.store, self.viewer.cohort_id).covers()

    def fingerprint(self) -> tuple:
        return self._fingerprint((SPACE,))

    # -- writing ---------------------------------------------------------------
    def add(self, text: str) -> int:
        body = {"text": clean(text, "elephant", TEXT_LIMIT, required=True, one_line=False)}
        with self.store.write(participant=self.viewer.participant_id) as conn:
            check_can_write(conn, self.viewer)
            return insert_post(conn, self.viewer, SPACE, body, anonymous=True,
                               author_id=self.viewer.participant_id)

    def surface(self, post_id: int, surfaced: bool = True) -> None:
        """Show a post to the cohort (still anonymous), or take it back."""
        require_facilitator(self.viewer, "show elephants to the cohort")
        with self.store.write(cohort=self.viewer.cohort_id) as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, post_id)
            set_surfaced(conn, post_id, surfaced)


def _elephant(row: PostRow, notice: str = "") -> Elephant:
    return Elephant(
        id=row.id,
        text=row.body.get("text", ""),
        surfaced=row.surfaced_at is not None,
        hidden=row.hidden,
        created_at=row.created_at,
        surfaced_at=row.surfaced_at,
        mine=row.mine,
        notice=notice,
    )
