"""Draft-save latency on SQLite and on PostgreSQL: one writer alone, then 30 and 100
writer processes at once, in the same run, on each database; on PostgreSQL both with
the write locks the course takes (a lock per participant) and with the one
whole-database lock every write took before (``cg_write_lock=database``), side by side
on the same server, with their ratio (PostgreSQL: ``--rounds`` rounds of each at each N,
before and now in turn, pooled; each round's saves/s is printed too).

    .venv/bin/python bench/autosave.py [--writers 30 100] [--saves 100] [--pause 0]
                                       [--postgresql URL] [--no-sqlite] [--rounds 3]

PostgreSQL: the server named by ``--postgresql`` or by the PG* environment variables
(each run works in a schema of its own, dropped afterwards). With neither, the bench
runs itself again under Debian's ``pg_virtualenv`` (a throw-away server, fsync on,
``max_connections`` raised for 100 writers) when that is installed, and otherwise says
plainly that the PostgreSQL half was not run.

Each writer is a separate process (as each trainee's kernel is) with its own
reflection and its own database connection, saving drafts through
``ReflectionModel.save`` (what the debounced box calls). The writers are forked from this
process once it has imported the course, as course kernels are forked from the kernel
template, so that 100 of them start in seconds on two cores and only their saves are
measured. ``--pause`` seconds between saves; the default 0 is the worst case: every
writer saves back to back, far more often than typing with a 0.8 s debounce would.
Prints p50/p95 per save and saves/s for every run, the ratios (N writers / 1 writer)
and, on PostgreSQL, the scoped locks against the whole-database lock at each N, with what
the server's connections spent their time waiting for (pg_stat_activity, sampled): a
lock, or their client (a writer process waiting for a core).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import ReflectionModel, open_store  # noqa: E402
from commonground.content.course import load_course  # noqa: E402

PROMPT = ("welcome-why-here", "00_welcome")
FILLER = "A paragraph of reflection about working across agencies. " * 20  # ~160 words


def _writer(db_url, participant_id, prompt, saves, pause, ready, start, results):
    store = open_store(db_url)
    model = ReflectionModel(store, store.people.get(participant_id), prompt)
    times, failures = [], 0
    ready.release()
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


WAITS = {"lock": "a lock", "client": "its client, mid-transaction",
         "between": "its client, between transactions", "running": "nothing (running)",
         "other": "WAL, I/O or the server's own locks"}


def _sample_waits(conninfo: str, stop: threading.Event, seen: Counter) -> None:
    """Every 50 ms until ``stop``: what each course connection on the server is doing
    (PostgreSQL's pg_stat_activity), counted in ``seen`` under the keys of WAITS."""
    import psycopg

    with psycopg.connect(conninfo, autocommit=True) as conn:
        while not stop.wait(0.05):
            for state, kind, event in conn.execute(
                    "SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE "
                    "backend_type = 'client backend' AND pid <> pg_backend_pid()"):
                if kind == "Lock":
                    seen["lock"] += 1
                elif event == "ClientRead":
                    seen["client" if state.startswith("idle in") else "between"] += 1
                elif kind is None:
                    seen["running"] += 1
                else:
                    seen["other"] += 1


def run(writers: int, saves: int, pause: float, db_url: str, watch: str | None = None
        ) -> tuple[list[float], int, float, Counter]:
    store = open_store(db_url)
    cohort = store.people.create_cohort("Bench", "Bench")
    ids = [store.people.add_participant(cohort.id, f"Writer {i}") for i in range(writers)]
    store.dispose()
    ctx = multiprocessing.get_context("fork")  # no connection is open here (disposed above)
    ready, start, results = ctx.Semaphore(0), ctx.Event(), ctx.Queue()
    prompt = load_course().prompt(*PROMPT)
    procs = [ctx.Process(target=_writer,
                         args=(db_url, pid, prompt, saves, pause, ready, start, results))
             for pid in ids]
    for p in procs:
        p.start()
    for _ in procs:  # every process has imported and opened the database
        if not ready.acquire(timeout=300):
            raise RuntimeError("a writer process did not start")
    seen: Counter = Counter()
    stop = threading.Event()
    sampler = threading.Thread(target=_sample_waits, args=(watch, stop, seen), daemon=True)
    if watch:
        sampler.start()
    began = time.perf_counter()
    start.set()
    reports = [results.get(timeout=600) for _ in procs]
    wall = time.perf_counter() - began
    stop.set()
    if watch:
        sampler.join()
    for p in procs:
        p.join()
    times = [t for ts, _ in reports for t in ts]
    return times, sum(f for _, f in reports), wall, seen


def _pooled(runs: list[tuple]) -> tuple[list[float], int, float, Counter]:
    """Several rounds of one setting as one: every save's time, the failures, the wall
    time and the waits added up (saves/s is then all the saves over all the time)."""
    times = [t for r in runs for t in r[0]]
    seen: Counter = Counter()
    for r in runs:
        seen.update(r[3])
    return times, sum(r[1] for r in runs), sum(r[2] for r in runs), seen


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


@contextmanager
def _sqlite_urls() -> Iterator[Callable[[int], str]]:
    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        yield lambda n: f"sqlite:///{Path(tmp) / f'autosave-{n}.db'}"


@contextmanager
def _postgresql_urls(base: str) -> Iterator[tuple[Callable[[int], str], str]]:
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
        yield fresh, conninfo
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            for name in schemas:
                conn.execute(f'DROP SCHEMA "{name}" CASCADE')


def _stats(times: list[float], wall: float) -> tuple[float, float, float]:
    """p50 and p95 in ms, and saves per second."""
    return pct(times, 50) * 1000, pct(times, 95) * 1000, len(times) / wall


def _report(title: str, rows: dict, writers: list[int]) -> None:
    print(title)
    print(f"{'writers':>8} {'saves':>6} {'failed':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'max ms':>8} {'saves/s':>8}")
    stats = {}
    for n, (times, failed, wall, _) in rows.items():
        stats[n] = p50, p95, rate = _stats(times, wall)
        print(f"{n:>8} {len(times):>6} {failed:>6} {p50:>8.2f} {p95:>8.2f} "
              f"{max(times) * 1000:>8.1f} {rate:>8.0f}")
    a50, a95, _ = stats[1]
    for n in writers:
        b50, b95, _ = stats[n]
        print(f"ratio {n} writers / 1 writer: p50 x{b50 / a50:.1f}, p95 x{b95 / a95:.1f}")


def _compare(before: dict, now: dict, writers: list[int]) -> None:
    """The scoped locks against the whole-database lock, N by N."""
    print("PostgreSQL, scoped locks (now) against the whole-database lock (before), "
          "same server, same run")
    print(f"{'writers':>8} {'saves/s before':>15} {'saves/s now':>12} {'x':>6} "
          f"{'p95 ms before':>14} {'p95 ms now':>11} {'x':>6}")
    for n in [1, *writers]:
        (_, old95, old_rate), (_, new95, new_rate) = (
            _stats(before[n][0], before[n][2]), _stats(now[n][0], now[n][2]))
        print(f"{n:>8} {old_rate:>15.0f} {new_rate:>12.0f} {new_rate / old_rate:>6.2f} "
              f"{old95:>14.2f} {new95:>11.2f} {old95 / new95:>6.2f}")
    print("(x: saves/s now / before, and p95 before / now: above 1 is better now)")
    print("What the course's connections were waiting for, sampled every 50 ms:")
    for name, rows in (("before", before), ("now", now)):
        for n in writers:
            seen = rows[n][3]
            total = sum(seen.values()) or 1
            print(f"  {name:6s} {n:>3} writers: " + ", ".join(
                f"{WAITS[k]} {100 * seen[k] / total:.0f}%" for k in WAITS))


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
        os.execvp("pg_virtualenv", ["pg_virtualenv", "-t", "-o", "max_connections=300",
                                    sys.executable, *sys.argv])
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, nargs="+", default=[30, 100])
    parser.add_argument("--saves", type=int, default=100)
    parser.add_argument("--pause", type=float, default=0.0)
    parser.add_argument("--postgresql", metavar="URL",
                        help="the PostgreSQL server to use (default: the PG* variables)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--rounds", type=int, default=3,
                        help="PostgreSQL: rounds of before and now at each N, in turn "
                             "(a shared machine's load changes from one minute to the next)")
    args = parser.parse_args(argv)
    server = _postgresql_server(args.postgresql)
    writers = sorted(set(args.writers) - {1})
    sizes = (1, *writers)
    results: dict[str, dict] = {}
    if not args.no_sqlite:
        with _sqlite_urls() as url:
            results["SQLite (WAL, BEGIN IMMEDIATE)"] = {
                n: run(n, args.saves, args.pause, url(n)) for n in sizes}
    now_name = "PostgreSQL (psycopg 3, pool 1+1, a lock per participant: now)"
    before_name = "PostgreSQL (psycopg 3, pool 1+1, one whole-database lock: before)"
    if server:
        with _postgresql_urls(server) as (url, conninfo):
            results[before_name], results[now_name] = {}, {}
            rounds: dict[str, dict[int, list]] = {before_name: {}, now_name: {}}
            for n in sizes:  # before and now in turn, so both meet the server alike
                for r in range(args.rounds):
                    order = (before_name, now_name) if r % 2 == 0 else (now_name, before_name)
                    for name in order:
                        option = "&cg_write_lock=database" if name == before_name else ""
                        rounds[name].setdefault(n, []).append(
                            run(n, args.saves, args.pause, url(n) + option, conninfo))
                for name in (before_name, now_name):
                    results[name][n] = _pooled(rounds[name][n])
            per_round = {name: {n: [len(r[0]) / r[2] for r in runs]
                                for n, runs in by_n.items()} for name, by_n in rounds.items()}
    for name, rows in results.items():
        _report(f"Draft saves on {name}, {args.saves} saves per writer, pause "
                f"{args.pause:g} s", rows, writers)
    if server:
        _compare(results[before_name], results[now_name], writers)
        print(f"saves/s round by round ({args.rounds} rounds, before and now in turn):")
        for n in sizes:
            print(f"  {n:>3} writers: before " + " ".join(
                f"{x:.0f}" for x in per_round[before_name][n]) + "; now " + " ".join(
                f"{x:.0f}" for x in per_round[now_name][n]))
    if not server:
        print("PostgreSQL: not run. No server was named (--postgresql URL or the PG* "
              "environment variables) and pg_virtualenv (Debian's postgresql package) is "
              "not installed.")
    return 1 if any(r[1] for rows in results.values() for r in rows.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
