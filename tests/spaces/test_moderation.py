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


# -- a hidden anonymous post: its author is told, the anonymity rule governs the rest ------
def _post(store, person, space: str, text: str) -> int:
    if space == "jargon":
        return JargonWall(store, person).add(text, "said quietly", anonymous=True)
    if space == "agreement":
        return Agreement(store, person).suggest(text, anonymous=True)
    return ElephantBox(store, person).add(text)


def _seen(store, person, space: str) -> list:
    """What a person's page lists of a space (for the elephant box: what they put in it,
    and what the facilitator shared)."""
    if space == "jargon":
        return JargonWall(store, person).entries()
    if space == "agreement":
        return [i for i in Agreement(store, person).items() if not i.starting_point]
    box = ElephantBox(store, person)
    return box.mine() + box.surfaced()


@pytest.mark.parametrize("space", ["jargon", "agreement", "elephant"])
@pytest.mark.parametrize("trainees", [2, 3])
def test_a_hidden_anonymous_post_is_its_authors_with_a_notice_and_nobody_elses(
        store, cohort, trainee, other_trainee, space, trainees):
    """Below the anonymity rule's threshold the author's post waits; hidden, it no longer
    waits (nobody else will see it) but carries the notice. Above it, Ben saw it until the
    facilitator took it off, and then sees nothing of it, not even that it was there."""
    if trainees == 3:
        store.people.add_participant(cohort.id, "Cat Diaz", "Health")
    facilitator = facilitator_of(store, cohort)
    post = _post(store, trainee, space, "A-quiet words")
    if space == "elephant":
        ElephantBox(store, facilitator).surface(post)
    [before] = [i for i in _seen(store, trainee, space) if i.id == post][:1]
    assert not before.notice
    assert getattr(before, "waiting", False) == (trainees < 3 and space != "elephant")
    assert any(i.id == post for i in _seen(store, other_trainee, space)) == (trainees == 3)

    Moderation(store, facilitator).hide(post)
    mine = [i for i in _seen(store, trainee, space) if i.id == post]
    assert mine and all(i.hidden and i.notice.startswith("Your facilitator took this")
                        for i in mine)
    assert not any(getattr(i, "waiting", False) for i in mine)
    assert all(type(i.created_at) is _dt.date for i in mine)  # still only the day
    assert not any(i.id == post or i.notice for i in _seen(store, other_trainee, space))
    queue = [q for q in Moderation(store, facilitator).queue() if q.id == post]
    assert [q.hidden for q in queue] == ([True] if trainees == 3 else [])
