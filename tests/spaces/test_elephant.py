"""The elephant box: always anonymous, read by the facilitator, surfaced to the cohort."""

from __future__ import annotations

import pytest

from commonground.admin import cohorts as cohort_admin
from commonground.admin.cohorts import CohortArchivedError
from commonground.spaces import ElephantBox, Moderation, SpaceError
from commonground.spaces.elephant import TEXT_LIMIT
from tests._cohorts import facilitator_of, self_paced


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


def test_only_the_facilitator_reads_until_surfaced(store, trainee, other_trainee, third_trainee,
                                                   facilitator):
    post = ElephantBox(store, trainee).add("The agenda is always the department's.")
    ben = ElephantBox(store, other_trainee)
    assert ben.surfaced() == [] and ben.mine() == []
    with pytest.raises(SpaceError, match="Only the cohort's facilitator"):
        ben.everything()
    [seen] = ElephantBox(store, facilitator).everything()
    assert seen.text == "The agenda is always the department's." and not seen.surfaced
    ElephantBox(store, facilitator).surface(post)
    [shared] = ben.surfaced()
    assert shared.text == seen.text and shared.surfaced
    ElephantBox(store, facilitator).surface(post, False)
    assert ben.surfaced() == []


def test_the_writer_sees_their_own(store, trainee):
    box = ElephantBox(store, trainee)
    box.add("first")
    box.add("second")
    assert sorted(e.text for e in box.mine()) == ["first", "second"]


def test_always_anonymous_everywhere(store, trainee, other_trainee, third_trainee, facilitator):
    post = ElephantBox(store, trainee).add("Nobody says the funding is the problem.")
    ElephantBox(store, facilitator).surface(post)
    queue = Moderation(store, facilitator).queue()
    assert [q.author for q in queue] == [None]
    for seen in (ElephantBox(store, facilitator).everything(), queue,
                 ElephantBox(store, other_trainee).surfaced()):
        assert "Ana" not in repr(seen) and "Family Support" not in repr(seen)


def test_trainees_cannot_surface(store, trainee, other_trainee):
    post = ElephantBox(store, trainee).add("x")
    with pytest.raises(SpaceError, match="Only the cohort's facilitator"):
        ElephantBox(store, other_trainee).surface(post)


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Please write the elephant first"),
     ("e" * (TEXT_LIMIT + 1), f"{TEXT_LIMIT + 1:,} characters long")],
)
def test_limits(store, trainee, text, message):
    with pytest.raises(SpaceError, match=message):
        ElephantBox(store, trainee).add(text)


def test_hidden_elephants_leave_the_cohort_view(store, trainee, other_trainee, third_trainee,
                                               facilitator):
    post = ElephantBox(store, trainee).add("x")
    ElephantBox(store, facilitator).surface(post)
    Moderation(store, facilitator).hide(post)
    assert ElephantBox(store, other_trainee).surfaced() == []
    assert ElephantBox(store, trainee).surfaced() == []  # its writer too: not shared now
    [mine] = ElephantBox(store, trainee).mine()  # but told what happened to it
    assert mine.hidden and mine.notice == (
        "Your facilitator took this out of the box. It will not be shared with the cohort.")
    assert ElephantBox(store, other_trainee).mine() == []
    [seen] = ElephantBox(store, facilitator).everything()
    assert seen.hidden and not seen.notice


def test_self_paced_box_is_a_private_note(store):
    learner = self_paced(store)
    box = ElephantBox(store, learner)
    box.add("Just for me")
    assert box.self_paced and [e.text for e in box.mine()] == ["Just for me"]


def test_archived_cohort_is_read_only(store, cohort, trainee, facilitator):
    post = ElephantBox(store, trainee).add("x")
    cohort_admin.archive(store, cohort.name)
    with pytest.raises(CohortArchivedError):
        ElephantBox(store, trainee).add("y")
    with pytest.raises(CohortArchivedError):
        ElephantBox(store, facilitator).surface(post)
    assert len(ElephantBox(store, trainee).mine()) == 1
