"""The schedule's three formats, worked out from module minutes (no fixed plan)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonground.content.course import Course, Module
from commonground.pack.schedule import SESSION, ScheduleError, day_capacity, schedules

ROOT = Path(__file__).resolve().parents[2]


def _course(*minutes: int | None) -> Course:
    modules = tuple(Module(f"{i:02d}_m", f"Module title {i}", i, m) for i, m in enumerate(minutes))
    return Course("Test course", "A subtitle", modules, ROOT / "content")


def _by_id(course: Course):
    return {f.id: f for f in schedules(course)}


@pytest.mark.parametrize("minutes", [
    (20, 40, 40, 40, 45, 40, 35, 40),
    (15, 35, 30, 30, 50, 40, 30, 30),
    (60, 60, 60, 60, 60, 60, 60, 60, 30, 30),
    (5, 5, 5),
])
def test_every_format_holds_each_module_once_and_its_times_add_up(minutes):
    course = _course(*minutes)
    for fmt in schedules(course):
        assert fmt.module_minutes == sum(minutes), fmt.id
        per_module: dict[str, int] = {}
        for block in fmt.blocks:
            for item in block.items:
                if item.module is not None:
                    per_module[item.module.id] = per_module.get(item.module.id, 0) + item.minutes
        assert per_module == {m.id: m.minutes for m in course.modules}, fmt.id
        order = [m.id for b in fmt.blocks for m in b.modules]
        assert order == [m.id for m in course.modules], "modules stay in course order"


def test_the_course_outline_fits_eight_sessions_two_days_and_four_weeks(course):
    formats = _by_id(course)
    assert [len(formats[k].blocks) for k in ("sessions", "days", "weeks")] == [8, 2, 4]
    for block in formats["sessions"].blocks:
        if not block.problems:
            assert block.minutes == SESSION.minutes
            kinds = [i.kind for i in block.items]
            assert kinds[0] == "opening" and kinds[-1] == "closing" and "break" in kinds
    for day in formats["days"].blocks:
        assert day.minutes == 450 or day.problems  # 9:00 am to 4:30 pm
        assert [i.label for i in day.items if i.kind in ("break", "meal")] == [
            "Morning tea", "Lunch", "Afternoon tea"]


def test_items_follow_one_another_without_gaps(course):
    for fmt in schedules(course):
        for block in fmt.blocks:
            at = 0
            for item in block.items:
                assert item.start == at, (fmt.id, block.title, item)
                at += item.minutes


def test_a_module_too_long_for_a_session_is_said_plainly():
    fmt = _by_id(_course(20, 95, 40))["sessions"]
    [problem] = fmt.problems
    assert problem.startswith("Session 2: Module 1: Module title 1 takes 95 minutes")
    assert f"has {SESSION.for_modules} minutes for module work" in problem
    assert "30 minutes over" in problem


def test_a_course_longer_than_two_days_says_what_does_not_fit():
    long = _course(*([100] * 8))  # 800 minutes; two days hold 2 x 345
    fmt = _by_id(long)["days"]
    assert fmt.module_minutes == 800
    assert day_capacity() == 345
    assert fmt.problems and all("do not fit" in p for p in fmt.problems)
    flagged = [i for b in fmt.blocks for i in b.items if i.note == "does not fit this day"]
    assert flagged and sum(i.minutes for i in flagged) == 800 - 2 * 345


def test_a_short_module_is_not_split_by_the_break_and_a_long_one_is():
    sessions = _by_id(_course(30, 60))["sessions"].blocks
    assert [i.kind for i in sessions[0].items] == ["opening", "module", "break", "spare",
                                                    "closing"]
    assert [i.kind for i in sessions[1].items] == ["opening", "module", "break", "module",
                                                    "spare", "closing"]


def test_a_module_without_minutes_stops_the_schedule():
    with pytest.raises(ScheduleError, match=r"module\(s\) 01_m have no `minutes:`"):
        schedules(_course(20, None, 30))


def test_no_page_of_the_schedule_ends_with_a_heading_left_alone(course, tmp_path):
    """A session's, day's or week's heading and its table stay on one page (schedule.pdf
    once left "Session 6" alone at the foot of page 3)."""
    from commonground.pack.pdf import write_pdf
    from commonground.pack.schedule_html import schedule_html
    from tests._pack import pages_text

    pages = pages_text(write_pdf(schedule_html(course), tmp_path / "schedule.pdf"))
    for number, text in enumerate(pages, 1):
        body = text.split(f"{course.title}: course schedule · page")[0].rstrip()
        assert not re.search(r"(Session|Day|Week) \d+ \d+ minutes of modules[^.]*\.$",
                             body), f"page {number} ends with a heading alone"
