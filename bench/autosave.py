"""Draft-save latency on SQLite: one writer alone, then 30 writer processes at once,
in the same run and on the same kind of database file.

    .venv/bin/python bench/autosave.py [--writers 30] [--saves 100] [--pause 0]

Each writer is a separate process (as each trainee's kernel is) with its own
reflection, saving drafts through ``ReflectionModel.save`` (what the debounced box
calls). ``--pause`` seconds between saves; the default 0 is the worst case: every
writer saves back to back, far more often than typing with a 0.8 s debounce would.
Prints p50/p95 per save for both runs and the ratios (30 writers / 1 writer).
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import ReflectionModel, open_store  # noqa: E402
from commonground.course import load_course  # noqa: E402

PROMPT = ("welcome-why-here", "00_welcome")
FILLER = "A paragraph of reflection about working across agencies. " * 20  # ~160 words


def _writer(db_url, participant_id, saves, pause, start, results):
    store = open_store(db_url)
    model = ReflectionModel(store, store.people.get(participant_id),
                            load_course().prompt(*PROMPT))
    times, failures = [], 0
    start.wait()
    for i in range(saves):
        model.edit(f"{FILLER} draft {i}")
        began = time.perf_counter()
        failures += not model.save()
        times.append(time.perf_counter() - began)
        if pause:
            time.sleep(pause)
    results.put((times, failures))
    store.dispose()


def run(writers: int, saves: int, pause: float, folder: Path) -> tuple[list[float], int, float]:
    db_url = f"sqlite:///{folder / f'autosave-{writers}.db'}"
    store = open_store(db_url)
    cohort = store.people.create_cohort("Bench", "Bench")
    ids = [store.people.add_participant(cohort.id, f"Writer {i}") for i in range(writers)]
    store.dispose()
    ctx = multiprocessing.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(db_url, pid, saves, pause, start, results))
             for pid in ids]
    for p in procs:
        p.start()
    time.sleep(1.0)  # let every process import and open the database first
    began = time.perf_counter()
    start.set()
    reports = [results.get(timeout=600) for _ in procs]
    wall = time.perf_counter() - began
    for p in procs:
        p.join()
    times = [t for ts, _ in reports for t in ts]
    return times, sum(f for _, f in reports), wall


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        rows = {n: run(n, args.saves, args.pause, Path(tmp)) for n in (1, args.writers)}
    print(f"Draft saves on SQLite (WAL, BEGIN IMMEDIATE), {args.saves} saves per writer, "
          f"pause {args.pause:g} s")
    print(f"{'writers':>8} {'saves':>6} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'saves/s':>8}")
    stats = {}
    for n, (times, failed, wall) in rows.items():
        p50, p95 = pct(times, 50) * 1000, pct(times, 95) * 1000
        stats[n] = (p50, p95)
        print(f"{n:>8} {len(times):>6} {failed:>6} {p50:>8.2f} {p95:>8.2f} "
              f"{max(times) * 1000:>8.1f} {len(times) / wall:>8.0f}")
    (a50, a95), (b50, b95) = stats[1], stats[args.writers]
    print(f"ratio {args.writers} writers / 1 writer: p50 x{b50 / a50:.1f}, p95 x{b95 / a95:.1f}")
    return 1 if any(failed for _, failed, _ in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
