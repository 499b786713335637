"""Module times are worked out, not guessed (bench/timings.py), and the facilitator plans
in facilitator_notes/ add up: every session plan's rows run from 0 to its length without
gaps, and each role-play gets at least the time a group needs to play it."""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("timings", ROOT / "bench" / "timings.py")
assert _spec and _spec.loader
timings = importlib.util.module_from_spec(_spec)
sys.modules["timings"] = timings  # its dataclasses look their module up
_spec.loader.exec_module(timings)

TIMES = timings.module_times(ROOT)
OUTLINE = {m["id"]: m for m in yaml.safe_load(
    (ROOT / "content" / "course.yaml").read_text(encoding="utf-8"))["modules"]}
PLAN_HEADING = re.compile(r"^### (?:(\d+)-minute .*|.*\((\d+) minutes\))$", re.M)
ROW = re.compile(r"^\| (\d+)-(\d+) \| (.*) \|$")


def _plans(note: str) -> dict[str, tuple[int, list[tuple[int, int, str]]]]:
    """Each timed plan in a note: its heading -> (length, rows of (start, end, activity))."""
    plans = {}
    headings = list(PLAN_HEADING.finditer(note))
    for i, h in enumerate(headings):
        end = headings[i + 1].start() if i + 1 < len(headings) else len(note)
        section = note[h.end():end].split("\n### ")[0].split("\n## ")[0]
        rows = [(int(m[1]), int(m[2]), m[3]) for m in map(ROW.match, section.splitlines()) if m]
        plans[h.group(0)] = (int(h.group(1) or h.group(2)), rows)
    return plans


def _gaps(length: int, rows: list[tuple[int, int, str]]) -> list[str]:
    problems, at = [], 0
    for start, end, _ in rows:
        if start != at:
            problems.append(f"a row starts at {start}, not {at}")
        if end <= start:
            problems.append(f"the row {start}-{end} has no time")
        at = end
    if at != length:
        problems.append(f"the rows end at {at}, not {length}")
    return problems


@pytest.mark.parametrize("module_id", sorted(TIMES))
def test_outline_minutes_are_the_worked_out_times(module_id):
    t = TIMES[module_id]
    assert OUTLINE[module_id]["minutes"] == t.minutes, (
        f"{module_id}: content/course.yaml says {OUTLINE[module_id]['minutes']} minutes, the "
        f"worked-out time is {t.total:.1f} ({t.minutes}); run bench/timings.py --write"
    )


@pytest.mark.parametrize("module_id", sorted(TIMES))
def test_facilitator_plans_add_up(module_id):
    note = (ROOT / "facilitator_notes" / f"{module_id}.md").read_text(encoding="utf-8")
    plans = _plans(note)
    assert len(plans) >= 2, f"{module_id}: expected timed plans for the workshop and the group"
    for heading, (length, rows) in plans.items():
        assert rows, f"{module_id}: {heading!r} has no timed rows"
        assert not _gaps(length, rows), f"{module_id}: {heading!r}: {_gaps(length, rows)}"


@pytest.mark.parametrize("module_id", sorted(TIMES))
def test_each_role_play_gets_the_time_it_needs(module_id):
    note = (ROOT / "facilitator_notes" / f"{module_id}.md").read_text(encoding="utf-8")
    _length, rows = next(p for h, p in _plans(note).items() if "cohort workshop" in h)
    plays = TIMES[module_id].roleplays
    rows_with_play = [end - start for start, end, what in rows if "role-play" in what.lower()]
    assert len(rows_with_play) >= len(plays), f"{module_id}: a role-play has no row"
    needed = 0
    for sid, minutes in plays.items():
        declared = yaml.safe_load(
            (ROOT / "content" / "scenarios" / f"{sid}.yaml").read_text(encoding="utf-8")
        ).get("minutes") or 0
        needed += max(declared, math.ceil(minutes))
    assert sum(rows_with_play) >= needed, (
        f"{module_id}: the workshop gives its role-plays {sum(rows_with_play)} minutes, "
        f"they need {needed}"
    )


def test_the_plan_check_finds_gaps_and_overruns():
    assert _gaps(90, [(0, 10, "a"), (10, 90, "b")]) == []
    assert _gaps(90, [(0, 10, "a"), (15, 90, "b")]) == ["a row starts at 15, not 10"]
    assert _gaps(60, [(0, 10, "a"), (10, 70, "b")]) == ["the rows end at 70, not 60"]


def test_every_role_has_a_way_to_an_ending():
    from commonground.scenario.load import load_scenario

    for file in sorted((ROOT / "content" / "scenarios").glob("*.yaml")):
        scenario = load_scenario(file)
        found = timings.paths(scenario)
        assert {p.role for p in found} == set(scenario.roles), file.name
        assert all(p.choices and p.words > 0 for p in found), file.name


def test_words_ignore_markup():
    assert timings.words("**Bold** [a link](x.ipynb) <b>tag</b> co-ordinate") == 5
