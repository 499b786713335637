"""A busy shared space: a cohort's jargon wall and agreement with 1 000 posts and
reactions from 30 people, against a baseline of 10 posts measured in the same run.

For each space: building the model's data, the view's first render, and a redraw after
one more post. Prints the times and the ratio big / baseline (SQLite).

Then the served page: module 04 opened LOADS times in a row, from a freshly started
`commonground serve`, by the protocol client (what a browser does to make the page
usable), with an empty wall and with a busy one; prints the median and slowest load,
the ratio to the empty wall, and how many loads timed out (the first loads of a fresh
server once waited out Voila's 2-minute IOPub timeout at 100-150 terms).

    .venv/bin/python bench/big_space.py [--served-posts 150] [--loads 10]
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
MODULE_04 = "/voila/render/04_jargon_and_uncomfortable_moments.ipynb"


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


def served(folder: Path, posts: int, loads: int) -> list[float]:
    """Seconds until module 04 was usable, for each of ``loads`` loads in a row (a load
    that did not become usable counts as infinite)."""
    import asyncio
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from harness.browser import course_server
    from harness.kernel_client import Visitor
    from harness.spaces import busy_wall

    url, token = busy_wall(folder, posts)

    async def one(base: str) -> float:
        visitor = Visitor(base, MODULE_04, token=token, label="")
        visit = await visitor.open(200)
        await visitor.close()
        return float("inf") if visit.problem else visit.seconds

    with course_server(url, folder / f"serve{posts}.log") as base:
        return [asyncio.run(one(base)) for _ in range(loads)]


def report_served(posts: int, loads: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        empty = served(Path(tmp), 0, loads)
        busy = served(Path(tmp), posts, loads)
    base = statistics.median(empty)
    print(f"\nmodule 04 served, {loads} loads in a row from a fresh server, seconds")
    for label, times in (("empty wall", empty), (f"{posts} terms", busy)):
        ok = [t for t in times if t != float("inf")]
        print(f"{label:34}median {statistics.median(times):6.2f}  slowest {max(ok or [0]):6.2f}"
              f"  ratio {statistics.median(times) / base:5.1f}x  timed out "
              f"{len(times) - len(ok)}")


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--served-posts", type=int, default=150)
    parser.add_argument("--loads", type=int, default=10)
    args = parser.parse_args()
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
    report_served(args.served_posts, args.loads)
    if slow:
        raise SystemExit(f"too slow (over {LIMIT_S} s): {', '.join(slow)}")


if __name__ == "__main__":
    main()
