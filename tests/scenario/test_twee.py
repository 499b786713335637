"""Importing a Twine (Twee 3) story as a scenario skeleton."""

from __future__ import annotations

import textwrap

import pytest

from commonground.scenario import check_scenario, parse, parse_twee, twee_to_yaml
from commonground.scenario.twee import Link, parse_link

STORY = textwrap.dedent("""\
    :: StoryTitle
    The First Meeting

    :: StoryData
    {"ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC", "start": "Arrive", "format": "Harlowe"}

    :: Arrive [intro] {"position":"100,100"}
    You arrive at the care team meeting. Everyone is already seated.

    [[Introduce yourself->Introductions]]
    [[Sit quietly|Listen]]

    :: Introductions
    You say who you are and what your agency does.
    Then you [[ask the others->Listen]] the same.

    :: Listen
    (set: $trust to it + 1)
    You listen while the others talk.
    [[Wrap up<-Finish it]]
    [[Wrap up]]

    :: Wrap up
    The meeting ends.

    :: Custom CSS [stylesheet]
    body { color: black; }
    """)


@pytest.mark.parametrize(("inner", "label", "target"), [
    ("Go on->Next passage", "Go on", "Next passage"),
    ("Next passage<-Go on", "Go on", "Next passage"),
    ("Go on|Next passage", "Go on", "Next passage"),
    ("Next passage", "Next passage", "Next passage"),
    ("Go on|Next][$x to 1", "Go on", "Next"),
])
def test_link_forms(inner, label, target):
    assert parse_link(inner) == Link(label, target)


def test_parse_passages_title_and_start():
    story = parse_twee(STORY)
    assert story.title == "The First Meeting"
    assert story.start == "Arrive"
    assert [p.name for p in story.passages] == ["Arrive", "Introductions", "Listen", "Wrap up"]
    arrive = story.passages[0]
    assert arrive.tags == ["intro"]
    assert [(link.label, link.target) for link in arrive.links] == [
        ("Introduce yourself", "Introductions"), ("Sit quietly", "Listen")]
    assert arrive.prose == "You arrive at the care team meeting. Everyone is already seated."
    assert "Then you ask the others the same." in story.passages[1].prose


def test_skeleton_is_a_valid_scenario_that_passes_checks():
    text = twee_to_yaml(STORY, "first.twee")
    assert "TODO" in text
    scenario, problems = parse(text, "first.yaml")
    assert problems == [], [str(p) for p in problems]
    assert scenario.id == "the_first_meeting" and scenario.start == "arrive"
    assert list(scenario.nodes) == ["arrive", "introductions", "listen", "wrap_up"]
    assert scenario.nodes["wrap_up"].ending is not None
    assert scenario.nodes["wrap_up"].title == "Wrap up"
    assert [c.target for c in scenario.nodes["arrive"].choices] == ["introductions", "listen"]
    assert [c.label for c in scenario.nodes["listen"].choices] == ["Finish it", "Wrap up"]
    assert check_scenario(scenario) == []
    assert "story-format macros" in text  # the (set:) macro is flagged for the author


def test_link_to_a_missing_passage_is_left_for_check_to_report():
    text = twee_to_yaml(":: Start\nGo [[somewhere->Nowhere]]\n", "x.twee")
    assert "TODO: there is no passage called 'Nowhere'" in text
    scenario, problems = parse(text, "x.yaml")
    assert problems == []
    assert any("`nowhere`, which does not exist" in p.message for p in check_scenario(scenario))


def test_first_passage_is_the_start_without_story_data():
    story = parse_twee(":: One\n[[Two]]\n\n:: Two\nEnd.\n")
    assert story.start == "One" and story.title == "Untitled story"
