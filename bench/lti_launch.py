"""How long a launch from an LMS takes to a usable page, against opening the same module
with a personal link, in one run.

    .venv/bin/python bench/lti_launch.py [--rounds 3]

One `commonground serve` and the test LMS (``harness.lti_platform``: lti1p3platform on
localhost), one Chromium. Each round opens module 01 twice in fresh browser contexts,
alternating which goes first: by the trainee's personal link, and by an LTI launch
(the LMS's start, the course's login and cookie check, the LMS's signed form, the
launch, the module). "Usable" is the page showing "Signed in as <name>" (the course has
read the sign-in cookie and drawn the person's page). Prints each time and the ratio of
the medians (launch / personal link).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from commonground import open_store  # noqa: E402
from harness.browser import course_server, launch_chromium  # noqa: E402
from harness.lti_platform import lti_platform  # noqa: E402

MODULE = "01_safe_environment"


def _time(browser, url: str, name: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(120_000)
    start = time.perf_counter()
    page.goto(url)
    page.get_by_text(f"Signed in as {name}").wait_for()
    took = time.perf_counter() - start
    context.close()
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-bench-lti-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'course.db'}"
        with lti_platform("") as lms:
            store = open_store(url)
            lms.register_with(store)
            cohort = store.people.create_cohort("Bench cohort", "Robin")
            with course_server(url, Path(tmp) / "serve.log") as base:
                lms.tool = base + "/"
                times: dict[str, list[float]] = {"personal link": [], "LTI launch": []}
                with sync_playwright() as p:
                    browser = launch_chromium(p)
                    warm = store.people.issue_link(store.people.add_participant(
                        cohort.id, "Warm Up"))
                    _time(browser, f"{base}/voila/render/{MODULE}.ipynb?t={warm}", "Warm Up")
                    for n in range(args.rounds):
                        pid = store.people.add_participant(cohort.id, f"Link Person {n}")
                        token = store.people.issue_link(pid)
                        runs = [("personal link", f"{base}/voila/render/{MODULE}.ipynb?t={token}",
                                 f"Link Person {n}"),
                                ("LTI launch", lms.start(who="learner", sub=f"bench-{n}",
                                                         name=f"LMS Person {n}",
                                                         module=MODULE), f"LMS Person {n}")]
                        for what, address, name in (runs if n % 2 == 0 else runs[::-1]):
                            times[what].append(_time(browser, address, name))
                    browser.close()
            store.dispose()
    for what, found in times.items():
        print(f"{what:>14}: " + ", ".join(f"{t:.2f} s" for t in found)
              + f" (median {statistics.median(found):.2f} s)")
    ratio = statistics.median(times["LTI launch"]) / statistics.median(times["personal link"])
    print(f"ratio LTI launch / personal link: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
