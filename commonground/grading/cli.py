"""``commonground grading generate|export|import``: the bridge between the course and nbgrader.

``add_parser(subparsers)`` adds the ``grading`` command to an argparse CLI. Each
sub-command sets ``func`` (called with the parsed args, returns an exit code).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._paths import DEFAULT_COURSE_DIR, GradingError

if TYPE_CHECKING:
    from ..data.store import Store

DB_HELP = "database: a SQLAlchemy URL or a SQLite file path (default: $COMMONGROUND_DB)"
DIR_HELP = f"the nbgrader course folder (default: {DEFAULT_COURSE_DIR})"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "grading", help="grade reflections with nbgrader",
        description="Move reflections into nbgrader for grading, and the feedback back. "
                    "See facilitator_notes/grading.md.")
    commands = parser.add_subparsers(dest="grading_command", metavar="COMMAND")
    commands.required = True

    p = commands.add_parser(
        "generate", help="write the nbgrader assignments from the reflection prompts",
        description="Write source/<module>/reflections.ipynb for every module with prompts.")
    p.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR, help=DIR_HELP)
    p.add_argument("--check", action="store_true",
                   help="change nothing; exit 1 if the assignments differ from the prompts")
    p.add_argument("--scored", action="store_true",
                   help="also write the <module>-scored assignments (for cohorts with the "
                        "scored rubric on; export writes them when first needed)")
    p.set_defaults(func=run_generate)

    p = commands.add_parser(
        "export", help="put a cohort's shared reflections into nbgrader",
        description="Write the reflections trainees share with their facilitator into "
                    "submitted/ and the gradebook. Safe to run again: grades are kept.")
    p.add_argument("cohort")
    p.add_argument("--assignment", metavar="A", help="only this assignment (a module id)")
    p.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR, help=DIR_HELP)
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=run_export)

    p = commands.add_parser(
        "import", help="bring grades and comments back from nbgrader",
        description="Store the grades and comments given in formgrader as feedback on the "
                    "cohort's reflections. Trainees see it once it is released.")
    p.add_argument("cohort")
    p.add_argument("--assignment", metavar="A", help="only this assignment (a module id)")
    p.add_argument("--release", action="store_true",
                   help="let trainees see the feedback now")
    p.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR, help=DIR_HELP)
    p.add_argument("--db", help=DB_HELP)
    p.set_defaults(func=run_import)

    p = commands.add_parser(
        "cycle", help="the machine steps in one go (what the dashboard's buttons run)",
        description="Check the assignments, export the cohort's shared reflections and "
                    "autograde each module with new submissions; with --release, bring "
                    "the grades back from formgrader and show them to trainees.")
    p.add_argument("cohort")
    p.add_argument("--release", action="store_true",
                   help="import the grades from formgrader and show them to trainees")
    p.add_argument("--course-dir", type=Path, default=DEFAULT_COURSE_DIR, help=DIR_HELP)
    p.add_argument("--db", help=DB_HELP)
    p.add_argument("--state", type=Path, help="also write the progress to this JSON file")
    p.set_defaults(func=run_cycle)


def _fail(error: Exception, out: TextIO) -> int:
    print(f"commonground grading: {error}", file=out)
    return 2


def run_generate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .generate import assignment_drift, generate_assignments

    out = out or sys.stdout
    try:
        if args.check:
            problems = assignment_drift(args.course_dir)
            for line in problems:
                print(line, file=out)
            if not problems:
                print("OK: the assignments match the prompts.", file=out)
            return 1 if problems else 0
        changed = generate_assignments(args.course_dir, scored=args.scored)
    except GradingError as e:
        return _fail(e, sys.stderr)
    for path in changed:
        print(f"wrote {path}", file=out)
    print(f"{len(changed)} file(s) changed in {args.course_dir}.", file=out)
    return 0


def _store(args: argparse.Namespace) -> Store:
    from ..data.store import open_store

    return open_store(args.db, create=False)  # only serve and db upgrade create one


def run_export(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .export import export_cohort

    out = out or sys.stdout
    store = _store(args)
    try:
        report = export_cohort(store, args.cohort, args.course_dir, args.assignment)
    except GradingError as e:
        return _fail(e, sys.stderr)
    finally:
        store.dispose()
    print(report.summary(), file=out)
    return 0


def run_import(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .feedback import import_feedback

    out = out or sys.stdout
    store = _store(args)
    try:
        report = import_feedback(
            store, args.cohort, args.course_dir, args.assignment, release=args.release
        )
    except GradingError as e:
        return _fail(e, sys.stderr)
    finally:
        store.dispose()
    print(report.summary(), file=out)
    return 0


def run_cycle(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .cycle import CycleState, prepare, release

    out = out or sys.stdout
    shown: set[tuple[str, str]] = set()

    def progress(state: CycleState) -> None:
        for step in state.steps:
            if step.status != "waiting" and (step.name, step.status) not in shown:
                shown.add((step.name, step.status))
                print(f"{step.name}: {step.status}" + (f". {step.detail}" if step.detail
                                                        else ""), file=out, flush=True)

    store = _store(args)
    try:
        if args.release:
            state = release(store, args.cohort, args.course_dir, args.state)
            progress(state)
        else:
            state = prepare(store, args.cohort, args.course_dir, args.state,
                            on_step=progress)
    finally:
        store.dispose()
    print(state.message, file=out)
    for problem in state.problems:
        print(f"Problem: {problem}", file=out)
    return 0 if state.phase == "done" else 2
