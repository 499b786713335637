"""A real SMTP relay on 127.0.0.1 for the email tests and the email benchmark: aiosmtpd
(from PyPI) on a free port, keeping what arrives, or refusing as a relay would.

    with smtp_relay() as relay:            # takes every email
        ... relay.port ... relay.messages  # email.message.EmailMessage, as they arrived
    with smtp_relay(refuse="RCPT") as relay:  # 550 for every recipient
    closed_port()                          # a port nobody listens on
"""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

__all__ = ["Relay", "closed_port", "self_signed", "smtp_relay"]

REFUSAL = "550 5.7.1 Relaying denied"


def closed_port() -> int:
    """A port on 127.0.0.1 that was free a moment ago and has nothing listening."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Relay:
    port: int
    refuse: str | None = None  # "RCPT" or "DATA": answer 550 there
    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)  # (from, to)
    lock: threading.Lock = field(default_factory=threading.Lock)

    # aiosmtpd's handler hooks
    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:
        if self.refuse == "RCPT":
            return REFUSAL
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse == "DATA":
            return REFUSAL
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # policy.default makes an EmailMessage
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (openssl), for a relay that speaks TLS."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@contextmanager
def smtp_relay(refuse: str | None = None, tls: str | None = None,
               cert: tuple[Path, Path] | None = None) -> Iterator[Relay]:
    """An SMTP relay on 127.0.0.1 for the duration of the block. ``tls``: "starttls"
    (offered and required) or "tls" (from the first byte), with ``cert`` (certificate,
    key: :func:`self_signed`)."""
    from aiosmtpd.controller import Controller

    relay = Relay(closed_port(), refuse)
    options: dict[str, Any] = {}
    if tls is not None:
        assert cert is not None, "a relay with TLS needs a certificate"
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(cert[0]), str(cert[1]))
        options = ({"tls_context": context, "require_starttls": True} if tls == "starttls"
                   else {"ssl_context": context})
    controller = Controller(relay, hostname="127.0.0.1", port=relay.port, **options)
    controller.start()
    try:
        yield relay
    finally:
        controller.stop()
