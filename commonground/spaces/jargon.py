"""The jargon wall: terms, their plain-language meanings and the field they come from.

Terms that mean the same thing share a group ("we call this something else": ITP, ISP,
Client Assessment and Action Plan…). Anyone can say "I didn't know this one"; only the
number of people who did is ever shown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..data.anonymity import Cover, present
from ._access import SpaceModel, check_can_write, clean, taken_off
from ._posts import PostRow, find_post, insert_post, list_posts, react, set_group
from ._viewer import Viewer

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
    hidden: bool  # hidden by the facilitator (seen only by the facilitator and its author)
    created_at: _dt.date  # the day only, for an anonymous entry
    group_id: int = 0  # the group of terms meaning the same thing
    waiting: bool = False  # the viewer's own anonymous entry, not yet shown to others
    notice: str = ""  # for its author, when hidden: "Your facilitator took this off the wall"

    @property
    def anonymous(self) -> bool:
        return self.author is None


@dataclass(frozen=True)
class JargonGroup:
    """Terms that mean the same thing: the named ones oldest first, then the anonymous
    ones (see :mod:`commonground.data.anonymity`)."""

    id: int
    entries: tuple[JargonEntry, ...]

    @property
    def names(self) -> list[str]:
        return [e.term for e in self.entries]

    @property
    def anonymous(self) -> bool:
        """Every term in it was posted anonymously: the group stands with the others
        like it, after the named ones, in no order of time."""
        return all(e.anonymous for e in self.entries)


class JargonWall(SpaceModel):
    """The jargon wall as one participant sees it."""


    # -- reading ---------------------------------------------------------------
    def groups(self) -> list[JargonGroup]:
        """The wall: groups of terms meaning the same thing, those with a named term
        first (in the order their first named term was posted), then those of anonymous
        terms only; anonymous terms as the anonymity rule lets this viewer see them."""
        with self.store.read() as conn:
            rows = list_posts(conn, self.viewer, (SPACE,), reaction=DIDNT_KNOW,
                              own_hidden=True)
            cover = Cover(self.store, self.viewer.cohort_id)
            waiting = not self.self_paced and not cover.covers()
            entries = present([_entry(row, self.viewer, waiting) for row in rows], cover,
                              anonymous=lambda e: e.anonymous, mine=lambda e: e.mine,
                              words=lambda e: f"{e.term}\n{e.meaning}\n{e.field}")
        grouped: dict[int, list[JargonEntry]] = {}
        for entry in entries:
            grouped.setdefault(entry.group_id, []).append(entry)
        return [JargonGroup(gid, tuple(members)) for gid, members in grouped.items()]

    def entries(self) -> list[JargonEntry]:
        return [e for g in self.groups() for e in g.entries]

    def fingerprint(self) -> tuple:
        return self._fingerprint((SPACE,))

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
        with self.store.write(participant=self.viewer.participant_id) as conn:
            check_can_write(conn, self.viewer)
            group = None
            if same_as is not None:
                target = find_post(conn, self.viewer, SPACE, same_as)
                group = target.group_id or target.id
            post_id = insert_post(conn, self.viewer, SPACE, fields, anonymous=anonymous,
                                  author_id=self.viewer.participant_id, group_id=group)
            if group is None:
                set_group(conn, post_id, post_id)
        return post_id

    def mark_didnt_know(self, post_id: int, didnt_know: bool = True) -> None:
        """Say (or take back) "I didn't know this one"."""
        with self.store.write(participant=self.viewer.participant_id) as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, post_id)
            react(conn, post_id, self.viewer.participant_id, DIDNT_KNOW, didnt_know)


def _entry(row: PostRow, viewer: Viewer, waiting: bool) -> JargonEntry:
    b = row.body
    notice = taken_off(viewer, row)  # hidden: no one else waits to see it now
    return JargonEntry(
        id=row.id,
        term=b.get("term", ""),
        meaning=b.get("meaning", ""),
        field=b.get("field", ""),
        author=row.author,
        mine=row.mine,
        didnt_know=row.reactions,
        i_didnt_know=row.i_reacted,
        hidden=row.hidden,
        created_at=row.created_at,
        group_id=row.group_id or row.id,
        waiting=waiting and row.mine and row.anonymous and not notice,
        notice=notice,
    )
