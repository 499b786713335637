"""N trainees log in through JupyterHub and open module 03 at once, with the course as
one server per trainee (``hub``) and as the hub's one service (``service``), against the
same N on `commonground serve`, in one run, on one PostgreSQL database.

    .venv/bin/python bench/hub_crowd.py            # N = 10, 30 (about 10 minutes)
    .venv/bin/python bench/hub_crowd.py --sizes 1 3 --setups service serve

Without a PostgreSQL server in the PG* variables it runs itself under pg_virtualenv.
Hub: deploy/jupyterhub/jupyterhub_config.py (the local process spawner, the proxy from
`make test-hub`), each trainee a hub user in their cohort's group who logs in with the
hub's login form, waits for their server the way the spawn page does (the hub's
progress stream), then opens module 03 like Voila's front end (harness/kernel_client.py).
Service: each trainee logs in with the hub's login form, then opens module 03 under
/services/commonground/ through the proxy (the hub's OAuth and the course's door on the
way). Serve: each trainee opens module 03 with their personal link. A page is usable when its
HTML is complete, every widget has its model and the reflection box is there.

Prints per N and set-up: pages usable, p50 / p95 / max seconds from the first request
(the login, on the hub) until usable, memory per trainee (the user server and its
kernels on the hub; the page's kernel, and the kernel template, on serve and the
service; RSS, and USS: what would be freed), the shared server's own memory on serve and
the service, everything the course holds per trainee (``all-in``: the shared server
shared out), and the connections held on PostgreSQL once every page is open; then each
set-up's ratios against serve at the same N. A fresh hub and a fresh server for each N
and set-up; 127.0.0.1 only; every page has a deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import open_store  # noqa: E402
from harness.browser import course_server  # noqa: E402
from harness.hub import PASSWORD, course_database, running_hub  # noqa: E402
from harness.kernel_client import Visitor  # noqa: E402

MODULE = "/voila/render/03_trauma_informed.ipynb"
COHORT = "Bench cohort"
GROUP = "cohort-bench-cohort"
DEADLINE = 300.0


@dataclass
class Round:
    where: str
    n: int
    seconds: list[float]
    problems: list[str]
    rss_mb: float  # per trainee
    uss_mb: float
    shared_mb: float  # the one server process on serve (0 on the hub: it is per trainee)
    connections: int

    @property
    def all_in_mb(self) -> float:
        """Everything the course holds, per trainee (RSS)."""
        return self.rss_mb + self.shared_mb / self.n


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if values else 0


def _tree(proc: psutil.Process) -> list[psutil.Process]:
    return [proc, *proc.children(recursive=True)]


def _mb(procs: list[psutil.Process]) -> tuple[float, float]:
    rss = uss = 0.0
    for p in procs:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss, uss = rss + info.rss, uss + info.uss
    return rss / 2**20, uss / 2**20


def _connections(url: str) -> int:
    import psycopg

    db = url.rsplit("/", 1)[1]
    with psycopg.connect(autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s",
                            (db,)).fetchone()[0]


async def _log_in(http, hub_url: str, name: str) -> None:
    """Log in with the hub's own login form, as a browser does."""
    await http.get(f"{hub_url}/hub/login")
    xsrf = next((c.value for c in http.cookies.jar if c.name == "_xsrf"), "")
    await http.post(f"{hub_url}/hub/login?next=", data={
        "username": name, "password": PASSWORD, "_xsrf": xsrf}, follow_redirects=False)


async def _close(done: list[tuple[Visitor, float, str]]) -> None:
    for visitor, _, _ in done:
        if visitor.socket is not None:
            visitor.socket.close()
        await visitor.http.aclose()


@contextmanager
def _hub_cohort(folder: Path, n: int, mode: str):
    """A fresh database with the cohort, a hub in ``mode`` on it, and its N users in the
    cohort's group: (database URL, hub, user names)."""
    with course_database() as url:
        store = open_store(url)
        store.people.create_cohort(COHORT, "Bench facilitator")
        store.dispose()
        names = [f"t{i:02d}" for i in range(n)]
        with running_hub(folder, url, COMMONGROUND_HUB_CULL="0",
                         COMMONGROUND_HUB_MODE=mode) as hub:
            hub.api("POST", "/users", {"usernames": names})
            hub.api("POST", f"/groups/{GROUP}")
            hub.api("POST", f"/groups/{GROUP}/users", {"users": names})
            yield url, hub, names


