"""Reflections in the database: drafts (with conflict detection), submissions, passes,
who may see them, withdrawing them, and facilitator feedback.

Each method of :class:`Reflections` is scoped to one participant: it cannot read another
person's writing. The two cohort-wide functions at the end say exactly what they hand
out: :func:`shared_reflections` (what a cohort sees: text and day, never an author, as
:mod:`commonground.data.anonymity` allows) and :func:`for_facilitator` (what a trainee
chose to share with their facilitator).

Access rule: ``reflections.visibility`` says who may read the LATEST submitted version
now. Earlier versions are the trainee's history: the facilitator sees one only while the
reflection is shared with them now AND that version was itself submitted for them
(:func:`facilitator_threads`, with the feedback each got); no one else ever does.

This module owns the tables ``reflections``, ``reflection_versions``,
``reflection_feedback`` (the latest feedback on each version: what the trainee sees) and
``reflection_feedback_earlier`` (feedback since corrected, for the facilitator's
history). Every cohort-wide read goes through one query,
:func:`_latest_versions`, with the filters below; what the cohort may see is
:func:`cohort_visible` (shared with the cohort and not hidden by the facilitator), the
one rule the cohort's page, the export and the moderation queue all use.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Connection, Row, Select, and_, delete, func, select, update

from commonground.errors import StoreError
from commonground.text import storable

from . import _schema as t
from ._db import utcnow
from .anonymity import Cover, present
from .assessment import MARK_WORDS, MARKS
from .people import cohort_members, ensure_writable, writable

if TYPE_CHECKING:
    from ._db import Database

__all__ = [
    "FEEDBACK_SOURCES",
    "VISIBILITIES",
    "Assessed",
    "AwaitingFeedback",
    "CohortShared",
    "DraftConflict",
    "FacilitatorCopy",
    "FacilitatorThread",
    "Feedback",
    "ReflectionRecord",
    "Reflections",
    "SharedReflection",
    "ThreadVersion",
    "Version",
    "assessed",
    "awaiting_feedback",
    "cohort_shared",
    "facilitator_threads",
    "for_facilitator",
    "shared_reflections",
]

VISIBILITIES = ("private", "facilitator", "cohort")
FEEDBACK_SOURCES = ("facilitator", "nbgrader")


class DraftConflict(StoreError):
    """The draft was saved elsewhere (another tab or device) since this copy loaded."""

    def __init__(self, theirs: str, revision: int):
        super().__init__("This reflection was changed in another tab or device.")
        self.theirs = theirs
        self.revision = revision


@dataclass(frozen=True)
class Version:
    version: int
    text: str
    visibility: str  # the choice made when this version was submitted
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class Feedback:
    version: int  # the submitted version it is about
    comment: str
    score: float | None
    max_score: float | None
    source: str
    released_at: _dt.datetime | None
    mark: str | None = None  # complete | not_yet (None: given before completion marks)
    given_at: _dt.datetime | None = None  # when these words were written (facilitator's view)
    to_lms: bool = False  # the facilitator chose to send these words to the LMS's gradebook

    @property
    def mark_words(self) -> str:
        """The completion mark in words ("Complete", "Not yet complete"), or ""."""
        return MARK_WORDS.get(self.mark or "", "")

    @property
    def grade(self) -> str:
        """The grade in words ("4 out of 5"), or "" when none was given."""
        if self.score is None:
            return ""
        if self.max_score is None:
            return _number(self.score)
        return f"{_number(self.score)} out of {_number(self.max_score)}"


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


@dataclass(frozen=True)
class ReflectionRecord:
    prompt_id: str
    module_id: str
    draft_text: str
    draft_revision: int
    draft_saved_at: _dt.datetime | None
    status: str  # draft | submitted | passed
    versions: tuple[Version, ...] = ()
    visibility: str | None = None  # who may read the latest version now
    feedback: tuple[Feedback, ...] = ()  # released feedback only
    updated_at: _dt.datetime | None = None
    hidden: bool = False  # the facilitator took it off the cohort's page (told its author)

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class Assessed:
    """A reflection its author shares with their facilitator, as far as its marks go
    (for an LMS's gradebook): its latest version's number and the feedback released to
    them, oldest version first. Never its words."""

    participant_id: int
    module_id: str
    prompt_id: str
    latest_version: int
    feedback: tuple[Feedback, ...] = ()


@dataclass(frozen=True)
class SharedReflection:
    """A reflection as the cohort sees it: no name, agency or any other author field, and
    the day it was shared (never a time)."""

    text: str
    submitted_at: _dt.date


@dataclass(frozen=True)
class FacilitatorCopy:
    """The latest version of a reflection its author shares with the facilitator."""

    participant_id: int
    prompt_id: str
    module_id: str
    version: int
    text: str
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class CohortShared:
    """A reflection shared with the cohort, for the facilitator's moderation and the
    export: like :class:`SharedReflection`, it carries no author."""

    reflection_id: int
    prompt_id: str  # a role-play's after-play question names its seat and ending
    text: str
    submitted_at: _dt.date  # the day only
    hidden: bool


@dataclass(frozen=True)
class AwaitingFeedback:
    """The latest version of a reflection shared with the facilitator, with no feedback
    on it yet."""

    participant_id: int
    module_id: str
    prompt_id: str
    version: int
    text: str
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class ThreadVersion:
    """One submitted version as its facilitator sees it, with every piece of feedback it
    got: the earlier (corrected) ones first, the one its author sees last."""

    version: int
    text: str
    submitted_at: _dt.datetime
    feedback: tuple[Feedback, ...] = ()

    @property
    def latest_feedback(self) -> Feedback | None:
        return self.feedback[-1] if self.feedback else None

    @property
    def corrected(self) -> bool:
        """The facilitator corrected their feedback on this version at least once."""
        return len(self.feedback) > 1


@dataclass(frozen=True)
class FacilitatorThread:
    """A reflection its author shares with the facilitator now: the versions they
    submitted for the facilitator (the latest always), oldest first, with feedback."""

    participant_id: int
    module_id: str
    prompt_id: str
    versions: tuple[ThreadVersion, ...]

    @property
    def latest(self) -> ThreadVersion:
        return self.versions[-1]

    @property
    def awaiting(self) -> bool:
        """True while the latest version has no feedback."""
        return not self.latest.feedback


class Reflections:
    def __init__(self, store: Database):
        self.store = store

    # -- reading ------------------------------------------------------------------
    def get(self, participant_id: int, prompt_id: str) -> ReflectionRecord | None:
        with self.store.read() as conn:
            row = _row(conn, participant_id, prompt_id)
            return _record(conn, row) if row is not None else None

    def all_for(self, participant_id: int) -> list[ReflectionRecord]:
        """Every reflection of one participant (for their journal), oldest first."""
        with self.store.read() as conn:
            rows = conn.execute(
                select(t.reflections)
                .where(t.reflections.c.participant_id == participant_id)
                .order_by(t.reflections.c.created_at, t.reflections.c.id)
            ).fetchall()
            return [_record(conn, row) for row in rows]

    # -- writing ------------------------------------------------------------------
    def save_draft(
        self, participant_id: int, module_id: str, prompt_id: str, text: str, base_revision: int
    ) -> int:
        """Save the draft if nobody saved since ``base_revision``; returns the new
        revision. Raises :class:`DraftConflict` (saving nothing) otherwise. The text is
        kept as :func:`~commonground.text.storable` makes it (a broken character becomes
        "�", NUL bytes are dropped), so any paste can be saved."""
        text = storable(text)
        now = utcnow()
        r = t.reflections
        draft = dict(draft_text=text, draft_saved_at=now, updated_at=now)
        with self.store.write(participant=participant_id) as conn:
            # The usual save, in one statement: the draft is there, at the revision the
            # page had, and its author may write. (Their lock is held, so nothing of theirs
            # changes between this and the checks below.)
            if conn.execute(
                update(r)
                .where(r.c.participant_id == participant_id, r.c.prompt_id == prompt_id,
                       r.c.draft_revision == base_revision, writable(participant_id))
                .values(draft_revision=base_revision + 1, **draft)
            ).rowcount:
                return base_revision + 1
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if row.draft_revision != base_revision:
                raise DraftConflict(row.draft_text, row.draft_revision)
            conn.execute(
                update(r).where(r.c.id == row.id)
                .values(draft_revision=row.draft_revision + 1, **draft)
            )
            return row.draft_revision + 1

    def submit(
        self,
        participant_id: int,
        module_id: str,
        prompt_id: str,
        text: str,
        visibility: str,
        base_revision: int | None = None,
    ) -> int:
        """Record a new version of the reflection; returns its version number.

        With ``base_revision``, raises :class:`DraftConflict` (recording nothing) when the
        draft was saved elsewhere since that revision."""
        _check_visibility(visibility)
        text = storable(text)
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if base_revision is not None and row.draft_revision != base_revision:
                raise DraftConflict(row.draft_text, row.draft_revision)
            last = conn.execute(
                select(func.max(t.reflection_versions.c.version)).where(
                    t.reflection_versions.c.reflection_id == row.id
                )
            ).scalar()
            version = (last or 0) + 1
            conn.execute(
                t.reflection_versions.insert().values(
                    reflection_id=row.id,
                    version=version,
                    text=text,
                    visibility=visibility,
                    submitted_at=now,
                )
            )
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(
                    status="submitted",
                    visibility=visibility,
                    draft_text=text,
                    draft_revision=row.draft_revision + 1,
                    draft_saved_at=now,
                    updated_at=now,
                )
            )
            return version

    def pass_prompt(self, participant_id: int, module_id: str, prompt_id: str) -> None:
        """Record that the trainee chose not to answer. Their draft is kept."""
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if row.status == "draft":
                conn.execute(
                    update(t.reflections)
                    .where(t.reflections.c.id == row.id)
                    .values(status="passed", updated_at=now)
                )

    def set_visibility(self, participant_id: int, prompt_id: str, visibility: str) -> None:
        """Change who may read the submitted reflection from now on. Making it private
        (or facilitator-only) takes it out of the cohort's view at once."""
        _check_visibility(visibility)
        with self.store.write(participant=participant_id) as conn:
            if visibility != "private":  # sharing less is always allowed, even when archived
                ensure_writable(conn, participant_id)
            row = _row(conn, participant_id, prompt_id)
            if row is None or row.visibility is None:
                raise StoreError(
                    "This reflection has not been submitted yet, so there is nothing to "
                    "change. Choose who can see it when you submit."
                )
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(visibility=visibility, updated_at=utcnow())
            )

    def withdraw(self, participant_id: int, prompt_id: str) -> int | None:
        """Delete the reflection: every version, the draft and any feedback. Returns the
        new draft revision (so an open tab can carry on), or None if there was nothing.

        The row itself stays, empty, so that its revision keeps counting up: a tab still
        holding an older copy then meets a conflict instead of silently saving over."""
        with self.store.write(participant=participant_id) as conn:
            row = _row(conn, participant_id, prompt_id)
            if row is None:
                return None
            for table in (t.reflection_feedback, t.reflection_feedback_earlier):
                conn.execute(delete(table).where(table.c.reflection_id == row.id))
            conn.execute(
                delete(t.reflection_versions).where(
                    t.reflection_versions.c.reflection_id == row.id
                )
            )
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(
                    draft_text="",
                    draft_revision=row.draft_revision + 1,
                    draft_saved_at=None,
                    status="draft",
                    visibility=None,
                    updated_at=utcnow(),
                )
            )
            return row.draft_revision + 1

    # -- feedback (called by facilitator tools and grading) -----------------------
    def give_feedback(
        self,
        participant_id: int,
        prompt_id: str,
        version: int,
        comment: str,
        score: float | None = None,
        max_score: float | None = None,
        source: str = "facilitator",
        mark: str | None = None,
        to_lms: bool = False,
    ) -> None:
        """Record (or replace) feedback on one submitted version: a comment, a completion
        ``mark`` ("complete" or "not_yet") and, where the cohort uses the scored rubric, a
        score. The trainee sees it only after :meth:`release_feedback`. Refused unless
        the trainee currently shares the reflection with their facilitator. ``to_lms``:
        the facilitator chose to send the comment to the LMS's gradebook as well (where
        the module is an LMS's graded activity); nothing else of it ever leaves."""
        if mark is not None and mark not in MARKS:
            raise StoreError("Mark the reflection “Complete” or “Not yet”.")
        if source not in FEEDBACK_SOURCES:
            raise StoreError(f"Unknown feedback source {source!r}; use one of {FEEDBACK_SOURCES}.")
        if max_score is not None and max_score <= 0:
            raise StoreError("The maximum grade must be more than 0.")
        if score is not None and (score < 0 or (max_score is not None and score > max_score)):
            raise StoreError(
                f"A grade of {_number(score)} does not fit: give a number from 0 to "
                f"{_number(max_score) if max_score is not None else 'the maximum'}."
            )
        comment = storable(comment)
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            row = _row(conn, participant_id, prompt_id)
            if row is None or row.visibility != "facilitator":
                raise StoreError(
                    "This reflection is not shared with the facilitator (the trainee kept it "
                    "private, shared it with the cohort anonymously, or withdrew it), so no "
                    "feedback was recorded."
                )
            exists = conn.execute(
                select(t.reflection_versions.c.id).where(
                    t.reflection_versions.c.reflection_id == row.id,
                    t.reflection_versions.c.version == version,
                )
            ).first()
            if exists is None:
                raise StoreError(f"There is no version {version} of this reflection.")
            values = dict(
                comment=comment or "", score=score, max_score=max_score, source=source,
                mark=mark, updated_at=now,
            )
            _keep_earlier(conn, row.id, version, values, now)
            changed = conn.execute(
                update(t.reflection_feedback)
                .where(
                    t.reflection_feedback.c.reflection_id == row.id,
                    t.reflection_feedback.c.version == version,
                )
                .values(**values, to_lms=bool(to_lms))
            ).rowcount
            if not changed:
                conn.execute(
                    t.reflection_feedback.insert().values(
                        reflection_id=row.id, version=version, created_at=now,
                        to_lms=bool(to_lms), **values
                    )
                )

    def release_feedback(
        self, participant_id: int, prompt_id: str, version: int | None = None
    ) -> int:
        """Let the trainee see feedback (on one version, or on all when ``version`` is
        None). Returns how many pieces of feedback were newly released."""
        with self.store.write(participant=participant_id) as conn:
            row = _row(conn, participant_id, prompt_id)
            if row is None:
                return 0
            fb = t.reflection_feedback
            query = update(fb).where(fb.c.reflection_id == row.id, fb.c.released_at.is_(None))
            if version is not None:
                query = query.where(fb.c.version == version)
            return conn.execute(query.values(released_at=utcnow())).rowcount

    def feedback_for_facilitator(self, participant_id: int, prompt_id: str) -> list[Feedback]:
        """All feedback on a reflection, released or not (for facilitator tools only)."""
        with self.store.read() as conn:
            row = _row(conn, participant_id, prompt_id)
            return list(_feedback(conn, row.id, released_only=False)) if row else []


