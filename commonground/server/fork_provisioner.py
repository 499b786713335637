"""A jupyter_client kernel provisioner that forks course kernels from a template process
(:mod:`commonground.kernel.template`) instead of starting a fresh Python for each page.

``commonground serve`` selects it (``--KernelProvisionerFactory.default_provisioner_name=
commonground-fork``; the name is this package's ``jupyter_client.kernel_provisioners``
entry point). It is jupyter_client's :class:`LocalProvisioner` in every way (connection
file, ports, environment, signals to the kernel's process group, shutdown), except that
the kernel process comes from the template: the first launch starts the template (one
per server process, in a folder only this user can enter), and a launch the template
cannot serve (another kernel, a template that will not start) is started the ordinary
way, with a warning in the server's log. The kernel is not the server's child, so its
liveness is read from the process table (:class:`_Forked`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from typing import Any

import psutil
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner

from commonground import environment
from commonground.kernel.template import may_fork

__all__ = ["ForkProvisioner", "start_template", "template_pid"]

_START_TIMEOUT = 120.0  # seconds for the template's imports on a busy server


class _Forked:
    """The parts of :class:`subprocess.Popen` a provisioner uses, for a process that is
    not ours to wait for (the template reaps it)."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._process: psutil.Process | None = psutil.Process(pid)
        except psutil.Error:
            self._process = None

    def poll(self) -> int | None:
        if self.returncode is None and not self._alive():
            self.returncode = 0  # its exit status went to the template
        return self.returncode

    def _alive(self) -> bool:
        try:  # is_running() also tells a reused pid from ours
            return (self._process is not None and self._process.is_running()
                    and self._process.status() != psutil.STATUS_ZOMBIE)
        except psutil.Error:
            return False

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel process {self.pid} is still running")
            time.sleep(0.05)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class _Template:
    """The one template process of this server, started on first use."""

    def __init__(self) -> None:
        self._folder = tempfile.mkdtemp(prefix="cg-kernels-")  # 0700: only this user
        self.path = os.path.join(self._folder, "fork.sock")
        self._process: asyncio.subprocess.Process | None = None
        self._lock = asyncio.Lock()

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    async def _ensure(self) -> None:
        async with self._lock:
            if self._process is not None and self._process.returncode is None:
                return
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)
            self._process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "commonground.kernel.template", self.path,
                stdin=asyncio.subprocess.DEVNULL)
            deadline = time.monotonic() + 10
            while not os.path.exists(self.path):  # bound before its imports
                if self._process.returncode is not None or time.monotonic() > deadline:
                    raise OSError("the kernel template did not start")
                await asyncio.sleep(0.02)

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        await self._ensure()
        reader, writer = await asyncio.open_unix_connection(self.path, limit=2**20)
        try:
            writer.write(json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n")
            await writer.drain()
            line = await asyncio.wait_for(reader.readline(), _START_TIMEOUT)
        finally:
            writer.close()
        if not line:
            raise OSError("the kernel template closed the connection")
        answer = json.loads(line)
        if "pid" not in answer:
            raise OSError(f"the kernel template refused: {answer.get('error')}")
        return int(answer["pid"])

    def stop(self) -> None:
        if self._process is not None and self._process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._process.terminate()
        shutil.rmtree(self._folder, ignore_errors=True)


_template: _Template | None = None


def template_pid() -> int | None:
    """The template process's pid, once it has started (the room counts its memory)."""
    return None if _template is None else _template.pid


async def start_template() -> None:
    """Start the template now (a server calls this as it starts, so that its imports are
    done before the first visitor's kernel is asked for); a problem is left to the first
    launch, which then starts kernels the ordinary way."""
    with contextlib.suppress(OSError):
        await _shared_template()._ensure()


def _shared_template() -> _Template:
    global _template
    if _template is None:
        import atexit

        _template = _Template()
        atexit.register(_template.stop)
    return _template


class ForkProvisioner(LocalProvisioner):
    """:class:`LocalProvisioner`, with the kernel forked from the course's template."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        if not environment.read().fork_kernels or not may_fork(cmd):
            return await super().launch_kernel(cmd, **kwargs)
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = await _shared_template().fork(list(cmd), dict(env), cwd)
        except (OSError, TimeoutError, ValueError) as e:
            self.log.warning("Starting a kernel the ordinary way: %s", e)
            return await super().launch_kernel(cmd, **kwargs)
        # LocalProvisioner types `process` as a Popen; _Forked has the parts of one it uses.
        self.process = _Forked(pid)  # type: ignore[assignment]  # see above
        self.pid = self.pgid = pid  # the child leads its own process group
        self.cwd = cwd
        return self.connection_info
