"""``commonground grading import``: grades and comments from nbgrader, back to reflections.

For each of the cohort's submissions in the gradebook, every answer the facilitator has
graded in formgrader (a manual score, no longer flagged "needs manual grade") becomes
feedback on the reflection version whose text was graded: the text in the autograded
notebook, which is what formgrader shows. Feedback is stored with source "nbgrader";
trainees see it under their reflection once it is released (``release=True``).

Nothing is imported for a reflection the trainee no longer shares with the facilitator,
nor over feedback a facilitator gave directly in the course (that is no problem: the
report counts it as ``kept``, and the dashboard's feedback workspace is where to correct
it). What could not be imported is said in words (:meth:`NotImported.in_words`) as well as
by pseudonym for the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Course, load_course
from ..data.assessment import mark_for_score
from ..data.reflections import ReflectionRecord, Reflections
from ..data.store import Store, StoreError
from ..scenario import titles
from . import _notebook as nbf
from ._paths import NOTEBOOK, nbgrader_course
from ._text import as_markdown_text
from .export import _choose


@dataclass(frozen=True)
class NotImported:
    """A grade that was not brought back, and why (in words)."""

    pseudonym: str
    name: str
    assignment: str
    module_id: str
    prompt_id: str
    reason: str

    def __str__(self) -> str:  # the terminal's line: pseudonyms, as nbgrader knows them
        return f"{self.pseudonym} {self.assignment}/{self.prompt_id}: {self.reason}"

    def in_words(self) -> str:
        """For the facilitator's page: a name and the prompt's title, never an id."""
        return (f"{self.name}, {titles.prompt_title(self.prompt_id, self.module_id)}: "
                f"{self.reason}")


@dataclass
class ImportReport:
    cohort: str
    imported: int = 0  # new or changed feedback
    unchanged: int = 0
    released: int = 0  # pieces of feedback trainees can now see
    waiting: int = 0  # shared answers not graded yet (or flagged for review)
    not_autograded: int = 0  # exported submissions nbgrader has not autograded yet
    skipped: list[NotImported] = field(default_factory=list)  # why grades were not imported
    kept: int = 0  # answers with feedback given in the course: that feedback was kept

    def summary(self) -> str:
        lines = [
            f"Imported feedback for {self.cohort!r}: {self.imported} new or changed, "
            f"{self.unchanged} unchanged, {self.waiting} answer(s) still to grade in formgrader."
        ]
        if self.not_autograded:
            lines.append(
                f"{self.not_autograded} exported submission(s) are not autograded yet: run "
                "`nbgrader autograde <module>` in the course folder, then grade them."
            )
        if self.released:
            lines.append(f"Released {self.released} piece(s) of feedback to trainees.")
        if self.kept:
            lines.append(
                f"Kept the feedback you gave in the course on {self.kept} answer(s) (their "
                "nbgrader grade was not brought over it; correct it on the dashboard if "
                "needed).")
        for reason in self.skipped:
            lines.append(f"Not imported: {reason}")
        return "\n".join(lines)


def _graded_version(record: ReflectionRecord, graded_text: str) -> int | None:
    for version in reversed(record.versions):
        if as_markdown_text(version.text) == graded_text:
            return version.version
    return None


def import_feedback(
    store: Store,
    cohort_name: str,
    course_dir: Path | str | None = None,
    assignment: str | None = None,
    release: bool = False,
    course: Course | None = None,
) -> ImportReport:
    """Copy the facilitator's nbgrader grades and comments onto the cohort's reflections."""
    course = course or load_course()
    cohort = store.people.cohort(cohort_name)
    members = {m.public_id: m for m in store.people.members(cohort.id) if not m.is_facilitator}
    nbc = nbgrader_course(course_dir)
    report = ImportReport(cohort.name)
    refl = store.reflections

    from nbgrader.api import MissingEntry

    with nbc.gradebook() as gb:
        known = {a.name for a in gb.assignments}
        for a in _choose(course, assignment, scored=None):
            if a.id not in known:
                continue
            points = {p.id: p.points for p in a.prompts}
            for submission in gb.assignment_submissions(a.id):
                member = members.get(submission.student.id)
                if member is None:
                    continue  # another cohort's trainee
                path = nbc.autograded_dir(member.public_id, a.id) / f"{NOTEBOOK}.ipynb"
                if not path.exists():
                    report.not_autograded += 1  # nothing can have been graded yet
                    continue
                cells = {nbf.grade_id(c): c for c in nbf.read(path)["cells"] if nbf.is_answer(c)}
                for prompt_id, cell in cells.items():
                    if prompt_id not in points:
                        continue
                    try:
                        grade = gb.find_grade(prompt_id, NOTEBOOK, a.id, member.public_id)
                        comment = gb.find_comment(prompt_id, NOTEBOOK, a.id, member.public_id)
                    except MissingEntry:
                        continue
                    record = refl.get(member.id, prompt_id)
                    if record is None or record.visibility != "facilitator":
                        continue  # not (or no longer) shared: never imported
                    version = _graded_version(record, nbf.source(cell))
                    if version is None:
                        if grade.manual_score is not None:
                            report.skipped.append(NotImported(
                                member.public_id, member.display_name, a.id, a.module.id,
                                prompt_id, "the reflection changed since it was graded; "
                                "prepare grading again and review it in formgrader."))
                        continue
                    if grade.manual_score is None or grade.needs_manual_grade:
                        report.waiting += 1
                        continue
                    given = grade.manual_score + (grade.extra_credit or 0)
                    mark = mark_for_score(given)
                    # Formative: the 1 or 0 is the mark, not a score to show anyone.
                    score = given if a.scored else None
                    max_score = float(grade.max_score) if a.scored and grade.max_score else None
                    text = (comment.manual_comment or "").strip()
                    before = next(
                        (f for f in refl.feedback_for_facilitator(member.id, prompt_id)
                         if f.version == version),
                        None,
                    )
                    if before is not None and before.source != "nbgrader":
                        report.kept += 1  # given on the dashboard: never overwritten
                        continue
                    same = before is not None and (
                        before.comment, before.score, before.max_score, before.mark
                    ) == (text, score, max_score, mark)
                    if same:
                        report.unchanged += 1
                    else:
                        try:
                            refl.give_feedback(member.id, prompt_id, version, text, score,
                                               max_score, source="nbgrader", mark=mark)
                        except StoreError as e:
                            report.skipped.append(NotImported(
                                member.public_id, member.display_name, a.id, a.module.id,
                                prompt_id, str(e)))
                            continue
                        report.imported += 1
        if release:
            for a in _choose(course, assignment):  # each module once: the prompts are shared
                for member in members.values():
                    for prompt in a.prompts:
                        report.released += _release(refl, member.id, prompt.id)
    return report


def _release(refl: Reflections, participant_id: int, prompt_id: str) -> int:
    """Release the nbgrader feedback on a reflection (not feedback a facilitator gave
    directly in the course: that is released from the course)."""
    released = 0
    for f in refl.feedback_for_facilitator(participant_id, prompt_id):
        if f.source == "nbgrader" and f.released_at is None:
            released += refl.release_feedback(participant_id, prompt_id, f.version)
    return released
