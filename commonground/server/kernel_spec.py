"""The kernel specs a course server starts kernels from: the usual ones, except that the
Python kernel runs as a course kernel (:mod:`commonground.kernel`: ipykernel without its
debugger).

Selected by :func:`commonground.server.app.voila_argv` (``VoilaConfiguration.
kernel_spec_manager_class``) for ``commonground serve`` and the hub's user servers; the
notebooks keep their ordinary ``python3`` kernel spec, so JupyterLab and Binder open them
as any notebook.
"""

from __future__ import annotations

from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

from commonground.kernel import LAUNCHER

__all__ = ["CourseKernelSpecManager", "course_argv"]

_IPYKERNEL = ["-m", "ipykernel_launcher"]


def course_argv(argv: list[str]) -> list[str]:
    """An ipykernel's command as a course kernel's; any other command as it is."""
    if argv[1:3] == _IPYKERNEL:
        return [argv[0], "-m", LAUNCHER, *argv[3:]]
    return list(argv)


class CourseKernelSpecManager(KernelSpecManager):
    """jupyter_client's spec manager, with each ipykernel started as a course kernel."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = super().get_kernel_spec(kernel_name)
        spec.argv = course_argv(spec.argv)
        return spec
