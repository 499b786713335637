"""The room moving together: time from the facilitator's "move" to every trainee's open
page showing the banner, for a cohort in one live session (protocol clients, SQLite).

    .venv/bin/python bench/room_move.py              # 30 trainees, 5 moves
    .venv/bin/python bench/room_move.py --people 10 --moves 3

A `commonground serve` on a fresh database in a temporary folder; a cohort of N
trainees with their personal links, each opening module 01 (its group agreement is kept
live the way the jargon wall is) as a browser does, without the browser
(``harness.kernel_client.Visitor``), and keeping the kernel socket open. Then the
facilitator moves the room (``commonground.pages.room.RoomControl``, what the presenter
view's button calls) to another activity each time, and each page's time until its
banner's new text arrives on its socket is recorded. In the same run, with the same
pages, a trainee suggests a line for the group agreement and each page's time until it
shows it is recorded: the live shared spaces' refresh today (a poll every
``widgets.spaces._live.INTERVAL`` seconds). Prints p50, p95 and max of each, and their
ratio. The issue's target: p95 <= 2 s at 30 on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench._live import PAGE, close, on_fresh_server, summary, watch_round  # noqa: E402
from commonground import load_course, open_store  # noqa: E402
from commonground.admin.cohorts import ensure_facilitator  # noqa: E402
from commonground.pages.room import RoomControl  # noqa: E402
from commonground.spaces import Agreement  # noqa: E402
from harness.kernel_client import Visitor  # noqa: E402
from widgets.live_room import BANNER_INTERVAL  # noqa: E402
from widgets.spaces._live import INTERVAL  # noqa: E402


async def _run(base: str, url: str, people: int, moves: int) -> None:
    store = open_store(url, create=False)
    course = load_course()
    cohort = store.people.create_cohort("Bench room", "Robin Ng")
    ids = [store.people.add_participant(cohort.id, f"Trainee {i}", f"Agency {i % 5}")
           for i in range(people)]
    tokens = [store.people.issue_link(pid) for pid in ids]
    lead = store.people.get(ensure_facilitator(store, cohort))
    control = RoomControl(store, lead, course)
    visitors = [Visitor(base, PAGE, token=t) for t in tokens]
    start = time.perf_counter()
    visits = await asyncio.gather(*(v.open(600) for v in visitors))
    bad = [v.problem for v in visits if not v.ok]
    print(f"{people} pages opened in {time.perf_counter() - start:.1f} s"
          + (f"; problems: {bad[:3]}" if bad else ""))
    open_ones = [v for v, visit in zip(visitors, visits, strict=True) if visit.ok]
    try:
        targets = [a for a in control.activities if a.anchor][:moves]
        banner: list[float] = []
        for n, activity in enumerate(targets, start=1):
            banner += await watch_round(
                [(v, f"The group is now at: {activity.title}") for v in open_ones],
                lambda key=activity.key: control.move(key))
            print(f"  move {n}: {activity.title}")
        wall: list[float] = []
        author = Agreement(store, store.people.get(ids[0]))
        for n in range(moves):
            line = f"We listen to each other first ({n + 1})"
            wall += await watch_round([(v, line) for v in open_ones],
                                     lambda line=line: author.suggest(line))
        print(f"\n{len(open_ones)} pages; the banner polls every {BANNER_INTERVAL:.0f} s, "
              f"the live spaces every {INTERVAL:.0f} s")
        _b50, b95 = summary("room move -> banner on every page", banner)
        _w50, w95 = summary("agreement suggestion -> on every page (live wall refresh)",
                             wall)
        print(f"banner p95 / live wall p95: {b95 / w95:.2f}; target p95 <= 2 s: "
              f"{'met' if b95 <= 2 else 'not met'}")
    finally:
        await close(visitors, store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--moves", type=int, default=5)
    args = parser.parse_args()
    on_fresh_server("cg-room-move-",
                    lambda base, url: _run(base, url, args.people, args.moves))


if __name__ == "__main__":
    main()
