"""One role-play on paper as a printable page: how to play, role briefs, a score sheet
and numbered cards for each seat, and the facilitator's debrief sheet. Its markup is
commonground/templates/pack/paper.html."""

from __future__ import annotations

from ..content.course import Course
from ..scenario.stepping_out import stepping_out
from ..scenario.titles import module_label
from ..templates import render
from .paper import Deck, PaperPlay

__all__ = ["paper_html", "seat_html"]


def _endings(play: PaperPlay) -> list[tuple]:
    """Each ending (in the order the decks meet them) and where each seat meets it."""
    seen: dict[str, list[str]] = {}
    for deck in play.decks:
        for card in deck.cards:
            if card.kind == "ending":
                seen.setdefault(card.node_id, []).append(
                    f"{deck.role.name.split(',')[0]}: card {card.number}")
    endings = []
    for node_id, seats in seen.items():
        ending = play.scenario.nodes[node_id].ending
        assert ending is not None
        endings.append((ending, seats))
    return endings


def paper_html(play: PaperPlay, course: Course | None = None,
               seat_files: dict[str, str] | None = None) -> str:
    """The facilitator's printable copy, every seat in it; ``course`` names the module the
    role-play is in, ``seat_files`` where each seat's own file is."""
    return render("pack/paper.html", title=f"Role-play on paper: {play.scenario.title}",
                  scenario=play.scenario, module=module_label(play.scenario.module, course),
                  decks=play.decks, endings=_endings(play), seat_files=seat_files or {},
                  seat=None, step_out=_step_out(play, course))


def seat_html(play: PaperPlay, deck: Deck, course: Course | None = None) -> str:
    """What one group gets: its own seat's brief, score sheet and cards, and no other's."""
    title = f"Role-play on paper: {play.scenario.title} ({deck.role.name.split(',')[0]})"
    return render("pack/paper.html", title=title, scenario=play.scenario, module="",
                  decks=play.decks, endings=[], seat_files={}, seat=deck,
                  step_out=_step_out(play, course))


def _step_out(play: PaperPlay, course: Course | None) -> dict:
    """Each seat's step out of the role (or none), from the course's de-roling text."""
    return {d.role.id: stepping_out(play.scenario, d.role.id, course.root if course else None)
            for d in play.decks}
