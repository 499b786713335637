"""The schedule's three formats: the sessions and days from each module's in-room plan
(``room:``, the facilitator notes' 90-minute plans), the weeks from the self-paced
minutes; every format adds up, and the days fit the days they claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.content.course import Course, Module, Room, Segment
from commonground.pack.schedule import (
    DAY_END,
    DAY_START,
    SESSION_MINUTES,
    ScheduleError,
    clock,
    number_word,
    schedules,
)

ROOT = Path(__file__).resolve().parents[2]


def _room(*minutes: int) -> Room:
    plan, at = [], 0
    for i, m in enumerate(minutes):
        plan.append(Segment(at, m, f"Activity {i}", "whole group"))
        at += m
    return Room(at, tuple(plan))


def _course(*rooms: tuple[int, ...] | None, alone: int | None = 30) -> Course:
    modules = tuple(Module(f"{i:02d}_m", f"Module title {i}", i, alone,
                           room=_room(*r) if r is not None else None)
                    for i, r in enumerate(rooms))
    return Course("Test course", "A subtitle", modules, ROOT / "content")


def _by_id(course: Course):
    return {f.id: f for f in schedules(course)}


NINETY = (10, 15, 10, 15, 25, 10, 5)


@pytest.mark.parametrize("rooms", [
    [NINETY] * 8,
    [NINETY] * 3 + [(30, 30)] * 2 + [(60, 60)],
    [NINETY] * 12,
    [(20,), (20,), (50, 50)],
])
def test_every_format_holds_each_module_once_and_its_times_add_up(rooms):
    course = _course(*rooms)
    for fmt in schedules(course):
        per_module: dict[str, int] = {}
        for block in fmt.blocks:
            for item in block.items:
                if item.module is not None:
                    per_module[item.module.id] = per_module.get(item.module.id, 0) + item.minutes
        if fmt.id == "weeks":
            assert per_module == {m.id: m.minutes for m in course.modules}
        else:
            assert per_module == {m.id: m.room.minutes for m in course.modules}, fmt.id
        order = [m.id for b in fmt.blocks for m in b.modules]
        order = [m for i, m in enumerate(order) if not i or order[i - 1] != m]
        assert order == [m.id for m in course.modules], "modules stay in course order"


def test_the_course_is_eight_sessions_each_a_module_as_its_notes_plan(course):
    sessions = _by_id(course)["sessions"]
    assert sessions.title == "Eight 90-minute sessions" and not sessions.problems
    assert len(sessions.blocks) == len(course.modules) == 8
    for block, module in zip(sessions.blocks, course.modules, strict=True):
        assert block.minutes == SESSION_MINUTES == module.room.minutes
        assert block.modules == (module,)
        assert [(i.start, i.minutes, i.label) for i in block.items] == [
            (s.start, s.minutes, s.activity) for s in module.room.plan]
        assert not any(i.kind == "spare" for i in block.items)
    first = sessions.blocks[0].items
    assert first[0].label == "Acknowledgement of Country and welcome"


def _fits_the_days_it_claims(fmt) -> None:
    words = fmt.title.split()[0].lower()
    assert words == number_word(len(fmt.blocks)), fmt.title
    for day in fmt.blocks:
        assert day.starts_at == DAY_START
        assert day.ends_at <= DAY_END, f"{day.title} ends at {clock(day.ends_at)}"
        breaks = [i for i in day.items if i.kind in ("break", "meal")]
        if day.ends_at >= 15 * 60 + 30:  # a full day has all three
            assert [i.label for i in breaks] == ["Morning tea", "Lunch", "Afternoon tea"]
            lunch = breaks[1]
            assert 12 * 60 <= DAY_START + lunch.start <= 13 * 60 + 15
        longest, run = 0, 0
        for item in day.items:
            run = 0 if item.kind in ("break", "meal") else run + item.minutes
            longest = max(longest, run)
        assert longest <= 120, f"{day.title}: {longest} minutes without a break"


def test_the_two_day_plan_fits_two_days_of_about_six_hours(course):
    days = _by_id(course)["days"]
    assert days.title == "Two full days" and not days.problems
    _fits_the_days_it_claims(days)
    for day in days.blocks:
        assert 5 * 60 + 30 <= day.contact_minutes <= 6 * 60 + 30
    assert [[m.number for m in d.modules] for d in days.blocks] == [[0, 1, 2, 3],
                                                                   [4, 5, 6, 7]]
    assert sum(d.module_minutes for d in days.blocks) == 8 * 90
    assert "day 1 6 hours, day 2 6 hours 10 minutes" in days.summary


def test_plans_too_long_for_two_days_make_a_three_day_plan_and_say_so():
    days = _by_id(_course(*([NINETY] * 10)))["days"]
    assert days.title == "Three full days"
    _fits_the_days_it_claims(days)
    [problem] = days.problems
    assert "15 hours together" in problem and "this is a three-day plan" in problem


def test_a_break_falls_between_two_activities_when_no_module_ends_near_its_time():
    days = _by_id(_course((60, 60, 60), (45,)))["days"]
    _fits_the_days_it_claims(days)
    [day] = days.blocks
    kinds = [(i.kind, i.note) for i in day.items]
    assert kinds[:3] == [("module", "part 1 of 2, to “Activity 0”"), ("break", ""),
                         ("module", "part 2 of 2, from “Activity 1”")]
    assert clock(DAY_START + day.items[1].start) == "10:00 am"


def test_items_follow_one_another_without_gaps(course):
    for fmt in schedules(course):
        for block in fmt.blocks:
            at = 0
            for item in block.items:
                assert item.start == at, (fmt.id, block.title, item)
                at += item.minutes


def test_short_modules_share_a_session_and_a_long_one_runs_over_two():
    sessions = _by_id(_course((20, 20), (30,), (60, 60)))["sessions"].blocks
    assert [[m.number for m in b.modules] for b in sessions] == [[0, 1], [2], [2]]
    assert sessions[0].items[-1].kind == "spare" and sessions[0].items[-1].minutes == 20
    assert sessions[2].items[0].note == "continued from session 2"


def test_a_module_without_an_in_room_plan_stops_the_schedule():
    with pytest.raises(ScheduleError, match=r"module\(s\) 01_m have no `room:`"):
        schedules(_course(NINETY, None, NINETY))


def test_a_module_without_minutes_stops_the_schedule():
    with pytest.raises(ScheduleError, match=r"have no `minutes:`"):
        schedules(_course(NINETY, alone=None))
