"""The words for ids (commonground.scenario.titles), for the question a role-play asks at
its end: the id comes from commonground.scenario.debrief, the words from here."""

from __future__ import annotations

from commonground.scenario import debrief, titles
from commonground.scenario.titles import (
    GONE_PROMPT,
    after_play,
    debrief_of,
    debrief_prompt,
    debrief_prompt_id,
    prompt_heading,
    prompt_title,
)

SCENARIO = "traumatised_organisation"
TOM = ("facilitator", "ending_business_only")


def _scenario():
    found = titles.find_scenario(SCENARIO)
    assert found is not None
    return found


def test_the_id_is_debriefs_for_new_and_old_answers():
    assert debrief_prompt_id(SCENARIO, *TOM) == debrief.prompt_id(SCENARIO, *TOM)
    assert debrief_prompt_id(SCENARIO) == "scenario-traumatised_organisation"
    assert debrief_of(debrief_prompt_id(SCENARIO, *TOM)) == debrief.AfterPlay(SCENARIO, *TOM)
    assert debrief_of(debrief_prompt_id(SCENARIO)) == debrief.AfterPlay(SCENARIO, None, None)
    assert debrief_of("safe-env-power") is None


def test_a_seats_question_is_titled_with_the_seat_and_asks_its_endings_question():
    scenario = _scenario()
    question = scenario.nodes[TOM[1]].ending.reflection
    prompt = debrief_prompt(scenario, *TOM, question)
    title = ("After the role-play, as Tom, partnership facilitator: Coming back to a team "
             "under strain")
    assert (prompt.id, prompt.title, prompt.text, prompt.module_id) == (
        debrief.prompt_id(SCENARIO, *TOM), title, question, "03_trauma_informed")
    assert after_play(prompt.id) == prompt
    assert prompt_title(prompt.id, "") == title
    assert prompt_heading(prompt.id, "") == f"{title}: {question}"


def test_an_answer_from_before_seats_were_told_apart_has_the_role_plays_title():
    old = debrief_prompt_id(SCENARIO)
    assert prompt_title(old, "") == "After the role-play: Coming back to a team under strain"
    assert prompt_heading(old, "") == prompt_title(old, "")  # no one question to show


def test_a_role_play_no_longer_in_the_course_is_named_in_words():
    stored = debrief.prompt_id("hot_desk_gone", "key_worker", "ending_calm")
    assert prompt_title(stored, "") == "After the role-play: Hot desk gone"
    assert "scenario-" not in prompt_heading(stored, "")
    assert prompt_title("not-a-prompt", "03_trauma_informed") == GONE_PROMPT

