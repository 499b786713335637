"""Reflections in the database: drafts (with conflict detection), submissions, passes,
who may see them, withdrawing them, and facilitator feedback.

Each method of :class:`Reflections` is scoped to one participant: it cannot read another
person's writing. The two cohort-wide functions at the end say exactly what they hand
out: :func:`shared_reflections` (what a cohort sees: text and time, never an author) and
:func:`for_facilitator` (what a trainee chose to share with their facilitator).

Access rule: ``reflections.visibility`` says who may read the LATEST submitted version
now. Earlier versions are the trainee's history and are only ever shown to them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, select, update

from . import _schema as t
from .people import ensure_writable
from .store import Store, StoreError, utcnow

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

    @property
    def latest(self) -> Version | None:
        return self.versions[-1] if self.versions else None


@dataclass(frozen=True)
class SharedReflection:
    """A reflection as the cohort sees it: no name, agency or any other author field."""

    text: str
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class FacilitatorCopy:
    """The latest version of a reflection its author shares with the facilitator."""

    participant_id: int
    prompt_id: str
    module_id: str
    version: int
    text: str
    submitted_at: _dt.datetime


class Reflections:
    def __init__(self, store: Store):
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
        revision. Raises :class:`DraftConflict` (saving nothing) otherwise."""
        now = utcnow()
        with self.store.write() as conn:
            row = _ensure(conn, participant_id, module_id, prompt_id, now)
            if row.draft_revision != base_revision:
                raise DraftConflict(row.draft_text, row.draft_revision)
            conn.execute(
                update(t.reflections)
                .where(t.reflections.c.id == row.id)
                .values(
                    draft_text=text,
                    draft_revision=row.draft_revision + 1,
                    draft_saved_at=now,
                    updated_at=now,
                )
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
        now = utcnow()
        with self.store.write() as conn:
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
        with self.store.write() as conn:
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
        with self.store.write() as conn:
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
        with self.store.write() as conn:
            row = _row(conn, participant_id, prompt_id)
            if row is None:
                return None
            conn.execute(
                delete(t.reflection_feedback).where(
                    t.reflection_feedback.c.reflection_id == row.id
                )
            )
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
    ) -> None:
        """Record (or replace) feedback on one submitted version. The trainee sees it
        only after :meth:`release_feedback`. Refused unless the trainee currently shares
        the reflection with their facilitator."""
        if source not in FEEDBACK_SOURCES:
            raise StoreError(f"Unknown feedback source {source!r}; use one of {FEEDBACK_SOURCES}.")
        if max_score is not None and max_score <= 0:
            raise StoreError("The maximum grade must be more than 0.")
        if score is not None and (score < 0 or (max_score is not None and score > max_score)):
            raise StoreError(
                f"A grade of {_number(score)} does not fit: give a number from 0 to "
                f"{_number(max_score) if max_score is not None else 'the maximum'}."
            )
        now = utcnow()
        with self.store.write() as conn:
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
                updated_at=now,
            )
            changed = conn.execute(
                update(t.reflection_feedback)
                .where(
                    t.reflection_feedback.c.reflection_id == row.id,
                    t.reflection_feedback.c.version == version,
                )
                .values(**values)
            ).rowcount
            if not changed:
                conn.execute(
                    t.reflection_feedback.insert().values(
                        reflection_id=row.id, version=version, created_at=now, **values
                    )
                )

    def release_feedback(
        self, participant_id: int, prompt_id: str, version: int | None = None
    ) -> int:
        """Let the trainee see feedback (on one version, or on all when ``version`` is
        None). Returns how many pieces of feedback were newly released."""
        with self.store.write() as conn:
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
def shared_reflections(store: Store, cohort_id: int, prompt_id: str) -> list[SharedReflection]:
    """The reflections on a prompt that members of a cohort share with it, anonymously:
    the latest version's text and time only, oldest first. Nothing here names or
    identifies the author; un-shared and withdrawn reflections are not included."""
    r, v, p = t.reflections, t.reflection_versions, t.participants
    latest = (
        select(v.c.reflection_id, func.max(v.c.version).label("version"))
        .group_by(v.c.reflection_id)
        .subquery()
    )
    query = (
        select(v.c.text, v.c.submitted_at)
        .select_from(
            r.join(p, p.c.id == r.c.participant_id)
            .join(latest, latest.c.reflection_id == r.c.id)
            .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
        )
        .where(
            p.c.cohort_id == cohort_id,
            r.c.prompt_id == prompt_id,
            r.c.visibility == "cohort",
            r.c.hidden_at.is_(None),
        )
        .order_by(v.c.submitted_at, v.c.id)
    )
    with store.read() as conn:
        return [SharedReflection(row.text, row.submitted_at) for row in conn.execute(query)]


def for_facilitator(
    store: Store, cohort_id: int, prompt_id: str | None = None
) -> list[FacilitatorCopy]:
    """The latest version of every reflection in a cohort that its author currently shares
    with the facilitator (visibility "facilitator"; private and anonymous cohort
    reflections are never included)."""
    r, v, p = t.reflections, t.reflection_versions, t.participants
    latest = (
        select(v.c.reflection_id, func.max(v.c.version).label("version"))
        .group_by(v.c.reflection_id)
        .subquery()
    )
    query = (
        select(r.c.participant_id, r.c.prompt_id, r.c.module_id, v.c.version, v.c.text,
               v.c.submitted_at)
        .select_from(
            r.join(p, p.c.id == r.c.participant_id)
            .join(latest, latest.c.reflection_id == r.c.id)
            .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
        )
        .where(p.c.cohort_id == cohort_id, r.c.visibility == "facilitator")
        .order_by(r.c.module_id, r.c.prompt_id, r.c.participant_id)
    )
    if prompt_id is not None:
        query = query.where(r.c.prompt_id == prompt_id)
    with store.read() as conn:
        return [FacilitatorCopy(*row) for row in conn.execute(query)]


# -- helpers ---------------------------------------------------------------------------
def _check_visibility(visibility: str) -> None:
    if visibility not in VISIBILITIES:
        raise StoreError(f"Unknown visibility {visibility!r}; use one of {VISIBILITIES}.")


def _row(conn: Connection, participant_id: int, prompt_id: str):
    return conn.execute(
        select(t.reflections).where(
            t.reflections.c.participant_id == participant_id,
            t.reflections.c.prompt_id == prompt_id,
        )
    ).first()


def _feedback(conn: Connection, reflection_id: int, released_only: bool = True):
    fb = t.reflection_feedback
    query = select(fb).where(fb.c.reflection_id == reflection_id).order_by(fb.c.version)
    if released_only:
        query = query.where(fb.c.released_at.is_not(None))
    for f in conn.execute(query):
        yield Feedback(f.version, f.comment, f.score, f.max_score, f.source, f.released_at)


def _record(conn: Connection, row) -> ReflectionRecord:
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
    )


def _ensure(conn: Connection, participant_id: int, module_id: str, prompt_id: str, now):
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
    return row
