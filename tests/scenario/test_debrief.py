"""The after-play question's prompt id: one for each seat at each ending."""

from __future__ import annotations

import pytest

from commonground.scenario import check_scenario, load_scenarios
from commonground.scenario.debrief import PROMPT_ID_LIMIT, AfterPlay, parse, prompt_id
from tests.scenario.test_check import SHIPPED


def test_a_seat_at_an_ending_names_its_question():
    stored = prompt_id("traumatised_organisation", "facilitator", "ending_business_only")
    assert stored == "scenario-traumatised_organisation.facilitator.ending_business_only"
    assert parse(stored) == AfterPlay("traumatised_organisation", "facilitator",
                                      "ending_business_only")
    assert parse(stored).prompt_id == stored


def test_answers_from_before_seats_were_told_apart_still_read():
    assert parse("scenario-hot_desk") == AfterPlay("hot_desk", None, None)
    assert parse("scenario-hot_desk").prompt_id == "scenario-hot_desk"


@pytest.mark.parametrize("prompt", ["welcome-why-here", "scenario-", "scenario-x.y",
                                    "scenario-x.y.z.w", "scenario-Hot_desk", ""])
def test_a_modules_own_prompt_is_no_after_play_question(prompt):
    assert parse(prompt) is None


def test_every_shipped_question_fits_the_stored_id():
    for scenario in load_scenarios(SHIPPED[0].parent).values():
        for role in scenario.roles:
            for node in scenario.nodes.values():
                if node.ending and node.ending.reflection:
                    assert len(prompt_id(scenario.id, role, node.id)) <= PROMPT_ID_LIMIT


def test_an_id_too_long_to_store_is_a_problem_with_a_fix():
    from commonground.scenario import load_scenario

    scenario = load_scenario(SHIPPED[0])
    end = next(n for n in scenario.nodes.values() if n.ending and n.ending.reflection)
    scenario.id = "s" * 90
    [problem] = [p for p in check_scenario(scenario)
                 if "characters" in p.message and f"ending `{end.id}`" in p.message]
    assert problem.line == scenario.line((*end.path, "ending")) and "shorten" in problem.fix
