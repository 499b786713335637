"""A room of trainees opening a module at once, without a browser each.

    .venv/bin/python bench/crowd.py            # N = 1, 10, 30; unprepared and prepared
    .venv/bin/python bench/crowd.py --quick    # N = 1, 10; unprepared only (to iterate)
    .venv/bin/python bench/crowd.py --modes default,room,warm   # also --ready 4

Modes: ``voila`` (the floor: bare Voila, the ``voila`` command, on the floor notebook, as
``bench/_floor.py`` defines it once for every benchmark), ``fresh`` (``serve
--fresh-kernels``: each kernel a new Python; the course-served floor, a second labelled
row, and module 03 too for comparison), ``default`` (the course's settings: kernels
forked from the kernel template, none preheated), ``room``
(before each round the page is got ready for the N people, as a facilitator does with
``commonground ready PAGE --for N``; the time that took is printed), ``warm``
(``serve --ready 4``).

Each trainee has their own personal link (a cohort made with `commonground.open_store`
on the server's database), keeps cookies like a browser, fetches the page, reads its
kernel id, opens the kernel websocket (offering the protocol browsers use, which the
server relays without unpacking) and asks for the widgets' state the way Voila's front
end does (harness/kernel_client.py). A page is usable when its HTML is complete,
it has no "did not load" notice, every widget on it has its model and its reflection
box is there. Then the trainee closes the tab (Voila's shutdown beacon). Each server's
first visit of each page is a warm-up, not counted (a server's first page loads its
templates once).

For module 03 and for the floor notebook (one Markdown cell, one Textarea), on bare Voila
and served by the course, in the same run (N = 1, one trainee alone, is three visits one after
another, so that the ratios divide by a median), prints: pages usable / opened, p50, p95
and max seconds until usable (and the p95 of the HTML alone), p95(N) / p50(1), the RSS
of the round's kernels, their PSS (with the kernel template's, where they are forked:
what they cost the machine) and their USS (what each holds alone: what one more page
costs), the CPU of each page's kernel (in all, and after its request: on a prepared page
only the visitor's own data), of the server and of the protocol clients themselves,
kernels still running 30 s after the tabs closed, and the server log's warnings; then
the largest crowd once more with one real Chromium page among them (to check that the
protocol client tells the truth: it waits until that page's reflection box takes
typing), in a round of its own, since the browser's CPU is not the server's. 127.0.0.1
only; every page has a deadline, and the run stops starting rounds after --budget
seconds."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _floor import (  # noqa: E402  (bench/ is this script's folder)
    COURSE_FLOOR,
    FLOOR_LABEL,
    FLOOR_NB,
    FORK_NOTE,
    voila_argv,
    voila_env,
    write_floor,
)

from commonground.environment import RUNTIME_DIR  # noqa: E402
from commonground.server.app import NEVER_PREHEATED  # noqa: E402
from commonground.server.client import (  # noqa: E402
    ADMIN_SCHEME,
    ask_server,
    people_count,
    read_runtime_file,
)
from harness.browser import CHROMIUM, CHROMIUM_ARGS, free_port, running_server  # noqa: E402
from harness.kernel_client import Visitor, kernel_processes  # noqa: E402

MODULE = "03_trauma_informed.ipynb"
PAGES = {"floor": (FLOOR_NB, FLOOR_LABEL), "module": (MODULE, "Your reflection:")}
# The floor is bare Voila (mode "voila", bench/_floor.py); "fresh" serves the same
# notebook through the course with fresh kernels (the course-served floor, a second row).
# The course's own settings fork kernels from the template.
ALONE = 3  # one trainee alone: this many visits, one after another (their median is used)
MODE_PAGES = {"voila": ("floor",), "fresh": ("floor", "module"), "default": ("module",),
              "room": ("module",), "warm": ("floor", "module")}
FORKED = ("default", "room", "warm")  # modes whose kernels come from the fork provisioner
WARNINGS = {
    "IOPub timeouts": "Timeout waiting for IOPub output",
    "cell errors or timeouts": "Error at server while executing cell|Cell execution timed out",
    "TraitErrors": "TraitError",
    "culled": r"Culling idle kernel|Culling '",
    "refused beacons": r"403 POST /voila/api/shutdown",
}


@dataclass
class Round:
    mode: str
    page: str
    n: int
    times: list[float]
    problems: list[str]
    rss_mb: float
    pss_mb: float  # the round's kernels' PSS (with the kernel template's, where forked)
    uss_mb: float  # the round's kernels' USS: memory each holds alone (one more page's cost)
    left: int  # kernels of this round still running after the tabs closed
    chromium: float | str | None = None  # one real browser page opened with the crowd
    chromium_p50: float = float("nan")  # the protocol clients' p50 in that same round
    prepared: float | None = None  # seconds the room took to get ready (room mode)
    cpu_s: float = float("nan")  # kernel CPU per page (start-up included)
    server_s: float = float("nan")  # Voila server CPU per page (rendering, relaying)
    after_s: float = float("nan")  # kernel CPU per page after its request (all, unless room)
    client_s: float = float("nan")  # this script's own CPU per page (the protocol clients)
    opened: int = 0  # pages opened in all (N, or N times the repeats of one alone)
    html_times: list[float] = field(default_factory=list)  # until each page's HTML was in

    def __post_init__(self) -> None:
        self.opened = self.opened or self.n

    @property
    def usable(self) -> int:
        return len(self.times)

    def also(self, again: Round) -> None:
        """Count another round of the same N in this one (one trainee alone, repeated:
        every ratio divides by its median, so one sample is too few)."""
        self.times += again.times
        self.html_times += again.html_times
        self.problems += again.problems
        self.opened += again.opened


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _kernels(server: psutil.Process) -> dict[str, psutil.Process]:
    return kernel_processes(server.children(recursive=True))


def _cpu_s(procs: list[psutil.Process]) -> float:
    total = 0.0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            times = p.cpu_times()
            total += times.user + times.system
    return total


def _rss_mb(procs: list[psutil.Process]) -> float:
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def _uss_mb(procs: list[psutil.Process]) -> float:
    """Unique set size: pages no other process maps (a forked kernel's own writes and
    allocations; what one more page costs once the template is there)."""
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().uss
    return total / 2**20


def _cmdline(proc: psutil.Process) -> list[str]:
    try:
        return proc.cmdline()
    except psutil.Error:
        return []


def _pss_mb(procs: list[psutil.Process]) -> float:
    """Proportional set size: each page shared by k processes counts 1/k in each, so the
    sum is what the kernels cost the machine (RSS counts every shared page in full in
    every kernel: a forked kernel's RSS includes the whole template's)."""
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_full_info().pss
    return total / 2**20


async def _chromium_page(base: str, path: str, token: str, label: str, timeout: float,
                         ready: asyncio.Event, go: asyncio.Event) -> float | str:
    """Seconds until a real Chromium page's box accepts typing, or what went wrong; the
    clock starts at ``go``, once the browser is up (``ready``)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = await (await browser.new_context()).new_page()
            ready.set()
            await go.wait()
            start = time.perf_counter()
            await page.goto(f"{base}{path}?t={token}", timeout=timeout * 1000)
            box = page.get_by_label(re.compile("^" + re.escape(label))).first
            await box.fill("x", timeout=timeout * 1000)
            seconds = time.perf_counter() - start
            await page.close(run_before_unload=True)  # a closing tab: Voila's beacon
            return seconds
        except Exception as e:  # reported, not raised: it is a measurement
            return f"{type(e).__name__}: {str(e).splitlines()[0]}"
        finally:
            ready.set()
            await browser.close()


