"""Which states and territories (and the Commonwealth) a cohort works in: the law its
pages show (module 05's law panel). More than one for a partnership across a border.

Set by the cohort's facilitator (``commonground cohort jurisdiction``). No rows: none
chosen yet, and the page offers a picker as it does to a self-paced learner. The codes
are :data:`commonground.content.jurisdictions.CODES`.

This module owns the table ``cohort_jurisdictions``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from commonground.content.jurisdictions import CODES, parse_codes
from commonground.errors import StoreError

from . import _schema as t
from .people import ARCHIVED_MESSAGE, cohort_archived_at

if TYPE_CHECKING:
    from ._db import Database

__all__ = ["CohortJurisdictions"]


def _ordered(codes: Iterable[str]) -> tuple[str, ...]:
    found = set(codes)
    return tuple(c for c in CODES if c in found)


class CohortJurisdictions:
    def __init__(self, store: Database):
        self.store = store

    def codes(self, cohort_id: int | None) -> tuple[str, ...]:
        """The cohort's jurisdiction codes in the usual order (none for a self-paced
        learner, ``None``, or a cohort whose facilitator has not chosen)."""
        if cohort_id is None:
            return ()
        cj = t.cohort_jurisdictions
        with self.store.read() as conn:
            rows = conn.execute(select(cj.c.code).where(cj.c.cohort_id == cohort_id)).all()
        return _ordered(r.code for r in rows)

    def choose(self, cohort_id: int, codes: Iterable[str]) -> tuple[str, ...]:
        """Set the cohort's jurisdictions to ``codes`` (as people type them: "nsw", "Vic");
        an empty list clears the choice. Refused while the cohort is archived, and for a
        code that is not a state, territory or the Commonwealth (``ValueError``)."""
        chosen = parse_codes(codes)
        cj = t.cohort_jurisdictions
        with self.store.write() as conn:
            if cohort_archived_at(conn, cohort_id) is not None:
                raise StoreError(ARCHIVED_MESSAGE)
            conn.execute(delete(cj).where(cj.c.cohort_id == cohort_id))
            if chosen:
                conn.execute(cj.insert(), [{"cohort_id": cohort_id, "code": c}
                                           for c in chosen])
        return chosen
