"""The certificate of completion on "My journal" (view): a button that makes the PDF in
the trainee's own page from their own completion record, and a download link for it.

A self-paced learner has no name on record, so a text box asks for the name to print
(used for the certificate only, never saved). Nothing is written to the server: the PDF
is a ``data:`` link, like the journal downloads.

Test hooks: ``box.name.value``, ``box.make()``, ``box.pdf`` (the bytes offered).
``load`` gives the trainee's journal as it is now (their own record only).
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable

import ipywidgets as w

from commonground import Course
from commonground.pack import PackError
from commonground.pack.certificate import CertificateError, make_certificate
from commonground.pages.journal import Journal

from ._errors import guarded, message_area
from ._static import light, text_html

__all__ = ["CertificateBox"]

# Chromium refuses URLs longer than 2 MB.
_MAX_LINK = 2_000_000


class CertificateBox(w.VBox):
    def __init__(self, course: Course, load: Callable[[], Journal]):
        self.course, self._load = course, load
        self.pdf = b""
        self.message = message_area()
        self.intro = text_html(
            '<h2 id="cg-certificate-h">Certificate of completion</h2><p>A PDF certificate '
            "with your name, the modules you have completed, the learning time and today's "
            "date, to attach to a professional-development log. It is made here, in your "
            "page, and only you can make yours.</p>")
        self.name = w.Text(  # its own layout: shown only to someone with no name on record
            continuous_update=False,
            description="Name to print on your certificate",
            placeholder="Your name as you want it shown",
        )
        self.button = light(w.Button, description="Make my certificate (PDF)", icon="certificate")
        self.button.on_click(guarded(self.message)(lambda _b: self.make()))
        self.link = text_html()
        super().__init__([self.intro, self.name, self.button, self.message, self.link])
        self.add_class("cg-certificate")

    def refresh(self, journal: Journal) -> None:
        """Show the name box only to someone with no name on record (self-paced)."""
        named = bool(journal.record.name)
        self.name.layout.display = "none" if named else None
        self.link.value = ""
        self.pdf = b""

    def make(self) -> None:
        from commonground.pack.certificate import certificate_pdf

        journal = self._load()  # the record as it is now, not as the page opened
        self.link.value = ""
        try:
            cert = make_certificate(journal.record, self.course, self.name.value)
            self.pdf = certificate_pdf(cert)
        except (CertificateError, PackError) as exc:
            self.pdf = b""
            self.message.show(str(exc), "problem")
            return
        href = "data:application/pdf;base64," + base64.b64encode(self.pdf).decode("ascii")
        if len(href) > _MAX_LINK:  # pragma: no cover - a certificate is some 30 kB
            self.message.show("The certificate is too large to download here.", "problem")
            return
        filename = f"certificate-{cert.issued.isoformat()}.pdf"
        self.link.value = (
            f'<p class="cg-downloads"><a class="cg-download" href="{href}" '
            f'download="{html.escape(filename)}">Download my certificate (PDF)</a></p>')
        self.message.show("Your certificate is ready: use the download link below.", "info")
