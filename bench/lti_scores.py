"""How fast marks reach an LMS's gradebook, and what happens while the LMS is down.

    .venv/bin/python bench/lti_scores.py [--marks 200]

The test LMS (``harness.lti_platform``: lti1p3platform, with its own token and score
checks, which read the course's keys from its ``/lti/jwks``) on localhost and a fresh
course database with ``--marks`` trainees, each with a graded module tracked. One outbox
round (``commonground.lti.grades.outbox_round``: one access token, then one score per
mark) sends them all: prints marks per second. Then the LMS goes down: a round records
every mark as waiting with its next try; prints when the marks would be tried again (the
backoff) if the LMS stayed down for a minute, and that a round after it is back sends
each of them once.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import update  # noqa: E402

from commonground import open_store  # noqa: E402
from commonground.data import _schema  # noqa: E402
from commonground.data.lti_marks import retry_delay  # noqa: E402
from commonground.lti.grades import outbox_round  # noqa: E402
from harness.lti_platform import lti_platform, lti_tool  # noqa: E402

MODULE = "01_safe_environment"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--marks", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cg-bench-scores-") as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'course.db'}")
        keys_at = Path(tmp) / "lti-keys"
        with lti_tool(store, keys_at) as (tool, _site), lti_platform(tool) as lms:
            platform = lms.register_with(store)
            cohort = store.people.create_cohort("Bench")
            for n in range(args.marks):
                pid = store.people.add_participant(cohort.id, f"Trainee {n}")
                store.lti_marks.track(pid, MODULE, platform.id, f"sub-{n}",
                                      f"{lms.url}/lineitems/{MODULE}")
            start = time.perf_counter()
            first = outbox_round(store, keys_at)
            took = time.perf_counter() - start
            print(f"{first.sent} marks sent in {took:.2f} s: {first.sent / took:.0f} marks/s "
                  f"({len(lms.scores)} received by the LMS)")
            for pid in [m.participant_id for m in store.lti_marks.tracked()]:
                store.progress.complete(pid, MODULE)
            lms.down = True
            down = outbox_round(store, keys_at)
            print(f"LMS down: {down.queued} new marks queued, {down.sent} sent, "
                  f"{len(down.failed)} recorded as waiting ({down.failed[0]})")
            waits, elapsed, attempts = [], 0.0, 1
            while elapsed <= 60:  # an LMS down for a minute
                elapsed += retry_delay(attempts).total_seconds()
                waits.append(elapsed)
                attempts += 1
            print("with the LMS down for 60 s, tries at 0 s, then "
                  + ", ".join(f"{w:.0f} s" for w in waits)
                  + f": the marks arrive at most {waits[-1] - 60:.0f} s after it is back")
            lms.down = False
            with store.write() as conn:  # the clock moved on to the next try
                conn.execute(update(_schema.lti_marks).values(
                    next_try_at=_dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)))
            start = time.perf_counter()
            back = outbox_round(store, keys_at)
            took = time.perf_counter() - start
            print(f"LMS back: {back.sent} sent in {took:.2f} s; a further round sends "
                  f"{outbox_round(store, keys_at).sent} (each mark once); the LMS holds "
                  f"{len(lms.scores)} scores")
        store.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
