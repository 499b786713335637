"""Kernels forked from the course's kernel template (commonground.kernel.template), started
through jupyter_client exactly as Voila starts them, and used for real."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import KernelProvisionerFactory
from traitlets.config import Config

from commonground.kernel.template import may_fork
from commonground.server import fork_provisioner
from harness.browser import free_port, running_server
from harness.kernel_client import Visitor, kernel_processes, message, run_async

pytestmark = [pytest.mark.server, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


@pytest.fixture(scope="module")
def forking():
    """jupyter_client set to the course's provisioner, as `commonground serve` sets it."""
    config = Config()
    config.KernelProvisionerFactory.default_provisioner_name = "commonground-fork"
    config.KernelManager.transport = "ipc"
    factory = KernelProvisionerFactory.instance()
    before = factory.default_provisioner_name
    factory.default_provisioner_name = "commonground-fork"
    yield config
    factory.default_provisioner_name = before


async def _start(config: Config, folder: Path, name: str, **env: str):
    km = AsyncKernelManager(config=config, connection_file=str(folder / f"{name}.json"))
    await km.start_kernel(env={**os.environ, **env}, cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=120)
    return km, kc


async def _run(kc, code: str) -> str:
    """The cell's printed output (its error name if it failed)."""
    out: list[str] = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append(msg["content"]["ename"])

    await kc.execute_interactive(code, output_hook=keep, timeout=60)
    return "".join(out).strip()


async def _stop(km, kc) -> None:
    kc.stop_channels()
    await km.shutdown_kernel(now=True)


def _gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.1)
    return False


def test_a_kernel_is_forked_with_its_own_environment_and_folder(forking, tmp_path):
    async def go():
        km, kc = await _start(forking, tmp_path, "one", CG_TEST_NAME="first")
        try:
            assert type(km.provisioner).__name__ == "ForkProvisioner"
            template = fork_provisioner.template_pid()
            assert template is not None
            kernel = km.provisioner.pid
            assert psutil.Process(kernel).ppid() == template  # forked, not started fresh
            seen = json.loads(await _run(kc, textwrap.dedent("""\
                import json, os, sys
                print(json.dumps({"env": os.environ.get("CG_TEST_NAME"), "cwd": os.getcwd(),
                                  "path0": sys.path[0], "pid": os.getpid(),
                                  "imported": "widgets.course" in sys.modules,
                                  "debugger": sys.modules.get("debugpy") is not None}))""")))
            assert seen["env"] == "first"
            assert seen["cwd"] == str(tmp_path)
            assert seen["pid"] == kernel
            assert seen["imported"]  # the template's imports came with the fork
            assert not seen["debugger"]  # a course kernel (commonground.kernel)
            assert seen["path0"] != str(Path.cwd())  # not the template's own folder
        finally:
            await _stop(km, kc)
        assert _gone(kernel)

    run_async(go())


def test_two_kernels_share_no_state(forking, tmp_path):
    async def go():
        a, ca = await _start(forking, tmp_path, "a")
        b, cb = await _start(forking, tmp_path, "b")
        try:
            await _run(ca, "import widgets.course as c; c._module_id = 'only-in-a'")
            assert await _run(cb, "import widgets.course as c; print(c._module_id)") == "None"
            draws = [await _run(k, "import random; print(random.random())") for k in (ca, cb)]
            assert draws[0] != draws[1]  # each fork reseeds its random numbers
        finally:
            await _stop(a, ca)
            await _stop(b, cb)

    run_async(go())


def test_interrupt_restart_and_kill_reach_the_forked_kernel(forking, tmp_path):
    async def go():
        km, kc = await _start(forking, tmp_path, "signals")
        try:
            running = asyncio.ensure_future(_run(kc, "import time; time.sleep(60)"))
            await asyncio.sleep(1.0)
            await km.interrupt_kernel()
            assert await asyncio.wait_for(running, 20) == "KeyboardInterrupt"
            first = km.provisioner.pid
            await km.restart_kernel(now=True)
            assert _gone(first)
            await kc.wait_for_ready(timeout=120)
            assert await _run(kc, "print(6 * 7)") == "42"
            second = km.provisioner.pid
            assert second != first
            await km.provisioner.kill()
            assert _gone(second)
            assert not await km.is_alive()
        finally:
            kc.stop_channels()
            await km.cleanup_resources()

    run_async(go())


@pytest.mark.parametrize("argv", [
    ["/bin/sh", "-c", "echo hello"],
    [sys.executable, "-c", "print('hello')"],
    [sys.executable, "-m", "other_kernel", "-f", "x.json"],
    ["/usr/bin/python3-elsewhere", "-m", "commonground.kernel", "-f", "x.json"],
])
def test_only_an_ipykernel_on_this_python_is_forked(argv, forking, tmp_path):
    assert not may_fork(argv)

    async def ask() -> dict:
        template = fork_provisioner._shared_template()
        await template._ensure()
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(template.path)
            sock.sendall(json.dumps({"argv": argv, "env": {}, "cwd": str(tmp_path)}).encode()
                         + b"\n")
            return json.loads(sock.makefile().readline())

    answer = run_async(ask())
    assert "pid" not in answer and "ipykernel" in answer["error"]