async def _hub_trainee(hub_url: str, name: str) -> tuple[Visitor, float, str]:
    visitor = Visitor(f"{hub_url}/user/{name}", MODULE)
    start = time.perf_counter()
    http = visitor.http
    try:
        await _log_in(http, hub_url, name)
        await http.get(f"{hub_url}/hub/spawn", follow_redirects=False)  # starts the server
        async with http.stream("GET", f"{hub_url}/hub/api/users/{name}/server/progress"
                               ) as events:  # what the spawn page waits on
            async for line in events.aiter_lines():
                if line.startswith("data:") and json.loads(line[5:]).get("ready"):
                    break
        visit = await visitor.open(timeout=DEADLINE)
        return visitor, time.perf_counter() - start, visit.problem
    except Exception as e:  # one trainee's failure is a figure, not a crash
        return visitor, time.perf_counter() - start, f"{type(e).__name__}: {e}"


def _hub_round(tmp: Path, n: int) -> Round:
    with _hub_cohort(tmp / f"hub{n}", n, "servers") as (url, hub, names):

        async def run():
            done = await asyncio.gather(*(_hub_trainee(hub.url, u) for u in names))
            servers = [p for p in psutil.process_iter(["cmdline"])
                       if "hub" in (p.info["cmdline"] or [])[3:4]
                       and "serve" in (p.info["cmdline"] or [])]
            rss, uss = _mb([q for s in servers for q in _tree(s)])
            connections = _connections(url)
            await _close(done)  # the hub stops the servers and their kernels
            return done, rss, uss, connections, len(servers)

        done, rss, uss, connections, count = asyncio.run(run())
    ok = [s for _, s, problem in done if not problem]
    problems = [p for _, _, p in done if p]
    if count != n:
        problems.append(f"{count} user servers found for {n} trainees")
    return Round("hub", n, ok, problems, rss / n, uss / n, 0.0, connections)


async def _service_trainee(hub_url: str, name: str) -> tuple[Visitor, float, str]:
    visitor = Visitor(f"{hub_url}/services/commonground", MODULE)
    start = time.perf_counter()
    http = visitor.http
    try:
        await _log_in(http, hub_url, name)
        visit = await visitor.open(timeout=DEADLINE)  # the hub's OAuth, the door, the page
        return visitor, time.perf_counter() - start, visit.problem
    except Exception as e:  # one trainee's failure is a figure, not a crash
        return visitor, time.perf_counter() - start, f"{type(e).__name__}: {e}"


def _service_round(tmp: Path, n: int) -> Round:
    with _hub_cohort(tmp / f"service{n}", n, "service") as (url, hub, names):
        service = next(p for p in psutil.process_iter(["cmdline"])
                       if (p.info["cmdline"] or [])[3:5] == ["hub", "service"]
                       and p.info["cmdline"][2] == "commonground"
                       and _in(p, tmp / f"service{n}"))

        async def run():
            done = await asyncio.gather(*(_service_trainee(hub.url, u) for u in names))
            rss, uss = _mb(service.children(recursive=True))
            own_rss, _ = _mb([service])
            connections = _connections(url)
            await _close(done)  # the hub stops the service and its kernels
            return done, rss, uss, own_rss, connections

        done, rss, uss, own, connections = asyncio.run(run())
    ok = [s for _, s, problem in done if not problem]
    return Round("service", n, ok, [p for _, _, p in done if p], rss / n, uss / n, own,
                 connections)


def _in(proc: psutil.Process, folder: Path) -> bool:
    """Whether ``proc`` is this round's (the hub's services run in its homes folder)."""
    try:
        return Path(proc.cwd()).is_relative_to(folder)
    except (psutil.Error, ValueError):
        return False


