"""Turning course text into HTML safely.

Course content (our own Markdown) is rendered with raw HTML switched off, so a
stray tag shows as text. Trainee writing is never rendered as Markdown: it is
escaped and shown as text.
"""

from __future__ import annotations

import html
from functools import lru_cache


@lru_cache(maxsize=1)
def _md():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def markdown_to_html(source: str) -> str:
    """Render Markdown with raw HTML escaped (never passed through)."""
    return _md().render(source or "")


def as_text_html(text: str) -> str:
    """Show any text (for example a trainee's) as text inside HTML, keeping line breaks."""
    return html.escape(text or "").replace("\n", "<br>")


def word_count(text: str) -> int:
    return len((text or "").split())
