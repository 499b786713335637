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
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import load_course, open_store  # noqa: E402
from commonground.admin.cohorts import ensure_facilitator  # noqa: E402
from commonground.pages.room import RoomControl  # noqa: E402
from commonground.spaces import Agreement  # noqa: E402
from harness.browser import course_server  # noqa: E402
from harness.kernel_client import Visitor  # noqa: E402
from widgets.live_room import BANNER_INTERVAL  # noqa: E402
from widgets.spaces._live import INTERVAL  # noqa: E402

PAGE = "/voila/render/01_safe_environment.ipynb"
DEADLINE = 60.0  # seconds a page may take to show a change before it counts as missed


async def _watch(visitor: Visitor, words: str, started: list[float]) -> float:
    """Seconds from ``started[0]`` until a widget update on this page holds ``words``."""
    while True:
        incoming = await visitor.receive()
        if incoming.header.get("msg_type") != "comm_msg":
            continue
        data = incoming.content().get("data", {})
        state = data.get("state", {}) if isinstance(data, dict) else {}
        if any(isinstance(v, str) and words in v for v in state.values()):
            return time.perf_counter() - started[0]


async def _round(visitors: list[Visitor], words: str, act) -> list[float]:
    started = [time.perf_counter()]
    watchers = [asyncio.create_task(asyncio.wait_for(_watch(v, words, started), DEADLINE))
                for v in visitors]
    await asyncio.sleep(0.2)  # every watcher is reading
    started[0] = time.perf_counter()
    await asyncio.to_thread(act)
    results = await asyncio.gather(*watchers, return_exceptions=True)
    return [r if isinstance(r, float) else float("inf") for r in results]


def _summary(name: str, seconds: list[float]) -> tuple[float, float]:
    got = sorted(s for s in seconds if s != float("inf"))
    missed = len(seconds) - len(got)
    p50 = statistics.median(got) if got else float("nan")
    p95 = got[max(0, round(0.95 * len(got)) - 1)] if got else float("nan")
    print(f"{name}: {len(got)} of {len(seconds)} pages in time; p50 {p50:.2f} s, "
          f"p95 {p95:.2f} s, max {got[-1] if got else float('nan'):.2f} s"
          + (f"; {missed} missed ({DEADLINE:.0f} s)" if missed else ""))
    return p50, p95


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
            banner += await _round(open_ones, f"The group is now at: {activity.title}",
                                   lambda key=activity.key: control.move(key))
            print(f"  move {n}: {activity.title}")
        wall: list[float] = []
        author = Agreement(store, store.people.get(ids[0]))
        for n in range(moves):
            line = f"We listen to each other first ({n + 1})"
            wall += await _round(open_ones, line, lambda line=line: author.suggest(line))
        print(f"\n{len(open_ones)} pages; the banner polls every {BANNER_INTERVAL:.0f} s, "
              f"the live spaces every {INTERVAL:.0f} s")
        _b50, b95 = _summary("room move -> banner on every page", banner)
        _w50, w95 = _summary("agreement suggestion -> on every page (live wall refresh)",
                             wall)
        print(f"banner p95 / live wall p95: {b95 / w95:.2f}; target p95 <= 2 s: "
              f"{'met' if b95 <= 2 else 'not met'}")
    finally:
        for v in visitors:
            await v.close()
        store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--moves", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-room-move-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'course.db'}"
        with course_server(url, Path(tmp) / "serve.log") as base:
            asyncio.run(_run(base, url, args.people, args.moves))


if __name__ == "__main__":
    main()
