"""Course kernels (commonground.kernel, commonground.server.kernel_spec): ipykernel without its
debugger, started through jupyter_client as Voila starts them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager

from commonground.server.kernel_spec import CourseKernelSpecManager, course_argv
from harness.kernel_client import run_async

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(("argv", "expected"), [
    (["/py", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
     ["/py", "-m", "commonground.kernel", "-f", "{connection_file}"]),
    (["/py", "-m", "other_kernel", "-f", "{connection_file}"],
     ["/py", "-m", "other_kernel", "-f", "{connection_file}"]),
    (["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"],
     ["R", "--slave", "-e", "IRkernel::main()", "--args", "{connection_file}"]),
    (["/py"], ["/py"]),
])
def test_only_an_ipykernel_becomes_a_course_kernel(argv, expected):
    assert course_argv(argv) == expected


def test_the_python_spec_starts_a_course_kernel():
    spec = CourseKernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[1:3] == ["-m", "commonground.kernel"]
    assert spec.language == "python"


async def _kernel_info(spec_manager: KernelSpecManager, folder) -> tuple[dict, str]:
    """The kernel's kernel_info reply and whether debugpy is loaded in it."""
    km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                            kernel_spec_manager=spec_manager,
                            connection_file=str(folder / "k.json"))
    await km.start_kernel(env=dict(os.environ), cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        info = await kc.kernel_info(reply=True, timeout=60)
        out: list[str] = []
        await kc.execute_interactive(
            "import sys; print('debugpy' in sys.modules and sys.modules['debugpy'] is not None)",
            output_hook=lambda m: out.append(m["content"].get("text", "")), timeout=60)
        return info["content"], "".join(out).strip()
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


@pytest.mark.parametrize(("manager", "debugger"), [
    (KernelSpecManager, True),  # plain ipykernel, as a notebook editor starts it
    (CourseKernelSpecManager, False),
], ids=["plain", "course"])
def test_a_course_kernel_has_no_debugger(manager, debugger, tmp_path):
    info, loaded = run_async(_kernel_info(manager(), tmp_path))
    assert info["status"] == "ok"
    assert ("debugger" in info["supported_features"]) is debugger
    assert loaded == str(debugger)


def test_too_late_once_ipykernel_has_looked():
    code = ("import ipykernel.debugger; from commonground.kernel import without_debugger; "
            "print(without_debugger(), 'debugpy' in __import__('sys').modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout.split()
    assert out == ["False", "True"]


BURST = 4000  # messages from one cell: a page's widgets (module 04 at 150 terms: ~1,300)


async def _burst(spec_manager: KernelSpecManager, folder) -> tuple[int, bool]:
    """A cell publishes BURST messages while the reader is away for a moment (a busy
    server); how many reached the reader, and whether the cell's end did."""
    km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                            kernel_spec_manager=spec_manager,
                            connection_file=str(folder / "k.json"))
    await km.start_kernel(env=dict(os.environ), cwd=str(folder))
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=120)
        code = ("from IPython.display import display\n"
                f"for i in range({BURST}):\n    display({{'text/plain': str(i)}}, raw=True)\n")
        msg_id = kc.execute(code)
        await asyncio.sleep(4)  # the reader falls behind while the cell runs
        seen, done = 0, False
        while not done:
            try:
                msg = await kc.get_iopub_msg(timeout=10)
            except Exception:  # queue.Empty: nothing more is coming
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen += msg["msg_type"] == "display_data"
            done = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
        return seen, done
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


def test_a_course_kernel_loses_no_message_of_a_big_page(tmp_path):
    """Every message of a burst bigger than ZeroMQ's default high-water mark (1,000)
    reaches a reader that fell behind, and so does the cell's end: what made a busy
    jargon wall's page wait out Voila's timeout (commonground.kernel.app)."""
    seen, done = run_async(_burst(CourseKernelSpecManager(), tmp_path))
    assert (seen, done) == (BURST, True)


def test_a_plain_kernel_loses_them_so_the_check_can_fail(tmp_path):
    """The same burst through ipykernel's own kernel: messages are dropped."""
    seen, _done = run_async(_burst(KernelSpecManager(), tmp_path))
    assert seen < BURST