async def _round(base: str, server: psutil.Process, mode: str, page: str, n: int,
                 tokens: list[str], page_timeout: float, chromium: bool) -> Round:
    path, label = PAGES[page]
    url = f"/voila/render/{path}"
    visitors = [Visitor(base, url, token=tokens[i], label=label) for i in range(n)]
    browser = None
    ready, go = asyncio.Event(), asyncio.Event()
    if chromium:
        browser = asyncio.ensure_future(
            _chromium_page(base, url, tokens[n], label, page_timeout, ready, go))
        await ready.wait()
    before = {kid: _cpu_s([proc]) for kid, proc in _kernels(server).items()}
    server_cpu, client_cpu = sum(server.cpu_times()[:2]), time.process_time()
    go.set()
    visits = await asyncio.gather(*(v.open(page_timeout) for v in visitors))
    server_cpu = sum(server.cpu_times()[:2]) - server_cpu  # Voila's own process
    client_cpu = time.process_time() - client_cpu
    in_chromium = await browser if browser is not None else None
    ids = {v.kernel_id for v in visits if v.kernel_id}
    kernels = _kernels(server)
    ours = [kernels[k] for k in ids if k in kernels]  # this round's kernels, still running
    rss = _rss_mb(ours)
    # A forked kernel keeps the template's command line: the template is the one that
    # is not a kernel (counting the kernels twice once doubled the forked figure).
    template = [p for p in server.children(recursive=True)
                if "commonground.kernel.template" in " ".join(_cmdline(p))
                and p not in kernels.values()]
    pss = _pss_mb(ours + template)
    uss = _uss_mb(ours)
    cpu = _cpu_s(ours)
    after = cpu - sum(before.get(k, 0.0) for k in ids if k in kernels)
    await asyncio.gather(*(v.close() for v in visitors))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and ids & set(_kernels(server)):
        await asyncio.sleep(0.5)
    return Round(mode, page, n, [v.seconds for v in visits if v.ok],
                 [v.problem for v in visits if not v.ok], rss, pss, uss,
                 len(ids & set(_kernels(server))), in_chromium,
                 cpu_s=cpu / max(1, len(ids)), server_s=server_cpu / max(1, n),
                 after_s=after / max(1, len(ids)), client_s=client_cpu / max(1, n),
                 html_times=[v.html_seconds for v in visits if v.ok])


