"""`commonground grading generate|export|import` on the command line, and what it costs a
trainee's kernel (nothing: nbgrader is never imported there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from commonground.admin.cli import main
from harness.grading import share

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
MODULE = "01_safe_environment"


def test_check_passes_on_the_committed_assignments(capsys):
    assert main(["grading", "generate", "--check", "--course-dir", str(EXERCISES)]) == 0
    assert "OK: the assignments match the prompts." in capsys.readouterr().out


def test_check_fails_and_says_what_to_do_when_an_assignment_drifted(course_dir, capsys):
    notebook = course_dir / "source" / MODULE / "reflections.ipynb"
    notebook.write_text(notebook.read_text().replace("Reflections:", "Reflection:"))
    assert main(["grading", "generate", "--check", "--course-dir", str(course_dir)]) == 1
    out = capsys.readouterr().out
    assert f"{notebook}: differs from the prompts" in out
    assert "Run `commonground grading generate`" in out
    assert main(["grading", "generate", "--course-dir", str(course_dir)]) == 0
    assert f"wrote {notebook}" in capsys.readouterr().out
    assert main(["grading", "generate", "--check", "--course-dir", str(course_dir)]) == 0


def test_export_then_import_from_the_command_line(
    store, db_url, course, cohort, trainee, course_dir, capsys
):
    share(store, course, trainee, MODULE, "safe-env-power", "My reflection.")
    args = ["--course-dir", str(course_dir), "--db", db_url]
    assert main(["grading", "export", cohort.name, "--assignment", MODULE, *args]) == 0
    out = capsys.readouterr().out
    assert "Exported 1 shared reflection(s)" in out
    assert f"Next: cd {course_dir} && nbgrader autograde 01_safe_environment" in out
    assert (course_dir / "submitted" / trainee.public_id / MODULE / "reflections.ipynb").exists()
    assert main(["grading", "import", cohort.name, "--release", *args]) == 0
    out = capsys.readouterr().out
    assert "0 new or changed" in out
    assert "1 exported submission(s) are not autograded yet" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "Nobody's cohort"], "There is no cohort called"),
        (["import", "Nobody's cohort"], "There is no cohort called"),
        (["export", "Southside 2026", "--assignment", "nope"], "no assignment called 'nope'"),
    ],
)
def test_mistakes_get_a_clear_message(db_url, cohort, course_dir, capsys, argv, message):
    code = main(["grading", *argv, "--course-dir", str(course_dir), "--db", db_url])
    assert code == 2
    assert message in capsys.readouterr().err


def test_a_folder_that_is_not_a_course_is_named(db_url, cohort, tmp_path, capsys):
    code = main(["grading", "export", cohort.name, "--course-dir", str(tmp_path), "--db", db_url])
    assert code == 2
    assert f"{tmp_path.resolve()} is not an nbgrader course folder" in capsys.readouterr().err


def test_nbgrader_is_never_imported_by_the_course_or_the_command_line():
    code = (
        "import sys, commonground, commonground.grading, commonground.admin.cli, widgets.course\n"
        "commonground.admin.cli.build_parser()\n"
        "print(sorted(m for m in ('nbgrader', 'pandas') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"
