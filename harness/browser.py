"""Real parts for the tests and benchmarks: `commonground serve` on a free port, Debian's
Chromium.

In the fast tier (``make test-fast``: ``pytest --fast``) neither may start: a test that
starts a server or a browser must be marked ``server`` or ``browser``, and one that is not
fails here, saying so, instead of slowing the developers' loop down unseen."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

FAST_TIER = "CG_TEST_FAST_TIER"  # set by `pytest --fast` (tests/conftest.py)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def refuse_in_fast_tier(what: str) -> None:
    """Fail a test of the fast tier that starts ``what`` (a server or a browser)."""
    if os.environ.get(FAST_TIER):
        raise RuntimeError(f"This test starts {what}, so it does not belong in the fast tier: "
                           "mark it @pytest.mark.server (or browser).")


def wait_for(predicate, timeout: float, step: float = 0.5) -> bool:
    """Whether ``predicate()`` comes true within ``timeout`` seconds (checked every ``step``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(argv: list[str], port: int, log_path: Path, *, env: dict | None = None,
                   cwd: Path | None = None, ready=None, timeout: float = 90,
                   address: str = "127.0.0.1"):
    """Run a server process until the block ends; wait until it accepts connections on
    ``address``:``port`` (and ``ready()`` returns without OSError, if given). ``env`` is
    the whole environment of the process (default: this one's)."""
    refuse_in_fast_tier(f"a server ({argv[:3]})")
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, env=env)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection((address, port), timeout=1).close()
                if ready is not None:
                    ready()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    raise RuntimeError(
                        f"{Path(argv[0]).name} did not start:\n{log_path.read_text()}"
                    ) from None
                time.sleep(0.3)
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@contextmanager
def course_server(db_url: str, log_path: Path, *extra: str, env: dict | None = None):
    """`commonground serve` on a free port with this database; yields the base URL."""
    port = free_port()
    argv = [sys.executable, "-m", "commonground", "serve", "--port", str(port),
            "--db", db_url, *extra]
    with running_server(argv, port, log_path, env={**os.environ, **(env or {})}):
        yield f"http://127.0.0.1:{port}"


def voila_config(tmp_path: Path, config: dict) -> dict:
    """Environment for a server that reads this voila.json (as a site's would)."""
    folder = tmp_path / "jupyter-config"
    folder.mkdir()
    (folder / "voila.json").write_text(json.dumps(config))
    return {"JUPYTER_CONFIG_DIR": str(folder)}


# A cull checked every second, not every 10 s (the course kernel manager's own settings
# in a voila.json win over the command line's MappingKernelManager ones).
QUICK_CULL = {"CourseKernelManager": {"cull_interval": 1}}


def launch_chromium(playwright):
    refuse_in_fast_tier("Chromium")
    if not Path(CHROMIUM).exists():
        raise RuntimeError(
            "Debian's chromium is not installed (/usr/bin/chromium); "
            "run .ci/run or `apt-get install chromium`."
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def notebook_of(*sources: str) -> dict:
    """A page (notebook) whose code cells are ``sources``, as a test serves it."""
    return {
        "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None,
                   "outputs": [], "source": [source]} for source in sources],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


@contextmanager
def page_server(tmp: Path, name: str, notebook: dict):
    """`commonground serve` over a folder holding one test notebook (``name``) and the
    real facilitator dashboard; yields (base URL, database URL)."""
    import json

    from commonground.config import modules_dir

    root = tmp / "nb"
    root.mkdir()
    (root / name).write_text(json.dumps(notebook), encoding="utf-8")
    (root / "facilitator_dashboard.ipynb").symlink_to(
        modules_dir() / "facilitator_dashboard.ipynb"
    )
    url = f"sqlite:///{tmp / 'course.db'}"
    with course_server(url, tmp / "serve.log", "--root", str(root)) as base:
        yield base, url
