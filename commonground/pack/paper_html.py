"""One role-play on paper as a printable page: how to play, role briefs, a score sheet
and numbered cards for each seat, and the facilitator's debrief sheet. Its markup is
commonground/templates/pack/paper.html."""

from __future__ import annotations

from ..content.course import Course
from ..scenario.stepping_out import stepping_out
from ..scenario.titles import module_label
from ..templates import render
from .paper import PaperPlay

__all__ = ["paper_html"]


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


def paper_html(play: PaperPlay, course: Course | None = None) -> str:
    """The printable page; ``course`` names the module the role-play is in."""
    return render("pack/paper.html", title=f"Role-play on paper: {play.scenario.title}",
                  scenario=play.scenario, module=module_label(play.scenario.module, course),
                  decks=play.decks, endings=_endings(play),
                  step_out={d.role.id: stepping_out(play.scenario, d.role.id, course.root
                                                    if course else None)
                            for d in play.decks})
