"""Printable handouts: one part per module (what it covers, its key points, its
role-plays, its reflection prompts with room to write) and the course's glossary."""

from __future__ import annotations

from ..content.course import Course, GlossaryEntry, Module
from ..content.support_lines import load_support_lines
from ..scenario.model import Scenario
from ..text import markdown_to_html
from ._html import esc, page
from .slides import Section, module_sections

__all__ = ["handouts_html"]

_CSS = """
.cg-write { border: 1px solid #777; border-radius: 1.5mm; height: 32mm; margin: .3em 0 1em;
  padding: 1.5mm 3mm; color: #555; font-size: 8.5pt; }
.cg-prompt { break-inside: avoid; }
dl.cg-glossary dt { font-weight: bold; margin-top: .5em; break-after: avoid; }
dl.cg-glossary dd { margin-left: 1.2em; }
"""


def _list_of(section: Section | None) -> str:
    return markdown_to_html(section.points) if section and section.points else ""


def _module(course: Course, module: Module, sections: list[Section],
            scenarios: dict[str, Scenario]) -> str:
    head = next((s for s in sections if s.level == 1), None)
    outcomes = ""
    if head is not None and any(k.endswith("_list") for k, _t in head.blocks):
        outcomes = "<h3>In this module you will</h3>" + _list_of(head)
    summary = next((s for s in sections if s.heading.lower() in ("summary", "key points")),
                   None)
    if summary and summary.points:
        points = "<h3>Key points</h3>" + _list_of(summary)
    else:
        points = ("<h3>What it covers</h3><ul>" + "".join(
            f"<li>{esc(s.heading)}</li>" for s in sections
            if s.kind == "heading" and s.level == 2) + "</ul>")
    plays = [scenarios[sid] for sid in _scenario_ids(sections)]
    plays_html = "" if not plays else "<h3>Role-plays</h3>" + "".join(
        f"<p><strong>{esc(p.title)}.</strong> {esc(' '.join(p.summary.split()))} "
        f"<em>On paper: roleplay-{esc(p.id)}.pdf.</em></p>" for p in plays)
    prompts = course.prompts(module.id)
    intro = ("<h3>To reflect on</h3><p>Writing is optional. If you write here, this page "
             "is yours: keep it, and share it only if you want to.</p>")
    prompts_html = "".join(  # the heading stays on the page of the first prompt
        f'<div class="cg-prompt">{intro if i == 0 else ""}<h4>{esc(p.title)}</h4>'
        f'{markdown_to_html(p.text)}<div class="cg-write" aria-hidden="true">Your notes '
        "(optional)</div></div>"
        for i, p in enumerate(prompts.values()))
    note = (f'<p class="cg-note" role="note"><strong>Content note.</strong> '
            f"{esc(module.content_note)}</p>" if module.content_note else "")
    minutes = f" · about {module.minutes} minutes" if module.minutes else ""
    return (f'<section class="cg-new-page"><h2>Module {module.number}: {esc(module.title)}'
            f'</h2><p class="cg-meta">{esc(course.title)}{minutes}</p>{note}{outcomes}'
            f"{points}{plays_html}{prompts_html}</section>")


def _scenario_ids(sections: list[Section]) -> list[str]:
    found: list[str] = []
    for s in sections:
        if "scenario" in (s.kind, s.widget) and s.ident not in found:
            found.append(s.ident)
    return found


def _glossary(glossary: tuple[GlossaryEntry, ...]) -> str:
    items = "".join(
        f"<dt>{esc(e.term)}" + (f" ({esc(e.expansion)})" if e.expansion else "")
        + f"</dt><dd>{esc(e.meaning)}</dd>"
        for e in sorted(glossary, key=lambda e: e.term.lower()))
    return ('<section class="cg-new-page"><h2>Words used in this course</h2><p>Plain '
            "meanings for the sector terms and acronyms the course uses. Ask about any "
            f'other word: nobody is expected to know them all.</p><dl class="cg-glossary">'
            f"{items}</dl></section>")


def _support(course: Course) -> str:
    """The course's one list of support lines (content/support_lines.yaml)."""
    lines = load_support_lines(course.root)
    items = "".join(f"<li><strong>{esc(x.name)}</strong>: {esc(x.number)} ({esc(x.hours)}). "
                    f"{esc(x.who_for)}</li>" for x in lines.lines)
    return ('<section><h2>If something in the course brings things up</h2><p>You can step '
            "out of any activity at any time. These lines can help:</p>"
            f"<ul>{items}</ul><p>{esc(lines.also)}</p></section>")


def handouts_html(course: Course, notebooks: dict[str, dict],
                  scenarios: dict[str, Scenario],
                  glossary: tuple[GlossaryEntry, ...]) -> str:
    rows = "".join(f"<tr><td>{m.number}</td><td>{esc(m.title)}</td>"
                   f'<td class="cg-mins">{m.minutes} min</td></tr>' for m in course.modules)
    intro = (f"<h1>{esc(course.title)}: handouts</h1>"
             f'<p class="cg-lead">{esc(course.subtitle)}.</p>'
             "<p>One part per module, to hand out in a room with or without devices: what "
             "the module covers, its key points, its role-plays and its reflection "
             "questions, with room to write. The words at the back explain the course's "
             "sector terms.</p>"
             '<table><thead><tr><th scope="col">No.</th><th scope="col">Module</th>'
             f'<th scope="col">Time</th></tr></thead><tbody>{rows}</tbody></table>')
    parts = [intro]
    for module in course.modules:
        sections = module_sections(notebooks[module.id], course, module, scenarios)
        parts.append(_module(course, module, sections, scenarios))
    parts.append(_support(course))
    parts.append(_glossary(glossary))
    return page(f"{course.title}: handouts", "".join(parts), _CSS)