# -- what others may see -------------------------------------------------------------
def cohort_visible() -> ColumnElement[bool]:
    """What a cohort may read of its members' reflections: those shared with it, unless
    the facilitator hid them."""
    r = t.reflections
    return and_(r.c.visibility == "cohort", r.c.hidden_at.is_(None))


def _latest_versions(*where: ColumnElement[bool], without_feedback: bool = False) -> Select:
    """The one query for "the latest submitted version of each reflection": columns
    ``reflection_id, participant_id, module_id, prompt_id, version, text,
    submitted_at, hidden_at``, for the reflections matching ``where``."""
    r, v, fb = t.reflections, t.reflection_versions, t.reflection_feedback
    latest = (
        select(v.c.reflection_id, func.max(v.c.version).label("version"))
        .group_by(v.c.reflection_id)
        .subquery()
    )
    query = (
        select(r.c.id.label("reflection_id"), r.c.participant_id, r.c.module_id,
               r.c.prompt_id, v.c.version, v.c.text, v.c.submitted_at, r.c.hidden_at)
        .select_from(
            r.join(latest, latest.c.reflection_id == r.c.id)
            .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
        )
        .where(*where)
    )
    if without_feedback:
        query = query.where(
            ~select(fb.c.id)
            .where(fb.c.reflection_id == r.c.id, fb.c.version == latest.c.version)
            .exists()
        )
    return query


