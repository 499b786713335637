"""The floor every benchmark compares the course with, defined once for
``bench/crowd.py``, ``bench/kernel_cost.py`` and ``bench/page_ready.py``.

The floor is bare Voila serving one Markdown cell and one text box (``FLOOR_NOTEBOOK``):

- its server is the ``voila`` command of this Python's environment, with Voila's own
  defaults (its lab template, its kernel manager, no sign-in, no pools, no fork), on a
  folder holding the floor notebook (:func:`voila_argv`);
- its kernel is ipykernel as ``python -m ipykernel_launcher`` starts it, with the debugger
  (debugpy) made unimportable first (``bench/_floor_kernel.py``), as every course kernel
  is: the debugger's import and its 7.5 MB are then in neither side of a ratio, and what
  a ratio shows is the page. Voila finds that kernel through a kernel spec folder
  (:func:`kernel_spec_folder`, put first on ``JUPYTER_PATH`` by :func:`voila_env`);
  ``bench/kernel_cost.py`` starts it through :func:`floor_kernel_specs`.

The course-served floor, a second row wherever it is printed and never the divisor, is
the same notebook under ``commonground serve --fresh-kernels`` (:data:`COURSE_FLOOR`):
the course's template, sign-in and pooling kernel manager, and course kernels
(``python -m commonground.kernel``, which imports the course package), started fresh.

Figures that depend on the fork provisioner (kernels forked from the kernel template,
``commonground serve`` without ``--fresh-kernels``) say so (:data:`FORK_NOTE`): the fork
hides most of a fresh course kernel's start (its imports), so a forked module page's
time, CPU and memory are not what a fresh kernel would cost (hub user servers start them
fresh).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

__all__ = [
    "COURSE_FLOOR", "FLOOR_LABEL", "FLOOR_NB", "FLOOR_NOTEBOOK", "FORK_NOTE",
    "floor_kernel_argv", "floor_kernel_specs", "kernel_spec_folder", "voila_argv",
    "voila_env", "write_floor",
]

FLOOR_NOTEBOOK = {
    "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Floor\n", "One text box."]},
        {
            "cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
            "source": ["import ipywidgets as w; w.Textarea(description='Floor box')"],
        },
    ],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}
FLOOR_NB = "floor.ipynb"
FLOOR_LABEL = "Floor box"  # the text box's label, which says the page is usable
COURSE_FLOOR = ("course-served floor (commonground serve --fresh-kernels: course template, "
                "sign-in, pooling manager, course kernels started fresh)")
FORK_NOTE = ("Depend on the fork provisioner (kernels forked from the kernel template): "
             "{forked}. Do not: {fresh} (fresh kernels, as bare Voila and hub user "
             "servers start them).")
_KERNEL = Path(__file__).with_name("_floor_kernel.py")


def write_floor(folder: Path) -> Path:
    """The floor notebook, written into ``folder``."""
    path = folder / FLOOR_NB
    path.write_text(json.dumps(FLOOR_NOTEBOOK))
    return path


def floor_kernel_argv(python: str = sys.executable) -> list[str]:
    """The floor kernel's command (a kernel spec's ``argv``)."""
    return [python, str(_KERNEL), "-f", "{connection_file}"]


def kernel_spec_folder(folder: Path) -> Path:
    """A Jupyter data folder whose ``python3`` kernel spec is the floor kernel (for
    ``JUPYTER_PATH``); returns it."""
    spec = folder / "kernels" / "python3"
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": floor_kernel_argv(), "display_name": "Python 3 (floor: no debugger)",
        "language": "python"}))
    return folder


def voila_argv(root: Path, port: int) -> list[str]:
    """Bare Voila on ``root`` at 127.0.0.1:``port``: the venv's ``voila`` command with
    its defaults (pages at ``/voila/render/<notebook>``)."""
    voila = Path(sys.executable).with_name("voila")
    return [str(voila), str(root), "--Voila.ip=127.0.0.1", f"--Voila.port={port}",
            "--Voila.port_retries=0", "--Voila.open_browser=False"]


def voila_env(folder: Path) -> dict[str, str]:
    """This environment, with the floor kernel's spec first on ``JUPYTER_PATH``."""
    spec = kernel_spec_folder(folder)
    path = os.pathsep.join(p for p in (str(spec), os.environ.get("JUPYTER_PATH")) if p)
    return {**os.environ, "JUPYTER_PATH": path}


def floor_kernel_specs(folder: Path):
    """A kernel spec manager (jupyter_client's) whose ``python3`` is the floor kernel,
    its spec written under ``folder``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KernelSpecManager(kernel_dirs=[str(kernel_spec_folder(folder) / "kernels")])
