"""What the live-room benchmarks share (``room_move.py``, ``play_together.py``): a fresh
`commonground serve` on its own SQLite database, protocol-client pages watched for words
to arrive, and the p50/p95 summary they print.

A page's watcher counts the seconds from the moment the change is made until a widget
made or updated on that page holds the words; a page that never shows them within
:data:`DEADLINE` counts as missed.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from harness.browser import course_server
from harness.kernel_client import Visitor

__all__ = ["DEADLINE", "PAGE", "close", "on_fresh_server", "summary", "watch_round"]

PAGE = "/voila/render/01_safe_environment.ipynb"
DEADLINE = 60.0  # seconds a page may take to show a change before it counts as missed
_WIDGET_MESSAGES = ("comm_msg", "comm_open")  # an update, or a new widget (a new scene)


async def _watch(visitor: Visitor, words: str, started: list[float]) -> float:
    while True:
        incoming = await visitor.receive()
        if incoming.header.get("msg_type") not in _WIDGET_MESSAGES:
            continue
        data = incoming.content().get("data", {})
        state = data.get("state", {}) if isinstance(data, dict) else {}
        if any(isinstance(v, str) and words in v for v in state.values()):
            return time.perf_counter() - started[0]


async def watch_round(pages: list[tuple[Visitor, str]], act: Callable[[], object]
                      ) -> list[float]:
    """Run ``act`` (in a thread) and return each page's seconds until it shows its words
    (``inf`` when missed)."""
    started = [time.perf_counter()]
    watchers = [asyncio.create_task(asyncio.wait_for(_watch(v, words, started), DEADLINE))
                for v, words in pages]
    await asyncio.sleep(0.2)  # every watcher is reading
    started[0] = time.perf_counter()
    await asyncio.to_thread(act)
    results = await asyncio.gather(*watchers, return_exceptions=True)
    return [r if isinstance(r, float) else float("inf") for r in results]


def summary(name: str, seconds: list[float]) -> tuple[float, float]:
    """Print and return p50 and p95 of the pages that showed the change in time."""
    got = sorted(s for s in seconds if s != float("inf"))
    missed = len(seconds) - len(got)
    p50 = statistics.median(got) if got else float("nan")
    p95 = got[max(0, round(0.95 * len(got)) - 1)] if got else float("nan")
    print(f"{name}: {len(got)} of {len(seconds)} pages in time; p50 {p50:.2f} s, "
          f"p95 {p95:.2f} s, max {got[-1] if got else float('nan'):.2f} s"
          + (f"; {missed} missed ({DEADLINE:.0f} s)" if missed else ""))
    return p50, p95


async def close(visitors: list[Visitor], store) -> None:
    for v in visitors:
        await v.close()
    store.dispose()


def on_fresh_server(prefix: str, run: Callable[[str, str], Awaitable[None]]) -> None:
    """Start a course server on a new database in a temporary folder and run
    ``run(base_address, database_url)`` against it."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        url = f"sqlite:///{Path(tmp) / 'course.db'}"
        with course_server(url, Path(tmp) / "serve.log") as base:
            asyncio.run(run(base, url))