def _last(text: str, pattern: str) -> int:
    return max((m.start() for m in re.finditer(pattern, text)), default=-1)


def _wait_quiet(log: Path, pooled: list[str], cap: float = 150) -> None:
    """Until every pool is full again: each pooled notebook's latest "is filled" line
    comes after its latest "Using pre-heated kernel" line (nothing to wait for without
    pools), then until no kernel has started for 2 s."""
    deadline = time.monotonic() + cap
    while pooled and time.monotonic() < deadline:
        text = log.read_text()
        if all(_last(text, rf"Kernel pool of {re.escape(nb)} is filled")
               > _last(text, rf"Using pre-heated kernel: \S+ for {re.escape(nb)}")
               for nb in pooled):
            break
        time.sleep(0.5)
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        count = log.read_text().count("Kernel started")
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since > 2:
            return
        time.sleep(0.5)


def _make_course(tmp: Path, people: int) -> tuple[str, Path, list[str]]:
    from commonground import open_store

    root = tmp / "nb"
    root.mkdir()
    for nb in (ROOT / "modules").glob("*.ipynb"):
        (root / nb.name).symlink_to(nb)
    write_floor(root)
    url = f"sqlite:///{tmp / 'crowd.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Crowd bench")
        tokens = [store.people.issue_link(store.people.add_participant(
            cohort.id, f"Trainee {i + 1}", "Bench agency")) for i in range(people)]
    finally:
        store.dispose()
    return url, root, tokens


