"""Draft-save latency on SQLite and on PostgreSQL: one writer alone, then 30 writer
processes at once, in the same run, on each database.

    .venv/bin/python bench/autosave.py [--writers 30] [--saves 100] [--pause 0]
                                       [--postgresql URL]

PostgreSQL: the server named by ``--postgresql`` or by the PG* environment variables
(each run works in a schema of its own, dropped afterwards). With neither, the bench
runs itself again under Debian's ``pg_virtualenv`` (a throw-away server) when that is
installed, and otherwise says plainly that the PostgreSQL half was not run.

Each writer is a separate process (as each trainee's kernel is) with its own
reflection, saving drafts through ``ReflectionModel.save`` (what the debounced box
calls). ``--pause`` seconds between saves; the default 0 is the worst case: every
writer saves back to back, far more often than typing with a 0.8 s debounce would.
Prints p50/p95 per save for both runs and the ratios (30 writers / 1 writer).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import ReflectionModel, open_store  # noqa: E402
from commonground.content.course import load_course  # noqa: E402

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


REEXEC_ENV = "CG_BENCH_UNDER_PG_VIRTUALENV"


def run(writers: int, saves: int, pause: float, db_url: str) -> tuple[list[float], int, float]:
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


@contextmanager
def _sqlite_urls() -> Iterator[Callable[[int], str]]:
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        yield lambda n: f"sqlite:///{Path(tmp) / f'autosave-{n}.db'}"


@contextmanager
def _postgresql_urls(base: str) -> Iterator[Callable[[int], str]]:
    """A fresh schema per run on the server at ``base``; all dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    from commonground.data._engine import normalise_url

    url = normalise_url(base)
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    schemas: list[str] = []

    def fresh(n: int) -> str:
        schemas.append(f"cg_bench_{n}_{uuid.uuid4().hex[:8]}")
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schemas[-1]}"')
        query = {**url.query, "options": f"-csearch_path={schemas[-1]}"}
        return make_url(url).update_query_dict(query).render_as_string(hide_password=False)

    try:
        yield fresh
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            for name in schemas:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _report(title: str, rows: dict, writers: int) -> None:
    print(title)
    print(f"{'writers':>8} {'saves':>6} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'saves/s':>8}")
    stats = {}
    for n, (times, failed, wall) in rows.items():
        p50, p95 = pct(times, 50) * 1000, pct(times, 95) * 1000
        stats[n] = (p50, p95)
        print(f"{n:>8} {len(times):>6} {failed:>6} {p50:>8.2f} {p95:>8.2f} "
              f"{max(times) * 1000:>8.1f} {len(times) / wall:>8.0f}")
    (a50, a95), (b50, b95) = stats[1], stats[writers]
    print(f"ratio {writers} writers / 1 writer: p50 x{b50 / a50:.1f}, p95 x{b95 / a95:.1f}")


def _postgresql_server(explicit: str | None) -> str | None:
    """The PostgreSQL URL to use, or None (then, if possible, this bench runs itself
    again under pg_virtualenv, which does not return)."""
    if explicit:
        return explicit
    if os.environ.get("PGHOST") or os.environ.get("PGDATABASE"):
        return "postgresql:///"  # libpq reads the PG* environment variables
    if shutil.which("pg_virtualenv") and not os.environ.get(REEXEC_ENV):
        sys.stdout.flush()
        os.environ[REEXEC_ENV] = "1"
        os.execvp("pg_virtualenv", ["pg_virtualenv", "-t", sys.executable, *sys.argv])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=30)
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.0)
    parser.add_argument("--postgresql", metavar="URL",
                        help="the PostgreSQL server to use (default: the PG* variables)")
    args = parser.parse_args(argv)
    server = _postgresql_server(args.postgresql)
    sizes = (1, args.writers)
    with _sqlite_urls() as url:
        results = {"SQLite (WAL, BEGIN IMMEDIATE)":
                   {n: run(n, args.saves, args.pause, url(n)) for n in sizes}}
    if server:
        with _postgresql_urls(server) as url:
            results["PostgreSQL (psycopg 3, pool 1+1, writes queued by an advisory lock)"] = {
                n: run(n, args.saves, args.pause, url(n)) for n in sizes}
    for name, rows in results.items():
        _report(f"Draft saves on {name}, {args.saves} saves per writer, pause "
                f"{args.pause:g} s", rows, args.writers)
    if not server:
        print("PostgreSQL: not run. No server was named (--postgresql URL or the PG* "
              "environment variables) and pg_virtualenv (Debian's postgresql package) is "
              "not installed.")
    return 1 if any(f for rows in results.values() for _, f, _ in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
