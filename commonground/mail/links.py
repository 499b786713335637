"""Sending people their personal links by email: the CLI's ``cohort email-links`` and the
facilitator's page call :func:`email_links` (one person or several).

For each person: their address (none: said, nothing written); a "sending" record, which
a second click while it is under way, or just after it went, is refused with a plain
message (:meth:`commonground.data.messages.Messages.claim`); a new token, made now, put
into the email (plain text and HTML from ``templates/mail/``, or the organisation's own);
the relay. Only once the relay has taken the email does the new link replace the
person's earlier one, so a refused or unreachable relay leaves their old link working and
records "failed" with the reason in words, never "sent". The token is in the email and
nowhere else: not in the record, not in any message this module returns.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from commonground.access.link import personal_url
from commonground.data.messages import AlreadySentError
from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.data.tokens import new_token
from commonground.errors import StoreError
from commonground.templates import render_overridable

from .relay import Relay
from .settings import MailError, MailSettings, mail_settings

__all__ = ["KIND", "LinkEmail", "compose_link_email", "email_links"]

KIND = "link"  # what the messages record calls this email


@dataclass(frozen=True)
class LinkEmail:
    """What became of one person's email, in the facilitator's words."""

    participant_id: int
    name: str
    sent: bool
    words: str


def compose_link_email(settings: MailSettings, person: Participant, address: str,
                       url: str) -> EmailMessage:
    """The email with ``url`` (the person's new link), in plain text and HTML; an
    organisation's template that cannot be used is :class:`MailError`."""
    import jinja2

    try:
        return _compose(settings, person, address, url)
    except (jinja2.TemplateError, OSError) as e:
        where = settings.templates or "the course's email templates"
        raise MailError(f"The email could not be made from the templates in {where} "
                        f"({type(e).__name__}: {e}). Nothing was sent; ask whoever runs the "
                        "course server to check them.") from None


def _compose(settings: MailSettings, person: Participant, address: str,
             url: str) -> EmailMessage:
    values = dict(name=person.display_name or "there", cohort=person.cohort_name or "",
                  facilitator=person.is_facilitator,
                  facilitator_name=person.facilitator_name or "", link=url)
    folder = settings.templates
    subject = " ".join(render_overridable(folder, "mail/link_subject.txt", **values).split())
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = formataddr((person.display_name, address))
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2].strip("> "))
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_overridable(folder, "mail/link.txt", **values))
    message.add_alternative(render_overridable(folder, "mail/link.html", subject=subject,
                                               **values), subtype="html")
    return message


def _one(store: Store, relay: Relay, settings: MailSettings, person: Participant,
         address: str | None, base_url: str) -> LinkEmail:
    name = person.display_name or person.public_id

    def said(sent: bool, words: str) -> LinkEmail:
        return LinkEmail(person.id, name, sent, words)

    if not address:
        return said(False, f"No email address for {name}: add one (the roster's email "
                           "column), then send again. Nothing was sent.")
    token = new_token()  # switched on only once the relay has taken the email
    try:
        email = compose_link_email(settings, person, address,
                                   personal_url(base_url, token, person.is_facilitator))
    except MailError as e:
        return said(False, f"Not sent to {name}: {e}")
    try:
        record = store.messages.claim(person.id, KIND, address, who=name)
    except AlreadySentError as e:
        return said(False, str(e))
    try:
        relay.send(email)
    except MailError as e:
        store.messages.finish(record, str(e))
        return said(False, f"Not sent to {name}: {e} Their earlier link still works.")
    try:
        store.people.replace_links({person.id: token})
    except StoreError as e:
        store.messages.finish(record, f"The email went out, but its link could not be "
                                      f"switched on ({e}). Send it again.")
        return said(False, f"The email to {name} went out, but its link could not be "
                           f"switched on ({e}). Send it again; their earlier link still works.")
    store.messages.finish(record)
    return said(True, f"Sent {name}'s link to {address}. Their earlier link no longer works.")


def email_links(store: Store, people: Iterable[Participant], base_url: str, *,
                settings: MailSettings | None = None,
                progress: Callable[[LinkEmail], None] | None = None,
                context: ssl.SSLContext | None = None) -> list[LinkEmail]:
    """Email each person a new personal link through one connection to the relay; what
    became of each (a relay that cannot be reached is tried once: everyone's email is
    then recorded as failed with that reason). Email that is not set up is
    :class:`MailError`, with nothing written. ``context``: the TLS settings (default: the
    system's certificate authorities)."""
    settings = settings or mail_settings()
    people = list(people)
    if not people:
        return []
    addresses = {p.id: store.messages.address(p.id) for p in people}
    done = []
    with Relay(settings, context) as relay:  # connects at the first email
        for person in people:
            outcome = _one(store, relay, settings, person, addresses[person.id], base_url)
            done.append(outcome)
            if progress is not None:
                progress(outcome)
    return done
