"""What module 05's law panel shows (no widgets): the law of the trainee's cohort's
jurisdictions, side by side when there is more than one, or, where none is chosen (a
self-paced learner, or a cohort whose facilitator has not chosen), a picker that starts at
the person's own earlier pick, or the national overview. A pick is kept for that person
alone (``store.jurisdictions.pick_own``) so the page opens on it next time.

The law comes from content/jurisdictions.yaml (:mod:`commonground.content.jurisdictions`);
the cohort's choice from its owner, ``store.jurisdictions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from commonground.content.jurisdictions import (
    NATIONAL,
    CrossBorder,
    Jurisdiction,
    Jurisdictions,
    load_jurisdictions,
)

from .dashboard import FACILITATORS_ONLY, NotFacilitator

if TYPE_CHECKING:
    from collections.abc import Iterable

    from commonground.data.people import Participant
    from commonground.data.store import Store

__all__ = ["NATIONAL", "CohortLaw", "LawPanel", "law_panel", "remember_pick"]

PICK_LABEL = "Show the law for"
NATIONAL_LABEL = "Across Australia (an overview)"
REMEMBERED = "Kept for next time: this page will open on {name} for you (nobody else sees it)."
FORGOTTEN = "Kept for next time: this page will open on the overview."


@dataclass(frozen=True)
class LawPanel:
    """The law a page shows. ``chosen`` is the cohort's jurisdictions (none: the visitor
    picks); ``in_cohort`` says whether the visitor is in a cohort at all; ``start`` is
    where the picker opens (the visitor's own earlier pick, or the overview)."""

    law: Jurisdictions
    chosen: tuple[str, ...] = ()
    in_cohort: bool = False
    start: str = NATIONAL

    @property
    def picks(self) -> bool:
        """Whether the visitor picks (no jurisdiction chosen for them)."""
        return not self.chosen

    @property
    def intro(self) -> str:
        if len(self.chosen) > 1:
            return ("Your cohort works across more than one state or territory. Here is the "
                    "law of each, side by side.")
        if self.chosen:
            return "Here is the law where your cohort works."
        if self.in_cohort:
            return ("Your facilitator has not chosen your cohort's state or territory yet. "
                    "Pick yours to see its law.")
        return "Pick your state or territory to see its law."

    def options(self) -> tuple[tuple[str, str], ...]:
        """The picker's (label, value) pairs: the overview first, then each entry."""
        return ((NATIONAL_LABEL, NATIONAL),
                *((entry.name, entry.code) for entry in self.law.entries))

    def cards(self, pick: str = NATIONAL) -> tuple[Jurisdiction, ...]:
        """The jurisdictions to show: the cohort's, or the one picked (none for the
        overview)."""
        if self.chosen:
            return tuple(self.law.get(code) for code in self.chosen)
        if pick == NATIONAL:
            return ()
        return (self.law.get(pick),)

    def notes(self, pick: str = NATIONAL) -> tuple[CrossBorder, ...]:
        """The cross-border notes for what is shown: those about two or more of the
        cohort's jurisdictions, or, for one picked, every note that names it."""
        if self.chosen:
            return self.law.notes_for(self.chosen)
        return tuple(n for n in self.law.cross_border if pick in n.codes)


def law_panel(store: Store | None, participant: Participant | None,
              law: Jurisdictions | None = None) -> LawPanel:
    """The panel for ``participant`` (``None``: before anyone is known, the picker)."""
    law = law or load_jurisdictions()
    if store is None or participant is None:
        return LawPanel(law)
    own = store.jurisdictions.own(participant.id)
    start = own if own in law.codes else NATIONAL
    if participant.cohort_id is None:
        return LawPanel(law, start=start)
    chosen = tuple(c for c in store.jurisdictions.codes(participant.cohort_id)
                   if c in law.codes)
    return LawPanel(law, chosen, in_cohort=True, start=start)


def remember_pick(store: Store, participant: Participant, panel: LawPanel,
                  code: str) -> str:
    """Keep ``code`` as ``participant``'s own pick; the words that say so."""
    kept = store.jurisdictions.pick_own(participant.id, code)
    if kept is None:
        return FORGOTTEN
    return REMEMBERED.format(name=panel.law.get(kept).name)


class CohortLaw:
    """The facilitator's setting (dashboard): the states and territories the cohort works
    in, which module 05's law panel shows its trainees (more than one: side by side)."""

    def __init__(self, store: Store, person: Participant, law: Jurisdictions | None = None):
        if not person.is_facilitator or person.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.store = store
        self.cohort_id = person.cohort_id
        self.law = law or load_jurisdictions()

    def options(self) -> list[tuple[str, str]]:
        """(name, code) of every state, territory and the Commonwealth."""
        return [(entry.name, entry.code) for entry in self.law.entries]

    def chosen(self) -> tuple[str, ...]:
        return self.store.jurisdictions.codes(self.cohort_id)

    def describe(self, codes: tuple[str, ...]) -> str:
        """What the trainees' law panel shows for ``codes``, in words."""
        names = [self.law.get(code).name for code in codes if code in self.law.codes]
        if not names:
            return ("None chosen: each trainee picks their own state or territory in "
                    "module 05's law panel.")
        if len(names) == 1:
            return f"Module 05 shows your trainees the law of {names[0]}."
        listed = ", ".join(names[:-1]) + f" and {names[-1]}"
        return (f"Module 05 shows your trainees the law of {listed}, side by side, with "
                "the notes on working across a border.")

    def choose(self, codes: Iterable[str]) -> str:
        """Set the cohort's choice (none: trainees pick their own); the words that say
        what trainees now see."""
        return "Saved. " + self.describe(self.store.jurisdictions.choose(self.cohort_id, codes))
