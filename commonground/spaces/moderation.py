"""Facilitator moderation: every post of the cohort's spaces, and hiding or unhiding one.

A hidden post disappears from trainees' pages at their next live refresh (a few
seconds), except its author's, where it stays with a note in the space's own words ("Your
facilitator took this off the wall", ``_access.taken_off``); nobody else is told.
Anonymous posts and reflections stay anonymous here too, under the anonymity rule
(:mod:`commonground.data.anonymity`): the queue never names their author, lists them
apart from the named posts, with their day only and in an order unrelated to time, and
only once enough people could have written each one.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..data import reflections
from ..data.anonymity import Cover, present
from ..data.people import Participant
from ..data.store import Store
from ._access import SpaceError, SpaceModel, check_can_write, require_facilitator
from ._posts import list_posts, set_hidden

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
    created_at: _dt.date  # a time for a named post; only the day for an anonymous item
    kind: str = "post"  # post | reflection (shared with the cohort, anonymously)
    prompt_id: str = ""  # a reflection's prompt (a role-play's names the seat and ending)

    @property
    def anonymous(self) -> bool:
        return self.author is None

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
        """Every trainee post in the cohort's spaces under a name, newest first; then,
        apart, the anonymous posts and every reflection shared with the cohort, as the
        anonymity rule lets anyone see them (the course's own starting points are left
        out)."""
        with self.store.read() as conn:
            rows = list_posts(conn, self.viewer, MODERATED, include_hidden=True,
                              trainee_posts_only=True, newest_first=True)
            items = [
                QueueItem(
                    id=r.id, space=r.space, text=post_text(r.space, r.body), author=r.author,
                    hidden=r.hidden, surfaced=r.surfaced_at is not None,
                    created_at=r.created_at,
                )
                for r in rows
            ]
            if self.viewer.cohort_id is not None:
                items += [
                    QueueItem(id=r.reflection_id, space="reflection", text=r.text,
                              author=None, hidden=r.hidden, surfaced=True,
                              created_at=r.submitted_at, kind="reflection",
                              prompt_id=r.prompt_id)
                    for r in reflections.cohort_shared(self.store, self.viewer.cohort_id,
                                                       include_hidden=True)
                ]
            return present(items, Cover(self.store, self.viewer.cohort_id),
                           anonymous=lambda i: i.anonymous, words=lambda i: i.text,
                           prompt=lambda i: i.prompt_id or None,
                           group=lambda i: f"{i.kind}:{i.space}:{i.prompt_id}")

    @property
    def waiting(self) -> bool:
        """True while the cohort has too few trainees for anyone to read anonymous posts
        and reflections (then :data:`commonground.data.anonymity.NOT_YET` says why)."""
        with self.store.read():
            return not Cover(self.store, self.viewer.cohort_id).covers()

    def hide(self, item: int | str, hidden: bool = True) -> None:
        """Hide (or show again) a post, by id, or any queue item by its ``key``."""
        kind, _, number = str(item).rpartition(":")
        if kind == "reflection":
            changed = self.viewer.cohort_id is not None and reflections.set_hidden(
                self.store, self.viewer.cohort_id, int(number), hidden,
                moderator_id=self.viewer.participant_id,
            )
            if not changed:
                raise SpaceError("That reflection is no longer shared with the cohort.")
            return
        with self.store.write(cohort=self.viewer.cohort_id) as conn:
            check_can_write(conn, self.viewer)
            set_hidden(conn, self.viewer, MODERATED, int(number), hidden)

    def unhide(self, item: int | str) -> None:
        self.hide(item, hidden=False)
