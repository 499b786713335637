"""A certificate of completion (PDF, A4) from a person's own completion record.

It is made in the trainee's own journal page, from ``commonground.pages.journal``'s
``CompletionRecord``, and never stored on the server: only the person themself can make
theirs. It names the modules they completed, the learning time from those modules'
``minutes:`` in the course outline, and the date. A self-paced learner has no name on
record, so they type the name to print; nothing else ever puts a name on it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from ..content.course import Course
from ..pages.journal import CompletionRecord, format_date
from ..text import first_control
from ._html import esc, page

__all__ = ["NAME_LIMIT", "Certificate", "CertificateError", "certificate_html",
           "certificate_pdf", "make_certificate"]

NAME_LIMIT = 120

_CSS = """
@page { size: A4 landscape; margin: 14mm; @bottom-center { content: none; } }
html { font-size: 12pt; }
body { max-width: none; }
.cg-cert { border: 3px double #1d4f91; padding: 10mm 16mm 8mm; text-align: center;
  min-height: 150mm; }
.cg-cert h1 { font-size: 28pt; color: #1d4f91; margin: 0 0 4mm; string-set: none; }
.cg-cert .cg-name { font-size: 24pt; font-weight: bold; margin: 3mm 0; }
.cg-cert .cg-course { font-size: 15pt; font-weight: bold; margin: 2mm 0 5mm; }
.cg-cert table { width: auto; margin: 3mm auto; font-size: 10pt; }
.cg-cert td, .cg-cert th { border: none; border-bottom: 1px solid #bbb; padding: .15em .6em; }
.cg-cert thead th { background: none; }
.cg-small { font-size: 9pt; color: #333; margin-top: 5mm; }
"""


class CertificateError(ValueError):
    """The certificate cannot be made yet; the message says what to do, in plain words."""


@dataclass(frozen=True)
class Certificate:
    name: str
    self_named: bool
    course_title: str
    course_subtitle: str
    modules: tuple[tuple[int, str, int], ...]  # number, title, minutes
    total_modules: int
    cohort: str
    facilitator: str
    issued: _dt.date

    @property
    def minutes(self) -> int:
        return sum(m for _n, _t, m in self.modules)

    @property
    def hours_text(self) -> str:
        hours = self.minutes / 60
        shown = f"{hours:.1f}".rstrip("0").rstrip(".")
        return f"{shown} hour{'' if shown == '1' else 's'} ({self.minutes} minutes)"


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
    modules = tuple((m.number, m.title, minutes.get(m.module_id, 0)) for m in record.completed)
    return Certificate(
        name=name, self_named=self_named, course_title=course.title,
        course_subtitle=course.subtitle, modules=modules, total_modules=len(course.modules),
        cohort=record.cohort_name, facilitator=record.facilitator_name,
        issued=issued or _dt.date.today(),
    )


def certificate_html(cert: Certificate) -> str:
    done = len(cert.modules)
    what = ("has completed the course" if done == cert.total_modules else
            f"has completed {done} of the {cert.total_modules} modules of the course")
    rows = "".join(f"<tr><td>{n}</td><td>{esc(t)}</td><td>{m} min</td></tr>"
                   for n, t, m in cert.modules)
    when = format_date(_dt.datetime.combine(cert.issued, _dt.time(12)), with_time=False)
    group = " · ".join(x for x in (
        f"Cohort: {esc(cert.cohort)}" if cert.cohort else "",
        f"Facilitator: {esc(cert.facilitator)}" if cert.facilitator else "",
    ) if x) or "Taken self-paced"
    origin = ("The name was typed by the learner when they made this certificate. "
              if cert.self_named else "")
    body = (
        '<section class="cg-cert"><h1>Certificate of completion</h1>'
        "<p>This is to certify that</p>"
        f'<p class="cg-name">{esc(cert.name)}</p>'
        f"<p>{what}</p>"
        f'<p class="cg-course">{esc(cert.course_title)}: {esc(cert.course_subtitle)}</p>'
        f"<p><strong>Learning time: {esc(cert.hours_text)}</strong>, from the course's "
        "time for each module completed.</p>"
        '<table><thead><tr><th scope="col">Module</th><th scope="col">Title</th>'
        f'<th scope="col">Time</th></tr></thead><tbody>{rows}</tbody></table>'
        f"<p>{group} · Date: {esc(when)}</p>"
        f'<p class="cg-small">{origin}Made from the completion record in the course, by '
        "the person named above. It can be attached to a professional-development log.</p>"
        "</section>"
    )
    return page(f"Certificate of completion: {cert.name}", body, _CSS)


def certificate_pdf(cert: Certificate) -> bytes:
    from .pdf import pdf_bytes  # WeasyPrint loads only when a certificate is made

    return pdf_bytes(certificate_html(cert))
