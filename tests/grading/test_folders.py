"""Each cohort's own nbgrader course, inside the course's grading folder: a gradebook of
its own (so one cohort's formgrader never shows another's submissions), no cohort name on
disk, nobody else may read it, and a folder that is not set up is said in words."""

from __future__ import annotations

import stat

import pytest

from commonground.grading import GradingError, nbgrader_course
from commonground.grading.folders import cohort_folder, course_folder, make_cohort_folder


def test_two_cohorts_get_two_gradebooks_and_no_name_on_disk(course_dir):
    first = make_cohort_folder(course_dir, "Southside March 2027")
    second = make_cohort_folder(course_dir, "Northside April 2027")
    assert first != second
    assert first == cohort_folder(course_dir, "Southside March 2027")
    for folder in (first, second):
        assert folder.parent.parent == course_dir.resolve()
        assert "side" not in str(folder.relative_to(course_dir.resolve()))
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
        nbc = nbgrader_course(folder)
        assert nbc.db_url == f"sqlite:///{folder / 'gradebook.db'}"
        assert nbc.config.Exchange.root == str(folder / "exchange")
        assert nbc.config.Execute.enabled is False  # the course's own settings kept
        assert (folder / "source" / "01_safe_environment" / "reflections.ipynb").is_file()
    assert nbgrader_course(course_dir).db_url != nbgrader_course(first).db_url


def test_a_shared_gradebook_in_the_settings_is_not_shared_by_cohorts(course_dir):
    config = course_dir / "nbgrader_config.py"
    config.write_text(config.read_text() + '\nc.CourseDirectory.db_url = '
                      '"sqlite:////srv/one/gradebook.db"\n')
    folder = make_cohort_folder(course_dir, "Southside March 2027")
    assert nbgrader_course(folder).db_url == f"sqlite:///{folder / 'gradebook.db'}"


def test_changed_settings_reach_the_cohorts_folder_and_sources_are_kept(course_dir):
    folder = make_cohort_folder(course_dir, "Southside March 2027")
    mine = folder / "source" / "01_safe_environment" / "reflections.ipynb"
    mine.write_text("brought up to date by the prepare run")
    config = course_dir / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.ClearSolutions.text_stub = 'Write here.'\n")
    make_cohort_folder(course_dir, "Southside March 2027")
    assert nbgrader_course(folder).config.ClearSolutions.text_stub == "Write here."
    assert mine.read_text() == "brought up to date by the prepare run"


def test_a_folder_that_is_not_set_up_is_said_and_nothing_is_made(tmp_path):
    with pytest.raises(GradingError, match="is not set up"):
        make_cohort_folder(tmp_path, "Southside March 2027")
    assert list(tmp_path.iterdir()) == []


def test_the_course_folder_comes_from_the_server_s_setting(monkeypatch, tmp_path):
    monkeypatch.setenv("COMMONGROUND_GRADING_DIR", str(tmp_path))
    assert course_folder() == tmp_path.resolve()
    assert course_folder(tmp_path / "x") == (tmp_path / "x").resolve()
