"""The jargon wall: terms, their plain-language meanings and the field they come from.

Terms that mean the same thing share a group ("we call this something else": ITP, ISP,
Client Assessment and Action Plan…). Anyone can say "I didn't know this one"; only the
number of people who did is ever shown.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ._access import SpaceModel, check_can_write, clean, taken_off
from ._posts import find_post, insert_post, list_posts, react, set_group

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
    created_at: _dt.datetime
    notice: str = ""  # for its author, when hidden: "Your facilitator took this off the wall"


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
        with self.store.read() as conn:
            rows = list_posts(conn, self.viewer, (SPACE,), reaction=DIDNT_KNOW,
                              own_hidden=True)
        grouped: dict[int, list[JargonEntry]] = {}
        for row in rows:
            b = row.body
            grouped.setdefault(row.group_id or row.id, []).append(
                JargonEntry(
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
                    notice=taken_off(self.viewer, row),
                )
            )
        return [JargonGroup(gid, tuple(entries)) for gid, entries in grouped.items()]

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
        with self.store.write() as conn:
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
        with self.store.write() as conn:
            check_can_write(conn, self.viewer)
            find_post(conn, self.viewer, SPACE, post_id)
            react(conn, post_id, self.viewer.participant_id, DIDNT_KNOW, didnt_know)
