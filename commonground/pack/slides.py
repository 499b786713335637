"""Session slides per module: the notebook, preprocessed into slide cells, through
nbconvert's reveal.js ``SlidesExporter``.

One slide per heading, with its key points (its first list, or else its first paragraph);
a title slide with the module's time from the course outline; a slide for each content
note before the part it warns about; a slide for each role-play and each reflection
prompt, taken from the scenario and prompt files. Code cells are dropped (no widgets).
reveal.js is loaded from ``reveal.js/`` beside the slides (``reveal_url_prefix``), a copy
shipped with the course, so the slides open offline and ask no other site for anything.

Speaker notes (reveal.js's speaker view: press S) come from the module's run sheet, the
facilitator notes: the title slide holds the purpose, the whole session's timings, the
materials and what to do before the session; each slide the part of the session plan
it goes with (matched by the words of its heading, in order) and the notes' advice on
running its activity; the last slide the discussion questions.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.course import Course, Module
from ..scenario.model import Scenario
from .runsheets import RunSheet, Step

if TYPE_CHECKING:
    from nbformat import NotebookNode

__all__ = ["REVEAL_DIR", "Section", "copy_reveal", "module_sections", "slides_html"]

REVEAL_DIR = Path(__file__).with_name("reveal")
_TEMPLATES = Path(__file__).with_name("templates")
_WIDGET = re.compile(r"course\.(scenario|reflection)\(\s*[\"']([^\"']+)[\"']")
_LEAD_BOLD = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\*\*(.+?[.!?:])\*\*")
_TAKES = re.compile(r"\s*It takes about \**\d+ minutes\**\.")
_SHORT = 25
_MAX_ITEMS = 6  # words: a lead-in this short stays with its list; a paragraph is cut near it


@dataclass
class Section:
    """One heading of a module and what its slide shows (Markdown)."""

    level: int
    heading: str
    points: str = ""
    kind: str = "heading"  # heading, note, scenario, reflection
    blocks: list[tuple[str, str]] = field(default_factory=list)
    widget: str = ""  # the role-play or reflection this heading introduces
    ident: str = ""  # its scenario or prompt id


def _blocks(source: str) -> Iterator[tuple[str, str, int]]:
    """Top-level Markdown blocks as (kind, source, heading level)."""
    from markdown_it import MarkdownIt

    lines = source.splitlines()
    for token in MarkdownIt("commonmark").enable("table").parse(source):
        if token.level != 0 or token.nesting == -1 or token.map is None:
            continue
        text = "\n".join(lines[token.map[0]:token.map[1]]).strip()
        kind = token.type.removesuffix("_open")
        level = int(token.tag[1]) if kind == "heading" else 0
        yield kind, text, level


def _heading_text(source: str) -> str:
    return source.lstrip("#").strip()


def _key_points(blocks: list[tuple[str, str]]) -> str:
    """The first list (with a short lead-in), or else the first paragraph, shortened."""
    for i, (kind, text) in enumerate(blocks):
        if kind == "table":
            return text
        if kind in ("bullet_list", "ordered_list"):
            found = _items(text)
            shown = [_first_sentence(_bold_only(item)) for item in found[:_MAX_ITEMS]]
            if len(found) > _MAX_ITEMS:
                shown.append(f"- *and {len(found) - _MAX_ITEMS} more in the module*")
            items = "\n".join(shown)
            lead = blocks[i - 1][1] if i and blocks[i - 1][0] == "paragraph" else ""
            if lead.rstrip().endswith(":") and len(lead.split()) <= _SHORT:
                return f"{lead}\n\n{items}"
            return items
    for kind, text in blocks:
        if kind == "paragraph":
            return _shorten(text)
    return ""


_MARKER = re.compile(r"^(?:[-*+]|\d+[.)])\s+")


def _items(text: str) -> list[str]:
    """A list's items, each on one line (continuation lines joined)."""
    items: list[str] = []
    for line in text.splitlines():
        if _MARKER.match(line) or not items:
            items.append(line.strip())
        elif line.strip():
            items[-1] += " " + line.strip()
    return items


