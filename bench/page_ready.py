"""How long until the welcome module's reflection box is usable, and how big is the
trainee's kernel, against the floor (``bench/_floor.py``: bare Voila, the ``voila``
command, on a notebook of one Markdown cell and one Textarea) in the same run; the same
notebook served by the course's `commonground serve` (its default settings: kernels
forked from the template) is a second, labelled row.

    .venv/bin/python bench/page_ready.py [--runs 5]

Each page is opened once first, not counted (a server's first page loads its templates
once). Prints medians and the ratios welcome / floor (and welcome / course-served floor), with
the browser's CPU time per page load (Chromium's main-thread TaskDuration and its
ScriptDuration, from Performance.getMetrics over a CDP session, from navigation until
the box is usable), and which figures depend on the fork provisioner. Also reports
whether the trainee kernel imported pandas or nbgrader (it must not).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _floor import (  # noqa: E402  (bench/ is this script's folder)
    FLOOR_LABEL,
    FLOOR_NB,
    FORK_NOTE,
    voila_argv,
    voila_env,
    write_floor,
)

from harness.browser import (  # noqa: E402
    course_server,
    free_port,
    launch_chromium,
    running_server,
)
from harness.kernel_client import kernel_processes  # noqa: E402

PAGES = {  # name: (served by, path, label)
    "floor": ("voila", f"/voila/render/{FLOOR_NB}", FLOOR_LABEL),
    "course floor": ("course", f"/voila/render/{FLOOR_NB}", FLOOR_LABEL),
    "welcome": ("course", "/voila/render/00_welcome.ipynb",
                "Your reflection: What brings you here"),
}


def _kernels(server_pid: int) -> set[int]:
    """The pids of the server's kernels (forked from its template or fresh)."""
    procs = psutil.Process(server_pid).children(recursive=True)
    return {p.pid for p in kernel_processes(procs).values()}


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _modules_loaded(pid: int, names: tuple[str, ...]) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [n for n in names if f"/site-packages/{n}/" in maps]


def measure(browser, base: str, server_pid: int, path: str, label: str) -> tuple:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    before = _kernels(server_pid)
    start = time.perf_counter()
    page.goto(base + path)
    box = page.get_by_label(label)
    box.wait_for(timeout=120_000)
    box.fill("x")  # interactive: it accepts typing
    elapsed = time.perf_counter() - start
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    cpu = (metrics.get("TaskDuration", float("nan")), metrics.get("ScriptDuration", float("nan")))
    time.sleep(0.5)
    new = _kernels(server_pid) - before
    pid = max(new) if new else None
    rss = _rss_mb(pid) if pid else float("nan")
    heavy = _modules_loaded(pid, ("pandas", "nbgrader")) if pid else []
    context.close()
    return elapsed, rss, heavy, cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
        root = Path(tmp) / "nb"
        root.mkdir()
        for nb in (ROOT / "modules").glob("*.ipynb"):
            (root / nb.name).symlink_to(nb)
        write_floor(root)
        db = f"sqlite:///{tmp}/bench.db"
        port = free_port()
        with course_server(db, Path(tmp) / "serve.log", "--root", str(root)) as base, \
                running_server(voila_argv(root, port), port, Path(tmp) / "voila.log",
                               env=voila_env(Path(tmp) / "floor-kernel")) as voila, \
                sync_playwright() as p:
            servers = {"course": (base, _server_pid(base)),
                       "voila": (f"http://127.0.0.1:{port}", voila.pid)}
            browser = launch_chromium(p)
            results: dict[str, list] = {name: [] for name in PAGES}
            heavy_seen = set()
            for _name, (server, path, label) in PAGES.items():  # a warm-up, not counted:
                measure(browser, *servers[server], path, label)  # each server's first page
            for _ in range(args.runs):
                for name, (server, path, label) in PAGES.items():
                    t, rss, heavy, cpu = measure(browser, *servers[server], path, label)
                    results[name].append((t, rss, *cpu))
                    heavy_seen.update(heavy if name == "welcome" else [])
            browser.close()
    med = {k: [statistics.median(col) for col in zip(*v, strict=True)]
           for k, v in results.items()}
    print(f"runs: {args.runs} each (medians)")
    for k in PAGES:
        t, rss, task, script = med[k]
        print(f"{k:12s} page ready {t:6.2f} s   kernel RSS {rss:6.1f} MB   "
              f"browser CPU {task:5.2f} s (script {script:4.2f} s)")
    print("floor: bare Voila (the floor); course floor: the same notebook under "
          "commonground serve (its template, sign-in and forked kernel)")
    w = med["welcome"]
    for k, name in (("floor", "floor"), ("course floor", "course-served floor")):
        f = med[k]
        print(f"ratio welcome/{name}: time {w[0] / f[0]:.2f}x, RSS {w[1] / f[1]:.2f}x, "
              f"browser CPU {w[2] / f[2]:.2f}x")
    print(FORK_NOTE.format(forked="the welcome and course floor rows (and their ratios: "
                                  "time, kernel RSS)",
                           fresh="the floor row"))
    print("heavy modules in the trainee kernel:", ", ".join(sorted(heavy_seen)) or "none")


def _server_pid(base: str) -> int:
    port = base.rsplit(":", 1)[1]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmd = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmd and port.encode() in cmd:
                return int(entry)
    raise RuntimeError("server process not found")


if __name__ == "__main__":
    main()
