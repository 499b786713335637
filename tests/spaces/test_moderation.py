"""Facilitator moderation: the queue, hiding and unhiding, and who may moderate."""

from __future__ import annotations

import datetime as _dt

import pytest

from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation, SpaceError
from tests._cohorts import facilitator_of, self_paced


@pytest.fixture
def moderation(store, cohort):
    return Moderation(store, facilitator_of(store, cohort))


def test_queue_lists_named_posts_newest_first_then_anonymous_ones_apart(
        store, trainee, other_trainee, third_trainee, moderation):
    JargonWall(store, trainee).add("ITP", "Individual Treatment Plan", "mental health")
    ElephantBox(store, other_trainee).add("We compete for the same money")
    Agreement(store, trainee).suggest("Phones away", anonymous=True)
    JargonWall(store, other_trainee).add("ISP", "Individual Support Plan")
    queue = moderation.queue()
    assert [(q.space_name, q.text, q.author) for q in queue] == [
        ("Jargon wall", "ISP = Individual Support Plan", "Ben Cho (Housing)"),
        ("Jargon wall", "ITP = Individual Treatment Plan [mental health]",
         "Ana Lee (Family Support)"),
        ("Agreement", "Phones away", None),
        ("Elephant box", "We compete for the same money", None),
    ]  # the course's starting points are not in the queue
    named, anonymous = queue[:2], queue[2:]
    assert all(isinstance(q.created_at, _dt.datetime) for q in named)
    assert all(type(q.created_at) is _dt.date for q in anonymous)  # the day, no time


def test_below_three_trainees_nobody_moderates_anonymous_items(store, trainee, other_trainee,
                                                               moderation, welcome_prompt):
    """In a cohort of two, anything anonymous is plainly the other person's: the
    facilitator is not shown it either, and is told why."""
    from commonground import ReflectionModel

    JargonWall(store, trainee).add("ITP", "Individual Treatment Plan")
    JargonWall(store, trainee).add("SHS", anonymous=True)
    ElephantBox(store, other_trainee).add("We compete for the same money")
    model = ReflectionModel(store, trainee, welcome_prompt)
    model.edit("Mine, without my name")
    model.submit("cohort")
    assert moderation.waiting
    assert [q.text for q in moderation.queue()] == ["ITP = Individual Treatment Plan"]


def test_hide_and_unhide(store, trainee, other_trainee, moderation):
    post = JargonWall(store, trainee).add("ITP")
    moderation.hide(post)
    assert moderation.queue()[0].hidden
    assert JargonWall(store, other_trainee).entries() == []
    moderation.unhide(post)
    assert not moderation.queue()[0].hidden
    assert len(JargonWall(store, other_trainee).entries()) == 1


@pytest.mark.parametrize("who", ["trainee", "self-paced"])
def test_only_facilitators_moderate(store, trainee, who):
    person = trainee if who == "trainee" else self_paced(store)
    with pytest.raises(SpaceError, match="Only the cohort's facilitator"):
        Moderation(store, person)


def test_unknown_post(moderation):
    with pytest.raises(SpaceError, match="no longer here"):
        moderation.hide(999)


def test_reflections_shared_with_the_cohort_can_be_hidden(store, cohort, trainee,
                                                          other_trainee, third_trainee,
                                                          moderation, welcome_prompt):
    from commonground import ReflectionModel, shared_reflections

    model = ReflectionModel(store, trainee, welcome_prompt)
    model.edit("Something that should not be up")
    model.submit("cohort")
    [item] = [q for q in moderation.queue() if q.kind == "reflection"]
    assert item.author is None and item.text == "Something that should not be up"
    moderation.hide(item.key)
    assert shared_reflections(store, cohort.id, welcome_prompt.id) == []
    assert ReflectionModel(store, trainee, welcome_prompt).versions  # the author keeps it
    assert [q.hidden for q in moderation.queue() if q.kind == "reflection"] == [True]
    moderation.unhide(item.key)
    assert len(shared_reflections(store, cohort.id, welcome_prompt.id)) == 1


def test_another_cohorts_facilitator_cannot_hide_a_reflection(store, trainee, other_trainee,
                                                              third_trainee, moderation,
                                                              welcome_prompt):
    from commonground import ReflectionModel
    from tests._cohorts import other_cohort_trainee

    model = ReflectionModel(store, trainee, welcome_prompt)
    model.edit("Ours")
    model.submit("cohort")
    key = next(q.key for q in moderation.queue() if q.kind == "reflection")
    other_cohort_trainee(store, cohort_name="Northside 2026")
    other = Moderation(store, facilitator_of(store, store.people.cohort("Northside 2026")))
    assert [q for q in other.queue() if q.kind == "reflection"] == []
    with pytest.raises(SpaceError, match="no longer shared"):
        other.hide(key)