def _bold_only(line: str) -> str:
    """``1. **Many names.** The group found...`` -> ``1. **Many names.**`` (a bold lead
    that ends a sentence is the item's point; bold words inside a sentence are not)."""
    match = _LEAD_BOLD.match(line)
    return match.group(0) if match else line


def _first_sentence(item: str) -> str:
    """A long list item cut to its first sentence, so a slide stays on the screen."""
    if len(item.split()) <= _SHORT:
        return item
    match = re.match(r"(.+?[.!?])(\s|$)", item)
    return match.group(1) if match else item


def _shorten(paragraph: str) -> str:
    words = paragraph.split()
    if len(words) <= 2 * _SHORT:
        return paragraph
    sentences = re.split(r"(?<=[.!?])\s+", " ".join(words))
    kept: list[str] = []
    for sentence in sentences:
        kept.append(sentence)
        if len(" ".join(kept).split()) >= _SHORT:
            break
    return " ".join(kept)


def module_sections(nb: dict, course: Course, module: Module,
                    scenarios: dict[str, Scenario]) -> list[Section]:
    """The slides of one module, in notebook order."""
    sections: list[Section] = []
    for cell in nb.get("cells", []):
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "code":
            for what, ident in _WIDGET.findall(source):
                widget = _widget_section(what, ident, course, module, scenarios)
                last = sections[-1] if sections else None
                if last is not None and last.kind == "heading" and last.level > 1 \
                        and not last.widget and len(last.blocks) <= 1:  # it introduces it
                    last.points, last.widget, last.ident = widget.points, widget.kind, ident
                    last.blocks = []
                else:
                    sections.append(widget)
            continue
        if cell.get("cell_type") != "markdown":
            continue
        for kind, text, level in _blocks(source):
            if kind == "heading":
                sections.append(Section(level, _heading_text(text)))
            elif kind == "blockquote" and "content note" in text.lower():
                sections.append(Section(2, "Content note", text, kind="note"))
            elif sections and sections[-1].kind == "heading":
                sections[-1].blocks.append((kind, text))
            elif not sections:
                sections.append(Section(2, module.title, blocks=[(kind, text)]))
    for s in sections:
        if s.kind == "heading" and not s.widget:
            s.points = _key_points(s.blocks)
    return sections


def _widget_section(what: str, ident: str, course: Course, module: Module,
                    scenarios: dict[str, Scenario]) -> Section:
    if what == "scenario":
        scenario = scenarios[ident]
        seats = "; ".join(r.name for r in scenario.roles.values())
        minutes = f" About {scenario.minutes} minutes." if scenario.minutes else ""
        summary = " ".join(scenario.summary.split())
        return Section(2, f"Role-play: {scenario.title}",
                       f"**{_titled(scenario.title)}** {summary}{minutes}\n\nSeats: {seats}.\n\n"
                       f"*In the app, or on paper: roleplay-{scenario.id}.pdf*",
                       kind="scenario", ident=ident)
    prompt = course.prompt(ident, module.id)
    promise = ("" if "optional" in prompt.text.lower() else
               "\n\n*Writing is optional, and each person chooses who can read it.*")
    return Section(2, f"Reflection: {prompt.title}",
                   f"**{_titled(prompt.title)}** {prompt.text.strip()}{promise}",
                   kind="reflection", ident=ident)


def _titled(title: str) -> str:
    """A title as the start of a paragraph: 'Where do you stand?' stays, 'Hot desk' gets '.'."""
    title = title.strip()
    return title if title[-1:] in ".?!:" else f"{title}."


_STOP = frozenset((
    "about", "after", "again", "also", "and", "any", "are", "back", "before", "being",
    "both", "but", "can", "could", "does", "each", "every", "for", "from", "group", "have",
    "how", "into", "its", "just", "like", "more", "most", "not", "now", "one", "only",
    "other", "our", "out", "own", "same", "session", "some", "such", "than", "that", "the",
    "their", "them", "then", "there", "these", "they", "this", "those", "time", "together",
    "very", "want", "what", "when", "where", "which", "while", "who", "will", "with",
    "would", "your",
))


