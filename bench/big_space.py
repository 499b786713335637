"""A busy shared space: a cohort's jargon wall and agreement with 1 000 posts and
reactions from 30 people, against a baseline of 10 posts measured in the same run.

For each space: building the model's data, the view's first render, and a redraw after
one more post. Prints the times and the ratio big / baseline (SQLite).

    .venv/bin/python bench/big_space.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from commonground import open_store
from commonground.spaces import Agreement, JargonWall
from widgets.spaces import AgreementView, JargonWallView

PEOPLE, REACTIONS_EACH = 30, 30
SIZES = (10, 1000)
LIMIT_S = 2.0  # a first render slower than this is too slow for a trainee's page


def timed(fn, repeat: int = 3) -> float:
    """The median of ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(folder: Path, posts: int):
    """A cohort of PEOPLE with ``posts`` jargon posts and as many suggestions, each
    person reacting to REACTIONS_EACH of each (fewer when there are fewer posts)."""
    store = open_store(f"sqlite:///{folder / f'bench{posts}.db'}")
    cohort = store.people.create_cohort(f"Bench {posts}", "Robin")
    people = [store.people.get(store.people.add_participant(cohort.id, f"T{i}", f"Agency {i % 5}"))
              for i in range(PEOPLE)]
    terms, items = [], []
    for n in range(posts):
        person = people[n % PEOPLE]
        terms.append(JargonWall(store, person).add(
            f"Term {n}", "A plain-language meaning of some length. " * 3, "housing",
            same_as=terms[n - 1] if n % 7 == 6 else None))
        items.append(Agreement(store, person).suggest(f"Ground rule number {n}: we listen."))
    for i, person in enumerate(people):
        wall, agreement = JargonWall(store, person), Agreement(store, person)
        for k in range(min(REACTIONS_EACH, posts)):
            wall.mark_didnt_know(terms[(i * 7 + k) % posts])
            agreement.endorse(items[(i * 11 + k) % posts])
    return store, people


def measure(store, people) -> dict[str, float]:
    reader, writer = people[1], people[2]
    out: dict[str, float] = {}
    for name, model_cls, view_cls, post in (
        ("jargon wall", JargonWall, JargonWallView,
         lambda: JargonWall(store, writer).add(f"New {time.perf_counter_ns()}", "meaning")),
        ("agreement", Agreement, AgreementView,
         lambda: Agreement(store, writer).suggest(f"New rule {time.perf_counter_ns()}")),
    ):
        model = model_cls(store, reader)
        data = model.groups if model_cls is JargonWall else model.items
        out[f"{name}: model data"] = timed(data)
        views = []

        def first_render(views=views, view_cls=view_cls):
            views.append(view_cls(store, reader, live=False))

        out[f"{name}: first render"] = timed(first_render)
        view = views[-1]

        def redraw(view=view, post=post):
            post()
            view.live.poll_once()

        out[f"{name}: redraw after a post"] = timed(redraw)
        for v in views:
            v.close()
    return out


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in SIZES:
            store, people = build(Path(tmp), size)
            results[size] = measure(store, people)
            store.dispose()
    small, big = results[SIZES[0]], results[SIZES[-1]]
    print(f"{PEOPLE} people, {REACTIONS_EACH} reactions each on each space; "
          f"median of 3, milliseconds")
    print(f"{'':34}{SIZES[0]:>7} posts{SIZES[-1]:>7} posts   ratio")
    slow = []
    for key in small:
        print(f"{key:34}{small[key]:>13.1f}{big[key]:>13.1f}{big[key] / small[key]:>8.1f}x")
        if "render" in key and big[key] / 1000 > LIMIT_S:
            slow.append(key)
    if slow:
        raise SystemExit(f"too slow (over {LIMIT_S} s): {', '.join(slow)}")


if __name__ == "__main__":
    main()
