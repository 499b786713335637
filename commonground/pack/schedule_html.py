"""The schedule as one HTML page (and, through WeasyPrint, a PDF): a part per format.
Its markup is commonground/templates/pack/schedule.html."""

from __future__ import annotations

from ..content.course import Course
from ..templates import render
from .schedule import Block, Format, Item, clock, contact_words, label, schedules

__all__ = ["schedule_html"]


def _time(block: Block, start: int) -> str:
    if block.starts_at is not None:
        return clock(block.starts_at + start)
    if block.title.startswith("Week"):
        return ""
    hours, minutes = divmod(start, 60)
    return f"{hours}:{minutes:02d}"


def _total(fmt: Format, block: Block) -> str:
    if fmt.id == "weeks":
        return f"{block.module_minutes} minutes of modules, working alone"
    if block.starts_at is not None and block.ends_at is not None:
        breaks = block.minutes - block.contact_minutes
        return (f"{clock(block.starts_at)} to {clock(block.ends_at)}: "
                f"{contact_words(block.contact_minutes)} together and "
                f"{contact_words(breaks)} of breaks")
    return f"{block.minutes} minutes in the room"


def _block(fmt: Format, block: Block) -> tuple:
    """The block, its first column's heading, its total in words and its rows (class,
    time, item, the content note to show under it). A session's rows are the segments
    of its module's in-room plan, under a row naming the module."""
    over = bool(block.problems)
    rows = []
    shown: set[str] = set()
    for item in block.items:
        module = item.module
        note = module.content_note if module is not None else ""
        if fmt.id == "sessions" and module is not None and module.id not in shown:
            shown.add(module.id)
            minutes = sum(i.minutes for i in block.items if i.module == module)
            rows.append(("head", "", Item(item.start, minutes, "head", label(module), module,
                                          item.note), note))
            note = ""
        elif module is not None and item.note and not item.note.startswith("part 1"):
            note = ""
        rows.append((item.kind + (" cg-over" if over and item.kind == "module" else ""),
                     _time(block, item.start), item,
                     "" if fmt.id == "sessions" else note))
    first = "Starts" if block.starts_at is None and fmt.id == "sessions" else "Time"
    return block, first if fmt.id != "weeks" else "", _total(fmt, block), rows


def schedule_html(course: Course) -> str:
    formats = schedules(course)
    hours, minutes = divmod(sum(m.minutes or 0 for m in course.modules), 60)
    room = sum(m.room.minutes for m in course.modules if m.room is not None)
    return render("pack/schedule.html", title=f"{course.title}: course schedule",
                  course=course, hours=hours, minutes=minutes, room=contact_words(room),
                  formats=[(f, [_block(f, b) for b in f.blocks]) for f in formats])
