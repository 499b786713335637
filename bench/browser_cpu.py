"""Browser CPU per page: what opening a page costs a trainee's device, for Voila's
templates (the course's own, which extends ``lab``; ``lab``; the lighter ``classic``),
for module 03 and the bare Voila floor page, in the same run.

    .venv/bin/python bench/browser_cpu.py            # 2 loads of each page and template
    .venv/bin/python bench/browser_cpu.py --runs 1

For each template, plain Voila (standalone, ipc kernels, ``--template=...``) serves a
folder with the course's notebooks and the floor notebook; each page is opened with a
trainee's personal link in a fresh Chromium context, and once its text box takes typing
(plus one quiet second) Chromium's own counters are read over the DevTools protocol
(``Performance.getMetrics``): main-thread task time (``TaskDuration``: the CPU the page
cost), script time, layout time, DOM nodes and JS heap. Prints medians and the module /
floor ratio per template. 127.0.0.1 only; every wait bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _floor import FLOOR_NOTEBOOK  # noqa: E402  (bench/ is this script's folder)

from commonground.server.app import SHARE  # noqa: E402
from harness.browser import CHROMIUM, CHROMIUM_ARGS, free_port, running_server  # noqa: E402

__all__ = ["TEMPLATES"]

TEMPLATES = ("commonground", "lab", "classic")
PAGES = {"floor": ("floor.ipynb", "Floor box"), "module": ("03_trauma_informed.ipynb",
                                                           "Your reflection:")}
METRICS = ("TaskDuration", "ScriptDuration", "LayoutDuration", "Nodes", "JSHeapUsedSize")


def _course(tmp: Path) -> tuple[str, Path, str]:
    from commonground import open_store

    root = tmp / "nb"
    root.mkdir()
    for nb in (ROOT / "modules").glob("*.ipynb"):
        (root / nb.name).symlink_to(nb)
    (root / "floor.ipynb").write_text(json.dumps(FLOOR_NOTEBOOK))
    url = f"sqlite:///{tmp / 'cpu.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Browser CPU")
        token = store.people.issue_link(
            store.people.add_participant(cohort.id, "Ana Lee", "Housing"))
    finally:
        store.dispose()
    return url, root, token


def _measure(browser, base: str, page: str, token: str, timeout: float = 120) -> dict:
    path, label = PAGES[page]
    context = browser.new_context()
    try:
        tab = context.new_page()
        cdp = context.new_cdp_session(tab)
        cdp.send("Performance.enable")
        start = time.perf_counter()
        tab.goto(f"{base}/voila/render/{path}?t={token}", timeout=timeout * 1000)
        tab.get_by_label(re.compile("^" + re.escape(label))).first.fill(
            "x", timeout=timeout * 1000)
        usable = time.perf_counter() - start
        tab.wait_for_timeout(1000)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        tab.close(run_before_unload=True)
        return {"usable": usable, **{k: metrics.get(k, float("nan")) for k in METRICS}}
    finally:
        context.close()


def _serve(template: str, root: Path, url: str, log: Path, port: int):
    env = {**os.environ, "COMMONGROUND_DB": url,
           "JUPYTER_PATH": os.pathsep.join(filter(None, [str(SHARE),
                                                          os.environ.get("JUPYTER_PATH")]))}
    env.pop("COMMONGROUND_SELF_PACED", None)
    argv = [sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={port}",
            "--Voila.ip=127.0.0.1", "--KernelManager.transport=ipc", f"--template={template}",
            "--VoilaConfiguration.strip_sources=True"]
    return running_server(argv, port, log, env=env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--templates", default=",".join(TEMPLATES))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    started = time.monotonic()
    results: dict[tuple[str, str], list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="cg-cpu-") as tmp_name, sync_playwright() as p:
        tmp = Path(tmp_name)
        url, root, token = _course(tmp)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for template in args.templates.split(","):
                port = free_port()
                with _serve(template, root, url, tmp / f"{template}.log", port):
                    base = f"http://127.0.0.1:{port}"
                    for _ in range(args.runs):
                        for page in PAGES:
                            results.setdefault((template, page), []).append(
                                _measure(browser, base, page, token))
        finally:
            browser.close()
    print(f"{'template':13s} {'page':6s} {'usable s':>8s} {'CPU s':>6s} {'script s':>8s} "
          f"{'layout s':>8s} {'nodes':>6s} {'JS heap MB':>10s}")

    def med(key: tuple[str, str], name: str) -> float:
        return statistics.median(r[name] for r in results[key])

    for key in results:
        print(f"{key[0]:13s} {key[1]:6s} {med(key, 'usable'):8.2f} "
              f"{med(key, 'TaskDuration'):6.2f} {med(key, 'ScriptDuration'):8.2f} "
              f"{med(key, 'LayoutDuration'):8.2f} {med(key, 'Nodes'):6.0f} "
              f"{med(key, 'JSHeapUsedSize') / 2**20:10.1f}")
    print()
    def cpu_ratio(a: tuple[str, str], b: tuple[str, str]) -> str:
        return f"{med(a, 'TaskDuration') / med(b, 'TaskDuration'):.2f}"

    for template in args.templates.split(","):
        if (template, "module") in results and (template, "floor") in results:
            print(f"{template}: browser CPU module / floor "
                  f"{cpu_ratio((template, 'module'), (template, 'floor'))}")
    if ("classic", "module") in results and ("commonground", "module") in results:
        print("module page, classic / commonground template: browser CPU "
              f"{cpu_ratio(('classic', 'module'), ('commonground', 'module'))}")
    print(f"\ntotal {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
