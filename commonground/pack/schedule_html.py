"""The schedule as one HTML page (and, through WeasyPrint, a PDF): a part per format.
Its markup is commonground/templates/pack/schedule.html."""

from __future__ import annotations

from ..content.course import Course
from ..templates import render
from .schedule import Block, Format, clock, schedules

__all__ = ["schedule_html"]


def _time(block: Block, start: int) -> str:
    if block.starts_at is not None:
        return clock(block.starts_at + start)
    if block.title.startswith("Week"):
        return ""
    hours, minutes = divmod(start, 60)
    return f"{hours}:{minutes:02d}"


def _block(fmt: Format, block: Block) -> tuple:
    """The block, its first column's heading, its total in words and its rows (class,
    time, item, the content note to show under it)."""
    over = bool(block.problems)
    rows = []
    for item in block.items:
        note = item.module.content_note if item.module is not None else ""
        rows.append((item.kind + (" cg-over" if over and item.kind == "module" else ""),
                     _time(block, item.start), item,
                     note if note and item.note in ("", "first part") else ""))
    first = "Starts" if block.starts_at is None and fmt.id == "sessions" else "Time"
    total = (f"{block.module_minutes} minutes of modules"
             + (f", {block.minutes} minutes in all" if fmt.id != "weeks" else ""))
    return block, first if fmt.id != "weeks" else "", total, rows


def schedule_html(course: Course) -> str:
    formats = schedules(course)
    hours, minutes = divmod(sum(m.minutes or 0 for m in course.modules), 60)
    return render("pack/schedule.html", title=f"{course.title}: course schedule",
                  course=course, hours=hours, minutes=minutes,
                  formats=[(f, [_block(f, b) for b in f.blocks]) for f in formats])
