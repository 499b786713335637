"""Real parts for the grading tests: an nbgrader course folder, nbgrader's commands, and
grading the way formgrader does it (formgrader's API handlers set these same fields)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from commonground import ReflectionModel
from commonground.grading import NOTEBOOK, nbgrader_course

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ("release", "submitted", "autograded", "feedback", "gradebook.db", "exchange",
           "cohorts", ".commonground")


def course_template(folder: Path) -> Path:
    """The committed exercises/ (no outputs) with an empty gradebook. Creating a gradebook
    runs `alembic` in a subprocess (about 2.5 s), so tests copy this folder instead."""
    dest = folder / "exercises"
    shutil.copytree(ROOT / "exercises", dest, ignore=shutil.ignore_patterns(*OUTPUTS))
    with nbgrader_course(dest).gradebook():
        pass
    return dest


def course_copy(template: Path, dest: Path) -> Path:
    return Path(shutil.copytree(template, dest / "exercises"))


def nbgrader_env() -> dict:
    """nbgrader runs `alembic` from PATH; the tests may run without an activated venv."""
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}


def run_nbgrader(course_dir: Path, *args: str) -> str:
    """Run a real `nbgrader` command from the course folder, as the facilitator does."""
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, env=nbgrader_env(),
        capture_output=True, text=True, timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, _problems(output)
    return output


def _problems(output: str) -> str:
    """The part of nbgrader's log that explains a failure (its log can be thousands of
    lines: one block per submission)."""
    lines = output.splitlines()
    keep = [i for i, line in enumerate(lines)
            if "Traceback" in line or "ERROR" in line or "CRITICAL" in line]
    if not keep:
        return "\n".join(lines[-40:])
    return "\n".join(lines[max(keep[0] - 5, 0):keep[0] + 80])


def formgrade(course_dir: Path, assignment: str, student_id: str, prompt_id: str,
              score: float | None, comment: str | None) -> None:
    """Give a manual grade and comment as formgrader's GradeHandler/CommentHandler do."""
    with nbgrader_course(course_dir).gradebook() as gb:
        grade = gb.find_grade(prompt_id, NOTEBOOK, assignment, student_id)
        grade.manual_score = score
        grade.extra_credit = None
        grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
        gb.find_comment(prompt_id, NOTEBOOK, assignment, student_id).manual_comment = comment
        gb.db.commit()


def share(store, course, person, module_id, prompt_id, text, visibility="facilitator") -> int:
    """Write and submit a reflection through the reflection box's model."""
    model = ReflectionModel(store, person, course.prompt(prompt_id, module_id))
    model.edit(text)
    return model.submit(visibility)


def shown(markdown: str) -> str:
    """What formgrader shows for a Markdown cell: rendered by nbconvert's renderer, tags
    dropped, entities decoded, one line per line."""
    import html
    import re

    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(markdown).replace("<br />", "\n")
    rendered = re.sub(r"</(p|li|h\d)>", "\n", rendered)
    text = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())