def _words(text: str) -> set[str]:
    found = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text)}
    return {w.rstrip("s") for w in found if w not in _STOP and len(w) > 3}


def _match(said: str, slide: str) -> int:
    """How well a step of the plan goes with a slide: its heading named in the step
    counts most, then the heading's words, then the slide's other words."""
    heading = slide.split("\n")[0].lstrip("#").strip()
    core = re.sub(r"^(?:our|your turn:|reflection:|try it:)\s+", "", heading, flags=re.I)
    score = 10 if core and core.lower() in said.lower() else 0
    play = re.match(r"Role-play: ([^.]+)", said)  # a role-play's slide names it
    if play and heading.startswith("Role-play") and play[1].lower() in slide.lower():
        score += 20
    want = _words(said)
    return score + 3 * len(want & _words(heading)) + len(want & _words(slide)) // 3


def _align(said: list[str], slides: list[str],
           bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(step, slide) pairs, in order on both sides, that go together best overall, each
    step's slide within its ``bounds``; a step that goes with no slide (a check-in,
    quiet time) is left out."""
    from functools import cache

    score = [[_match(s, slides[i]) if i else 0 for i in range(len(slides))] for s in said]

    @cache
    def best(k: int, j: int) -> tuple[int, tuple[tuple[int, int], ...]]:
        if k == len(said):
            return 0, ()
        options = [best(k + 1, j)]
        low, high = bounds[k]
        for i in range(max(j, low, 1), min(high, len(slides) - 1) + 1):
            if score[k][i] >= 2:
                rest, pairs = best(k + 1, i)
                options.append((score[k][i] + rest, ((k, i), *pairs)))
        return max(options, key=lambda o: o[0])

    return list(best(0, 1)[1])


def _step_note(step: Step, now: bool = True) -> str:
    head = f"**{step.when} · {step.segment.activity}** ({step.how.lower()})"
    return f"{head}{'' if now else ', still under way'}\n\n{step.todo}".strip()


def _bullets(markdown: str) -> list[str]:
    return [i[2:].strip() if i.startswith(("- ", "* ")) else i for i in _items(markdown)
            if _MARKER.match(i)]


def _speaker_notes(sheet: RunSheet, slides: list[str]) -> list[str]:
    """Each slide's notes (Markdown); ``slides`` are the slides' words, title first."""
    notes = [""] * len(slides)
    steps = list(sheet.steps)
    anchor: dict[int, list[Step]] = {}
    said = [f"{st.segment.activity}. {st.todo}" for st in steps]
    # A step whose slide is plain (its heading or role-play named) goes with it wherever
    # it is; the others are matched in order between them.
    strong = {}
    total = max(1, sum(st.segment.minutes for st in steps))
    for k, text in enumerate(said):
        when = steps[k].segment.start / total  # two slides as good: the one nearer in time
        best = max(range(1, len(slides)), default=None, key=lambda i: (
            _match(text, slides[i]) // 10, -abs(i / len(slides) - when)))
        if best is not None and _match(text, slides[best]) >= 10:
            strong[k] = best
    rest = [k for k in range(len(said)) if k not in strong]
    bounds = []
    for k in rest:  # between the slides of the plain steps before and after it
        low = max((i for s, i in strong.items() if s < k), default=1)
        high = min((i for s, i in strong.items() if s > k), default=len(slides) - 1)
        bounds.append((low, high) if low <= high else (1, len(slides) - 1))
    pairs = list(strong.items())
    pairs += [(rest[k], i) for k, i in _align([said[k] for k in rest], slides, bounds)]
    for k, i in sorted(pairs):
        anchor.setdefault(i, []).append(steps[k])
    timings = "\n".join(f"- {s.when} ({s.segment.minutes} min): {s.segment.activity}"
                        for s in steps)
    title = [f"**{sheet.module.room.minutes if sheet.module.room else ''} minutes in the "
             "room.** " + sheet.section("Purpose"), "**Timings**\n\n" + timings]
    if steps and 0 not in anchor:
        title.append(_step_note(steps[0]))
    title.append("**Materials**\n\n" + "\n".join(f"- {m}" for m in sheet.materials))
    if sheet.section("Before the session"):
        title.append("**Before the session**\n\n" + sheet.section("Before the session"))
    notes[0] = "\n\n".join(title)
    running = _bullets(sheet.section("Running the activities"))
    current: Step | None = steps[0] if steps else None
    for i in range(1, len(slides)):
        parts = []
        if i in anchor:
            parts += [_step_note(s) for s in anchor[i]]
            current = anchor[i][-1]
        elif current is not None:
            parts.append(_step_note(current, now=False))
        heading = _words(slides[i].split("\n")[0])
        for bullet in running:
            shared = heading & _words(bullet.split(":**")[0])
            if len(shared) >= 2 or (shared and len(heading) <= 2):
                parts.append(bullet)
        notes[i] = "\n\n".join(parts)
    questions = sheet.section("Discussion questions")
    if questions and len(slides) > 1:
        notes[-1] += "\n\n**Discussion questions**\n\n" + questions
    return notes


def _slide_notebook(course: Course, module: Module,
                    sections: list[Section], sheet: RunSheet | None = None) -> NotebookNode:
    import nbformat

    minutes = f"About {module.minutes} minutes" if module.minutes else ""
    own = next((s.heading for s in sections if s.level == 1), module.title)
    where = f"{course.title}, module {module.number}"
    title = [f"# {own}", f"*{where}*" if own == module.title else f"*{where}: {module.title}*"]
    if minutes:
        title.append(minutes)
    if module.content_note:
        title.append(f"> **Content note:** {module.content_note}")
    cells = [nbformat.v4.new_markdown_cell("\n\n".join(title))]
    for s in sections:
        if s.level == 1:  # the module's own title: its first paragraph goes under it
            intro = next((t for k, t in s.blocks if k == "paragraph"), "")
            intro = _TAKES.sub("", intro).strip()  # the outline's time is on the slide
            if intro:
                cells[0].source += "\n\n" + _shorten(intro)
            lists = [t for k, t in s.blocks if k in ("bullet_list", "ordered_list")]
            if lists:
                cells.append(nbformat.v4.new_markdown_cell(
                    "## In this module\n\n" + _key_points(s.blocks)))
            continue
        body = s.points
        heading = "#" * max(2, min(s.level, 3)) + " " + s.heading
        cells.append(nbformat.v4.new_markdown_cell(f"{heading}\n\n{body}".strip()))
    for cell in cells:
        cell.metadata["slideshow"] = {"slide_type": "slide"}
    if sheet is not None:
        with_notes = []
        for cell, note in zip(cells, _speaker_notes(sheet, [c.source for c in cells]),
                              strict=True):
            with_notes.append(cell)
            if note.strip():
                aside = nbformat.v4.new_markdown_cell(note)
                aside.metadata["slideshow"] = {"slide_type": "notes"}
                with_notes.append(aside)
        cells = with_notes
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["title"] = f"Module {module.number}: {module.title}"
    return nb


def slides_html(nb: dict, course: Course, module: Module,
                scenarios: dict[str, Scenario], sheet: RunSheet | None = None) -> str:
    """One module's reveal.js deck, with reveal.js expected at ``reveal.js/`` beside it,
    and ``sheet`` (the module's run sheet) as its speaker notes."""
    from nbconvert import SlidesExporter

    sections = module_sections(nb, course, module, scenarios)
    exporter = SlidesExporter(
        template_name="cg_reveal", extra_template_basedirs=[str(_TEMPLATES)],
        reveal_url_prefix="reveal.js", reveal_theme="white", reveal_transition="none",
        exclude_input_prompt=True, exclude_output_prompt=True,
    )
    body, _resources = exporter.from_notebook_node(
        _slide_notebook(course, module, sections, sheet))
    return body


def copy_reveal(target: Path) -> Path:
    """Put the course's copy of reveal.js at ``target`` (``slides/reveal.js``)."""
    shutil.copytree(REVEAL_DIR, target, ignore=shutil.ignore_patterns("README.md"))
    return target
