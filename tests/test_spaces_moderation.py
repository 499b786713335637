"""Facilitator moderation: the queue, hiding and unhiding, and who may moderate."""

from __future__ import annotations

import pytest

from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation, SpaceError

from ._cohorts import facilitator_of, self_paced


@pytest.fixture
def moderation(store, cohort):
    return Moderation(store, facilitator_of(store, cohort).id)


def test_queue_lists_every_trainee_post_newest_first(store, trainee, other_trainee,
                                                     moderation):
    JargonWall(store, trainee.id).add("ITP", "Individual Treatment Plan", "mental health")
    ElephantBox(store, other_trainee.id).add("We compete for the same money")
    Agreement(store, trainee.id).suggest("Phones away", anonymous=True)
    queue = moderation.queue()
    assert [(q.space_name, q.text, q.author) for q in queue] == [
        ("Agreement", "Phones away", None),
        ("Elephant box", "We compete for the same money", None),
        ("Jargon wall", "ITP = Individual Treatment Plan [mental health]",
         "Ana Lee (Family Support)"),
    ]  # the course's starting points are not in the queue


def test_hide_and_unhide(store, trainee, other_trainee, moderation):
    post = JargonWall(store, trainee.id).add("ITP")
    moderation.hide(post)
    assert moderation.queue()[0].hidden
    assert JargonWall(store, other_trainee.id).entries() == []
    moderation.unhide(post)
    assert not moderation.queue()[0].hidden
    assert len(JargonWall(store, other_trainee.id).entries()) == 1


@pytest.mark.parametrize("who", ["trainee", "self-paced"])
def test_only_facilitators_moderate(store, trainee, who):
    person = trainee if who == "trainee" else self_paced(store)
    with pytest.raises(SpaceError, match="Only the cohort's facilitator"):
        Moderation(store, person.id)


def test_unknown_post(moderation):
    with pytest.raises(SpaceError, match="no longer here"):
        moderation.hide(999)
