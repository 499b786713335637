"""Run sheets: one printable part per module for the facilitator in the room, made from
the module's in-room plan (``room:`` in content/course.yaml) and its facilitator notes
(``facilitator_notes/<module>.md``): the timings, what to do in each part (the notes'
plan), the materials, and the notes' guidance for the session. Their markup is
commonground/templates/pack/runsheets.html; the slides' speaker notes are made from the
same parts (:func:`module_sheet`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.course import Course, Module, Segment
from ..content.notes import FacilitatorNotes, load_notes
from ..scenario.model import Scenario
from ..templates import render

__all__ = ["HOW", "RunSheet", "Step", "module_sheet", "runsheets_html", "seat_file"]

#: How a part is run, in words.
HOW = {"whole group": "Whole group", "pairs": "Pairs", "small groups": "Small groups",
       "role-play": "Role-play", "quiet": "Quiet time", "break": "Break"}

#: The notes' sections a run sheet leaves out: for planning and grading, not the room.
_LEFT_OUT = {"aims", "source sections covered", "session plans",
             "reflection prompts and rubrics"}


@dataclass(frozen=True)
class Step:
    """A part of the session: its segment and what the notes say to do (Markdown)."""

    segment: Segment
    todo: str

    @property
    def when(self) -> str:
        return f"{_hm(self.segment.start)}–{_hm(self.segment.end)}"

    @property
    def how(self) -> str:
        return HOW.get(self.segment.how, self.segment.how)


@dataclass(frozen=True)
class RunSheet:
    module: Module
    steps: tuple[Step, ...]
    around: str  # the notes' words around their plan (Markdown)
    materials: tuple[str, ...]
    sections: tuple[tuple[str, str], ...]  # the notes' sections for the room

    def section(self, heading: str) -> str:
        return next((body for name, body in self.sections if name.lower() == heading.lower()),
                    "")


def _hm(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def seat_file(sid: str, role_id: str) -> str:
    """The file of one seat's cards in the pack (only that seat's brief and cards)."""
    return f"roleplays/{sid}/seat-{role_id}.pdf"


def _materials(course: Course, module: Module, scenarios: dict[str, Scenario]) -> list[str]:
    found = [f"Slides: slides/{module.id}.slides.html (press S for the speaker view, "
             "with this run sheet in its notes)",
             f"Handouts: the part for module {module.number} in handouts.pdf, one each"]
    for sid, s in scenarios.items():
        if s.module != module.id:
            continue
        seats = "; ".join(f"{r.name.split(',')[0]}: {Path(seat_file(sid, rid)).name}"
                          for rid, r in s.roles.items())
        found.append(f"Role-play “{s.title}” on paper, for groups without devices: "
                     f"roleplays/roleplay-{sid}.pdf for you (how to play, the debrief), and "
                     f"for each group only its own seat's cards, from roleplays/{sid}/ "
                     f"({seats})")
    if module.room is not None:
        found += list(module.room.materials)
    return found


def module_sheet(course: Course, module: Module, scenarios: dict[str, Scenario],
                 notes_root: Path | None = None) -> RunSheet:
    notes: FacilitatorNotes | None = load_notes(module.id, notes_root)
    todo = {(r.start, r.end): r.text for r in notes.workshop} if notes else {}
    plan = module.room.plan if module.room is not None else ()
    steps = tuple(Step(s, todo.get((s.start, s.end), "")) for s in plan)
    sections = tuple((name, body) for name, body in (notes.sections if notes else ())
                     if name.lower() not in _LEFT_OUT and body.strip())
    return RunSheet(module, steps, notes.workshop_words if notes else "",
                    tuple(_materials(course, module, scenarios)), sections)


def runsheets_html(course: Course, scenarios: dict[str, Scenario],
                   notes_root: Path | None = None) -> str:
    sheets = [module_sheet(course, m, scenarios, notes_root) for m in course.modules]
    return render("pack/runsheets.html", title=f"{course.title}: run sheets", course=course,
                  sheets=sheets)
