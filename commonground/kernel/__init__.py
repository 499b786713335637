"""A course page's kernel: an ordinary ipykernel without its debugger.

ipykernel imports debugpy (and pydevd, about a hundred modules) when a kernel starts, so
that a notebook editor can offer its debugger. A course page is served by Voila, whose
front end never debugs and whose server passes only widget messages to the kernel, so in
a trainee's kernel the debugger is dead weight: about 7.5 MB of memory per page
(``bench/kernel_cost.py``: module 03's kernel 66.3 -> 58.6 MB RSS forked, 72.7 -> 65.2 MB
fresh), and one more door that evaluates code. The course's kernels start without it:

    python -m commonground.kernel -f CONNECTION_FILE

is ``python -m ipykernel_launcher`` with ``debugpy`` made unimportable first (Python's
rule: a ``None`` in ``sys.modules`` stops the import), which ipykernel reads as "no
debugger": its ``kernel_info`` no longer lists ``"debugger"`` among the supported
features and a ``debug_request`` finds no debugger to run it. Forked kernels do the same
(:mod:`commonground.kernel.template`); ``commonground serve`` and the hub's user servers start
fresh ones through :class:`commonground.server.kernel_spec.CourseKernelSpecManager`.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["LAUNCHER", "main", "without_debugger"]

LAUNCHER = "commonground.kernel"  # what follows ``-m`` in a course kernel's command
_DEBUGGER_MODULES = ("debugpy",)


def without_debugger() -> bool:
    """Make the debugger unimportable in this process, before ipykernel looks for it.

    False (and nothing changed) when ipykernel has already looked: then it is too late.
    """
    if "ipykernel.debugger" in sys.modules:
        return False
    for name in _DEBUGGER_MODULES:
        sys.modules[name] = None  # type: ignore[assignment]  # Python's "do not import"
    return True


def main() -> None:
    # As ipykernel_launcher: the working folder leaves sys.path while the kernel loads
    # (IPython puts it back for the page's code).
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    without_debugger()
    from .app import CourseKernelApp

    CourseKernelApp.launch_instance()

