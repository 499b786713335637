"""The presenter view's model and view: the cohort's shared things as slides, with no
name anywhere on the screen, anonymous writing only under the anonymity rule, no dates,
and role-play choices only where enough people stand behind them."""

from __future__ import annotations

import json
import re

import pytest

from commonground import ReflectionModel
from commonground.data.plays import Plays
from commonground.pages.dashboard import NotFacilitator
from commonground.pages.presenter import PER_SLIDE, Presenter
from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation
from tests._cohorts import facilitator_of
from widgets.presenter import PresenterView

NAMES = ("Ana", "Ben", "Cat", "Dee", "Eli")


@pytest.fixture
def room(store, cohort):
    people = [store.people.get(store.people.add_participant(cohort.id, f"{n} Lee", "Housing"))
              for n in NAMES]
    return people, facilitator_of(store, cohort)


def _screen(presenter) -> str:
    return json.dumps([s.as_dict() for s in presenter.slides()])


def test_only_the_facilitator(store, trainee, course):
    with pytest.raises(NotFacilitator):
        Presenter(store, trainee, course)


def test_no_name_and_no_date_reaches_the_screen(store, room, course, welcome_prompt):
    people, facilitator = room
    JargonWall(store, people[0]).add("OOHC", "Out-of-home care")
    JargonWall(store, people[1]).add("SHS", "Specialist homelessness services",
                                     anonymous=True)
    Agreement(store, people[2]).suggest("We start on time")
    box = ElephantBox(store, people[3])
    elephant = box.add("Nobody says who leads the plan")
    ElephantBox(store, facilitator).surface(elephant)
    m = ReflectionModel(store, people[4], welcome_prompt)
    m.edit("To learn how housing works")
    m.submit("cohort")
    store.progress.complete(people[0].id, "00_welcome")
    screen = _screen(Presenter(store, facilitator, course))
    for text in ("OOHC: Out-of-home care", "SHS: Specialist homelessness services",
                 "We start on time", "Nobody says who leads the plan",
                 "To learn how housing works", "Module 0: Welcome"):
        assert text in screen, text
    for name in (*NAMES, "Lee", "Housing", "Robin"):
        assert name not in screen, name
    months = "January|February|March|April|May|June|July|August|September|October|November|December"
    assert not re.search(rf"\d{{4}}-\d\d-\d\d|\d\d:\d\d|\b({months}|Dec)\b", screen)


def test_anonymous_writing_waits_for_enough_people(store, cohort, course, trainee,
                                                  other_trainee, welcome_prompt):
    facilitator = facilitator_of(store, cohort)
    JargonWall(store, trainee).add("ITP", anonymous=True)
    m = ReflectionModel(store, other_trainee, welcome_prompt)
    m.edit("A private-feeling answer")
    m.submit("cohort")
    screen = _screen(Presenter(store, facilitator, course))
    assert "ITP" not in screen and "A private-feeling answer" not in screen


def test_hidden_posts_stay_off_the_screen(store, room, course):
    people, facilitator = room
    JargonWall(store, people[0]).add("OOHC")
    [entry] = JargonWall(store, facilitator).entries()
    Moderation(store, facilitator).hide(entry.id)
    assert "OOHC" not in _screen(Presenter(store, facilitator, course))


def test_choices_only_where_enough_people_made_them(store, room, course):
    people, facilitator = room
    plays = Plays(store)
    for i, person in enumerate(people):
        play = plays.start(person.id, "hot_desk", "key_worker", {})
        choice = "sam_asks_questions" if i < 3 else "sam_not_now"
        plays.record_step(play, person.id, "proposal", choice, {})
    slides = [s for s in Presenter(store, facilitator, course).slides()
              if s.key.startswith("choices:hot_desk:proposal")]
    [slide] = slides
    assert [b.value for b in slide.bars] == [3] and slide.bars[0].of == 5
    assert "fewer than 3 people are not shown" in slide.note


def test_long_lists_run_over_several_slides(store, room, course):
    people, facilitator = room
    for n in range(PER_SLIDE + 2):
        JargonWall(store, people[n % len(people)]).add(f"Term {n}")
    titles = [s.title for s in Presenter(store, facilitator, course).slides()
              if s.key.startswith("jargon")]
    assert titles == ["Jargon wall (1 of 2)", "Jargon wall (2 of 2)"]


def test_the_view_refreshes_when_the_cohort_posts(store, room, course):
    people, facilitator = room
    view = PresenterView(store, facilitator, live=False)
    try:
        assert "Term A" not in json.dumps(view.screen.slides)
        JargonWall(store, people[0]).add("Term A")
        assert view.live.poll_once()
        assert "Term A" in json.dumps(view.screen.slides)
        assert not view.live.poll_once()  # nothing new: nothing sent
    finally:
        view.close()
