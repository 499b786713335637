"""Cohort isolation and anonymity over every shared-space model.

Nothing of cohort A reaches a participant of cohort B (trainee or facilitator) or a
self-paced learner, and an anonymous post never carries its author to anyone."""

from __future__ import annotations

import pytest

from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation, SpaceError
from tests._cohorts import facilitator_of, other_cohort_trainee, self_paced

SECRET = "Zanzibar-7"


def _post(store, space, author, facilitator, anonymous=False):
    """Put SECRET into a space of the author's cohort, as far as the cohort can see it.
    Returns the post id."""
    if space == "jargon":
        return JargonWall(store, author).add(SECRET, "a meaning", "housing",
                                                anonymous=anonymous)
    if space == "elephant":
        post = ElephantBox(store, author).add(f"The {SECRET} elephant")
        if author.cohort_id is not None:
            ElephantBox(store, facilitator).surface(post)
        return post
    post = Agreement(store, author).suggest(f"We say {SECRET}", anonymous=anonymous)
    Agreement(store, facilitator).finalise([f"We say {SECRET}"])
    return post


def _everything_seen(store, person) -> str:
    """Everything a participant can read in every space, as text."""
    seen = [
        JargonWall(store, person).groups(),
        ElephantBox(store, person).surfaced(),
        ElephantBox(store, person).mine(),
        Agreement(store, person).items(),
        Agreement(store, person).agreed(),
    ]
    if person.is_facilitator:
        seen += [ElephantBox(store, person).everything(), Moderation(store, person).queue()]
    return repr(seen)


def _touch(store, space, person, post_id):
    """Every write a participant could aim at one post."""
    if space == "jargon":
        wall = JargonWall(store, person)
        yield lambda: wall.mark_didnt_know(post_id)
        yield lambda: wall.add("ISP", same_as=post_id)
    elif space == "elephant" and person.is_facilitator:
        yield lambda: ElephantBox(store, person).surface(post_id, False)
    elif space == "agreement":
        yield lambda: Agreement(store, person).endorse(post_id)
    if person.is_facilitator:
        yield lambda: Moderation(store, person).hide(post_id)


SPACES = ["jargon", "elephant", "agreement"]


@pytest.fixture
def outsiders(store):
    """A trainee and the facilitator of another cohort, and a self-paced learner."""
    other = other_cohort_trainee(store)
    return {
        "other cohort's trainee": other,
        "other cohort's facilitator": facilitator_of(store, store.people.cohort(other.cohort_name)),
        "self-paced learner": self_paced(store),
        "JupyterHub learner": self_paced(store, "hub:someone"),
    }


@pytest.mark.parametrize("space", SPACES)
def test_nothing_of_a_cohort_reaches_outsiders(store, cohort, trainee, other_trainee,
                                               third_trainee, outsiders, space):
    facilitator = facilitator_of(store, cohort)
    post = _post(store, space, trainee, facilitator)
    assert SECRET in _everything_seen(store, other_trainee)  # the cohort does see it
    for who, person in outsiders.items():
        assert SECRET not in _everything_seen(store, person), who
        for write in _touch(store, space, person, post):
            with pytest.raises(SpaceError, match=r"no longer here|Only the cohort"):
                write()
    assert SECRET in _everything_seen(store, other_trainee)  # nothing above changed it


@pytest.mark.parametrize("space", SPACES)
def test_a_self_paced_space_is_private(store, cohort, trainee, outsiders, space):
    learner = outsiders["self-paced learner"]
    facilitator = facilitator_of(store, cohort)
    post = _post(store, space, learner, learner)  # they finalise their own agreement
    assert SECRET in _everything_seen(store, learner)
    for person in (trainee, facilitator, outsiders["JupyterHub learner"],
                   outsiders["other cohort's facilitator"]):
        assert SECRET not in _everything_seen(store, person)
        for write in _touch(store, space, person, post):
            with pytest.raises(SpaceError):
                write()


@pytest.mark.parametrize("space", SPACES)
def test_anonymous_posts_carry_no_author(store, cohort, trainee, other_trainee, third_trainee,
                                         space):
    facilitator = facilitator_of(store, cohort)
    _post(store, space, trainee, facilitator, anonymous=True)
    for person in (other_trainee, facilitator):
        seen = _everything_seen(store, person)
        assert SECRET in seen
        assert trainee.display_name not in seen and trainee.agency not in seen


def test_named_posts_show_name_and_agency(store, trainee, other_trainee):
    JargonWall(store, trainee).add("ITP", "Individual Treatment Plan")
    [entry] = JargonWall(store, other_trainee).entries()
    assert entry.author == "Ana Lee (Family Support)" and not entry.mine
    assert JargonWall(store, trainee).entries()[0].mine


def test_the_author_alone_knows_an_anonymous_post_is_theirs(store, trainee, other_trainee,
                                                            third_trainee):
    JargonWall(store, trainee).add("ITP", anonymous=True)
    assert JargonWall(store, trainee).entries()[0].mine
    assert not JargonWall(store, other_trainee).entries()[0].mine
