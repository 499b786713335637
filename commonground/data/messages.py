"""Email: the addresses people were given by, and the record of what the course sent.

This module owns ``email_addresses`` (one address per person, from a roster's email
column or the facilitator's page) and ``messages`` (each email the course sent or tried
to send). A send is recorded in two steps around the relay: :meth:`Messages.claim` writes
a "sending" row (and refuses the same email to the same person while one is under way or
was sent in the last :data:`REPEAT_SECONDS`, so a double click sends once), then
:meth:`Messages.finish` makes it "sent" (the relay took it) or "failed" with the error in
words. The message's text and its link are never stored.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update

from commonground.errors import StoreError

from . import _schema as t
from ._db import new_id, utcnow
from .people import cohort_members

if TYPE_CHECKING:
    from ._db import Database

__all__ = [
    "ADDRESS_LIMIT",
    "FAILED",
    "REPEAT_SECONDS",
    "SENDING",
    "SENT",
    "AlreadySentError",
    "MessageRecord",
    "Messages",
    "check_address",
]

SENDING, SENT, FAILED = "sending", "sent", "failed"
REPEAT_SECONDS = 120  # the same email to the same person is refused for this long
STALE_SENDING = _dt.timedelta(minutes=10)  # a "sending" row older than this was cut off
ADDRESS_LIMIT = 254
_ADDRESS = re.compile(r"[^@\s<>(),;:\"\[\]\\]+@[^@\s<>(),;:\"\[\]\\]+\.[^@\s<>(),;:\"\[\]\\.]+")


class AlreadySentError(StoreError):
    """The same email to the same person is under way or was just sent."""


@dataclass(frozen=True)
class MessageRecord:
    id: int
    participant_id: int
    kind: str
    address: str
    status: str  # sending | sent | failed
    error: str  # why it failed, in words ("" otherwise)
    started_at: _dt.datetime
    finished_at: _dt.datetime | None


def check_address(address: str | None, who: str = "") -> str:
    """An email address as stored (spaces around it dropped), or :class:`StoreError` in
    words. Only the shape is checked: the relay decides whether it exists."""
    text = (address or "").strip()
    whose = f" for {who}" if who else ""
    if not text:
        raise StoreError(f"There is no email address{whose}.")
    if len(text) > ADDRESS_LIMIT or not _ADDRESS.fullmatch(text):
        raise StoreError(f"{text[:80]!r} is not an email address{whose}: write it as "
                         "name@example.org, one address only.")
    return text


def _record(row: object) -> MessageRecord:
    return MessageRecord(**{f: getattr(row, f) for f in MessageRecord.__dataclass_fields__})


class Messages:
    def __init__(self, store: Database):
        self.store = store

    # -- addresses -------------------------------------------------------------------
    def set_address(self, participant_id: int, address: str | None) -> str | None:
        """Keep (or, given "" or None, forget) the person's email address."""
        a = t.email_addresses
        with self.store.write() as conn:
            conn.execute(delete(a).where(a.c.participant_id == participant_id))
            if not (address or "").strip():
                return None
            checked = check_address(address)
            conn.execute(a.insert().values(participant_id=participant_id, address=checked,
                                           updated_at=utcnow()))
        return checked

    def set_addresses(self, addresses: dict[int, str]) -> None:
        """Keep several people's addresses (each checked first) in one transaction."""
        checked = {pid: check_address(address) for pid, address in addresses.items()}
        a = t.email_addresses
        now = utcnow()
        with self.store.write() as conn:
            if checked:
                conn.execute(delete(a).where(a.c.participant_id.in_(list(checked))))
                conn.execute(a.insert(), [dict(participant_id=pid, address=address,
                                               updated_at=now)
                                          for pid, address in checked.items()])

    def address(self, participant_id: int) -> str | None:
        a = t.email_addresses
        with self.store.read() as conn:
            return conn.execute(
                select(a.c.address).where(a.c.participant_id == participant_id)).scalar()

    def addresses(self, cohort_id: int) -> dict[int, str]:
        """Participant id -> address, for the cohort's members who have one."""
        a = t.email_addresses
        with self.store.read() as conn:
            rows = conn.execute(select(a.c.participant_id, a.c.address)
                                .where(a.c.participant_id.in_(cohort_members(cohort_id))))
            return {r.participant_id: r.address for r in rows}

    # -- sends -----------------------------------------------------------------------
    def claim(self, participant_id: int, kind: str, address: str, who: str = "",
              now: _dt.datetime | None = None) -> int:
        """Record that an email is being sent; its id. Refused (:class:`AlreadySentError`,
        nothing written) while the same email to the same person is under way, or within
        :data:`REPEAT_SECONDS` of one the relay took."""
        m = t.messages
        now = now or utcnow()
        with self.store.write() as conn:  # writers queue: two clicks cannot both pass
            latest = conn.execute(
                select(m.c.status, m.c.started_at, m.c.finished_at)
                .where(m.c.participant_id == participant_id, m.c.kind == kind,
                       m.c.status.in_((SENDING, SENT)))
                .order_by(m.c.id.desc()).limit(1)).first()
            if latest is not None:
                started = _aware(latest.started_at)
                if latest.status == SENDING and now - started < STALE_SENDING:
                    raise AlreadySentError(
                        f"An email to {who or 'this person'} is being sent now; it was not "
                        "sent twice.")
                finished = _aware(latest.finished_at or latest.started_at)
                if latest.status == SENT and (now - finished).total_seconds() < REPEAT_SECONDS:
                    raise AlreadySentError(
                        f"{who or 'This person'} was sent this email a moment ago, so it was "
                        "not sent again. If it has not arrived in a few minutes, try again.")
            return new_id(conn.execute(m.insert().values(
                participant_id=participant_id, kind=kind, address=address, status=SENDING,
                error="", started_at=now)))

    def finish(self, message_id: int, error: str | None = None) -> MessageRecord:
        """The relay took the email (no ``error``), or it failed: ``error`` in words."""
        m = t.messages
        with self.store.write() as conn:
            conn.execute(update(m).where(m.c.id == message_id).values(
                status=FAILED if error else SENT, error=error or "", finished_at=utcnow()))
            row = conn.execute(select(m).where(m.c.id == message_id)).one()
        return _record(row)

    def sent_to(self, participant_id: int) -> list[MessageRecord]:
        """The person's emails, newest first."""
        m = t.messages
        with self.store.read() as conn:
            rows = conn.execute(select(m).where(m.c.participant_id == participant_id)
                                .order_by(m.c.id.desc()))
            return [_record(r) for r in rows]

    def latest(self, cohort_id: int, kind: str) -> dict[int, MessageRecord]:
        """Participant id -> their latest email of this kind, for the cohort."""
        m = t.messages
        newest = (select(func.max(m.c.id))
                  .where(m.c.kind == kind, m.c.participant_id.in_(cohort_members(cohort_id)))
                  .group_by(m.c.participant_id))
        with self.store.read() as conn:
            rows = conn.execute(select(m).where(m.c.id.in_(newest)))
            return {r.participant_id: _record(r) for r in rows}


def _aware(when: _dt.datetime) -> _dt.datetime:
    """SQLite gives times back without their zone; every time stored is UTC."""
    return when if when.tzinfo else when.replace(tzinfo=_dt.UTC)
