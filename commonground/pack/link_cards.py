"""Link cards: a printable A4 PDF with one card per trainee, for rooms where people
arrive on phones.

Each card holds the person's name (and agency), a QR code of their personal link, the
link written out to type, and two lines on keeping it private. Eight cards a page, two
across and four down, with dashed cut lines. The QR code is an SVG made here by segno
and put inline in the page (nothing is fetched); names are text, never markup.

The links are made by the caller (a freshly issued link for each person, see
:func:`commonground.pages.cards.issue_cards`); this module only lays them out. It keeps
no copy and logs nothing: the PDF is the only place the links are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from ..data.people import Participant
from ..data.store import Store
from ..pages.cards import CardsMade, chosen_for_cards, issue_cards
from ..templates import Markup, render

__all__ = ["PER_PAGE", "PRIVATE", "Card", "cards_html", "cards_pdf", "chosen_for_cards",
           "issue_link_cards", "qr_svg", "short_link"]

PER_PAGE = 8  # two across, four down
PRIVATE = ("This link is yours: it signs you in. Don't share it or post it; ask your "
           "facilitator for a new one if it is lost.")


class Card(NamedTuple):
    """One person's card: their name, agency (may be empty) and personal link (any
    ``(name, agency, link)`` tuple will do)."""

    name: str
    agency: str
    link: str


def qr_svg(link: str) -> Markup:
    """The QR code of ``link`` as an inline SVG element (error correction M, with its
    four-module quiet zone), sized by the stylesheet."""
    import segno  # only where cards are made

    code = segno.make(link, error="m", micro=False, boost_error=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="cg-qr",
                          lineclass=None)
    return Markup(svg)


def short_link(link: str) -> str:
    """The link as a person would type it: without ``https://`` (a browser adds it), an
    ``http://`` kept, since a browser would otherwise try https first."""
    return link.removeprefix("https://")


def _link_lines(link: str) -> list[str]:
    """The short link as the lines it is printed on: the address, then its query
    (``?t=`` and the code) in lines of at most 19 characters, so that it never breaks
    at a place chosen by the page (a 32-character code: two lines of 16)."""
    address, mark, query = short_link(link).partition("?")
    lines = [address]
    if mark:
        tail = mark + query
        cut = tail.find("=") + 1 if 0 < tail.find("=") <= 3 else 0  # "?t=" leads a line
        lines += [tail[:cut + 16], *(tail[i:i + 16] for i in range(cut + 16, len(tail), 16))]
    return lines


def cards_html(cards: Iterable[tuple[str, str, str]], title: str = "Link cards",
               course: str = "Common Ground") -> str:
    """The cards as one complete HTML page (A4, eight a page)."""
    made = [dict(name=" ".join(name.split()), agency=" ".join((agency or "").split()),
                 qr=qr_svg(link), lines=_link_lines(link)) for name, agency, link in cards]
    pages: list[Sequence[dict]] = [made[i:i + PER_PAGE]
                                   for i in range(0, len(made), PER_PAGE)]
    return render("pack/link_cards.html", title=title, course=course, pages=pages,
                  private=PRIVATE)


def cards_pdf(cards: Iterable[tuple[str, str, str]], title: str = "Link cards",
              course: str = "Common Ground") -> bytes:
    """The cards as a PDF (A4). WeasyPrint's problems are a
    :class:`~commonground.pack.PackError` in words."""
    from .pdf import pdf_bytes  # WeasyPrint loads only when cards are made

    return pdf_bytes(cards_html(cards, title, course))


def issue_link_cards(store: Store, people: Sequence[Participant], base_url: str | None, *,
                     title: str = "Link cards",
                     keep: Callable[[bytes], None] | None = None) -> CardsMade:
    """New links for ``people`` on cards (see :func:`commonground.pages.cards.issue_cards`:
    the PDF first, handed to ``keep``, then the links switched on; nothing changed on
    any failure)."""
    return issue_cards(store, people, base_url,
                       lambda lines: cards_pdf(lines, title=title), keep)
