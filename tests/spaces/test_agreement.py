"""The safe-space agreement: four starting points, endorsements, suggestions and the
facilitator's final wording."""

from __future__ import annotations

import threading

import pytest

from commonground.admin import cohorts as cohort_admin
from commonground.admin.cohorts import CohortArchivedError
from commonground.spaces import STARTING_POINTS, Agreement, Moderation, SpaceError
from commonground.spaces.agreement import ITEM_LIMIT, MAX_ITEMS
from tests._cohorts import facilitator_of, self_paced


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


def test_starts_from_the_four_ingredients_once(store, trainee, other_trainee):
    a, b = Agreement(store, trainee), Agreement(store, other_trainee)
    assert [i.text for i in a.items()] == list(STARTING_POINTS)
    assert [i.text for i in b.items()] == list(STARTING_POINTS)  # not added twice
    assert all(i.starting_point and i.author is None and not i.mine for i in a.items())


def test_starting_points_are_added_once_by_racing_kernels(db_url, trainee):
    from commonground import open_store

    stores = [open_store(db_url) for _ in range(4)]
    threads = [threading.Thread(target=lambda s=s: Agreement(s, trainee).items())
               for s in stores]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(Agreement(stores[0], trainee).items()) == len(STARTING_POINTS)
    for s in stores:
        s.dispose()


def test_endorse_and_suggest(store, trainee, other_trainee, third_trainee):
    a, b = Agreement(store, trainee), Agreement(store, other_trainee)
    first = a.items()[0].id
    a.endorse(first)
    b.endorse(first)
    b.endorse(first, False)
    mine = a.suggest("Phones away while we talk", anonymous=True)
    named = b.suggest("We say pass when we need to")
    items = {i.id: i for i in a.items()}
    assert (items[first].endorsements, items[first].i_endorse) == (1, True)
    assert items[mine].mine and items[mine].author is None
    assert items[named].author == "Ben Cho (Housing)"
    assert {i.id: i for i in b.items()}[mine].author is None


def test_only_the_facilitator_finalises(store, trainee, facilitator):
    with pytest.raises(SpaceError, match="Only the cohort's facilitator"):
        Agreement(store, trainee).finalise(["x"])
    agreed = Agreement(store, facilitator).finalise(["  One ", "", "Two"])
    assert agreed.items == ("One", "Two")
    assert Agreement(store, trainee).agreed().items == ("One", "Two")
    Agreement(store, facilitator).finalise(["Three"])
    assert Agreement(store, trainee).agreed().items == ("Three",)  # the latest counts


@pytest.mark.parametrize(
    ("items", "message"),
    [([], "at least one item"), (["", "  "], "at least one item"),
     (["x"] * (MAX_ITEMS + 1), f"keep it to {MAX_ITEMS}"),
     (["ok", "y" * (ITEM_LIMIT + 1)], "The ground rule on line 2 is")],
)
def test_finalise_limits(store, facilitator, items, message):
    with pytest.raises(SpaceError, match=message):
        Agreement(store, facilitator).finalise(items)
    assert Agreement(store, facilitator).agreed() is None


def test_suggestion_limit(store, trainee):
    with pytest.raises(SpaceError, match=f"keep it to {ITEM_LIMIT}"):
        Agreement(store, trainee).suggest("s" * (ITEM_LIMIT + 1))


def test_hidden_suggestions_vanish_for_trainees(store, trainee, other_trainee, facilitator):
    post = Agreement(store, trainee).suggest("Something unkind")
    Moderation(store, facilitator).hide(post)
    assert "Something unkind" not in repr(Agreement(store, other_trainee).items())
    with pytest.raises(SpaceError):
        Agreement(store, other_trainee).endorse(post)
    assert [i.hidden for i in Agreement(store, facilitator).items() if i.id == post] == [True]


def test_the_author_of_a_hidden_suggestion_is_told(store, trainee, other_trainee, facilitator):
    post = Agreement(store, trainee).suggest("Something unkind", anonymous=True)
    Moderation(store, facilitator).hide(post)
    [mine] = [i for i in Agreement(store, trainee).items() if i.id == post]
    assert mine.notice == "Your facilitator took this off the list. Only you can see it now."
    assert all(not i.notice for i in Agreement(store, other_trainee).items()
               + Agreement(store, facilitator).items())
    assert post not in [i.id for i in Agreement(store, other_trainee).items()]


def test_self_paced_learner_agrees_their_own(store, trainee):
    learner = self_paced(store)
    own = Agreement(store, learner)
    assert own.can_finalise and len(own.items()) == len(STARTING_POINTS)
    own.finalise(["Mine"])
    assert own.agreed().items == ("Mine",)
    assert Agreement(store, trainee).agreed() is None


def test_archived_cohort_is_read_only(store, cohort, trainee, facilitator):
    Agreement(store, facilitator).finalise(["One"])
    cohort_admin.archive(store, cohort.name)
    first = Agreement(store, trainee).items()[0].id
    for write in (lambda: Agreement(store, trainee).suggest("x"),
                  lambda: Agreement(store, trainee).endorse(first),
                  lambda: Agreement(store, facilitator).finalise(["Two"])):
        with pytest.raises(CohortArchivedError):
            write()
    assert Agreement(store, trainee).agreed().items == ("One",)