def _in_cohort(cohort_id: int) -> ColumnElement[bool]:
    return t.reflections.c.participant_id.in_(cohort_members(cohort_id))


def shared_reflections(store: Database, cohort_id: int, prompt_id: str
                       ) -> list[SharedReflection]:
    """The reflections on one prompt (for a role-play, one seat's question at one ending)
    that members of a cohort share with it, anonymously, as the anonymity rule lets
    anyone see them: nothing until enough people could have written them, then the
    latest version's text and day, in an order that says nothing about when each was
    written. Nothing here names or identifies the author; un-shared, hidden and
    withdrawn reflections are not included."""
    query = _latest_versions(
        _in_cohort(cohort_id), cohort_visible(), t.reflections.c.prompt_id == prompt_id
    ).order_by(t.reflections.c.id)
    with store.read() as conn:
        found = [SharedReflection(row.text, row.submitted_at) for row in conn.execute(query)]
        return present(found, Cover(store, cohort_id), anonymous=lambda _r: True,
                       words=lambda r: r.text, times=("submitted_at",),
                       prompt=lambda _r: prompt_id)


def cohort_shared(store: Database, cohort_id: int, *, include_hidden: bool = False
                  ) -> list[CohortShared]:
    """Every reflection of a cohort shared with the cohort, without authors, as the
    anonymity rule lets anyone see them (by prompt, then in an order unrelated to time,
    with the day only): the ones the cohort sees, and with ``include_hidden`` (the
    facilitator's moderation queue) the ones the facilitator hid as well."""
    r = t.reflections
    shared = r.c.visibility == "cohort" if include_hidden else cohort_visible()
    query = _latest_versions(_in_cohort(cohort_id), shared).order_by(r.c.id)
    with store.read() as conn:
        found = [
            CohortShared(row.reflection_id, row.prompt_id, row.text, row.submitted_at,
                         row.hidden_at is not None)
            for row in conn.execute(query)
        ]
        return present(found, Cover(store, cohort_id), anonymous=lambda _r: True,
                       words=lambda r: r.text, times=("submitted_at",),
                       prompt=lambda r: r.prompt_id)


