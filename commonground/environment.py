"""What the server tells a course page's kernel: the one place that writes it and the one
place that reads it.

A course server (``commonground serve``, or a hub user's ``commonground hub serve``)
hands its settings to every kernel it starts through environment variables, as
JupyterHub's ``Spawner.get_env()`` hands a user's server theirs. The server builds them
once as a :class:`CourseEnvironment` and :func:`tell_kernels` puts them in its own
environment, which Voila passes to each kernel; commands run by hand and the tests set
the same variables. Everything that needs one reads it through :func:`read`.
``tests/test_architecture.py`` fails if another module reads a ``COMMONGROUND_*``
variable itself.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

__all__ = [
    "CONTENT",
    "DB",
    "FORK_KERNELS",
    "RUNTIME_DIR",
    "SELF_PACED",
    "SERVE_URL",
    "CourseEnvironment",
    "read",
    "tell_kernels",
]

DB = "COMMONGROUND_DB"  # the course database's URL or SQLite path
CONTENT = "COMMONGROUND_CONTENT"  # the folder of course content (default: the repository's)
SELF_PACED = "COMMONGROUND_SELF_PACED"  # browser | closed | unset (one local learner)
SERVE_URL = "COMMONGROUND_SERVE_URL"  # where a kernel reaches its server (the room)
RUNTIME_DIR = "COMMONGROUND_RUNTIME_DIR"  # where servers leave their runtime files
FORK_KERNELS = "COMMONGROUND_FORK_KERNELS"  # "0": start every kernel the ordinary way

_FIELDS = {"db": DB, "content": CONTENT, "self_paced": SELF_PACED, "serve_url": SERVE_URL,
           "runtime_dir": RUNTIME_DIR}


@dataclass(frozen=True)
class CourseEnvironment:
    """The course's settings as a kernel (or a command) sees them; "" is "not set"."""

    db: str = ""
    content: str = ""
    self_paced: str = ""  # "browser": each browser its own learner; "closed": links only
    serve_url: str = ""
    runtime_dir: str = ""
    fork_kernels: bool = True

    def to_env(self) -> dict[str, str]:
        """The variables for a kernel's environment (only the settings that are set)."""
        env = {name: getattr(self, key) for key, name in _FIELDS.items() if getattr(self, key)}
        if not self.fork_kernels:
            env[FORK_KERNELS] = "0"
        return env

    def but(self, **changes: Any) -> CourseEnvironment:
        """A copy with some settings changed."""
        return replace(self, **changes)


def read(environ: Mapping[str, str] | None = None) -> CourseEnvironment:
    """The course's settings from an environment (this process's by default)."""
    env = os.environ if environ is None else environ
    values = {key: env.get(name, "") for key, name in _FIELDS.items()}
    return CourseEnvironment(**values, fork_kernels=env.get(FORK_KERNELS) != "0")


def tell_kernels(settings: CourseEnvironment) -> None:
    """Put the settings in this server's environment, which every kernel it starts from
    now on inherits (settings that are not set are taken out)."""
    new = settings.to_env()
    for name in (*_FIELDS.values(), FORK_KERNELS):
        if name in new:
            os.environ[name] = new[name]
        else:
            os.environ.pop(name, None)
