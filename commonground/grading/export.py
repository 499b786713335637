"""``commonground grading export``: reflections shared with the facilitator, into nbgrader.

For every trainee in a cohort who shares reflections with the facilitator (the reflection's
current visibility is "facilitator"; private, cohort-anonymous and withdrawn reflections
are never exported), the released notebook of each assignment is written to
``submitted/<public id>/<assignment>/`` with their latest shared text in the matching
answer cells and their role-play path as a read-only evidence cell, and the student and
submission are registered in nbgrader's gradebook.

Running it again is safe: unchanged submissions are left alone, changed ones are rewritten
with a later timestamp (so ``nbgrader autograde`` picks them up), and grades and comments
already in the gradebook are never touched. A reflection that is no longer shared is taken
out of the submitted and autograded notebooks, and that trainee's generated feedback files
for the assignment are deleted.
"""

from __future__ import annotations

import copy
import datetime as _dt
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..content.course import Course, load_course
from ..data.assessment import AssessmentSettings
from ..data.reflections import for_facilitator
from ..data.store import Store
from . import _notebook as nbf
from ._evidence import evidence_markdown, load_scenario_index, module_scenarios
from ._paths import NOTEBOOK, GradingError, NbgraderCourse, nbgrader_course
from ._text import as_markdown_text
from .generate import Assignment, assignments, build_assignment, source_notebook

EVIDENCE_ID = "scenario-path"


@dataclass
class ExportReport:
    cohort: str
    course_dir: Path
    assignments: list[str] = field(default_factory=list)
    written: list[tuple[str, str]] = field(default_factory=list)  # (student id, assignment)
    unchanged: int = 0
    answers: int = 0  # reflections now in submitted notebooks
    withdrawn: list[tuple[str, str]] = field(default_factory=list)  # text taken back out

    def summary(self) -> str:
        lines = [
            f"Exported {self.answers} shared reflection(s) from {self.cohort!r} to "
            f"{self.course_dir}: {len(self.written)} submission(s) new or changed, "
            f"{self.unchanged} unchanged.",
        ]
        if self.withdrawn:
            lines.append(
                f"{len(self.withdrawn)} submission(s) had reflections the trainee no longer "
                "shares; their text was removed from the nbgrader folders."
            )
        if self.written:
            done = sorted({a for _, a in self.written})
            lines.append(
                f"Next: cd {self.course_dir} && "
                + " && ".join(f"nbgrader autograde {a}" for a in done)
            )
        return "\n".join(lines)


def _utc(when: _dt.datetime) -> _dt.datetime:
    return when.replace(tzinfo=_dt.UTC) if when.tzinfo is None else when


def _read_timestamp(folder: Path) -> _dt.datetime | None:
    try:
        return _utc(_dt.datetime.fromisoformat((folder / "timestamp.txt").read_text().strip()))
    except (OSError, ValueError):
        return None


def _choose(course: Course, only: str | None, scored: bool | None = False) -> list[Assignment]:
    """The assignments to work on: the formative ones, the scored ones, or both (``scored``
    None); ``only`` names one module (or one assignment)."""
    kinds = (False, True) if scored is None else (scored,)
    found = [a for kind in kinds for a in assignments(course, scored=kind)]
    if only is None:
        return found
    chosen = [a for a in found if only in (a.id, a.module.id)]
    if chosen:
        return chosen
    raise GradingError(
        f"There is no assignment called {only!r}. The assignments are: "
        + ", ".join(a.id for a in assignments(course))
    )


def _ensure_released(nbc: NbgraderCourse, assignment: Assignment) -> dict:
    """The released notebook, made with ``nbgrader generate_assignment`` when it is missing
    or older than the source (this also records the assignment in the gradebook). A
    scored assignment's source is written here the first time a scored cohort needs it."""
    source, release = nbc.source_notebook(assignment.id), nbc.release_notebook(assignment.id)
    if assignment.scored and not source.exists():
        path = source_notebook(nbc.root, assignment)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(nbf.dumps(build_assignment(assignment)), encoding="utf-8")
    if not source.exists() or nbf.read(source) != build_assignment(assignment):
        raise GradingError(
            f"{source} is missing or out of date with the prompts. Run "
            f"`commonground grading generate --course-dir {nbc.root}` first."
        )
    with nbc.gradebook() as gb:
        known = assignment.id in {a.name for a in gb.assignments}
    if known and release.exists() and release.stat().st_mtime >= source.stat().st_mtime:
        return nbf.read(release)
    from nbgrader.converters import GenerateAssignment
    from nbgrader.utils import capture_log, temp_attrs

    # What `nbgrader generate_assignment A --force` does, without its exchange checks.
    with temp_attrs(nbc.coursedir, assignment_id=assignment.id):
        app = GenerateAssignment(coursedir=nbc.coursedir, config=nbc.config)
        app.force = True
        app.create_assignment = True
        result = capture_log(app)
    if not result.get("success"):
        raise GradingError(
            f"nbgrader could not release {assignment.id}:\n"
            f"{result.get('error') or result.get('log')}"
        )
    return nbf.read(release)


def _fill(released: dict, answers: dict, evidence: str | None) -> dict:
    """The released notebook with the trainee's answers in their cells, and the evidence
    cell under the first of their answers (under the first answer box if none)."""
    nb = copy.deepcopy(released)
    boxes = [c for c in nb["cells"] if nbf.is_answer(c)]
    for cell in boxes:
        shared = answers.get(nbf.grade_id(cell))
        if shared is not None:
            nbf.set_source(cell, as_markdown_text(shared.text))
    if evidence is not None and boxes:
        beside = next((c for c in boxes if nbf.grade_id(c) in answers), boxes[0])
        at = nb["cells"].index(beside) + 1
        nb["cells"].insert(
            at, nbf.markdown_cell(EVIDENCE_ID, evidence, editable=False, deletable=False)
        )
    return nb