def set_hidden(store: Database, cohort_id: int, reflection_id: int, hidden: bool,
               *, moderator_id: int) -> bool:
    """Hide (or show again) a reflection a member of the cohort shares with it; False
    when there is no such reflection. The moderator's cohort must be writable."""
    r = t.reflections
    with store.write(cohort=cohort_id) as conn:
        ensure_writable(conn, moderator_id)
        changed = conn.execute(
            update(r)
            .where(r.c.id == reflection_id, r.c.visibility == "cohort", _in_cohort(cohort_id))
            .values(hidden_at=utcnow() if hidden else None)
        ).rowcount
    return bool(changed)


def for_facilitator(
    store: Database, cohort_id: int, prompt_id: str | None = None
) -> list[FacilitatorCopy]:
    """The latest version of every reflection in a cohort that its author currently shares
    with the facilitator (visibility "facilitator"; private and anonymous cohort
    reflections are never included)."""
    r = t.reflections
    where = [_in_cohort(cohort_id), r.c.visibility == "facilitator"]
    if prompt_id is not None:
        where.append(r.c.prompt_id == prompt_id)
    query = _latest_versions(*where).order_by(r.c.module_id, r.c.prompt_id, r.c.participant_id)
    with store.read() as conn:
        return [
            FacilitatorCopy(row.participant_id, row.prompt_id, row.module_id, row.version,
                            row.text, row.submitted_at)
            for row in conn.execute(query)
        ]


