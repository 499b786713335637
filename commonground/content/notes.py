"""The facilitator notes (``facilitator_notes/<module id>.md``) read as parts: each
``##`` section's Markdown, and the 90-minute workshop plan's table as timed rows.

The pack prints them as run sheets and puts them in the slides' speaker notes; the
timings themselves are data in the course outline (``room:`` in content/course.yaml),
and ``tests/content/test_room.py`` checks that the two say the same, minute for minute.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from commonground.config import notes_dir

__all__ = ["FacilitatorNotes", "PlanRow", "load_notes"]

_ROW = re.compile(r"^\|\s*(\d+)\s*[-–]\s*(\d+)\s*\|(.*)\|\s*$")


@dataclass(frozen=True)
class PlanRow:
    """A row of the workshop plan: ``start`` to ``end`` minutes, what to do (Markdown)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FacilitatorNotes:
    module_id: str
    path: Path
    sections: tuple[tuple[str, str], ...]  # (## heading, its Markdown)
    workshop: tuple[PlanRow, ...]  # the 90-minute cohort workshop's table
    workshop_words: str  # the words around that table (Markdown)

    def section(self, heading: str) -> str:
        """A ``##`` section's Markdown, or "" when the notes have none."""
        for name, body in self.sections:
            if name.lower() == heading.lower():
                return body
        return ""


def _split(text: str, marker: str) -> list[tuple[str, str]]:
    """Markdown cut at each heading that begins with ``marker`` (outside code fences)."""
    parts: list[tuple[str, list[str]]] = [("", [])]
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith(marker + " "):
            parts.append((line[len(marker):].strip(), []))
        else:
            parts[-1][1].append(line)
    return [(name, "\n".join(lines).strip()) for name, lines in parts]


def _workshop(plans: str) -> tuple[tuple[PlanRow, ...], str]:
    for name, body in _split(plans, "###"):
        if "workshop" not in name.lower():
            continue
        rows, words = [], []
        for line in body.splitlines():
            match = _ROW.match(line.strip())
            if match:
                rows.append(PlanRow(int(match[1]), int(match[2]), match[3].strip()))
            elif not line.strip().startswith("|"):
                words.append(line)
        return tuple(rows), "\n".join(words).strip()
    return (), ""


@lru_cache(maxsize=16)
def load_notes(module_id: str, root: Path | None = None) -> FacilitatorNotes | None:
    """A module's facilitator notes, or None when it has none."""
    path = Path(root or notes_dir()) / f"{module_id}.md"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    sections = tuple((name, body) for name, body in _split(text, "##")[1:])
    plans = next((body for name, body in sections if name.lower() == "session plans"), "")
    workshop, words = _workshop(plans)
    return FacilitatorNotes(module_id, path, sections, workshop, words)
