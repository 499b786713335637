"""The course server's email settings, checked: which relay, how to reach it securely,
who signs in, and who the emails are from.

Read once from the course's environment (:func:`commonground.environment.read_mail`):
``COMMONGROUND_SMTP_HOST``, ``_SMTP_PORT``, ``_SMTP_SECURITY`` (``starttls``, the default;
``tls``; or ``none``, for a relay on this computer only), ``_SMTP_USER``, the password
from the file ``_SMTP_PASSWORD_FILE`` names (or, failing that, ``_SMTP_PASSWORD``: never
a command-line option, which other accounts can see), ``COMMONGROUND_MAIL_FROM`` and
``COMMONGROUND_MAIL_TEMPLATES`` (a folder of the organisation's own email templates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path

from commonground import environment
from commonground.environment import MailEnvironment

__all__ = ["SECURITY", "MailError", "MailSettings", "mail_settings"]

SECURITY = {"starttls": 587, "tls": 465, "none": 25}  # each way and its usual port
LOCAL_HOSTS = ("127.0.0.1", "::1", "localhost")


class MailError(Exception):
    """Why an email could not be sent, or email cannot be used, in the facilitator's
    words."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # starttls | tls | none
    sender: str  # "Common Ground <course@example.org>"
    user: str = ""
    password: str = field(default="", repr=False)
    templates: Path | None = None
    timeout: float = 20.0

    @property
    def relay(self) -> str:
        return f"{self.host}:{self.port}"


def _problem(what: str) -> MailError:
    return MailError(
        f"Email is not set up on this course server: {what} Ask whoever runs the course "
        "server to set it (the README's section Email says how). Nothing was sent.")


def mail_settings(env: MailEnvironment | None = None) -> MailSettings:
    """The email settings, checked, or :class:`MailError` saying what is missing."""
    env = env or environment.read_mail()
    if not env.host:
        raise _problem(f"no email server is named ({environment.SMTP_HOST}).")
    security = (env.security or "starttls").strip().lower()
    if security not in SECURITY:
        raise _problem(f"{environment.SMTP_SECURITY} is {env.security!r}; it should be "
                       "starttls, tls or none.")
    if security == "none" and env.host not in LOCAL_HOSTS:
        raise _problem(f"{environment.SMTP_SECURITY}=none sends links unencrypted, so it is "
                       "only allowed for an email server on this computer (127.0.0.1); use "
                       "starttls or tls.")
    try:
        port = int(env.port) if env.port else SECURITY[security]
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise _problem(f"{environment.SMTP_PORT} is {env.port!r}, not a port number.")
    if not env.sender:
        raise _problem(f"no sender address is given ({environment.MAIL_FROM}, for example "
                       "\"Common Ground <course@example.org>\").")
    display, address = parseaddr(env.sender)
    try:
        Address(display_name=display, addr_spec=address)
    except (ValueError, IndexError):
        address = ""
    if "@" not in address:
        raise _problem(f"{environment.MAIL_FROM} is {env.sender!r}, not an email address.")
    password = env.password
    if env.password_file:
        try:
            password = Path(env.password_file).read_text(encoding="utf-8").strip()
        except OSError as e:
            raise _problem(f"the password file {env.password_file} cannot be read "
                           f"({e.strerror or e}).") from None
    if env.user and not password:
        raise _problem(f"a user name is given ({environment.SMTP_USER}) but no password "
                       f"({environment.SMTP_PASSWORD_FILE}).")
    templates = Path(env.templates) if env.templates else None
    if templates is not None and not templates.is_dir():
        raise _problem(f"the email templates folder {templates} is not there.")
    return MailSettings(host=env.host, port=port, security=security, sender=env.sender,
                        user=env.user, password=password, templates=templates)
