"""Every seat of the person at the centre (Tania, Mel, Reza, and any seat marked
`is_person` later) steps out of the role at every ending it can reach; no other seat does."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.scenario import Play, load_scenario
from commonground.scenario.stepping_out import stepping_out
from tests._walks import walks

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_person_seat_steps_out_at_every_ending(path):
    scenario = load_scenario(path)
    for role in scenario.roles.values():
        endings = {w.ending for w in walks(scenario, role.id, limit=20_000)}
        assert endings
        for ending in endings:
            out = stepping_out(scenario, role.id, ROOT / "content")
            if not role.is_person:
                assert out is None, (role.id, ending)
                continue
            name = role.name.split(",")[0].split()[0]
            assert out is not None and name in out.intro, (role.id, ending)


def test_the_shipped_person_seats_include_tania_mel_and_reza():
    people = {r.name.split(",")[0] for p in SHIPPED for r in load_scenario(p).roles.values()
              if r.is_person}
    assert {"Tania", "Mel", "Reza"} <= people


def test_the_ending_page_shows_it_after_the_debrief():
    from commonground.templates import render

    scenario = load_scenario(ROOT / "content" / "scenarios" / "many_names_one_plan.yaml")
    walk = next(walks(scenario, "reza"))
    play = Play(scenario, "reza")
    for choice in walk.choices:
        play.choose(choice)
    out = stepping_out(scenario, "reza", ROOT / "content")
    html = render("scenario/ending.html", view=play.view(), focus=False, see_also=[],
                  step_out=out)
    assert html.index("Debrief") < html.index(out.title) and "Reza" in html
    plain = render("scenario/ending.html", view=play.view(), focus=False, see_also=[],
                   step_out=None)
    assert out.title not in plain
