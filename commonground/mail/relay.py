"""Handing emails to the organisation's email server (the relay), with every way that can
fail said in the facilitator's words.

One connection carries a batch (:class:`Relay` is a context manager that connects at the
first email; one that cannot connect is not tried again for the rest): connect, secure it
(STARTTLS or TLS from the start; a certificate that does not check out is refused), sign
in if a user is set, then one ``send`` per email. :class:`MailError` says what went wrong
and whether the relay took that email; nothing here logs an email's text or link.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.message import EmailMessage
from email.utils import parseaddr
from types import TracebackType

from .settings import MailError, MailSettings

__all__ = ["Relay"]


def _said(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())[:200]


class Relay:
    """A connection to the email server for a batch of emails."""

    def __init__(self, settings: MailSettings, context: ssl.SSLContext | None = None):
        self.settings = settings
        self.context = context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None
        self._broken: MailError | None = None  # why it could not connect: not tried again

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def _unreachable(self, reason: object) -> MailError:
        return MailError(
            f"The email server ({self.settings.relay}) could not be reached ({reason}), so "
            "nothing was sent. Check that it is running and that this computer may use "
            "it, or ask whoever runs the course server.")

    def open(self) -> None:
        """Connect, secure and sign in, or :class:`MailError` (said again, without
        trying again, for every later email of the batch)."""
        if self._broken is not None:
            raise self._broken
        try:
            self._connect()
        except MailError as e:
            self._broken = e
            raise

    def _connect(self) -> None:
        s = self.settings
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout,
                                                      context=self.context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            self._smtp = smtp
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        f"The email server ({s.relay}) does not offer a secure connection "
                        "(STARTTLS), so nothing was sent: links must not travel unencrypted. "
                        "Ask whoever runs the course server to check its email settings.")
                smtp.starttls(context=self.context)
                smtp.ehlo()
            if s.user:
                smtp.login(s.user, s.password)
        except MailError:
            self.close()
            raise
        except smtplib.SMTPAuthenticationError:
            self.close()
            raise MailError(
                f"The email server ({s.relay}) did not accept the course's user name and "
                "password, so nothing was sent. Ask whoever runs the course server to check "
                "them.") from None
        except ssl.SSLError as e:
            self.close()
            raise MailError(
                f"A secure connection to the email server ({s.relay}) could not be made "
                f"({e.reason or e}), so nothing was sent.") from None
        except (smtplib.SMTPException, OSError) as e:  # refused, timed out, no such host
            self.close()
            reason = e.strerror if isinstance(e, OSError) and e.strerror else (
                "it did not answer in time" if isinstance(e, socket.timeout) else e)
            raise self._unreachable(reason) from None

    def send(self, message: EmailMessage) -> None:
        """Hand one email to the relay, or :class:`MailError`: it did not take it."""
        if self._smtp is None:
            self.open()
        assert self._smtp is not None
        to = parseaddr(str(message["To"]))[1]
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as e:
            reasons = "; ".join(f"{code} {_said(msg)}" for code, msg in e.recipients.values())
            raise MailError(f"The email server refused the address {to} ({reasons}). Check "
                            "the address; nothing was sent to it.") from None
        except smtplib.SMTPSenderRefused as e:
            raise MailError(f"The email server refused to send from {self.settings.sender} "
                            f"({e.smtp_code} {_said(e.smtp_error)}). Nothing was sent; ask "
                            "whoever runs the course server to check the sender "
                            "address.") from None
        except smtplib.SMTPResponseException as e:
            raise MailError(f"The email server refused the email to {to} ({e.smtp_code} "
                            f"{_said(e.smtp_error)}). Nothing was sent.") from None
        except (smtplib.SMTPException, OSError) as e:
            self.close()
            raise MailError(f"The connection to the email server ({self.settings.relay}) "
                            f"was lost while sending to {to} ({e}). It may not have been "
                            "sent; send it again in a minute.") from None
        if refused:
            raise MailError(f"The email server refused the address {to}. Nothing was sent "
                            "to it.")

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