def _serve_round(tmp: Path, n: int) -> Round:
    with course_database() as url:
        store = open_store(url)
        cohort = store.people.create_cohort(COHORT, "Bench facilitator")
        tokens = [store.people.issue_link(store.people.add_participant(cohort.id, f"T {i}"))
                  for i in range(n)]
        store.dispose()
        with course_server(url, tmp / f"serve{n}.log") as base:
            server = next(p for p in psutil.process_iter(["cmdline"])
                          if "serve" in (p.info["cmdline"] or []) and url in p.info["cmdline"])

            async def run():
                visitors = [Visitor(base, MODULE, token=t) for t in tokens]
                visits = await asyncio.gather(*(v.open(timeout=DEADLINE) for v in visitors))
                kernels = server.children(recursive=True)
                rss, uss = _mb(kernels)
                own_rss, _ = _mb([server])
                connections = _connections(url)
                for v in visitors:
                    await v.close()
                return visits, rss, uss, own_rss, connections

            visits, rss, uss, own, connections = asyncio.run(run())
    ok = [v.seconds for v in visits if v.ok]
    return Round("serve", n, ok, [v.problem for v in visits if not v.ok], rss / n, uss / n,
                 own, connections)


def _p50(r: Round) -> float:
    return statistics.median(r.seconds) if r.seconds else 0.0


def _report(rounds: list[Round]) -> None:
    print(f"\n{'set-up':<7} {'N':>3} {'usable':>7} {'p50 s':>6} {'p95 s':>6} {'max s':>6} "
          f"{'MB/trainee RSS':>15} {'USS':>5} {'shared MB':>9} {'all-in MB':>9} "
          f"{'PG conns':>8}")
    for r in rounds:
        print(f"{r.where:<7} {r.n:>3} {len(r.seconds):>3}/{r.n:<3} {_p50(r):>6.1f} "
              f"{_pct(r.seconds, 0.95):>6.1f} {max(r.seconds, default=0):>6.1f} "
              f"{r.rss_mb:>15.0f} {r.uss_mb:>5.0f} {r.shared_mb:>9.0f} {r.all_in_mb:>9.0f} "
              f"{r.connections:>8}")
        for problem in sorted(set(r.problems)):
            print(f"        problem: {problem}")
    print("\nagainst serve at the same N (1.0 = as serve; the issue's target: <= 1.5)")
    print(f"{'set-up':<7} {'N':>3} {'p50':>6} {'p95':>6} {'RSS/trainee':>11} {'USS':>6} "
          f"{'all-in':>7}")
    serve = {r.n: r for r in rounds if r.where == "serve"}
    for r in rounds:
        base = serve.get(r.n)
        if r.where == "serve" or base is None:
            continue

        def ratio(a: float, b: float) -> str:
            return f"{a / b:.2f}" if b else "-"

        print(f"{r.where:<7} {r.n:>3} {ratio(_p50(r), _p50(base)):>6} "
              f"{ratio(_pct(r.seconds, .95), _pct(base.seconds, .95)):>6} "
              f"{ratio(r.rss_mb, base.rss_mb):>11} {ratio(r.uss_mb, base.uss_mb):>6} "
              f"{ratio(r.all_in_mb, base.all_in_mb):>7}")


SETUPS = {"hub": _hub_round, "service": _service_round, "serve": _serve_round}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30])
    parser.add_argument("--setups", nargs="+", choices=list(SETUPS), default=list(SETUPS))
    args = parser.parse_args()
    if "PGHOST" not in os.environ:  # a throw-away PostgreSQL server for this run
        os.execvp("pg_virtualenv", ["pg_virtualenv", "-t", "-o", "fsync=off",
                                    sys.executable, __file__, *sys.argv[1:]])
    rounds = []
    with tempfile.TemporaryDirectory(prefix="hub_crowd_") as tmp:
        for n in args.sizes:
            for make in (SETUPS[name] for name in args.setups):
                started = time.perf_counter()
                rounds.append(make(Path(tmp), n))
                print(f"{rounds[-1].where} N={n}: {time.perf_counter() - started:.0f} s",
                      flush=True)
    _report(rounds)
    print(f"\n({os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"run {secrets.token_hex(2)})")
    return 0 if all(len(r.seconds) == r.n for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
