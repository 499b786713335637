"""Which states and territories (and the Commonwealth) a cohort works in: the law its
pages show (module 05's law panel). More than one for a partnership across a border.

Set by the cohort's facilitator (``commonground cohort jurisdiction``, or the dashboard's
settings). No rows: none chosen yet, and the page offers a picker as it does to a
self-paced learner; what a person picks there is kept as their own (``own``/``pick_own``),
seen by nobody else, and used until their cohort has a choice. The codes are
:data:`commonground.content.jurisdictions.CODES`.

This module owns the tables ``cohort_jurisdictions`` and ``participant_jurisdiction``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from commonground.content.jurisdictions import CODES, NATIONAL, parse_codes
from commonground.errors import StoreError

from . import _schema as t
from .people import ARCHIVED_MESSAGE, cohort_archived_at, ensure_writable

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

    def own(self, participant_id: int) -> str | None:
        """The code ``participant_id`` picked for themselves (``None``: not picked, or the
        national overview)."""
        pj = t.participant_jurisdiction
        with self.store.read() as conn:
            return conn.execute(
                select(pj.c.code).where(pj.c.participant_id == participant_id)
            ).scalar()

    def pick_own(self, participant_id: int, code: str) -> str | None:
        """Keep ``code`` as the state or territory ``participant_id`` picked (as people type
        it; :data:`NATIONAL` forgets the pick). Refused for an unknown code
        (``ValueError``), a person no longer in the database, and an archived cohort."""
        chosen = None if code == NATIONAL else parse_codes([code])[0]
        pj = t.participant_jurisdiction
        with self.store.write(participant=participant_id) as conn:
            ensure_writable(conn, participant_id)
            conn.execute(delete(pj).where(pj.c.participant_id == participant_id))
            if chosen is not None:
                conn.execute(pj.insert().values(participant_id=participant_id, code=chosen))
        return chosen
