"""The "My journal" page (view): every reflection with its status and feedback, the
completion record, and the two downloads. The journal itself is built by
``commonground.pages.journal``; this file only shows it.

Downloads are ``data:`` links with a ``download`` attribute: plain links, so they work
in standalone Voila, under any base URL, with the keyboard (Tab, then Enter), and they
never put a trainee's writing in a file on the server.

Test hooks: ``page.refresh()``, ``page.markdown`` and ``page.html`` (the files offered).
"""

from __future__ import annotations

import base64
import html

import ipywidgets as w

from commonground import Course
from commonground.pages.journal import (
    Journal,
    entry_html,
    journal_html,
    journal_markdown,
    load_journal,
    record_html,
)
from commonground.pages.session import Ready
from commonground.templates import Markup, render

from ._errors import guarded, message_area
from ._static import light, text_html
from .certificate import CertificateBox
from .nav import header_links, module_href, outline

# Chromium refuses URLs longer than 2 MB; leave room for the rest of the link.
MAX_LINK_CHARS = 2_000_000


def data_link(content: str, mime: str, filename: str, label: str) -> str:
    """A labelled download link carrying ``content``, or a plain note if it is too big."""
    encoded = base64.b64encode(content.encode("utf-8")).decode("ascii")
    href = f"data:{mime};charset=utf-8;base64,{encoded}"
    if len(href) > MAX_LINK_CHARS:
        return (
            f'<p class="cg-message cg-problem" role="note">{html.escape(label)}: your journal '
            "is too long for this download. Ask your facilitator for a copy.</p>"
        )
    return (
        f'<a class="cg-download" href="{href}" download="{html.escape(filename)}">'
        f"{html.escape(label)}</a>"
    )


class JournalPage(w.VBox):
    def __init__(self, page: Ready):
        self.page = page
        self.store, self.course = page.store, page.course
        self.message = message_area()
        self.header = text_html()
        self.downloads = text_html()
        self.record = text_html()
        self.entries = text_html()
        self.refresh_button = light(w.Button,
            description="Refresh my journal", icon="refresh",
            tooltip="Show reflections and feedback added since this page opened",
        )
        self.refresh_button.on_click(guarded(self.message)(lambda _b: self.refresh()))
        self.journal: Journal | None = None
        self.markdown = ""
        self.html = ""
        self.certificate = CertificateBox(
            self.course, lambda: load_journal(self.store, page.participant, self.course))
        super().__init__(
            [self.header, self.downloads, self.certificate, self.refresh_button, self.message,
             self.record, self.entries]
        )
        self.add_class("cg-journal")
        self.refresh()

    def refresh(self) -> None:
        journal = load_journal(self.store, self.page.participant, self.course)
        self.journal = journal
        self.markdown = journal_markdown(journal)
        self.html = journal_html(journal)
        self.header.value = _header(self.course, self.page)
        self.certificate.refresh(journal)
        day = journal.made_at.astimezone().strftime("%Y-%m-%d")  # made now, in UTC
        links = [
            data_link(self.markdown, "text/markdown", f"my-journal-{day}.md",
                      "Download my journal as Markdown (.md, plain text)"),
            data_link(self.html, "text/html", f"my-journal-{day}.html",
                      "Download my journal as a printable page (.html)"),
        ]
        self.downloads.value = render("journal/downloads.html",
                                      links=[Markup(link) for link in links])
        self.record.value = render("journal/record_section.html",
                                   record=Markup(record_html(journal.record)))
        self.entries.value = render("journal/entries_section.html", entries=[
            Markup(entry_html(e, link=module_href(e.module_id, self.page)))
            for e in journal.entries
        ])


def _header(course: Course, page: Ready) -> str:
    return render("journal/header.html", course=course,
                  links=Markup(header_links(page, here="my_journal")),
                  outline=Markup(outline(page, None)))
