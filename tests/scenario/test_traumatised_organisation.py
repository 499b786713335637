"""Coming back to a team under strain: the group's norms agree with the course's own
page on confidentiality (modules/who_sees_what.ipynb)."""

from __future__ import annotations

from pathlib import Path

from commonground.scenario import load_scenario

PATH = (Path(__file__).resolve().parents[2] / "content" / "scenarios"
        / "traumatised_organisation.yaml")


def test_what_stays_in_the_room_says_where_it_stops():
    scenario = load_scenario(PATH)
    for node in scenario.nodes.values():
        text = " ".join(" ".join(p.text.split()) for p in node.text)
        if "stays there" in text:
            after = text[text.index("stays there"):][:200]
            assert "safety is at risk" in after and "(who_sees_what.ipynb)" in after, node.id
