"""Role-plays played from several seats at once: the format, the engine's view of the
other seats, and ``scenario check`` on good and broken ones."""

from __future__ import annotations

import textwrap
from pathlib import Path

from commonground.scenario import Play, load_scenario, parse
from commonground.scenario.check import check_scenario
from commonground.scenario.cli import main
from commonground.scenario.together import endings_together

ROOT = Path(__file__).resolve().parents[2]

GOOD = """\
schema_version: 1
id: two_seats
title: Two seats
summary: Two seats at once.
module: 01_safe_environment
together:
  seats: [ann, ben]
  meeting_points: {table: They sit down}
roles:
  ann: {name: Ann, brief: Ann., start: ann_start}
  ben: {name: Ben, brief: Ben., start: ben_start}
start: ann_start
nodes:
  ann_start:
    text: Ann waits.
    choices:
      - {id: ann_kind, label: Be kind, target: table}
      - {id: ann_cold, label: Be cold, target: table}
  ben_start:
    text: Ben waits.
    choices:
      - {id: ben_go, label: Go in, target: table}
  table:
    meet: table
    text:
      - At the table.
      - text: Ann smiled at you.
        when: {role: ben, seat_chose: {ann: ann_kind}}
    choices:
      - {id: ann_done, label: Finish, target: end_a, when: {role: ann}}
      - {id: ben_thanks, label: Thank Ann, target: end_good,
         when: {role: ben, seat_chose: {ann: ann_kind}}}
      - {id: ben_done, label: Finish, target: end_b, when: {role: ben}}
  end_a:
    text: Done.
    ending: {title: Ann done, debrief: Well.}
  end_good:
    text: Good.
    ending: {title: Thanked, debrief: Well.}
  end_b:
    text: Done.
    ending: {title: Ben done, debrief: Well.}
"""


def _load(text: str):
    scenario, problems = parse(textwrap.dedent(text), "two.yaml")
    assert problems == [] and scenario is not None
    return scenario


def _messages(text: str) -> list[str]:
    return [p.message for p in check_scenario(_load(text))]


def test_a_good_scenario_passes_and_every_combination_ends():
    s = _load(GOOD)
    assert check_scenario(s) == []
    assert s.together is not None and s.together.seats == ("ann", "ben")
    assert s.nodes["table"].meet == "table"
    assert endings_together(s) == {("end_a", "end_b"), ("end_a", "end_good")}


def test_what_one_seat_sees_depends_on_the_other_seats_earlier_choice():
    s = _load(GOOD)
    kind = Play(s, "ben", others={"ann": {"ann_kind"}})
    kind.choose("ben_go")
    assert "Ann smiled at you." in kind.text()
    assert [c.id for c in kind.choices()] == ["ben_thanks", "ben_done"]
    cold = Play(s, "ben", others={"ann": {"ann_cold"}})
    cold.choose("ben_go")
    assert "smiled" not in cold.text()
    assert [c.id for c in cold.choices()] == ["ben_done"]
    alone = Play(s, "ben")  # played alone, no other seat chose anything
    alone.choose("ben_go")
    assert [c.id for c in alone.choices()] == ["ben_done"]
    restored = Play.from_dict(s, kind.to_dict(), others={"ann": ["ann_kind"]})
    assert [c.id for c in restored.choices()] == ["ben_thanks", "ben_done"]


def test_a_seat_that_finishes_while_another_waits_is_reported():
    text = GOOD.replace("- {id: ann_cold, label: Be cold, target: table}",
                        "- {id: ann_cold, label: Be cold, target: end_a}")
    assert any("can wait at `table`" in m and "has finished at `end_a`" in m
               for m in _messages(text))


def test_seats_waiting_at_different_points_are_reported():
    text = GOOD.replace("meeting_points: {table: They sit down}",
                        "meeting_points: {table: They sit down, hall: In the hall}")
    text = text.replace("- {id: ben_go, label: Go in, target: table}",
                        "- {id: ben_go, label: Go in, target: table}\n"
                        "      - {id: ben_hall, label: Wait in the hall, target: hall}")
    text += """\
  hall:
    meet: hall
    text: The hall.
    choices:
      - {id: ben_back, label: Back, target: end_b}
"""
    assert any("waits at `hall`" in m or "wait at `hall`" in m for m in _messages(text))


def test_dangling_references_are_reported():
    text = GOOD.replace("seat_chose: {ann: ann_kind}}\n    choices",
                        "seat_chose: {cat: ann_kind}}\n    choices")
    text = text.replace("when: {role: ben, seat_chose: {ann: ann_kind}}}",
                        "when: {role: ben, seat_chose: {ann: ann_kindly}}}")
    text = text.replace("meet: table", "meet: tabel")
    messages = _messages(text)
    assert any("the seat `cat`, which is not one of the seats" in m for m in messages)
    assert any("`ann_kindly`, which is not a choice" in m for m in messages)
    assert any("meets at `tabel`, which is not one of the meeting points" in m
               for m in messages)
    assert any("no scene meets at `table`" in m for m in messages)


def test_asking_about_another_seat_before_the_first_meeting_is_reported():
    text = GOOD.replace("text: Ben waits.", "text:\n      - Ben waits.\n      - text: Ann"
                        " is kind.\n        when: {seat_chose: {ann: ann_kind}}")
    assert any("before the seats first meet" in m for m in _messages(text))


def test_meeting_points_need_seats_played_together():
    text = GOOD.replace("together:\n  seats: [ann, ben]\n  meeting_points: {table: They sit "
                        "down}\n", "")
    messages = _messages(text)
    assert any("is a meeting point, but the role-play is not played from several seats"
               in m for m in messages)
    assert any("asks what another seat chose" in m for m in messages)


def test_the_shipped_three_seat_role_play_checks_clean_from_the_command_line(capsys):
    path = ROOT / "content" / "scenarios" / "care_team_together.yaml"
    assert main(["check", str(path)]) == 0
    s = load_scenario(path)
    assert s.together is not None and s.together.seats == ("carmen", "farah", "tania")
    endings = endings_together(s)
    for i, seat in enumerate(s.together.seats):
        assert len({combo[i] for combo in endings}) == 3, seat


def test_the_command_line_reports_a_broken_one(tmp_path, capsys):
    bad = tmp_path / "two_seats.yaml"
    bad.write_text(GOOD.replace("- {id: ann_cold, label: Be cold, target: table}",
                                "- {id: ann_cold, label: Be cold, target: end_a}"))
    assert main(["check", str(bad)]) != 0
    assert "has finished at `end_a`" in capsys.readouterr().out
