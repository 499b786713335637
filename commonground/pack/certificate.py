"""A certificate of completion (PDF, A4) from a person's own completion record.

It is made in the trainee's own journal page, from ``commonground.pages.journal``'s
``CompletionRecord``, and never stored on the server: only the person themself can make
theirs. It names the modules they completed and the date, and keeps two times apart:
the learning time the course recorded (time on its module pages, role-plays included,
counted while a page was open) and, separately, the planned time of the modules
completed (their ``minutes:`` in the course outline), which is what a module is meant to
take, not what this person spent. A cohort member's certificate also lists the sessions
(face to face or online) their facilitator recorded them as attending, with their
length: time the facilitator confirms, apart from the time the course recorded. A
self-paced learner has no name on record, so they type the name to print; nothing else
ever puts a name on it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..content.course import Course
from ..data.attendance import AttendedSession
from ..pages.journal import CompletionRecord, format_date, format_duration, sessions_words
from ..templates import render
from ..text import first_control

__all__ = ["NAME_LIMIT", "Certificate", "CertificateError", "certificate_html",
           "certificate_pdf", "make_certificate"]

NAME_LIMIT = 120


class CertificateError(ValueError):
    """The certificate cannot be made yet; the message says what to do, in plain words."""


@dataclass(frozen=True)
class Certificate:
    name: str
    self_named: bool
    course_title: str
    course_subtitle: str
    modules: tuple[tuple[int, str, int, int], ...]  # number, title, planned min, recorded s
    total_modules: int
    cohort: str
    facilitator: str
    issued: _dt.date
    recorded_seconds: int = 0  # time on all the course's module pages, as recorded
    sessions: tuple[AttendedSession, ...] = ()  # confirmed by the facilitator

    @property
    def minutes(self) -> int:
        """The planned minutes of the modules completed (the course outline's)."""
        return sum(m[2] for m in self.modules)

    @property
    def hours_text(self) -> str:
        """The planned time of the modules completed, in words."""
        return _hours(self.minutes)

    @property
    def recorded_text(self) -> str:
        """The learning time the course recorded, in words."""
        return format_duration(self.recorded_seconds)

    @property
    def sessions_text(self) -> str:
        """The sessions attended, in words ("2 (3 hours in all)")."""
        return sessions_words(self.sessions)

    @property
    def session_rows(self) -> list[tuple[str, str, int]]:
        """Each session attended: its date in words, its title and its minutes."""
        return [(format_date(_dt.datetime.combine(s.held_on, _dt.time(12)), with_time=False),
                 s.title, s.minutes) for s in self.sessions]


def _hours(minutes: int) -> str:
    shown = f"{minutes / 60:.1f}".rstrip("0").rstrip(".")
    return f"{shown} hour{'' if shown == '1' else 's'} ({minutes} minutes)"


def _name(record: CompletionRecord, typed: str) -> tuple[str, bool]:
    if record.name:
        return record.name, False  # the name on the course's record, never a typed one
    name = " ".join((typed or "").split())
    if not name:
        raise CertificateError("Type the name to print on your certificate first. It is "
                               "used only on the certificate and is not saved.")
    if len(name) > NAME_LIMIT:
        raise CertificateError(f"That name is {len(name)} characters long; please keep it "
                               f"to {NAME_LIMIT} or fewer.")
    if first_control(name) is not None:
        raise CertificateError("That name has an invisible control character in it; "
                               "please type it again.")
    return name, True


def make_certificate(record: CompletionRecord, course: Course, typed_name: str = "",
                     issued: _dt.date | None = None) -> Certificate:
    """The certificate's content, or ``CertificateError`` saying what is missing."""
    if not record.completed:
        raise CertificateError(
            "Your certificate lists the modules you have completed, and none is marked "
            "complete yet. Use “Mark this module complete” at the end of a module.")
    name, self_named = _name(record, typed_name)
    minutes = {m.id: m.minutes or 0 for m in course.modules}
    modules = tuple((m.number, m.title, minutes.get(m.module_id, 0), m.seconds_spent)
                    for m in record.completed)
    return Certificate(
        name=name, self_named=self_named, course_title=course.title,
        course_subtitle=course.subtitle, modules=modules, total_modules=len(course.modules),
        cohort=record.cohort_name, facilitator=record.facilitator_name,
        issued=issued or _dt.date.today(), recorded_seconds=record.seconds_spent,
        sessions=record.sessions_attended,
    )


def certificate_html(cert: Certificate) -> str:
    done = len(cert.modules)
    what = ("has completed the course" if done == cert.total_modules else
            f"has completed {done} of the {cert.total_modules} modules of the course")
    when = format_date(_dt.datetime.combine(cert.issued, _dt.time(12)), with_time=False)
    group = " · ".join(x for x in (
        f"Cohort: {cert.cohort}" if cert.cohort else "",
        f"Facilitator: {cert.facilitator}" if cert.facilitator else "",
    ) if x) or "Taken self-paced"
    return render("pack/certificate.html", title=f"Certificate of completion: {cert.name}",
                  cert=cert, what=what, when=when, group=group)


def certificate_pdf(cert: Certificate) -> bytes:
    from .pdf import pdf_bytes  # WeasyPrint loads only when a certificate is made

    return pdf_bytes(certificate_html(cert))
