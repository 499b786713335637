"""Headings are never left alone at the foot of a page: in the schedule, the run sheets,
the handouts and the role-plays, no page's text ends with a heading (or a heading and
the short line under it), read back from the PDFs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests._pack import pages_text

_HEADING = re.compile(
    r"<h([1-4])[^>]*>(.*?)</h\1>\s*(?:<p class=\"cg-meta\">(.*?)</p>)?", re.S)


def _plain(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def _join(text: str) -> str:
    """Words broken at a line end (after '/' or '-') put back, and spaces squeezed."""
    return re.sub(r"([/-]) ", r"\1", " ".join(text.split()))


def headings(page_html: str) -> tuple[list[str], list[str]]:
    """The page's headings (each alone, and with the short line that belongs to it) and
    its h1s (the running footer's words)."""
    ends, titles = [], []
    for match in _HEADING.finditer(page_html):
        heading = _plain(match[2])
        if not heading:
            continue
        ends.append(heading)
        if match[3]:
            ends.append(f"{heading} {_plain(match[3])}")
        if match[1] == "1":
            titles.append(heading)
    return ends, titles


def stranded(pdf: Path) -> list[str]:
    """'page N ends with "heading"' for every page that does."""
    ends, titles = headings(pdf.with_suffix(".html").read_text(encoding="utf-8"))
    ends = sorted({_join(e) for e in ends}, key=len, reverse=True)
    found = []
    pages = pages_text(pdf)
    for number, text in enumerate(pages, 1):
        body = _join(text)
        for title in titles:  # the footer: "<h1> · page N of M"
            body = re.sub(rf"\s*{re.escape(_join(title))} · page \d+ of \d+$", "", body)
        body = re.sub(r"(\s*(?:•|\d+\.))+$", "", body)  # list markers come last in the text
        if number == len(pages):
            continue  # the last page may end where it likes
        for heading in ends:
            if body.endswith(heading) and len(body) > len(heading):
                found.append(f"page {number} of {pdf.name} ends with {heading!r}")
                break
    return found


@pytest.mark.parametrize("name", ["schedule.pdf", "run-sheets.pdf", "handouts.pdf", "law.pdf",
                                  "session-one-kit.pdf",
                                  "roleplays/roleplay-first_care_team_meeting.pdf",
                                  "roleplays/first_care_team_meeting/seat-tania.pdf"])
def test_no_page_ends_with_a_heading_left_alone(pack, name):
    assert stranded(pack / name) == []


def test_the_check_finds_a_heading_left_at_the_foot_of_a_page(tmp_path):
    """A page made to end with a heading is caught (the check can fail)."""
    from commonground.pack.pdf import write_pdf

    filler = "<p>" + "Words to fill the page. " * 60 + "</p>"
    page = ("<html><head><title>T</title><style>@page { size: A4; margin: 20mm }"
            "h2 { margin: 0 }</style></head><body><h1>Trial</h1>"
            + filler * 4 + "<ul><li>A point.</li><li>Another.</li></ul>"
            "<div style='height: 70mm'></div><h2>Left alone</h2>"
            "<div style='break-before: page'><p>What follows it.</p></div>"
            "<p>And the end.</p></body></html>")
    pdf = write_pdf(page, tmp_path / "trial.pdf")
    pdf.with_suffix(".html").write_text(page, encoding="utf-8")
    found = stranded(pdf)
    assert found and "Left alone" in found[0], pages_text(pdf)
