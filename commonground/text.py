"""Turning course text into HTML safely.

Course content (our own Markdown) is rendered with raw HTML switched off, so a
stray tag shows as text. Trainee writing is never rendered as Markdown: it is
escaped and shown as text.
"""

from __future__ import annotations

import html
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def _md() -> MarkdownIt:
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


# -- what a person types, as the database keeps it ---------------------------------------
_KEPT_CONTROLS = frozenset("\t\n")
# Invisible characters that reorder or hide text on screen (bidirectional overrides,
# embeddings and isolates): legitimate right-to-left names never need them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in _BIDI_CONTROLS


def storable(text: str | None) -> str:
    """Text someone typed, as the database keeps it: Windows line ends become plain
    ones, a broken character (half of an emoji pair, a lone surrogate) becomes "�",
    and NUL bytes and other invisible control characters are dropped. Tabs and line
    breaks stay. Nothing visible is lost, and every database can store the result."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and text.isprintable():
        return text  # the common case, quickly
    # UTF-16 joins a split pair back into its character and marks a lone half "�".
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return "".join(ch for ch in text if ch in _KEPT_CONTROLS or not _is_control(ch))


def first_control(text: str) -> tuple[int, str] | None:
    """Where the first invisible control character is in one-line text (a position
    counted from 1, and how to say the character), or None when there is none. Broken
    characters (lone surrogates) count too."""
    for i, ch in enumerate(text, start=1):
        if _is_control(ch) or 0xD800 <= ord(ch) <= 0xDFFF:
            return i, _describe(ch)
    return None


_NAMES = {"\x00": "NUL", "\x1b": "Escape", "\x7f": "Delete", "\t": "tab", "\n": "line break",
          "\r": "carriage return", "\x07": "bell"}


def _describe(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    if 0xD800 <= ord(ch) <= 0xDFFF:
        return f"a broken character, {code}"
    if ch in _BIDI_CONTROLS:
        return f"a right-to-left or left-to-right override, {code}"
    name = _NAMES.get(ch)
    return f"{name}, {code}" if name else code


def shown_plain(text: str) -> str:
    """Text as a terminal may print it: control characters (an Escape that would
    recolour the terminal, a NUL) and broken characters written out as codes such as
    ``\\x1b``, never sent raw."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(
        ascii(ch)[1:-1] if _is_control(ch) or 0xD800 <= ord(ch) <= 0xDFFF else ch
        for ch in text
    )
