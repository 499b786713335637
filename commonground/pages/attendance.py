"""The facilitator's record of the sessions a cohort held and who attended (model).

Plain Python, no widgets: ``widgets.dashboard_attendance`` draws it. Only the cohort's
facilitator may use it; what it writes shows on each trainee's own certificate as
"Sessions attended", apart from the learning time the course recorded.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from commonground.data.attendance import CohortSession
from commonground.data.people import Participant
from commonground.data.store import Store

from .dashboard import FACILITATORS_ONLY, NotFacilitator
from .journal import format_date

__all__ = ["DEFAULT_MINUTES", "SessionRecords", "SessionRow"]

DEFAULT_MINUTES = 90  # the facilitator notes plan each session as 90 minutes


@dataclass(frozen=True)
class SessionRow:
    """A recorded session as the facilitator's page lists it."""

    session: CohortSession
    when: str  # the date in words
    attended: int
    trainees: int

    @property
    def label(self) -> str:
        return f"{self.session.title}, {self.when}"


class SessionRecords:
    def __init__(self, store: Store, person: Participant):
        if not person.is_facilitator or person.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.store = store
        self.cohort_id = person.cohort_id

    def trainees(self) -> list[Participant]:
        """The cohort's trainees, by name: the people who can be ticked as attending."""
        return sorted((m for m in self.store.people.members(self.cohort_id)
                       if m.kind == "trainee"), key=lambda p: p.display_name.casefold())

    def rows(self) -> list[SessionRow]:
        trainees = len(self.trainees())
        return [SessionRow(s, _day(s.held_on), len(s.present), trainees)
                for s in self.store.attendance.sessions(self.cohort_id)]

    def record(self, held_on: _dt.date, title: str, minutes: int,
               present: Iterable[int]) -> CohortSession:
        return self.store.attendance.record(self.cohort_id, held_on, title, minutes, present)

    def remove(self, session_id: int) -> None:
        self.store.attendance.remove(self.cohort_id, session_id)

    def fingerprint(self) -> tuple:
        return self.store.attendance.fingerprint(self.cohort_id)


def _day(day: _dt.date) -> str:
    return format_date(_dt.datetime.combine(day, _dt.time(12)), with_time=False)
