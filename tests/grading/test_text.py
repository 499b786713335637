"""Trainee writing goes into nbgrader as Markdown that shows as plain text.

Formgrader renders answer cells with nbconvert's Markdown renderer, which passes raw HTML
and ``javascript:`` links straight through, on the facilitator's Jupyter server. These
tests render through that same renderer.
"""

from __future__ import annotations

import html
import re

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from commonground.grading import as_markdown_text

TRICKY = [
    "<script>alert('hi')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    "See https://example.org/a_b?c=d&e=f",
    "# Not a heading\n---\n> not a quote",
    "1. not a list\n- nor this\n* nor this",
    "    indented like code",
    "*stars* and _underscores_ and `ticks` and \\backslash\\",
    "&lt; already an entity &amp; &#60;",
    "| a | b |\n|---|---|\n| c | d |",
    "Line one\nline two\n\nA new paragraph",
]


def _visible(rendered: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, whitespace squeezed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", rendered)).split())


@pytest.mark.parametrize("text", TRICKY)
def test_rendered_answer_shows_exactly_the_words(text):
    rendered = markdown2html_mistune(as_markdown_text(text))
    assert _visible(rendered) == " ".join(text.split())


@pytest.mark.parametrize("text", TRICKY)
def test_rendered_answer_has_no_live_html(text):
    rendered = markdown2html_mistune(as_markdown_text(text))
    tags = set(re.findall(r"<\s*([a-zA-Z0-9]+)", rendered))
    assert tags <= {"p", "br"}, rendered


def test_line_breaks_and_paragraphs_are_kept():
    rendered = markdown2html_mistune(as_markdown_text("one\ntwo\n\nthree"))
    assert rendered.count("<p>") == 2
    assert "<br" in rendered


def test_the_escaping_is_needed():
    # Without it, the same renderer makes a live script tag and a javascript: link.
    raw = markdown2html_mistune("Hi <script>x</script> and [a](javascript:alert(1))")
    assert "<script>" in raw and 'href="javascript:' in raw