def _graded_texts_allowed(store: Store, participant_id: int, prompt_id: str) -> set[str]:
    """The texts of a reflection the facilitator may still hold: every version of it,
    while the trainee shares it with the facilitator; nothing otherwise."""
    record = store.reflections.get(participant_id, prompt_id)
    if record is None or record.visibility != "facilitator":
        return set()
    return {as_markdown_text(v.text) for v in record.versions}


def _scrub_autograded(
    store: Store, nbc: NbgraderCourse, participant_id: int, student_id: str,
    assignment: str, stub: dict[str, str],
) -> bool:
    """Take reflections the trainee no longer shares out of the autograded notebook (and
    delete the feedback files made from it). Returns True when something was removed."""
    path = nbc.autograded_dir(student_id, assignment) / f"{NOTEBOOK}.ipynb"
    if not path.exists():
        return False
    nb = nbf.read(path)
    removed = False
    for cell in nb["cells"]:
        gid = nbf.grade_id(cell)
        if not nbf.is_answer(cell) or gid not in stub or nbf.source(cell) == stub[gid]:
            continue
        if nbf.source(cell) not in _graded_texts_allowed(store, participant_id, gid):
            nbf.set_source(cell, stub[gid])
            removed = True
    if removed:
        path.write_text(nbf.dumps(nb), encoding="utf-8")
        feedback = nbc.feedback_dir(student_id, assignment)
        if feedback.is_dir():
            for file in feedback.glob("*.html"):
                file.unlink()
    return removed


def export_cohort(
    store: Store,
    cohort_name: str,
    course_dir: Path | str | None = None,
    assignment: str | None = None,
    course: Course | None = None,
) -> ExportReport:
    """Export a cohort's shared reflections into the nbgrader course folder."""
    course = course or load_course()
    cohort = store.people.cohort(cohort_name)
    trainees = [m for m in store.people.members(cohort.id) if not m.is_facilitator]
    nbc = nbgrader_course(course_dir)
    settings: AssessmentSettings = store.assessment.settings(cohort.id)
    # The cohort's kind of assignment gets new submissions; the other kind (from before
    # the facilitator changed the setting) only keeps its existing ones up to date, so a
    # reflection no longer shared leaves it too.
    active = _choose(course, assignment, settings.scored_rubric)
    earlier = [
        a for a in _choose(course, assignment, not settings.scored_rubric)
        if any(nbc.submitted_dir(m.public_id, a.id).is_dir() for m in trainees)
    ]
    report = ExportReport(cohort.name, nbc.root, [a.id for a in active])

    shared: dict[tuple[int, str], dict] = defaultdict(dict)
    for item in for_facilitator(store, cohort.id):
        shared[(item.participant_id, item.module_id)][item.prompt_id] = item
    index = load_scenario_index(course.root)

    for a in active + earlier:
        keep_only = a in earlier
        released = _ensure_released(nbc, a)
        stub = {gid: nbf.source(c) for c in released["cells"]
                if nbf.is_answer(c) and (gid := nbf.grade_id(c)) is not None}
        scenario_ids = module_scenarios(index, a.module.id)
        paths = store.plays.paths([m.id for m in trainees], scenario_ids)
        with nbc.gradebook() as gb:
            for member in trainees:
                sid = member.public_id
                answers = {
                    k: v for k, v in shared.get((member.id, a.module.id), {}).items() if k in stub
                }
                folder = nbc.submitted_dir(sid, a.id)
                target = folder / f"{NOTEBOOK}.ipynb"
                if not target.exists() and (keep_only or not answers):
                    continue
                plays = paths.get(member.id, [])
                evidence = evidence_markdown(plays, index) if (scenario_ids or plays) else None
                text = nbf.dumps(_fill(released, answers, evidence))
                report.answers += len(answers)
                scrubbed = _scrub_autograded(store, nbc, member.id, sid, a.id, stub)
                if target.exists() and target.read_text(encoding="utf-8") == text:
                    report.unchanged += 1
                    gb.update_or_create_student(sid)
                    if scrubbed:
                        report.withdrawn.append((sid, a.id))
                    continue
                before = _read_timestamp(folder)
                taken_out = _answered(target, stub) - set(answers)
                stamp = max(
                    (_utc(v.submitted_at) for v in answers.values()),
                    default=_dt.datetime.now(_dt.UTC),
                )
                if before is not None and stamp <= before:
                    stamp = before + _dt.timedelta(seconds=1)
                folder.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                (folder / "timestamp.txt").write_text(stamp.isoformat() + "\n", encoding="utf-8")
                gb.update_or_create_student(sid)
                with warnings.catch_warnings():
                    # nbgrader's own add_submission trips SQLAlchemy's autoflush warning.
                    warnings.simplefilter("ignore")
                    gb.update_or_create_submission(a.id, sid, timestamp=stamp)
                report.written.append((sid, a.id))
                if scrubbed or taken_out:
                    report.withdrawn.append((sid, a.id))
    return report


def _answered(target: Path, stub: dict[str, str]) -> set[str]:
    """The answer cells of an existing submitted notebook that hold a reflection."""
    if not target.exists():
        return set()
    return {
        gid for c in nbf.read(target)["cells"]
        if nbf.is_answer(c) and (gid := nbf.grade_id(c)) is not None
        and nbf.source(c) != stub.get(gid)
    }