def _run_mode(mode: str, args, tmp: Path, url: str, root: Path, tokens: list[str],
              stop_at: float) -> tuple[list[Round], dict[str, int]]:
    port = free_port()
    log = tmp / f"serve-{mode}.log"
    argv = [sys.executable, "-m", "commonground", "serve", "--port", str(port), "--db", url,
            "--root", str(root)]
    if mode == "warm":
        argv += ["--ready", str(args.warm)]
    if mode == "fresh":
        argv += ["--fresh-kernels"]
    rounds = []
    runtime = tmp / f"runtime-{mode}"
    env = {**os.environ, RUNTIME_DIR: str(runtime)}
    if mode == "voila":  # the floor: bare Voila, its kernels without the debugger
        argv, env = voila_argv(root, port), voila_env(tmp / "floor-kernel")
    with running_server(argv, port, log, env=env) as proc:
        server = psutil.Process(proc.pid)
        base = f"http://127.0.0.1:{port}"
        pooled = sorted(p.name for p in root.glob("*.ipynb")
                        if not p.name.startswith(NEVER_PREHEATED)) if mode == "warm" else []
        _wait_quiet(log, pooled)
        # One visit of each page first, not counted: a server's first page pays for
        # loading its templates and exporters once, which bare Voila's first N=1 visit
        # (11.8 s against 1.8 s for the next) showed; every mode gets the same.
        for page in MODE_PAGES[mode]:
            _wait_idle(server)
            asyncio.run(_round(base, server, mode, page, 1, tokens, args.page_timeout,
                               chromium=False))
            _wait_quiet(log, pooled)
        for page in MODE_PAGES[mode]:
            for n in args.sizes:
                if time.monotonic() > stop_at:
                    print(f"  (budget spent: {mode} {page} N={n} not run)", flush=True)
                    continue
                prepared = (_prepare(base, runtime, port, PAGES[page][0], n)
                            if mode == "room" else None)
                _wait_idle(server)
                r = asyncio.run(_round(base, server, mode, page, n, tokens, args.page_timeout,
                                       chromium=False))
                r.prepared = prepared
                for _ in range(ALONE - 1 if n == 1 else 0):
                    _wait_quiet(log, pooled)
                    if mode == "room":
                        _prepare(base, runtime, port, PAGES[page][0], n)
                    _wait_idle(server)
                    r.also(asyncio.run(_round(base, server, mode, page, n, tokens,
                                              args.page_timeout, chromium=False)))
                rounds.append(r)
                print(f"  {mode:7s} {page:6s} N={n:<3d} usable {r.usable}/{r.opened}  "
                      f"p95 {_pct(r.times, 0.95):6.1f} s", flush=True)
                _wait_quiet(log, pooled)
                if args.chromium and n == max(args.sizes):
                    # The truth check, a round of its own: a real browser on these two
                    # cores costs about a second of CPU, which trainees' own devices
                    # would pay, so it stays out of the figures above.
                    if mode == "room":
                        _prepare(base, runtime, port, PAGES[page][0], n + 1)
                    _wait_idle(server)
                    check = asyncio.run(_round(base, server, mode, page, n, tokens,
                                               args.page_timeout, chromium=True))
                    r.chromium, r.chromium_p50 = check.chromium, _pct(check.times, 0.5)
                    _wait_quiet(log, pooled)
    text = log.read_text()
    counts = {name: len(re.findall(pattern, text)) for name, pattern in WARNINGS.items()}
    return rounds, counts


