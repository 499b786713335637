"""The facilitator's feedback workspace (model): every reflection shared with them, with
its history, filtered by module, prompt and person.

What it reads is what :func:`commonground.data.reflections.facilitator_threads` hands
out: reflections their authors share with the facilitator now, each with the versions
they submitted for the facilitator and every piece of feedback those got (a correction is
a new version of the feedback; the trainee sees the latest, the facilitator all of them).
Nothing private, nothing shared only with the cohort. Everything is named in words
(:mod:`commonground.scenario.titles`), never by id. Feedback is given through
:meth:`commonground.pages.dashboard.Dashboard.give_feedback`, so the cohort's assessment
settings (formative marks by default, the scored rubric where it is on) are one rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from commonground.data import reflections
from commonground.data.people import Participant, cohort_members
from commonground.data.reflections import FacilitatorThread, ThreadVersion
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.scenario import titles

from .dashboard import AwaitingFeedback, Dashboard

__all__ = [
    "ALL",
    "Choice",
    "FeedbackWorkspace",
    "ModuleWaiting",
    "Thread",
    "ThreadVersion",
]

ALL = ""  # a filter that lets everything through


@dataclass(frozen=True)
class Choice:
    """One option of a filter: what the facilitator reads, and the value it stands for."""

    label: str
    value: str


@dataclass(frozen=True)
class Thread(FacilitatorThread):
    """A reflection shared with the facilitator (:class:`FacilitatorThread`: its versions,
    ``latest`` and ``awaiting``), in words: who wrote it and what it answers."""

    name: str = ""
    agency: str = ""
    module: str = ""  # "Module 3: ..."
    title: str = ""  # what it answers (titles.prompt_heading)

    @property
    def key(self) -> tuple[int, str]:
        return (self.participant_id, self.prompt_id)

    @property
    def who(self) -> str:
        return f"{self.name} ({self.agency})" if self.agency else self.name

    def item(self, version: int | None = None) -> AwaitingFeedback:
        """The version (the latest by default) as the dashboard's feedback item."""
        chosen = self.latest if version is None else next(
            (v for v in self.versions if v.version == version), None)
        if chosen is None:
            raise StoreError("That version of the reflection is not shared with you.")
        return AwaitingFeedback(self.participant_id, self.name, self.agency, self.module_id,
                                self.prompt_id, chosen.version, chosen.text,
                                chosen.submitted_at, self.title)


@dataclass(frozen=True)
class ModuleWaiting:
    module_id: str
    module: str  # in words
    waiting: int  # reflections whose latest version has no feedback yet
    shared: int  # reflections shared with the facilitator in this module


