"""The session-one kit (session-one-kit.pdf): what a facilitator needs for the first
meeting, in one place. Its own words are ``facilitator_notes/session_one.md`` (the room,
an opening script, the group agreement before anyone shares, the session online, a
checklist); it also carries, from where they already live and not copied, the notes'
disclosure protocol and what to do if someone is distressed (``facilitator_notes/README.md``),
the course's steps for stepping out of a role (``content/de_roling.yaml``) and its
support lines (``content/support_lines.yaml``). Markup: templates/pack/kit.html."""

from __future__ import annotations

from pathlib import Path

from ..content.course import Course
from ..content.de_roling import NAME, SteppingOut, load_de_roling
from ..content.notes import load_notes
from ..content.support_lines import load_support_lines
from ..templates import render
from . import PackError

__all__ = ["KIT", "README_PARTS", "kit_html"]

KIT = "session_one"
#: The sections of the notes' README the kit carries, in this order, after its own.
README_PARTS = ("If a participant discloses something", "If someone becomes distressed")
#: Who the de-roling steps name, on paper: the facilitator says the person's name.
PLAYED = "(name)"


def kit_html(course: Course, notes: Path | None = None) -> str:
    kit, readme = load_notes(KIT, notes), load_notes("README", notes)
    if kit is None or readme is None:
        raise PackError("facilitator_notes/session_one.md or facilitator_notes/README.md is "
                        "missing: the session-one kit is made from both.")
    intro = kit.path.read_text(encoding="utf-8").split("\n## ", 1)[0]
    intro = "\n".join(line for line in intro.splitlines() if not line.startswith("# "))
    carried = []
    for heading in README_PARTS:
        body = readme.section(heading)
        if not body:
            raise PackError(f"{readme.path}: the section “{heading}” is missing: the "
                            "session-one kit prints it.")
        carried.append((heading, body))
    steps = load_de_roling(course.root)
    aloud = SteppingOut(steps.title, steps.intro.replace(NAME, PLAYED),
                        tuple(s.replace(NAME, PLAYED) for s in steps.steps),
                        steps.close.replace(NAME, PLAYED))
    return render("pack/kit.html", title=f"{course.title}: session one kit", course=course,
                  intro=intro.strip(), sections=kit.sections, carried=carried,
                  de_roling=aloud,
                  support=load_support_lines(course.root))
