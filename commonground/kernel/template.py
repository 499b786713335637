"""The kernel template: one process per ``commonground serve`` that has imported what
every course page's kernel imports, and forks a kernel from itself on request.

A course page's kernel spends most of its start-up importing: ipykernel and ipywidgets
(as any Voila page), then SQLAlchemy, PyYAML, markdown-it and the course's own packages.
When 30 trainees open a module at once, 30 kernels doing the same imports on two cores
is most of the wait. Here the imports are done once; each kernel is a ``fork()`` of this
process, sharing the imported code's memory copy-on-write (``gc.freeze()`` keeps the
garbage collector from touching, and so copying, those pages), then becomes an ordinary
ipykernel (``ipykernel_launcher -f <connection file>``) with the environment and working
folder the server asked for. Nothing about any trainee is in this process: it has read
no database and no course content, only imported modules, so a forked kernel starts
knowing what any fresh kernel knows.

    python -m commonground.kernel.template SOCKET

It listens on the Unix socket SOCKET (in a folder only its user can enter, made by
:mod:`commonground.server.fork_provisioner`); each connection sends one JSON line
``{"argv": [...], "env": {...}, "cwd": "..."}`` and gets back ``{"pid": N}`` or
``{"error": "..."}``. Only an ipykernel on this Python (``<this python> -m
ipykernel_launcher ...`` or ``-m commonground.kernel ...``) is forked, and it becomes a
course kernel (:mod:`commonground.kernel`: no debugger); anything else is refused, and
the caller starts it the ordinary way. The process ends, taking its
kernels with it, when the server that started it goes.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import signal
import socket
import sys
import time
import traceback

from . import LAUNCHER, without_debugger

__all__ = ["PRELOAD", "main", "may_fork"]

# What a course page's kernel imports (the notebooks' first line), as a kernel would, and
# Jinja2, which the page header loads at its first render (commonground.templates).
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipywidgets",
           "commonground.kernel.app", "widgets.course", "jinja2")
_KERNEL_MODULES = ("ipykernel_launcher", LAUNCHER)  # after `-m`: what may be forked
_POLL = 1.0  # seconds between checks that the server is still there
_MAX_REQUEST = 4 * 1024 * 1024  # bytes: one kernel's argv, environment and folder

_children: set[int] = set()
_TEMPLATE_PATH0 = sys.path[0] if sys.path else ""  # this template's own folder (`-m`)


def may_fork(argv: list[str]) -> bool:
    """Whether this command is an ipykernel on this Python (the only thing forked)."""
    return (len(argv) >= 3 and argv[1] == "-m" and argv[2] in _KERNEL_MODULES
            and os.path.realpath(argv[0]) == os.path.realpath(sys.executable))


def _preload() -> None:
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # a broken module shows in the page, as without the template
            traceback.print_exc()
    gc.collect()
    gc.freeze()  # the imported objects stay put: the children's pages stay shared


def _reap(*_args: object) -> None:
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _children.discard(pid)


def _stop_children(*_args: object) -> None:
    for pid in list(_children):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGTERM)


def _as_if_imported_in_the_kernel() -> None:
    """What the template's imports do only when imported inside a running kernel."""
    if "ipywidgets" in sys.modules:  # its comm targets: widget models and their states
        import ipywidgets

        ipywidgets.register_comm_target()


def _become_kernel(listener: socket.socket, conn: socket.socket, request: dict) -> None:
    """In the child: an ipykernel, as ``python -m ipykernel_launcher`` would be."""
    code = 1
    try:
        listener.close()
        conn.close()
        _children.clear()  # its siblings are not its to stop
        atexit.unregister(_stop_children)
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()  # its own process group, as the server's launcher gives a kernel
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if sys.path and sys.path[0] == _TEMPLATE_PATH0:  # as ipykernel_launcher does
            del sys.path[0]
        argv = request["argv"]
        # The kernel ends if this template goes. (IPKernelApp read JPY_PARENT_PID when
        # this template imported it, so the value is given as an argument.)
        sys.argv = [argv[0], *argv[3:], f"--IPKernelApp.parent_handle={os.getppid()}"]
        without_debugger()  # a course kernel (commonground.kernel)
        from .app import CourseKernelApp

        app = CourseKernelApp.instance()
        app.initialize()
        _as_if_imported_in_the_kernel()
        app.start()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        # The kernel's atexit handlers, as a normal exit would run them. Python has no
        # public way to run them short of exiting, and a normal exit (SystemExit) from here
        # would unwind into the template's own loop and clean-up: so they run here, and
        # os._exit ends the child.
        with contextlib.suppress(BaseException):
            atexit._run_exitfuncs()
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _answer(conn: socket.socket, listener: socket.socket) -> None:
    with conn:
        conn.settimeout(10)
        data = b""
        while not data.endswith(b"\n") and len(data) < _MAX_REQUEST:
            chunk = conn.recv(65536)
            if not chunk:
                return
            data += chunk
        try:
            request = json.loads(data)
            argv, env, cwd = request["argv"], request["env"], request["cwd"]
            if not (isinstance(env, dict) and isinstance(cwd, str) and may_fork(argv)):
                raise ValueError("only an ipykernel on this Python is forked")
        except (ValueError, KeyError, TypeError) as e:
            conn.sendall(json.dumps({"error": str(e)}).encode() + b"\n")
            return
        pid = os.fork()
        if pid == 0:
            _become_kernel(listener, conn, request)
        _children.add(pid)
        conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def main(path: str) -> None:
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # before the imports: a caller's connection waits in the backlog
    listener.listen(64)
    listener.settimeout(_POLL)
    signal.signal(signal.SIGCHLD, _reap)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    atexit.register(_stop_children)
    started = time.monotonic()
    _preload()
    print(f"commonground: kernel template ready in {time.monotonic() - started:.1f} s "
          f"(pid {os.getpid()})", file=sys.stderr, flush=True)
    try:
        while os.getppid() == parent:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            try:
                _answer(conn, listener)
            except OSError:
                traceback.print_exc()
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            os.unlink(path)


if __name__ == "__main__":
    main(sys.argv[1])
