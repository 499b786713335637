"""Trainee writing as Markdown that renders as plain text, never as HTML or links.

nbgrader's formgrader and ``generate_feedback`` render answer cells as Markdown with raw
HTML passed through, on the facilitator's own Jupyter server. A reflection is the
trainee's words, so it goes in escaped: every HTML character becomes an entity and every
Markdown mark is backslash-escaped, so ``<script>``, ``[a](javascript:...)`` or a
``# heading`` show up exactly as typed. Line breaks are kept.
"""

from __future__ import annotations

import html
import re

# Every ASCII punctuation mark CommonMark lets a backslash escape, except the ``&`` and
# ``;`` of the entities html.escape writes.
_MARK = re.compile(r"""([!"#$%'()*+,\-./:<=>?@\[\\\]^_`{|}~])""")


def as_markdown_text(text: str) -> str:
    """Markdown source that displays ``text`` literally, line breaks included."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        # Leading spaces would make an indented code block; the words matter, not the indent.
        line = html.escape(line.strip(), quote=False)
        out.append(_MARK.sub(r"\\\1", line))
    # Two trailing spaces are a hard line break; blank lines stay paragraph breaks.
    joined = []
    for i, line in enumerate(out):
        nxt = out[i + 1] if i + 1 < len(out) else ""
        joined.append(line + "  " if line and nxt else line)
    return "\n".join(joined).strip("\n")