class FeedbackWorkspace:
    """One facilitator's view of the reflections shared with them (raises
    :class:`~commonground.pages.dashboard.NotFacilitator` for anyone else)."""

    def __init__(self, store: Store, person: Participant, dashboard: Dashboard | None = None):
        self.dashboard = dashboard or Dashboard(store, person)
        self.store = store
        self.cohort_id = self.dashboard.cohort_id
        self._held: list[Thread] | None = None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read once for everything asked inside (a view drawing its counts, menus and
        list): one query instead of one per question."""
        if self._held is not None:  # already inside one
            yield
            return
        self._held = self._read()
        try:
            yield
        finally:
            self._held = None

    # -- reading --------------------------------------------------------------------
    def threads(self, module: str = ALL, prompt: str = ALL, person: str = ALL,
                awaiting_only: bool = False) -> list[Thread]:
        """The reflections shared with the facilitator, filtered (``person`` is a
        participant's number as text, as :meth:`people` gives it). Those awaiting
        feedback first, the longest waiting first; then the rest in the outline's order,
        by prompt and name."""
        found = [
            t for t in self._all()
            if (module == ALL or t.module_id == module)
            and (prompt == ALL or t.prompt_id == prompt)
            and (person == ALL or str(t.participant_id) == person)
            and (not awaiting_only or t.awaiting)
        ]
        order = self._module_order()
        waiting = sorted((t for t in found if t.awaiting),
                         key=lambda t: (t.latest.submitted_at, t.participant_id, t.prompt_id))
        done = sorted((t for t in found if not t.awaiting),
                      key=lambda t: (order.get(t.module_id, len(order)), t.module_id, t.title,
                                     t.name.casefold(), t.participant_id))
        return waiting + done

    def awaiting_by_module(self) -> list[ModuleWaiting]:
        """How many reflections await feedback in each module that has any shared."""
        threads = self._all()
        shared = Counter(t.module_id for t in threads)
        waiting = Counter(t.module_id for t in threads if t.awaiting)
        order = self._module_order()
        return [
            ModuleWaiting(mid, titles.module_label(mid), waiting[mid], shared[mid])
            for mid in sorted(shared, key=lambda m: (order.get(m, len(order)), m))
        ]

    def modules(self) -> list[Choice]:
        return [Choice(m.module, m.module_id) for m in self.awaiting_by_module()]

    def prompts(self, module: str = ALL) -> list[Choice]:
        seen: dict[str, str] = {}
        for t in self.threads(module=module):
            seen.setdefault(t.prompt_id, t.title)
        return sorted((Choice(title, pid) for pid, title in seen.items()),
                      key=lambda c: c.label.casefold())

    def people(self) -> list[Choice]:
        """Everyone who shares a reflection with the facilitator, by name."""
        seen = {str(t.participant_id): t.who for t in self._all()}
        return sorted((Choice(who, pid) for pid, who in seen.items()),
                      key=lambda c: (c.label.casefold(), c.value))

    # -- writing ------------------------------------------------------------------
    def give(self, thread: Thread, comment: str, mark: str | None = None,
             score: float | None = None, version: int | None = None,
             to_lms: bool = False) -> None:
        """Feedback on a version (the latest by default), released to its author at
        once. On a version that already has feedback this is a correction: the trainee
        sees the new words, and the earlier ones stay in the history here. ``to_lms``:
        send the comment to the LMS's gradebook with the module's mark (only where
        :meth:`lms_for` names one; the mark goes there in any case)."""
        if mark is None and score is None:
            if self.dashboard.assessment().scored_rubric:
                points = self.dashboard.rubric_points(thread.item(version))
                raise StoreError(
                    f"Give a score from 0 to {points:g} on the rubric first (0 means not "
                    "yet complete). Nothing was sent, and your words are still in the box.")
            raise StoreError("Choose “Complete” or “Not yet” first. Nothing was sent, and "
                             "your words are still in the box.")
        if to_lms and not self.lms_for(thread):
            raise StoreError("This module is not a graded activity of an LMS, so there is "
                             "no gradebook to send your comment to. Nothing was sent, and "
                             "your words are still in the box.")
        self.dashboard.give_feedback(thread.item(version), comment, mark, score, to_lms)

    def lms_for(self, thread: Thread) -> str:
        """The LMS whose gradebook has the thread's module as a graded activity for its
        author ("" where none has)."""
        return self.dashboard.graded_in_lms().get((thread.participant_id, thread.module_id),
                                                  "")

    def fingerprint(self) -> tuple:
        return self.dashboard.fingerprint()

    # -- helpers -------------------------------------------------------------------
    def _all(self) -> list[Thread]:
        return self._held if self._held is not None else self._read()

    def _read(self) -> list[Thread]:
        with self.store.read():
            people = {p.id: p for p in self.store.people.members(self.cohort_id)}
            found = reflections.facilitator_threads(self.store, cohort_members(self.cohort_id))
        threads = []
        for t in found:
            who = people.get(t.participant_id)
            if who is None:
                continue
            threads.append(Thread(
                t.participant_id, t.module_id, t.prompt_id, t.versions,
                name=who.display_name, agency=who.agency,
                module=titles.module_label(t.module_id),
                title=titles.prompt_heading(t.prompt_id, t.module_id)))
        return threads

    @staticmethod
    def _module_order() -> dict[str, int]:
        try:
            from commonground.content.course import load_course

            return {m.id: i for i, m in enumerate(load_course().modules)}
        except Exception:  # an outline problem must not hide what was shared
            return {}
