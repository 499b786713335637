"""Emails per second to a test SMTP relay (aiosmtpd on 127.0.0.1): the course's link
emails against a bare ``smtplib`` loop, in the same run, to the same relay.

    .venv/bin/python bench/email_rate.py [--people 200]

- baseline: one connection, ``send_message`` of a small fixed email per person;
- course: ``commonground.mail.links.email_links`` for a cohort of that many trainees
  (each: a "sending" record, a new token, the email rendered from the templates in
  plain text and HTML, the relay, the new link switched on, the record finished).

Prints both rates and the course's as a fraction of the baseline. The relay is on this
computer, so this measures the course's own cost per email, not a real relay's.
"""

from __future__ import annotations

import argparse
import smtplib
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground import open_store  # noqa: E402
from commonground.mail.links import email_links  # noqa: E402
from commonground.mail.settings import MailSettings  # noqa: E402
from harness.smtp import smtp_relay  # noqa: E402


def _bare(port: int, people: int) -> float:
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(people):
            message = EmailMessage()
            message["Subject"] = "Your link to the course"
            message["From"] = "course@example.org"
            message["To"] = f"p{i}@example.org"
            message.set_content("Hello,\n\nhttps://course.example.org/?t=" + "x" * 32 + "\n")
            smtp.send_message(message)
    return time.perf_counter() - began


def _course(port: int, people: int, folder: Path) -> float:
    store = open_store(f"sqlite:///{folder / 'bench.db'}")
    cohort = store.people.create_cohort("Bench", "Robin")
    store.people.add_trainees(cohort.id, [(f"Person {i}", "Agency", "") for i in range(people)])
    members = [m for m in store.people.members(cohort.id) if not m.is_facilitator]
    store.messages.set_addresses({m.id: f"p{m.id}@example.org" for m in members})
    settings = MailSettings(host="127.0.0.1", port=port, security="none",
                            sender="Common Ground <course@example.org>")
    began = time.perf_counter()
    done = email_links(store, members, "https://course.example.org/", settings=settings)
    took = time.perf_counter() - began
    store.dispose()
    if not all(d.sent for d in done):
        raise SystemExit(f"{sum(not d.sent for d in done)} email(s) were not sent")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, smtp_relay() as relay:
        _bare(relay.port, 5)  # warm up the relay and the imports
        bare = _bare(relay.port, args.people)
        course = _course(relay.port, args.people, Path(tmp))
        arrived = len(relay.messages)
    assert arrived == 2 * args.people + 5, arrived
    bare_rate, course_rate = args.people / bare, args.people / course
    print(f"{args.people} emails to a test SMTP relay on 127.0.0.1 (aiosmtpd):")
    print(f"  bare smtplib loop (baseline): {bare_rate:7.1f} emails/s")
    print(f"  the course's link emails:     {course_rate:7.1f} emails/s "
          f"({course_rate / bare_rate:.2f}x the baseline)")


if __name__ == "__main__":
    main()
