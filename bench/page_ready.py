"""How long until the welcome module's reflection box is usable, and how big is the
trainee's kernel, against a floor notebook (one Markdown cell, one Textarea) served
by the same `commonground serve` settings in the same run.

    .venv/bin/python bench/page_ready.py [--runs 5]

Prints medians and the ratios welcome / floor, with the browser's CPU time per page
load (Chromium's main-thread TaskDuration and its ScriptDuration, from
Performance.getMetrics over a CDP session, from navigation until the box is usable).
Also reports whether the trainee kernel imported pandas or nbgrader (it must not).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _floor import FLOOR_NOTEBOOK  # noqa: E402  (bench/ is this script's folder)

from harness.browser import course_server, launch_chromium  # noqa: E402
from harness.kernel_client import kernel_processes  # noqa: E402

FLOOR = FLOOR_NOTEBOOK  # the bare Voila page every figure is compared with


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
        (root / "floor.ipynb").write_text(json.dumps(FLOOR))
        db = f"sqlite:///{tmp}/bench.db"
        with course_server(db, Path(tmp) / "serve.log", "--root", str(root)) as base, \
                sync_playwright() as p:
            server_pid = _server_pid(base)
            browser = launch_chromium(p)
            results = {"welcome": [], "floor": []}
            heavy_seen = set()
            for _ in range(args.runs):
                for name, path, label in (
                    ("floor", "/voila/render/floor.ipynb", "Floor box"),
                    ("welcome", "/voila/render/00_welcome.ipynb",
                     "Your reflection: What brings you here"),
                ):
                    t, rss, heavy, cpu = measure(browser, base, server_pid, path, label)
                    results[name].append((t, rss, *cpu))
                    heavy_seen.update(heavy if name == "welcome" else [])
            browser.close()
    med = {k: [statistics.median(col) for col in zip(*v, strict=True)]
           for k, v in results.items()}
    print(f"runs: {args.runs} each (medians)")
    for k in ("floor", "welcome"):
        t, rss, task, script = med[k]
        print(f"{k:8s} page ready {t:6.2f} s   kernel RSS {rss:6.1f} MB   "
              f"browser CPU {task:5.2f} s (script {script:4.2f} s)")
    w, f = med["welcome"], med["floor"]
    print(f"ratio welcome/floor: time {w[0] / f[0]:.2f}x, RSS {w[1] / f[1]:.2f}x, "
          f"browser CPU {w[2] / f[2]:.2f}x")
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