def awaiting_feedback(store: Database, members: Select) -> list[AwaitingFeedback]:
    """The latest version of each reflection the given people share with the facilitator
    now, where that version has no feedback yet. Oldest first."""
    r = t.reflections
    query = _latest_versions(
        r.c.participant_id.in_(members), r.c.visibility == "facilitator", without_feedback=True
    ).order_by(t.reflection_versions.c.submitted_at, r.c.id)
    with store.read() as conn:
        return [
            AwaitingFeedback(row.participant_id, row.module_id, row.prompt_id, row.version,
                             row.text, row.submitted_at)
            for row in conn.execute(query)
        ]


def facilitator_threads(store: Database, members: Select) -> list[FacilitatorThread]:
    """Every reflection the given people share with the facilitator now, with the
    versions they submitted for the facilitator (the latest always: they share it now;
    an earlier one only if it was submitted "for my facilitator", never one they kept
    private or gave the cohort) and all feedback on each, corrections included. Ordered
    by reflection (module, prompt, author); nothing private is read."""
    r, v = t.reflections, t.reflection_versions
    fb, early = t.reflection_feedback, t.reflection_feedback_earlier
    shared = and_(r.c.participant_id.in_(members), r.c.visibility == "facilitator")
    with store.read() as conn:
        rows = conn.execute(
            select(r.c.id, r.c.participant_id, r.c.module_id, r.c.prompt_id, v.c.version,
                   v.c.text, v.c.visibility, v.c.submitted_at)
            .select_from(r.join(v, v.c.reflection_id == r.c.id))
            .where(shared)
            .order_by(r.c.module_id, r.c.prompt_id, r.c.participant_id, v.c.version)
        ).fetchall()
        given: dict[tuple[int, int], list[Feedback]] = {}
        for f in conn.execute(
            select(early).select_from(early.join(r, r.c.id == early.c.reflection_id))
            .where(shared).order_by(early.c.replaced_at, early.c.id)
        ):
            given.setdefault((f.reflection_id, f.version), []).append(
                Feedback(f.version, f.comment, f.score, f.max_score, f.source,
                         f.released_at, f.mark, f.given_at))
        for f in conn.execute(
            select(fb).select_from(fb.join(r, r.c.id == fb.c.reflection_id)).where(shared)
        ):
            given.setdefault((f.reflection_id, f.version), []).append(
                Feedback(f.version, f.comment, f.score, f.max_score, f.source,
                         f.released_at, f.mark, f.updated_at, bool(f.to_lms)))
    latest: dict[int, int] = {}
    for row in rows:
        latest[row.id] = max(latest.get(row.id, 0), row.version)
    threads: dict[int, tuple[Row, list[ThreadVersion]]] = {}
    for row in rows:
        if row.version != latest[row.id] and row.visibility != "facilitator":
            continue  # an earlier version its author did not submit for the facilitator
        versions = threads.setdefault(row.id, (row, []))[1]
        versions.append(ThreadVersion(row.version, row.text, row.submitted_at,
                                      tuple(given.get((row.id, row.version), ()))))
    return [
        FacilitatorThread(row.participant_id, row.module_id, row.prompt_id, tuple(versions))
        for row, versions in threads.values()
    ]


