"""The anonymity rule (commonground.data.anonymity): who could have written an item, its
day, its order."""

from __future__ import annotations

import datetime as _dt
import random
from dataclasses import dataclass

from commonground.data.anonymity import MIN_AUTHORS, Cover, day, present
from commonground.scenario.debrief import prompt_id

NOON = _dt.datetime(2026, 3, 2, 1, 27, 54, tzinfo=_dt.UTC)


@dataclass(frozen=True)
class Item:
    text: str
    author: str | None
    created_at: _dt.date
    mine: bool = False
    prompt: str | None = None


def _items(n: int = 8) -> list[Item]:
    return [Item(f"words {i}", None if i % 2 else f"Person {i}", NOON + _dt.timedelta(seconds=i))
            for i in range(n)]


def _present(items, cover, **kw):
    return present(items, cover, anonymous=lambda i: i.author is None, words=lambda i: i.text,
                   mine=lambda i: i.mine, prompt=lambda i: i.prompt, **kw)


class Counted(Cover):
    """A cover with the counts given, for the ordering rules alone."""

    def __init__(self, authors: int):
        self.cohort_id, self._n = 1, authors

    def authors(self, prompt_id=None):
        return self._n


def test_the_threshold_is_three():
    assert MIN_AUTHORS == 3


def test_a_day_and_nothing_finer():
    assert day(NOON) == NOON.astimezone().date()
    assert day(NOON.replace(tzinfo=None)) == NOON.astimezone().date()  # naive is UTC
    assert day(_dt.date(2026, 3, 2)) == _dt.date(2026, 3, 2)
    assert type(day(NOON)) is _dt.date


def test_named_items_first_as_given_then_anonymous_apart_with_the_day():
    items = _items()
    shown = _present(items, Counted(3))
    named, anonymous = shown[:4], shown[4:]
    assert named == [i for i in items if i.author]  # untouched, in the caller's order
    assert all(i.author is None for i in anonymous)
    assert all(type(i.created_at) is _dt.date for i in anonymous)


def test_the_anonymous_order_does_not_follow_posting():
    items = _items(40)
    orders = set()
    for seed in range(5):
        shuffled = items[:]
        random.Random(seed).shuffle(shuffled)
        orders.add(tuple(i.text for i in _present(shuffled, Counted(3)) if i.author is None))
    assert len(orders) == 1  # the same order, whatever order they came in
    [order] = orders
    by_time = tuple(i.text for i in items if i.author is None)
    assert order != by_time and order != by_time[::-1]


def test_below_three_only_the_author_sees_their_own():
    items = [*_items(4), Item("my own", None, NOON, mine=True)]
    assert [i.text for i in _present(items, Counted(2))] == ["words 0", "words 2", "my own"]
    assert len(_present(items, Counted(3))) == 5


def test_the_cover_is_asked_per_place():
    class PerPlace(Counted):
        def authors(self, prompt_id=None):
            return {"wide": 5, "narrow": 2}[prompt_id]

    items = [Item("a", None, NOON, prompt="wide"), Item("b", None, NOON, prompt="narrow")]
    assert [i.text for i in _present(items, PerPlace(0))] == ["a"]


def test_anonymous_items_are_grouped_by_question():
    items = [Item(f"t{i}", None, NOON, prompt=f"p{i % 3}") for i in range(9)]
    assert [i.prompt for i in _present(items, Counted(3))] == ["p0"] * 3 + ["p1"] * 3 + ["p2"] * 3


def test_who_could_have_written_it(store, cohort, trainee, other_trainee):
    assert Cover(store, cohort.id).authors() == 2
    store.people.add_participant(cohort.id, "Robin", kind="facilitator")
    assert Cover(store, cohort.id).authors() == 2  # the facilitator never counts
    store.people.add_participant(cohort.id, "Cat Diaz", "Health")
    cover = Cover(store, cohort.id)
    assert cover.authors() == cover.authors("welcome-why-here") == 3 and cover.covers()
    assert Cover(store, None).authors() == 0  # a self-paced learner's own space


def test_an_after_play_question_counts_those_who_were_asked_it(store, cohort, trainee,
                                                              other_trainee, third_trainee):
    from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
    from tests._walks import walks

    scenario = get_scenario("traumatised_organisation")
    path = next(w.choices for w in walks(scenario, "facilitator")
                if w.ending == "ending_business_only")
    question = prompt_id(scenario.id, "facilitator", "ending_business_only")
    elsewhere = prompt_id(scenario.id, "returning_worker", "ending_business_only")
    for n, person in enumerate((trainee, other_trainee, third_trainee)):
        assert Cover(store, cohort.id).authors(question) == n
        model = ScenarioPlayerModel(store, person, scenario)
        model.start("facilitator")
        for choice in path:
            model.choose(choice)
    cover = Cover(store, cohort.id)
    assert cover.authors(question) == 3 and cover.covers(question)
    assert cover.authors(elsewhere) == 0  # another seat's question at the same ending
    assert cover.authors(f"scenario-{scenario.id}") == 3  # answers kept from before seats
