"""Printable handouts: one part per module (what it covers, its key points, its
role-plays, its reflection prompts with room to write) and the course's glossary.
Their markup is commonground/templates/pack/handouts.html."""

from __future__ import annotations

from typing import Any

from ..content.course import Course, GlossaryEntry, Module
from ..content.support_lines import load_support_lines
from ..scenario.model import Scenario
from ..templates import render
from .slides import Section, module_sections

__all__ = ["handouts_html"]


def _module(course: Course, module: Module, sections: list[Section],
            scenarios: dict[str, Scenario]) -> dict[str, Any]:
    head = next((s for s in sections if s.level == 1), None)
    outcomes = None
    if head is not None and any(k.endswith("_list") for k, _t in head.blocks):
        outcomes = head.points or ""
    summary = next((s for s in sections if s.heading.lower() in ("summary", "key points")),
                   None)
    return {
        "module": module,
        "outcomes": outcomes,
        "points": summary.points if summary else "",
        "covers": [s.heading for s in sections if s.kind == "heading" and s.level == 2],
        "plays": [scenarios[sid] for sid in _scenario_ids(sections)],
        "prompts": list(course.prompts(module.id).values()),
    }


def _scenario_ids(sections: list[Section]) -> list[str]:
    found: list[str] = []
    for s in sections:
        if "scenario" in (s.kind, s.widget) and s.ident not in found:
            found.append(s.ident)
    return found


def handouts_html(course: Course, notebooks: dict[str, dict],
                  scenarios: dict[str, Scenario],
                  glossary: tuple[GlossaryEntry, ...]) -> str:
    modules = [_module(course, m, module_sections(notebooks[m.id], course, m, scenarios),
                       scenarios) for m in course.modules]
    return render("pack/handouts.html", title=f"{course.title}: handouts", course=course,
                  modules=modules,
                  support=load_support_lines(course.root),  # the course's one list
                  glossary=sorted(glossary, key=lambda e: e.term.lower()))