def shared_with_facilitator_counts(store: Database, members: Select) -> dict[int, int]:
    """Per person: how many reflections they share with the facilitator now."""
    r = t.reflections
    with store.read() as conn:
        rows = conn.execute(
            select(r.c.participant_id, func.count())
            .where(r.c.participant_id.in_(members), r.c.visibility == "facilitator")
            .group_by(r.c.participant_id)
        )
        return {int(pid): int(n) for pid, n in rows}


def assessed(store: Database, members: Select) -> list[Assessed]:
    """The reflections the given people share with their facilitator now, with the
    feedback released to them (two queries, whatever the number of people)."""
    r, v, fb = t.reflections, t.reflection_versions, t.reflection_feedback
    shared = and_(r.c.participant_id.in_(members), r.c.visibility == "facilitator")
    with store.read() as conn:
        rows = conn.execute(
            select(r.c.id, r.c.participant_id, r.c.module_id, r.c.prompt_id,
                   func.max(v.c.version).label("latest"))
            .select_from(r.join(v, v.c.reflection_id == r.c.id)).where(shared)
            .group_by(r.c.id, r.c.participant_id, r.c.module_id, r.c.prompt_id)
            .order_by(r.c.id)).fetchall()
        given: dict[int, list[Feedback]] = {}
        for f in conn.execute(
            select(fb).select_from(fb.join(r, r.c.id == fb.c.reflection_id))
            .where(shared, fb.c.released_at.is_not(None)).order_by(fb.c.version)
        ):
            given.setdefault(f.reflection_id, []).append(
                Feedback(f.version, f.comment, f.score, f.max_score, f.source,
                         f.released_at, f.mark, f.updated_at, bool(f.to_lms)))
    return [Assessed(row.participant_id, row.module_id, row.prompt_id, row.latest,
                     tuple(given.get(row.id, ()))) for row in rows]


