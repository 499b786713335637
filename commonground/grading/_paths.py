"""Where the nbgrader course folder is and how nbgrader lays it out.

Plain paths only: nothing here imports nbgrader. :func:`nbgrader_course` (which does)
is called only by the facilitator-side commands.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import REPO_ROOT

if TYPE_CHECKING:
    from nbgrader.api import Gradebook

DEFAULT_COURSE_DIR = REPO_ROOT / "exercises"
NOTEBOOK = "reflections"  # every assignment holds one notebook, reflections.ipynb
CONFIG_FILE = "nbgrader_config.py"


class GradingError(Exception):
    """A grading problem, worded for the facilitator."""


@dataclass(frozen=True)
class NbgraderCourse:
    """The parts of an nbgrader course folder that the bridge uses."""

    root: Path
    db_url: str
    course_id: str
    config: Any  # traitlets Config, handed back to nbgrader's own classes
    coursedir: Any  # nbgrader.coursedir.CourseDirectory (nbgrader ships no types)

    def _path(self, step: str, student_id: str, assignment: str) -> Path:
        return Path(self.coursedir.format_path(step, student_id, assignment))

    def release_notebook(self, assignment: str) -> Path:
        return self._path(self.coursedir.release_directory, ".", assignment) / f"{NOTEBOOK}.ipynb"

    def source_notebook(self, assignment: str) -> Path:
        return self._path(self.coursedir.source_directory, ".", assignment) / f"{NOTEBOOK}.ipynb"

    def submitted_dir(self, student_id: str, assignment: str) -> Path:
        return self._path(self.coursedir.submitted_directory, student_id, assignment)

    def autograded_dir(self, student_id: str, assignment: str) -> Path:
        return self._path(self.coursedir.autograded_directory, student_id, assignment)

    def feedback_dir(self, student_id: str, assignment: str) -> Path:
        return self._path(self.coursedir.feedback_directory, student_id, assignment)

    def gradebook(self) -> Gradebook:
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)


def nbgrader_course(course_dir: Path | str | None = None) -> NbgraderCourse:
    """Read the course folder's ``nbgrader_config.py`` the way nbgrader does, with the
    folder as the course root. Imports nbgrader (facilitator side only)."""
    root = Path(course_dir or DEFAULT_COURSE_DIR).expanduser().resolve()
    config_file = root / CONFIG_FILE
    if not config_file.is_file():
        raise GradingError(
            f"{root} is not an nbgrader course folder (it has no {CONFIG_FILE}). "
            "Create one with: commonground grading generate --course-dir "
            f"{root}"
        )
    _find_alembic()
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    coursedir = CourseDirectory(config=config)
    return NbgraderCourse(root, coursedir.db_url, coursedir.course_id, config, coursedir)


def _find_alembic() -> None:
    """nbgrader runs the ``alembic`` command (installed beside Python) when it creates a
    gradebook. Put that folder on PATH when the virtual environment is not activated."""
    if shutil.which("alembic") is None:
        here = str(Path(sys.executable).parent)
        os.environ["PATH"] = here + os.pathsep + os.environ.get("PATH", "")

