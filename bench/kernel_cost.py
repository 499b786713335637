"""What one page costs its kernel: CPU, memory, widget models and messages, against the
bare Voila floor page (``bench/_floor.py``), measured in the same run on real kernels.

    .venv/bin/python bench/kernel_cost.py                 # module 03 and the floor, 3 runs each
    .venv/bin/python bench/kernel_cost.py --runs 1 --page 01_safe_environment

Each run starts a fresh ``python3`` kernel (jupyter_client, ipc transport; the course's
pages as a course kernel, ``commonground.kernel``, the floor as the floor kernel: plain
ipykernel without the debugger, as every course kernel is; ``floor+debugger``, a row
for reference only, is ipykernel as Voila starts it by default) with the
environment a Voila page's kernel gets (``COMMONGROUND_DB``, ``QUERY_STRING`` with a
trainee's personal link), runs the notebook's code cells in order as Voila does, then
reads the kernel process's CPU time (user + system, start-up included) and RSS, and
counts the widget models (``comm_open`` messages for ``jupyter.widget``) and every
IOPub message the page produced. The kernel's imports are timed with ``-X importtime``
in a separate kernel-less process (the slowest top-level packages are printed).
The module page runs twice: in a fresh kernel, and in one forked from the kernel template
(as `commonground serve` starts them; its RSS counts the pages it shares with the
template, so USS, its own memory, and PSS are printed too).
Prints medians and the ratios the issue's targets are about: kernel CPU / floor (target
≤ 1.3) and RSS − floor (target ≤ 10 MB), and which figures depend on the fork.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _floor import FLOOR_NOTEBOOK, FORK_NOTE, floor_kernel_specs  # noqa: E402  (bench/)

__all__ = ["Cost", "measure", "page_cells"]

MODULES = ROOT / "modules"


@dataclass
class Cost:
    cpu: float  # seconds of kernel CPU, start-up included
    rss_mb: float
    uss_mb: float  # its own memory: what one more such kernel adds
    pss_mb: float  # its own memory plus its share of what it shares (template, libraries)
    models: int  # widget models the page created
    messages: int  # IOPub messages (what the server relays to the page)
    seconds: float  # wall time from kernel start to the last cell's reply


FLOOR = "floor"  # the floor: its notebook in the floor kernel (no debugger)
DEBUGGER_FLOOR = "floor+debugger"  # the same in ipykernel as Voila starts it (reference)


def page_cells(page: str) -> list[str]:
    nb = FLOOR_NOTEBOOK if page in (FLOOR, DEBUGGER_FLOOR) else json.loads(
        (MODULES / f"{page}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


async def _run_cells(client, cells: list[str]) -> tuple[int, int]:
    models = messages = 0
    for source in cells:
        msg_id = client.execute(source, store_history=False)
        while True:
            msg = await client.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            messages += 1
            content = msg["content"]
            if msg["msg_type"] == "comm_open" and content.get("target_name") == "jupyter.widget":
                models += 1
            if msg["msg_type"] == "error":
                raise RuntimeError(f"a cell failed: {content.get('ename')}: "
                                   f"{content.get('evalue')}")
            if msg["msg_type"] == "status" and content["execution_state"] == "idle":
                break
    return models, messages


FORKED = " forked"  # a page name ending so: its kernel comes from the kernel template


def _provisioner(forked: bool) -> None:
    from jupyter_client.provisioning import KernelProvisionerFactory

    KernelProvisionerFactory.instance().default_provisioner_name = (
        "commonground-fork" if forked else "local-provisioner")


async def _measure(page: str, env: dict[str, str]) -> Cost:
    from jupyter_client.manager import AsyncKernelManager

    from commonground.server.kernel_spec import CourseKernelSpecManager

    _provisioner(page.endswith(FORKED))
    page = page.removesuffix(FORKED)
    km = AsyncKernelManager(kernel_name="python3", transport="ipc")
    if page == FLOOR:  # the floor kernel: ipykernel without the debugger (bench/_floor.py)
        km.kernel_spec_manager = floor_kernel_specs(Path(env["CG_BENCH_TMP"]) / "floor-spec")
    elif page != DEBUGGER_FLOOR:  # as commonground serve starts them: course kernels
        km.kernel_spec_manager = CourseKernelSpecManager()
    km.connection_file = str(Path(env["CG_BENCH_TMP"]) / f"kernel-{time.time_ns()}.json")
    started = time.perf_counter()
    await km.start_kernel(env=env, cwd=str(MODULES))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=120)
        models, messages = await _run_cells(client, page_cells(page))
        seconds = time.perf_counter() - started
        proc = psutil.Process(km.provisioner.pid)  # type: ignore[union-attr]
        times = proc.cpu_times()
        memory = proc.memory_full_info()
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)
    return Cost(times.user + times.system, memory.rss / 2**20, memory.uss / 2**20,
                memory.pss / 2**20, models, messages, seconds)


def _environment(tmp: Path) -> dict[str, str]:
    """A cohort with one trainee in a fresh database; the page environment for them."""
    from commonground import open_store

    url = f"sqlite:///{tmp / 'cost.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Kernel cost")
        token = store.people.issue_link(
            store.people.add_participant(cohort.id, "Ana Lee", "Housing"))
    finally:
        store.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOILA_", "JPY_"))}
    env.update(COMMONGROUND_DB=url, QUERY_STRING=f"t={token}", VOILA_PREHEAT="False",
               CG_BENCH_TMP=str(tmp), PYTHONPATH=str(ROOT))
    return env


def measure(pages: list[str], runs: int) -> dict[str, list[Cost]]:
    """Costs of each page, interleaved (floor, module, floor, module, ...), in one event
    loop (so that forked kernels share one template, as on a server)."""

    async def all_runs(env: dict[str, str]) -> dict[str, list[Cost]]:
        out: dict[str, list[Cost]] = {p: [] for p in pages}
        if any(p.endswith(FORKED) for p in pages):  # the template starts before the runs
            await _measure(f"{DEBUGGER_FLOOR}{FORKED}", env)
        for _ in range(runs):
            for page in pages:
                out[page].append(await _measure(page, env))
        return out

    with tempfile.TemporaryDirectory(prefix="cg-cost-") as tmp:
        return asyncio.run(all_runs(_environment(Path(tmp))))


def template_cost() -> tuple[float, float] | None:
    """(CPU s, RSS MB) of the kernel template, paid once per server."""
    from commonground.server.fork_provisioner import template_pid

    pid = template_pid()
    if pid is None:
        return None
    with contextlib.suppress(psutil.Error):
        proc = psutil.Process(pid)
        times = proc.cpu_times()
        return times.user + times.system, proc.memory_info().rss / 2**20
    return None


def import_profile(page: str, top: int = 8) -> list[tuple[float, str]]:
    """(cumulative ms, package) of the slowest top-level imports of the page's cells
    beyond what a bare ipykernel + ipywidgets process imports."""
    runner = ("import json,sys\nns={}\nfor s in json.loads(sys.stdin.read()): "
              "exec(compile(s,'<cell>','exec'),ns)\n")
    with tempfile.TemporaryDirectory(prefix="cg-imp-") as tmp:
        env = {**os.environ, "COMMONGROUND_DB": f"sqlite:///{tmp}/i.db", "PYTHONPATH": str(ROOT)}
        env.pop("QUERY_STRING", None)

        def timed(code: str, stdin: str = "") -> dict[str, int]:
            done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], input=stdin,
                                  env=env, cwd=MODULES, capture_output=True, text=True,
                                  check=True, timeout=120)
            found = {}
            for line in done.stderr.splitlines():
                m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
                if m and len(m.group(2)) <= 3:  # top-level imports only
                    found[m.group(3)] = int(m.group(1))
            return found

        base = timed("import ipykernel.ipkernel, ipywidgets")
        page_imports = timed(runner, json.dumps(page_cells(page)))
    extra = sorted(((us / 1000, name) for name, us in page_imports.items() if name not in base),
                   reverse=True)
    return extra[:top]


def report(costs: dict[str, list[Cost]], page: str) -> None:
    def med(page: str, attr: str) -> float:
        return statistics.median(getattr(c, attr) for c in costs[page])

    print(f"{'page':28s} {'kernel CPU s':>12s} {'RSS MB':>7s} {'USS MB':>7s} {'PSS MB':>7s} "
          f"{'widget models':>13s} {'IOPub msgs':>10s} {'wall s':>6s}")
    for name in costs:
        print(f"{name:28s} {med(name, 'cpu'):12.2f} {med(name, 'rss_mb'):7.1f} "
              f"{med(name, 'uss_mb'):7.1f} {med(name, 'pss_mb'):7.1f} "
              f"{med(name, 'models'):13.0f} {med(name, 'messages'):10.0f} "
              f"{med(name, 'seconds'):6.2f}")
    print()
    for name in (n for n in costs if n != FLOOR):
        cpu_ratio = med(name, "cpu") / med(FLOOR, "cpu")
        print(f"{name}: kernel CPU / floor {cpu_ratio:.2f} (target <= 1.3); memory - floor: "
              f"RSS {med(name, 'rss_mb') - med(FLOOR, 'rss_mb'):+.1f} MB, USS "
              f"{med(name, 'uss_mb') - med(FLOOR, 'uss_mb'):+.1f} MB, PSS "
              f"{med(name, 'pss_mb') - med(FLOOR, 'pss_mb'):+.1f} MB (target <= +10)")
    print(f"{page}: {med(page, 'models'):.0f} widget models per page")
    template = template_cost()
    if template is not None:
        print(f"the kernel template (once per server): {template[0]:.2f} s CPU, "
              f"{template[1]:.1f} MB RSS")
    print(FORK_NOTE.format(
        forked=", ".join(f"'{n}'" for n in costs if n.endswith(FORKED)) or "none here",
        fresh=", ".join(f"'{n}'" for n in costs if not n.endswith(FORKED))))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", default="03_trauma_informed", help="a notebook in modules/")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-imports", dest="imports", action="store_false",
                        help="skip the -X importtime profile")
    args = parser.parse_args()
    started = time.monotonic()
    costs = measure([FLOOR, DEBUGGER_FLOOR, args.page, args.page + FORKED], args.runs)
    report(costs, args.page)
    if args.imports:
        print(f"\nslowest imports of {args.page} beyond ipykernel + ipywidgets (ms, cumulative):")
        for ms, name in import_profile(args.page):
            print(f"  {ms:7.1f}  {name}")
    print(f"\ntotal {time.monotonic() - started:.0f} s on {psutil.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