def _wait_idle(server: psutil.Process, cap: float = 60) -> None:
    """Until the server and its kernels use under a tenth of a core for a second, as a
    room would be by the time the facilitator says "open it now"."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        procs = [server, *server.children(recursive=True)]
        before = _cpu_s(procs)
        time.sleep(1)
        if _cpu_s(procs) - before < 0.1:
            return


def _prepare(base: str, runtime: Path, port: int, notebook: str, people: int,
             cap: float = 240) -> float:
    """Get ``notebook`` ready for ``people`` as ``commonground ready`` does; seconds until
    every kernel is waiting (or the cap)."""
    _url, secret = read_runtime_file(port, runtime)
    start = time.monotonic()
    ask_server(base, ADMIN_SCHEME, secret, "prepare", notebook, people)
    while time.monotonic() - start < cap:
        status = ask_server(base, ADMIN_SCHEME, secret, "status", notebook)
        if status["ready"] >= status["prepared_for"]:
            break
        time.sleep(0.5)
    seconds = time.monotonic() - start
    time.sleep(1)  # let the last kernel settle, as a room would before "open it now"
    return seconds


def _report(rounds: list[Round], counts: dict[str, dict[str, int]]) -> None:
    one = {(r.mode, r.page): statistics.median(r.times) for r in rounds if r.n == 1 and r.times}
    print()
    print(f"{'settings':8s} {'page':6s} {'N':>3s} {'usable':>7s} {'p50 s':>6s} {'p95 s':>6s} "
          f"{'max s':>6s} {'HTML p95':>8s} {'p95/p50(1)':>10s} {'RSS MB':>7s} {'PSS MB':>7s} "
          f"{'USS MB':>7s} {'CPU s/page':>10s} "
          f"{'after req s':>11s} {'server s/page':>13s} {'client s':>8s} {'left':>4s} "
          f"{'forked':>6s}  failures")
    for r in rounds:
        base = one.get((r.mode, r.page), float("nan"))
        p95 = _pct(r.times, 0.95)
        failures = "; ".join(sorted(set(r.problems))) or "none"
        print(f"{r.mode:8s} {r.page:6s} {r.n:3d} {f'{r.usable}/{r.opened}':>7s} "
              f"{_pct(r.times, 0.5):6.1f} {p95:6.1f} {max(r.times, default=float('nan')):6.1f} "
              f"{_pct(r.html_times, 0.95):8.2f} "
              f"{p95 / base:10.2f} {r.rss_mb:7.0f} {r.pss_mb:7.0f} {r.uss_mb:7.0f} {r.cpu_s:10.2f} "
              f"{r.after_s:11.2f} {r.server_s:13.2f} {r.client_s:8.2f} {r.left:4d} "
              f"{'yes' if r.mode in FORKED else 'no':>6s}  {failures}")
    print("floor rows: 'voila floor' is bare Voila (the floor every ratio divides by); "
          f"'fresh floor' is the {COURSE_FLOOR}.")
    modes = sorted({r.mode for r in rounds})
    print(FORK_NOTE.format(
        forked=", ".join(f"the {m} rows" for m in modes if m in FORKED) or "nothing run here",
        fresh=", ".join(f"the {m} rows" for m in modes if m not in FORKED) or "nothing run"))
    print()
    for mode, found in counts.items():
        print(f"server log ({mode}): " + ", ".join(f"{k} {v}" for k, v in found.items()))
    for r in rounds:
        if isinstance(r.chromium, float):
            print(f"one Chromium page opened with {r.mode} {r.page} N={r.n}: usable after "
                  f"{r.chromium:.1f} s (protocol clients in that round: p50 "
                  f"{r.chromium_p50:.1f} s)")
        elif r.chromium is not None:
            print(f"one Chromium page opened with {r.mode} {r.page} N={r.n}: {r.chromium}")
    for r in rounds:
        if r.prepared is not None:
            print(f"room: {r.page} got ready for {people_count(r.n)} in {r.prepared:.0f} s")
    by = {(r.mode, r.page, r.n): r for r in rounds}
    print()
    floors = (("voila", "bare Voila floor"), ("fresh", "course-served floor"))
    for (mode, page, n), r in sorted(by.items()):
        if page != "module":
            continue
        for floor_mode, name in floors:
            floor = by.get((floor_mode, "floor", n))
            if floor is None or not floor.times or not r.times:
                continue
            p50 = _pct(r.times, .5) / _pct(floor.times, .5)
            p95 = _pct(r.times, .95) / _pct(floor.times, .95)
            rss = r.rss_mb / r.n - floor.rss_mb / floor.n
            pss = r.pss_mb / r.n - floor.pss_mb / floor.n
            uss = r.uss_mb / r.n - floor.uss_mb / floor.n
            print(f"{mode:8s} N={n:<3d} module / {name}: p50 {p50:.2f}, p95 {p95:.2f}, kernel "
                  f"CPU {r.cpu_s / floor.cpu_s:.2f}, kernel RSS {rss:+.0f} MB a page, PSS "
                  f"(template's included) {pss:+.0f} MB, USS {uss:+.0f} MB"
                  + ("  [forked]" if mode in FORKED else ""))
    for n in sorted({r.n for r in rounds}):
        voila, fresh = by.get(("voila", "floor", n)), by.get(("fresh", "floor", n))
        if voila is not None and fresh is not None and voila.times and fresh.times:
            print(f"N={n}: course-served floor / bare Voila floor: p50 "
                  f"{_pct(fresh.times, .5) / _pct(voila.times, .5):.2f}, p95 "
                  f"{_pct(fresh.times, .95) / _pct(voila.times, .95):.2f}")
    alone = by.get(("default", "module", 1))
    for (mode, page, n), r in sorted(by.items()):
        if mode == "room" and page == "module" and alone is not None and alone.times:
            ratio = _pct(r.times, .95) / statistics.median(alone.times)
            print(f"room prepared, module N={n}: p95 / one trainee alone unprepared "
                  f"{ratio:.2f} (target <= 2 at N=30)  [forked]")
    for n in sorted({r.n for r in rounds}):
        module = by.get(("default", "module", n))
        for floor_mode, name in floors:
            floor = by.get((floor_mode, "floor", n))
            if module is not None and floor is not None and module.times and floor.times:
                print(f"not prepared, N={n}: module p95 / {name} p95 "
                      f"{_pct(module.times, .95) / _pct(floor.times, .95):.2f}"
                      + (" (target <= 1.3 at N=30)" if floor_mode == "voila" else "")
                      + "  [forked]")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,10,30", help="comma-separated N (default 1,10,30)")
    parser.add_argument("--modes", default="voila,fresh,default,room",
                        help="voila,fresh,default,room,warm (voila: the bare Voila floor; "
                             "fresh: the course-served floor and module 03, fresh kernels)")
    parser.add_argument("--warm", type=int, default=4, help="--ready N for the warm server")
    parser.add_argument("--quick", action="store_true",
                        help="N = 1, 10; the two floors and the default settings only")
    parser.add_argument("--no-chromium", dest="chromium", action="store_false",
                        help="no real Chromium page alongside the largest crowd")
    parser.add_argument("--page-timeout", type=float, default=240)
    parser.add_argument("--keep", action="store_true", help="keep the server logs (prints where)")
    parser.add_argument("--budget", type=float, default=540,
                        help="start no new round after this many seconds")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.modes = "1,10", "voila,fresh,default"
    args.sizes = [int(s) for s in args.sizes.split(",")]
    modes = args.modes.split(",")
    started = time.monotonic()
    rounds, counts = [], {}
    with contextlib.ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="cg-crowd-") if args.keep else stack.enter_context(
            tempfile.TemporaryDirectory(prefix="cg-crowd-")))
        if args.keep:
            print(f"server logs: {tmp}/serve-*.log", flush=True)
        url, root, tokens = _make_course(tmp, max(args.sizes) + 1)
        for mode in modes:
            found, counts[mode] = _run_mode(mode, args, tmp, url, root, tokens,
                                            started + args.budget)
            rounds += found
    _report(rounds, counts)
    print(f"\ntotal {time.monotonic() - started:.0f} s on {psutil.cpu_count()} cores")
    return 0 if all(r.usable == r.opened for r in rounds) else 1


if __name__ == "__main__":
    sys.exit(main())
