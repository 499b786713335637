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
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = [
    "CONTENT",
    "DB",
    "FORK_KERNELS",
    "GRADING_DIR",
    "MAIL_FROM",
    "MAIL_TEMPLATES",
    "PUBLIC_URL",
    "RUNTIME_DIR",
    "SELF_PACED",
    "SERVE_URL",
    "SMTP_HOST",
    "SMTP_PASSWORD",
    "SMTP_PASSWORD_FILE",
    "SMTP_PORT",
    "SMTP_SECURITY",
    "SMTP_USER",
    "CourseEnvironment",
    "MailEnvironment",
    "read",
    "read_mail",
    "tell_kernels",
]

DB = "COMMONGROUND_DB"  # the course database's URL or SQLite path
CONTENT = "COMMONGROUND_CONTENT"  # the folder of course content (default: the repository's)
SELF_PACED = "COMMONGROUND_SELF_PACED"  # browser | closed | unset (one local learner)
SERVE_URL = "COMMONGROUND_SERVE_URL"  # where a kernel reaches its server (the room)
RUNTIME_DIR = "COMMONGROUND_RUNTIME_DIR"  # where servers leave their runtime files
FORK_KERNELS = "COMMONGROUND_FORK_KERNELS"  # "0": start every kernel the ordinary way
PUBLIC_URL = "COMMONGROUND_PUBLIC_URL"  # the address trainees open (their links start so)
GRADING_DIR = "COMMONGROUND_GRADING_DIR"  # the nbgrader course folder (default: exercises/)

# Email (the server's relay; read by :func:`read_mail`, checked by commonground.mail).
SMTP_HOST = "COMMONGROUND_SMTP_HOST"  # the relay's name or address (unset: no email)
SMTP_PORT = "COMMONGROUND_SMTP_PORT"  # default 587 (starttls), 465 (tls) or 25 (none)
SMTP_SECURITY = "COMMONGROUND_SMTP_SECURITY"  # starttls (default) | tls | none
SMTP_USER = "COMMONGROUND_SMTP_USER"  # to sign in to the relay (unset: no sign-in)
SMTP_PASSWORD_FILE = "COMMONGROUND_SMTP_PASSWORD_FILE"  # a file holding the password
SMTP_PASSWORD = "COMMONGROUND_SMTP_PASSWORD"  # or the password itself (never an option)
MAIL_FROM = "COMMONGROUND_MAIL_FROM"  # the sender: "Common Ground <course@example.org>"
MAIL_TEMPLATES = "COMMONGROUND_MAIL_TEMPLATES"  # a folder of the organisation's templates

_FIELDS = {"db": DB, "content": CONTENT, "self_paced": SELF_PACED, "serve_url": SERVE_URL,
           "runtime_dir": RUNTIME_DIR, "public_url": PUBLIC_URL, "grading_dir": GRADING_DIR}


@dataclass(frozen=True)
class CourseEnvironment:
    """The course's settings as a kernel (or a command) sees them; "" is "not set"."""

    db: str = ""
    content: str = ""
    self_paced: str = ""  # "browser": each browser its own learner; "closed": links only
    serve_url: str = ""
    runtime_dir: str = ""
    public_url: str = ""
    grading_dir: str = ""  # the dashboard's grading runs and the server's formgrader
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


_MAIL_FIELDS = {"host": SMTP_HOST, "port": SMTP_PORT, "security": SMTP_SECURITY,
                "user": SMTP_USER, "password_file": SMTP_PASSWORD_FILE,
                "password": SMTP_PASSWORD, "sender": MAIL_FROM, "templates": MAIL_TEMPLATES}


@dataclass(frozen=True)
class MailEnvironment:
    """The email settings as written ("" is "not set"); :mod:`commonground.mail.settings`
    checks them and reads the password file. :func:`tell_kernels` does not set them (a
    kernel has them only as part of the server's own environment), so keep the password
    in a file readable by the server's account alone."""

    host: str = ""
    port: str = ""
    security: str = ""
    user: str = ""
    password_file: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    templates: str = ""


def read_mail(environ: Mapping[str, str] | None = None) -> MailEnvironment:
    """The email settings from an environment (this process's by default)."""
    env = os.environ if environ is None else environ
    return MailEnvironment(**{key: env.get(name, "") for key, name in _MAIL_FIELDS.items()})


def tell_kernels(settings: CourseEnvironment) -> None:
    """Put the settings in this server's environment, which every kernel it starts from
    now on inherits (settings that are not set are taken out)."""
    new = settings.to_env()
    for name in (*_FIELDS.values(), FORK_KERNELS):
        if name in new:
            os.environ[name] = new[name]
        else:
            os.environ.pop(name, None)