def fingerprint(store: Database, members: Select) -> tuple:
    """Changes whenever any of these people saves, submits or gets feedback."""
    r, fb = t.reflections, t.reflection_feedback
    mine = r.c.participant_id.in_(members)
    with store.read() as conn:
        drafts = tuple(conn.execute(select(func.count(), func.max(r.c.updated_at)).where(mine))
                       .one())
        feedback = conn.execute(
            select(func.count(fb.c.id)).select_from(fb.join(r, r.c.id == fb.c.reflection_id))
            .where(mine)
        ).scalar()
        early = t.reflection_feedback_earlier
        corrected = conn.execute(  # a correction replaces a row: counted here
            select(func.count(early.c.id))
            .select_from(early.join(r, r.c.id == early.c.reflection_id)).where(mine)
        ).scalar()
    return (*drafts, feedback, corrected)


# -- helpers ---------------------------------------------------------------------------
def _check_visibility(visibility: str) -> None:
    if visibility not in VISIBILITIES:
        raise StoreError(f"Unknown visibility {visibility!r}; use one of {VISIBILITIES}.")


def _keep_earlier(conn: Connection, reflection_id: int, version: int, new: dict,
                  now: _dt.datetime) -> None:
    """Before feedback on a version is replaced, keep it (when the words, mark or score
    change) in ``reflection_feedback_earlier``: a correction is a new version of the
    feedback, and the facilitator's history keeps the one it replaced."""
    fb = t.reflection_feedback
    old = conn.execute(
        select(fb).where(fb.c.reflection_id == reflection_id, fb.c.version == version)
    ).first()
    fields = ("comment", "score", "max_score", "source", "mark")
    if old is None or all(getattr(old, f) == new[f] for f in fields):
        return
    conn.execute(t.reflection_feedback_earlier.insert().values(
        reflection_id=reflection_id, version=version, given_at=old.updated_at,
        released_at=old.released_at, replaced_at=now,
        **{f: getattr(old, f) for f in fields},
    ))


def _row(conn: Connection, participant_id: int, prompt_id: str) -> Row | None:
    return conn.execute(
        select(t.reflections).where(
            t.reflections.c.participant_id == participant_id,
            t.reflections.c.prompt_id == prompt_id,
        )
    ).first()


def _feedback(conn: Connection, reflection_id: int,
              released_only: bool = True) -> Iterator[Feedback]:
    fb = t.reflection_feedback
    query = select(fb).where(fb.c.reflection_id == reflection_id).order_by(fb.c.version)
    if released_only:
        query = query.where(fb.c.released_at.is_not(None))
    for f in conn.execute(query):
        yield Feedback(f.version, f.comment, f.score, f.max_score, f.source, f.released_at,
                       f.mark, to_lms=bool(f.to_lms))


def _record(conn: Connection, row: Row) -> ReflectionRecord:
    versions = conn.execute(
        select(t.reflection_versions)
        .where(t.reflection_versions.c.reflection_id == row.id)
        .order_by(t.reflection_versions.c.version)
    )
    return ReflectionRecord(
        prompt_id=row.prompt_id,
        module_id=row.module_id,
        draft_text=row.draft_text,
        draft_revision=row.draft_revision,
        draft_saved_at=row.draft_saved_at,
        status=row.status,
        versions=tuple(Version(v.version, v.text, v.visibility, v.submitted_at) for v in versions),
        visibility=row.visibility,
        feedback=tuple(_feedback(conn, row.id)),
        updated_at=row.updated_at,
        hidden=row.hidden_at is not None,
    )


def _ensure(conn: Connection, participant_id: int, module_id: str, prompt_id: str,
            now: _dt.datetime) -> Row:
    """The participant's reflection row (created if needed), for a write: refused for an
    archived cohort, which is read-only."""
    ensure_writable(conn, participant_id)
    row = _row(conn, participant_id, prompt_id)
    if row is None:
        conn.execute(
            t.reflections.insert().values(
                participant_id=participant_id,
                prompt_id=prompt_id,
                module_id=module_id,
                draft_text="",
                draft_revision=0,
                status="draft",
                created_at=now,
                updated_at=now,
            )
        )
        row = _row(conn, participant_id, prompt_id)
        assert row is not None  # the row just inserted, in this transaction
    return row
