"""Where grading happens: the course's grading folder, and each cohort's own nbgrader
course inside it.

The course's grading folder (``COMMONGROUND_GRADING_DIR``, which ``commonground serve``
passes on to its pages, else ``exercises/``) holds the settings (``nbgrader_config.py``)
and the assignments' sources. The dashboard's grading runs and the server's formgrader
work in ``<grading folder>/cohorts/<digest>/``, a copy of it with a gradebook of the
cohort's own, so a facilitator's formgrader shows their cohort's shared reflections and
no other cohort's. Plain paths and files: nothing here imports nbgrader.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ._paths import CONFIG_FILE, DEFAULT_COURSE_DIR, GradingError

__all__ = ["COHORTS_DIR", "cohort_folder", "course_folder", "make_cohort_folder"]

COHORTS_DIR = "cohorts"  # each cohort's own nbgrader course, inside the course folder
_OWN_GRADEBOOK = '''

# -- Written by Common Ground: this is one cohort's own nbgrader course (made from the
# course folder's settings above). Its gradebook is its own, so its formgrader shows
# this cohort's shared reflections and no other cohort's.
import os as _os  # noqa: E402

c.CourseDirectory.db_url = "sqlite:///" + _os.path.join(
    _os.path.dirname(_os.path.abspath(__file__)), "gradebook.db")
c.Exchange.root = _os.path.join(_os.path.dirname(_os.path.abspath(__file__)), "exchange")
'''


def course_folder(course_dir: Path | str | None = None) -> Path:
    """The course folder given, else the course's (``COMMONGROUND_GRADING_DIR``), else
    ``exercises/``."""
    from .. import environment

    chosen = course_dir or environment.read().grading_dir or DEFAULT_COURSE_DIR
    return Path(chosen).expanduser().resolve()


def cohort_folder(course_dir: Path | str, cohort_name: str) -> Path:
    """Where a cohort's own nbgrader course lives: ``<course folder>/cohorts/<digest>/``
    (a digest of the cohort's name: no name on disk). Only the path; see
    :func:`make_cohort_folder`."""
    digest = hashlib.sha256(cohort_name.encode("utf-8")).hexdigest()[:16]
    return Path(course_dir).expanduser().resolve() / COHORTS_DIR / digest


def make_cohort_folder(course_dir: Path | str, cohort_name: str) -> Path:
    """The cohort's own nbgrader course, made (or brought up to date) from the course
    folder: its ``nbgrader_config.py`` with a gradebook and exchange of the cohort's own,
    and the assignments' sources. Nobody but the server's account may read it."""
    base = Path(course_dir).expanduser().resolve()
    template = base / CONFIG_FILE
    if not template.is_file():
        raise GradingError(
            f"The grading folder {base} is not set up (it has no {CONFIG_FILE}). Ask your "
            "course administrator to set it up.")
    folder = cohort_folder(base, cohort_name)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    (base / COHORTS_DIR).chmod(0o700)
    config = template.read_text(encoding="utf-8") + _OWN_GRADEBOOK
    target = folder / CONFIG_FILE
    if not target.is_file() or target.read_text(encoding="utf-8") != config:
        target.write_text(config, encoding="utf-8")
    if (base / "source").is_dir():  # the prepare run brings them up to date with the prompts
        shutil.copytree(base / "source", folder / "source", dirs_exist_ok=True,
                        copy_function=_copy_if_missing)
    return folder


def _copy_if_missing(src: str, dst: str) -> None:
    if not os.path.exists(dst):
        shutil.copy2(src, dst)
