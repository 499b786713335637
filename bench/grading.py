"""How long the grading bridge takes for a cohort: export and import of 500 reflections
(100 trainees x 5 prompts, in two assignments), and nbgrader's own `autograde` on the
same submissions, in one run.

    .venv/bin/python bench/grading.py [--trainees 100]

Everything is real: a SQLite course database filled through the reflection box's model,
a temporary copy of exercises/, nbgrader's gradebook and the `nbgrader autograde`
command. Grades are given through the gradebook as formgrader does (not timed). Prints
one line per step and writes bench/results/grading.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import open_store  # noqa: E402
from commonground.content.course import load_course  # noqa: E402
from commonground.grading import (  # noqa: E402
    NOTEBOOK,
    assignments,
    export_cohort,
    import_feedback,
    nbgrader_course,
)
from harness.grading import OUTPUTS, run_nbgrader, share  # noqa: E402

MODULES = ("01_safe_environment", "02_meeting_and_learning")  # 2 + 3 = 5 prompts


def _timed(label: str, results: dict, fn):
    start = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - start, 2)
    print(f"{label:<44} {results[label]:>8.2f} s", flush=True)
    return value


def _grade_everything(course_dir: Path, chosen) -> int:
    graded = 0
    with nbgrader_course(course_dir).gradebook() as gb:
        for a in chosen:
            for submission in gb.assignment_submissions(a.id):
                for prompt in a.prompts:
                    grade = gb.find_grade(prompt.id, NOTEBOOK, a.id, submission.student.id)
                    grade.manual_score = prompt.points - 1
                    grade.needs_manual_grade = False
                    comment = gb.find_comment(prompt.id, NOTEBOOK, a.id, submission.student.id)
                    comment.manual_comment = "Thank you: a clear, honest account."
                    graded += 1
        gb.db.commit()
    return graded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=100)
    args = parser.parse_args()

    course = load_course(ROOT / "content")
    chosen = [a for a in assignments(course) if a.id in MODULES]
    prompts = [p for a in chosen for p in a.prompts]
    results: dict = {"trainees": args.trainees, "reflections": args.trainees * len(prompts),
                     "assignments": [a.id for a in chosen]}
    print(f"{args.trainees} trainees x {len(prompts)} prompts = {results['reflections']} "
          f"reflections, in {len(chosen)} assignments", flush=True)

    with tempfile.TemporaryDirectory(prefix="cg-bench-grading-") as tmp:
        tmp = Path(tmp)
        course_dir = Path(shutil.copytree(ROOT / "exercises", tmp / "exercises",
                                          ignore=shutil.ignore_patterns(*OUTPUTS)))
        store = open_store(f"sqlite:///{tmp / 'course.db'}")
        cohort = store.people.create_cohort("Bench cohort")
        for i in range(args.trainees):
            person = store.people.get(store.people.add_participant(cohort.id, f"Trainee {i}"))
            for p in prompts:
                text = f"Trainee {i} on {p.title}.\n" + "A sentence of reflection. " * 60
                share(store, course, person, p.module_id, p.id, text)

        def export_all():
            for a in chosen:
                export_cohort(store, cohort.name, course_dir, a.id, course)

        def autograde_all():
            for a in chosen:
                run_nbgrader(course_dir, "autograde", a.id)

        _timed("export (first: release, write, register)", results, export_all)
        def export_again():
            return [export_cohort(store, cohort.name, course_dir, a.id, course) for a in chosen]

        again = _timed("export again (nothing changed)", results, export_again)
        assert not any(r.written for r in again)
        _timed("nbgrader autograde (both assignments)", results, autograde_all)
        results["graded_answers"] = _grade_everything(course_dir, chosen)
        report = _timed("import", results,
                        lambda: import_feedback(store, cohort.name, course_dir, course=course))
        assert report.imported == results["reflections"], report.summary()
        released = _timed("import again with --release", results, lambda: import_feedback(
            store, cohort.name, course_dir, release=True, course=course))
        assert released.released == results["reflections"], released.summary()
        store.dispose()

    per = results["reflections"] / 1000
    export_s = results["export (first: release, write, register)"]
    autograde_s = results["nbgrader autograde (both assignments)"]
    print(f"per reflection: export {export_s / per:.1f} ms, import {results['import'] / per:.1f} "
          f"ms, autograde {autograde_s / per:.1f} ms")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "grading.json").write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
