"""Module 04 in a real browser with a busy jargon wall: Debian's Chromium opens the page
LOADS times in a row from one freshly started `commonground serve`, with an empty wall and
with a busy one, and prints the median and slowest load, the ratio to the empty wall, and
how many loads did not finish (a page that shows "did not load", or no wall within 150 s).

    .venv/bin/python bench/wall_chromium.py [--terms 150] [--loads 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from harness.browser import course_server, launch_chromium
from harness.spaces import busy_wall

PAGE = "/voila/render/04_jargon_and_uncomfortable_moments.ipynb"


def loads(folder: Path, terms: int, count: int) -> tuple[list[float], int]:
    """Seconds for each load until the wall's last term shows, and how many failed."""
    url, token = busy_wall(folder, terms)
    last = f"Term {terms - 1}" if terms else "Jargon wall"  # the space's own title
    times, failed = [], 0
    with course_server(url, folder / f"serve{terms}.log") as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_context().new_page()
        page.goto(f"{base}/?t={token}")  # signs in; later loads use the cookie
        for _ in range(count):
            start = time.perf_counter()
            page.goto(base + PAGE)
            try:
                page.get_by_text(last, exact=True).first.wait_for(timeout=150_000)
                failed += page.get_by_text("did not load").count() > 0
            except PlaywrightError:
                failed += 1
            times.append(time.perf_counter() - start)
        browser.close()
    return times, failed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--terms", type=int, default=150)
    parser.add_argument("--loads", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        empty, empty_failed = loads(Path(tmp), 0, args.loads)
        busy, busy_failed = loads(Path(tmp), args.terms, args.loads)
    base = statistics.median(empty)
    print(f"module 04 in Chromium, {args.loads} loads in a row, seconds")
    for label, times, failed in (("empty wall", empty, empty_failed),
                                 (f"{args.terms} terms", busy, busy_failed)):
        print(f"{label:14} median {statistics.median(times):6.2f}  slowest {max(times):6.2f}  "
              f"ratio {statistics.median(times) / base:4.1f}x  did not load {failed}")
    if empty_failed or busy_failed:
        raise SystemExit("some loads did not finish")


if __name__ == "__main__":
    main()