def test_switched_off_kernels_start_the_ordinary_way(forking, tmp_path, monkeypatch):
    monkeypatch.setenv("COMMONGROUND_FORK_KERNELS", "0")

    async def go():
        km, kc = await _start(forking, tmp_path, "fresh")
        try:
            assert psutil.Process(km.provisioner.pid).ppid() == os.getpid()
            assert await _run(kc, "import sys; print('widgets.course' in sys.modules)") == "False"
        finally:
            await _stop(km, kc)

    run_async(go())


def test_the_template_and_its_kernels_end_with_their_server(tmp_path):
    """A server that dies without shutting its kernels down leaves nothing running."""
    script = textwrap.dedent(f"""\
        import asyncio, os, sys
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_client.provisioning import KernelProvisionerFactory
        from commonground.server import fork_provisioner
        KernelProvisionerFactory.instance().default_provisioner_name = "commonground-fork"
        async def go():
            km = AsyncKernelManager(transport="ipc", connection_file={str(tmp_path / "k.json")!r})
            await km.start_kernel(cwd={str(tmp_path)!r})
            kc = km.client(); kc.start_channels(); await kc.wait_for_ready(timeout=120)
            print(fork_provisioner.template_pid(), km.provisioner.pid, flush=True)
            os._exit(0)  # no shutdown: as a server that was killed
        asyncio.run(go())
        """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=180, check=True).stdout.split()
    template, kernel = int(out[0]), int(out[1])
    assert _gone(template, within=15)
    assert _gone(kernel, within=15)


def test_widgets_work_in_a_forked_kernel(forking, tmp_path):
    """ipywidgets registers its comm targets only when imported in a running kernel: the
    template imported it before there was one, so the fork registers them."""
    async def go():
        km, kc = await _start(forking, tmp_path, "widgets")
        try:
            assert await _run(kc, textwrap.dedent("""\
                import comm
                targets = comm.get_comm_manager().targets
                print("jupyter.widget" in targets, "jupyter.widget.control" in targets)""")
            ) == "True True"
        finally:
            await _stop(km, kc)

    run_async(go())


@pytest.mark.parametrize("fresh", [False, True], ids=["forked", "fresh"])
def test_commonground_serve_forks_each_pages_kernel(fresh, tmp_path):
    """A real module page on `commonground serve`: by default its kernel is forked from the
    server's template; with --fresh-kernels it is the server's own child. Either way the
    page works, its kernel is a course kernel (no debugger), and nothing is left running
    once the server stops."""
    port = free_port()
    argv = [sys.executable, "-m", "commonground", "serve", "--port", str(port), "--db",
            f"sqlite:///{tmp_path / 'course.db'}", *(["--fresh-kernels"] if fresh else [])]
    with running_server(argv, port, tmp_path / "serve.log") as proc:
        server = psutil.Process(proc.pid)

        async def visit_page():
            visitor = Visitor(f"http://127.0.0.1:{port}",
                              "/voila/render/01_safe_environment.ipynb")
            try:
                visit = await visitor.open(180)
                assert visit.ok, visit.problem
                kernel = kernel_processes(server.children(recursive=True))[visit.kernel_id]
                # A course kernel, forked or fresh: no debugger (commonground.kernel).
                request = message("kernel_info_request", "s", {})
                await visitor.send(request)
                while (reply := await visitor.receive()).header["msg_type"] != \
                        "kernel_info_reply":
                    pass
                assert reply.parent()["msg_id"] == request["msg_id"]
                assert "debugger" not in reply.content()["supported_features"]
                return kernel, kernel.parent()
            finally:
                await visitor.close()  # the page's kernel is shut down

        kernel, parent = run_async(visit_page())
        assert parent is not None
        if fresh:
            assert parent.pid == server.pid
        else:
            assert "commonground.kernel.template" in " ".join(parent.cmdline())
            assert parent.ppid() == server.pid
        left = [kernel, parent]
    assert all(_gone(p.pid, within=20) for p in left)


def test_serve_starts_the_template_with_the_server(tmp_path):
    """The imports are done before the first visitor arrives, not on their time."""
    port = free_port()
    argv = [sys.executable, "-m", "commonground", "serve", "--port", str(port), "--db",
            f"sqlite:///{tmp_path / 'course.db'}"]
    with running_server(argv, port, tmp_path / "serve.log") as proc:
        deadline = time.monotonic() + 60
        while "kernel template ready" not in (tmp_path / "serve.log").read_text():
            assert time.monotonic() < deadline, "the template did not start with the server"
            time.sleep(0.2)
        children = psutil.Process(proc.pid).children()
        assert any("commonground.kernel.template" in " ".join(c.cmdline()) for c in children)
