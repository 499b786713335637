"""The schedule as one HTML page (and, through WeasyPrint, a PDF): a part per format."""

from __future__ import annotations

from ..content.course import Course
from ._html import esc, page
from .schedule import Block, Format, clock, schedules

__all__ = ["schedule_html"]


def _time(block: Block, start: int) -> str:
    if block.starts_at is not None:
        return clock(block.starts_at + start)
    if block.title.startswith("Week"):
        return ""
    hours, minutes = divmod(start, 60)
    return f"{hours}:{minutes:02d}"


def _block(fmt: Format, block: Block) -> str:
    over = bool(block.problems)
    rows = []
    for item in block.items:
        what = esc(item.label) + (f" <span class=\"cg-meta\">({esc(item.note)})</span>"
                                  if item.note else "")
        note = item.module.content_note if item.module is not None else ""
        if note and item.note in ("", "first part"):
            what += f'<br><span class="cg-meta">Content note: {esc(note)}</span>'
        css = item.kind + (" cg-over" if over and item.kind == "module" else "")
        rows.append(
            f'<tr class="cg-{css}"><td class="cg-time">{_time(block, item.start)}</td>'
            f'<td>{what}</td><td class="cg-mins">{item.minutes} min</td></tr>')
    first = "Starts" if block.starts_at is None and fmt.id == "sessions" else "Time"
    head = (
        f'<thead><tr><th scope="col">{first if fmt.id != "weeks" else ""}</th>'
        '<th scope="col">What</th><th scope="col">Minutes</th></tr></thead>')
    total = (f"{block.module_minutes} minutes of modules"
             + (f", {block.minutes} minutes in all" if fmt.id != "weeks" else ""))
    problems = "".join(f'<p class="cg-problem" role="note"><strong>Does not fit.</strong> '
                       f"{esc(p)}</p>" for p in block.problems)
    return (f'<section class="cg-block"><h3>{esc(block.title)}</h3>'
            f'<p class="cg-meta">{total}.</p>{problems}'
            f"<table>{head}<tbody>{''.join(rows)}</tbody></table></section>")


def _format(fmt: Format, first: bool) -> str:
    cls = "" if first else ' class="cg-new-page"'
    fit = ("" if not fmt.problems else
           f'<p class="cg-problem" role="note"><strong>{len(fmt.problems)} part(s) of this '
           "format do not fit.</strong> See the notes below.</p>")
    blocks = "".join(_block(fmt, b) for b in fmt.blocks)
    return (f'<section id="{fmt.id}"><h2{cls}>{esc(fmt.title)}</h2>'
            f'<p class="cg-lead">{esc(fmt.summary)}</p>{fit}{blocks}</section>')


def schedule_html(course: Course) -> str:
    formats = schedules(course)
    total = sum(m.minutes or 0 for m in course.modules)
    hours, minutes = divmod(total, 60)
    outline = "".join(
        f"<tr><td>{m.number}</td><td>{esc(m.title)}</td><td class=\"cg-mins\">"
        f"{m.minutes} min</td></tr>" for m in course.modules)
    intro = (
        f"<h1>{esc(course.title)}: course schedule</h1>"
        f'<p class="cg-lead">{esc(course.subtitle)}. The modules take about {hours} hours'
        + (f" {minutes} minutes" if minutes else "")
        + " in all (the times in the course outline). This schedule shows three ways to run "
        "them. Times are a guide: a group that talks more will need more.</p>"
        '<table><thead><tr><th scope="col">No.</th><th scope="col">Module</th>'
        f'<th scope="col">Time</th></tr></thead><tbody>{outline}</tbody></table>'
        "<p>Formats: " + ", ".join(f.title.lower() for f in formats) + ".</p>"
    )
    body = intro + "".join(_format(f, first=False) for f in formats)
    return page(f"{course.title}: course schedule", body)
