"""The anonymity rule: the one place that decides whether, with what date and in what
order anonymous writing is shown, to anyone (the facilitator included) and in every
export.

Anonymous writing is: terms on the jargon wall and suggestions for the agreement posted
"anonymously", everything in the elephant box, and reflections shared "with your cohort,
without your name" (a module's prompts and a role-play's after-play questions). Every
page, list and export that shows any of it asks this module (:class:`Cover` and
:func:`present`); ``tests/test_architecture.py`` fails when a module that reads
anonymous items does not, or puts them in time order itself.

The rule:

1. **Enough people could have written it.** An anonymous item is shown to anyone other
   than its author only once at least :data:`MIN_AUTHORS` people could have written it
   (people, not posts). For a shared space or a module's reflection prompt those are the
   cohort's trainees; for a role-play's after-play question, the trainees who finished
   the role-play in that seat at that ending, since nobody else was asked it. Below
   that, nobody else sees it, the facilitator included (there is nothing on anyone's
   page to moderate), and its author sees it on their own page with :data:`WAITING`.
   The facilitator is never counted: they know what they wrote themselves.
2. **No time finer than the day.** An anonymous item carries the day it was written
   (in the server's time zone), never the hour, minute or second.
3. **No order that follows posting time.** Anonymous items come after the named ones, in
   a group of their own, never interleaved with named items by time; within the group
   they are ordered by their question (for reflections) and then by a digest of their
   words: the same order every time, which says nothing about when or in which order
   they were written.

What it cannot hide (``modules/who_sees_what.ipynb`` says so to trainees): a person's own
turn of phrase or story, someone watching a page at the moment a post appears, and a
day on which only one person was on the course.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func, select

from commonground.scenario.debrief import AfterPlay, parse

from .people import cohort_members
from .plays import Plays

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from ._db import Database

__all__ = ["MIN_AUTHORS", "NOT_YET", "WAITING", "Cover", "day", "enough_people", "present"]

MIN_AUTHORS = 3  # the fewest people who could have written an anonymous item shown
WAITING = (
    "Only you can see this for now. Others will see it, without your name, once at least "
    f"{MIN_AUTHORS} people in your cohort could have written it."
)
NOT_YET = (
    f"Anonymous posts and reflections appear here once at least {MIN_AUTHORS} people in "
    "the cohort could have written each one, so that nobody, you included, can tell who "
    "wrote it."
)

Item = TypeVar("Item", bound="DataclassInstance")


def enough_people(people: int) -> bool:
    """Whether anonymous answers given by ``people`` different people (the live
    check-ins) may be shown, and only in aggregate: the same threshold as rule 1."""
    return people >= MIN_AUTHORS


def day(when: _dt.date) -> _dt.date:
    """The day of ``when`` in the server's time zone (naive times are UTC, as SQLite
    hands them back), and nothing finer."""
    if isinstance(when, _dt.datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.UTC)
        return when.astimezone().date()
    return when


class Cover:
    """Who could have written anonymous words in one cohort: counted once per place and
    kept for the life of this object (one page draw, one list, one export).

    A place is a prompt id: ``None`` (a shared space) and a module's prompts count the
    cohort's trainees; a role-play's after-play question (``scenario-…``) counts the
    trainees who finished that seat at that ending. A self-paced learner's space
    (``cohort_id`` None) has nobody else in it."""

    def __init__(self, db: Database, cohort_id: int | None):
        self._db = db
        self.cohort_id = cohort_id
        self._counted: dict[AfterPlay | None, int] = {}

    def authors(self, prompt_id: str | None = None) -> int:
        """How many people could have written an anonymous item at this place."""
        if self.cohort_id is None:
            return 0
        place = parse(prompt_id) if prompt_id else None
        if place not in self._counted:
            self._counted[place] = self._count(place)
        return self._counted[place]

    def covers(self, prompt_id: str | None = None) -> bool:
        """Whether anonymous items of this place may be shown to anyone but their author."""
        return self.authors(prompt_id) >= MIN_AUTHORS

    def _count(self, place: AfterPlay | None) -> int:
        trainees = cohort_members(self.cohort_id, "trainee")
        if place is not None:
            return Plays(self._db).reached(trainees, place.scenario_id, place.role_id,
                                           place.ending_id)
        with self._db.read() as conn:
            return int(conn.execute(
                select(func.count()).select_from(trainees.subquery())
            ).scalar() or 0)


def _nobody(_item: Any) -> bool:
    return False


def _nowhere(_item: Any) -> str | None:
    return None


def _digest(words: str) -> str:
    return hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()


def present(
    items: Iterable[Item],
    cover: Cover,
    *,
    anonymous: Callable[[Item], bool],
    words: Callable[[Item], str],
    times: tuple[str, ...] = ("created_at",),
    mine: Callable[[Item], bool] = _nobody,
    prompt: Callable[[Item], str | None] = _nowhere,
    group: Callable[[Item], str] | None = None,
) -> list[Item]:
    """``items`` (dataclass instances) as the rule lets anyone see them: the named ones
    first, in the order given; then, in a group of their own, the anonymous ones that
    ``cover`` allows at their place (``prompt``) and the viewer's own (``mine``), with
    every field named in ``times`` cut to the day, ordered by ``group`` (by default their
    question) and then by a digest of their ``words``."""
    named: list[Item] = []
    unnamed: list[Item] = []
    for item in items:
        if not anonymous(item):
            named.append(item)
        elif mine(item) or cover.covers(prompt(item)):
            unnamed.append(_dated(item, times))
    grouping = group or (lambda i: prompt(i) or "")
    unnamed.sort(key=lambda i: (grouping(i), _digest(words(i))))
    return named + unnamed


def _dated(item: Item, times: tuple[str, ...]) -> Item:
    """The item with each of its ``times`` cut to the day."""
    changes = {name: day(value) for name in times
               if isinstance(value := getattr(item, name), _dt.date)}
    return dataclasses.replace(item, **changes)
