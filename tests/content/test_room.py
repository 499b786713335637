"""Each module's in-room plan (``room:`` in content/course.yaml) adds up, and is the
90-minute workshop plan of its facilitator notes, minute for minute: the pack's schedule,
run sheets and speaker notes are made from the one and read beside the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonground import DataFileError
from commonground.content.course import load_course
from commonground.content.notes import load_notes
from commonground.scenario import load_scenarios

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course(ROOT / "content")
SCENARIOS = load_scenarios(ROOT / "content" / "scenarios")
IDS = [m.id for m in COURSE.modules]


@pytest.mark.parametrize("module_id", IDS)
def test_every_module_has_an_in_room_plan_that_adds_up(module_id):
    room = COURSE.module(module_id).room
    assert room is not None, f"{module_id} has no `room:` in content/course.yaml"
    assert sum(s.minutes for s in room.plan) == room.minutes
    at = 0
    for segment in room.plan:
        assert segment.start == at
        at = segment.end
    assert at == room.minutes


@pytest.mark.parametrize("module_id", IDS)
def test_the_in_room_plan_is_the_notes_workshop_plan_minute_for_minute(module_id):
    room = COURSE.module(module_id).room
    notes = load_notes(module_id, ROOT / "facilitator_notes")
    assert room is not None and notes is not None
    text = notes.path.read_text(encoding="utf-8")
    [length] = re.findall(r"^### (\d+)-minute cohort workshop$", text, re.M)
    assert int(length) == room.minutes, f"the notes' workshop is {length} minutes"
    ours = [(s.start, s.end) for s in room.plan]
    theirs = [(r.start, r.end) for r in notes.workshop]
    assert ours == theirs, (
        f"content/course.yaml's room plan for {module_id} {ours} does not follow the "
        f"notes' 90-minute plan {theirs}: change one to match the other")


@pytest.mark.parametrize("module_id", IDS)
def test_each_role_play_of_a_module_has_its_time_in_the_room(module_id):
    room = COURSE.module(module_id).room
    assert room is not None
    # A role-play played from several seats at once shares the time of the one it retells.
    plays = [s for s in SCENARIOS.values() if s.module == module_id
             and (s.together is None or not s.together.retells)]
    for s in SCENARIOS.values():
        if s.module == module_id and s.together is not None and s.together.retells:
            assert SCENARIOS[s.together.retells].module == module_id
    segments = [s for s in room.plan if s.how == "role-play"]
    assert len(segments) == len(plays)
    for segment in segments:
        assert segment.activity.startswith("Role-play: ")
        assert any(segment.activity.lower().endswith(p.title.lower()) for p in plays), (
            segment.activity, [p.title for p in plays])


def test_a_plan_that_does_not_add_up_is_refused_with_its_line(tmp_path):
    (tmp_path / "course.yaml").write_text(
        "schema_version: 1\ntitle: T\nmodules:\n  - id: a\n    title: A\n    room:\n"
        "      minutes: 90\n      plan:\n        - {minutes: 60, activity: Talk, how: pairs}\n"
        "        - {minutes: 20, activity: Close, how: whole group}\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_course.__wrapped__(tmp_path)
    message = str(err.value)
    assert "course.yaml:7:" in message and "adds up to 80 minutes" in message


def test_a_segment_must_say_how_it_is_run(tmp_path):
    (tmp_path / "course.yaml").write_text(
        "schema_version: 1\ntitle: T\nmodules:\n  - id: a\n    title: A\n    room:\n"
        "      minutes: 5\n      plan:\n        - {minutes: 5, activity: Talk, how: chat}\n",
        encoding="utf-8")
    with pytest.raises(DataFileError, match=r"course\.yaml:9"):
        load_course.__wrapped__(tmp_path)
