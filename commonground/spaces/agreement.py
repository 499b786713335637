"""The safe-space agreement: a cohort's ground rules.

It starts from the source text's four ingredients of a safe environment. Trainees
endorse items and suggest new ones (with their name or anonymously); the facilitator
finalises the wording, and the agreed version is shown, folded, at the top of every
module. A self-paced learner builds and agrees their own.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..data._db import utcnow
from ..data.anonymity import Cover, present
from ._access import SpaceError, SpaceModel, check_can_write, clean, taken_off
from ._posts import PostRow, find_post, has_starting_points, insert_post, list_posts, react
from ._viewer import Viewer

SPACE = "agreement"
AGREED = "agreed"
ITEM_LIMIT = 300
MAX_ITEMS = 30
ENDORSE = "endorse"

# The four ingredients of a safe environment (module 01), as starting points.
STARTING_POINTS = (
    "We listen to each other and contribute without judgement.",
    "We notice our differences with curiosity, and ask about them rather than argue.",
    "We remember that the system shapes our work: problems are not just the fault of the "
    "people in the room.",
    "We make time for critical reflection in every meeting.",
)


@dataclass(frozen=True)
class AgreementItem:
    id: int
    text: str
    starting_point: bool  # one of the four ingredients the course starts from
    author: str | None  # None: anonymous, or a starting point
    mine: bool
    endorsements: int
    i_endorse: bool
    hidden: bool
    created_at: _dt.date  # the day only, for an anonymous suggestion
    waiting: bool = False  # the viewer's own anonymous suggestion, not yet shown to others
    notice: str = ""  # for its author, when hidden: "Your facilitator took this off the list"

    @property
    def anonymous(self) -> bool:
        return self.author is None and not self.starting_point


@dataclass(frozen=True)
class AgreedVersion:
    items: tuple[str, ...]
    agreed_at: _dt.datetime


class Agreement(SpaceModel):

    @property
    def can_finalise(self) -> bool:
        return self.viewer.is_facilitator or self.viewer.self_paced

    # -- reading ---------------------------------------------------------------
    def items(self) -> list[AgreementItem]:
        """The starting points and the suggestions under a name, oldest first, then the
        anonymous suggestions as the anonymity rule lets this viewer see them."""
        with self.store.read() as conn:  # usually one transaction: the points are there
            if has_starting_points(conn, self.viewer, SPACE):
                return self._shown(list_posts(conn, self.viewer, (SPACE,), reaction=ENDORSE,
                                              own_hidden=True))
        self._add_starting_points()
        with self.store.read() as conn:
            return self._shown(list_posts(conn, self.viewer, (SPACE,), reaction=ENDORSE,
                                          own_hidden=True))

    def _shown(self, rows: list[PostRow]) -> list[AgreementItem]:
        """The items as the anonymity rule lets this viewer see them; the viewer's own
        suggestions (a hidden one with its notice) are theirs to see."""
        cover = Cover(self.store, self.viewer.cohort_id)
        waiting = not self.self_paced and not cover.covers()
        return present([_item(row, self.viewer, waiting) for row in rows], cover,
                       anonymous=lambda i: i.anonymous, mine=lambda i: i.mine,
                       words=lambda i: i.text)

    def agreed(self) -> AgreedVersion | None:
        """The latest version the facilitator (or a self-paced learner) agreed."""
        with self.store.read() as conn:
            rows = list_posts(conn, self.viewer, (AGREED,), include_hidden=False,
                              newest_first=True, limit=1)
        if not rows:
            return None
        return AgreedVersion(tuple(rows[0].body.get("items", ())), rows[0].created_at)

    def fingerprint(self) -> tuple:
        return self._fingerprint((SPACE, AGREED))

    # -- writing ---------------------------------------------------------------
    def suggest(self, text: str, *, anonymous: bool = False) -> int:
        body = {
            "kind": "suggestion",
            "text": clean(text, "suggestion", ITEM_LIMIT, required=True, one_line=True),
        }
        with self.store.write(participant=self.viewer.participant_id) as conn:
            check_can_write(conn, self.viewer)
            return insert_post(conn, self.viewer, SPACE, body, anonymous=anonymous,
                               author_id=self.viewer.participant_id)

    def endorse(self, item_id: int, endorse: bool = True) -> None:
        """Add (or take back) this participant's support for an item."""
        with self.store.write(participant=self.viewer.participant_id) as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, item_id)
            react(conn, item_id, self.viewer.participant_id, ENDORSE, endorse)

    def finalise(self, items: list[str]) -> AgreedVersion:
        """Record the agreed wording (one item a line). It replaces any earlier version."""
        if not self.can_finalise:
            raise SpaceError("Only the cohort's facilitator can finalise the agreement.")
        cleaned = [
            clean(text, f"ground rule on line {i}", ITEM_LIMIT, required=False, one_line=True)
            for i, text in enumerate(items, start=1)
        ]
        cleaned = [c for c in cleaned if c]
        if not cleaned:
            raise SpaceError("The agreement needs at least one item before it can be agreed.")
        if len(cleaned) > MAX_ITEMS:
            raise SpaceError(
                f"The agreement has {len(cleaned)} items; please keep it to {MAX_ITEMS} or "
                "fewer, so that everyone can hold it in mind."
            )
        now = utcnow()
        with self.store.write(cohort=self.viewer.cohort_id) as conn:
            check_can_write(conn, self.viewer)
            insert_post(conn, self.viewer, AGREED, {"items": cleaned}, anonymous=False,
                        author_id=self.viewer.participant_id, created_at=now)
        return AgreedVersion(tuple(cleaned), now)

    # -- helpers ---------------------------------------------------------------
    def _add_starting_points(self) -> None:
        """Put the four ingredients into a space that has none yet (once)."""
        # The cohort's space; a self-paced learner's is theirs alone.
        with self.store.write(cohort=self.viewer.cohort_id,
                              participant=self.viewer.participant_id
                              if self.viewer.self_paced else None) as conn:
            if has_starting_points(conn, self.viewer, SPACE):
                return  # another kernel got here first
            now = utcnow()
            # A cohort's starting points belong to nobody; a self-paced learner's space is
            # theirs alone, so theirs carry their id (that is what scopes them).
            author = self.viewer.participant_id if self.viewer.self_paced else None
            for n, text in enumerate(STARTING_POINTS):
                insert_post(conn, self.viewer, SPACE, {"kind": "starting_point", "text": text},
                            anonymous=True, author_id=author,
                            created_at=now + _dt.timedelta(microseconds=n))


def _item(row: PostRow, viewer: Viewer, waiting: bool) -> AgreementItem:
    start = row.body.get("kind") == "starting_point"
    notice = "" if start else taken_off(viewer, row)  # no one else waits for it now
    return AgreementItem(
        id=row.id,
        text=row.body.get("text", ""),
        starting_point=start,
        author=None if start else row.author,
        mine=row.mine and not start,
        endorsements=row.reactions,
        i_endorse=row.i_reacted,
        hidden=row.hidden,
        created_at=row.created_at,
        waiting=waiting and row.mine and not start and row.anonymous and not notice,
        notice=notice,
    )
