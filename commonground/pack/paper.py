"""A role-play on paper: numbered cards ("go to card N") and a score sheet, per seat.

The scenario file is the only source. For each role (seat) this works out which scenes
that seat can reach and turns them into cards:

* a **scene card** for each scene (its text, then its options, each with the card to go to);
* an **outcome card** for each option that has consequences (feedback, a change to a
  meter, or something a later card asks about), read after choosing, so the
  consequences are not seen before the choice, as in the app;
* an **ending card** for each ending, with its debrief and reflection question.

Conditions that depend only on the seat are settled here; the others (a meter's value,
an earlier choice, a card already seen) are printed as plain "Only if ..." words, and the
seat's score sheet has the meters and the boxes to tick.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..scenario.conditions import Comparison, Condition, Facts
from ..scenario.model import Choice, Node, Role, Scenario, TextPart, Variable

__all__ = ["Card", "Deck", "Line", "Option", "PaperPlay", "paper_play"]

_OP_WORDS = {
    ">=": "{v} or more", "<=": "{v} or less", ">": "more than {v}", "<": "less than {v}",
    "==": "{v}", "!=": "anything but {v}",
}


@dataclass(frozen=True)
class Line:
    """A paragraph of Markdown, read only when ``condition`` (plain words) holds."""

    text: str
    condition: str = ""


@dataclass(frozen=True)
class Option:
    letter: str
    label: str
    goes_to: int
    condition: str = ""
    choice_id: str = ""


@dataclass(frozen=True)
class Card:
    number: int
    kind: str  # scene, outcome, ending
    title: str
    lines: tuple[Line, ...] = ()
    options: tuple[Option, ...] = ()
    changes: tuple[str, ...] = ()
    ticks: tuple[str, ...] = ()
    goes_to: int | None = None
    debrief: tuple[Line, ...] = ()
    reflection: str = ""
    tone: str = ""
    node_id: str = ""


@dataclass(frozen=True)
class Deck:
    role: Role
    start: int
    cards: tuple[Card, ...]
    variables: tuple[Variable, ...]
    checklist: tuple[str, ...]

    @property
    def first(self) -> int:
        return self.cards[0].number

    @property
    def last(self) -> int:
        return self.cards[-1].number

    def card(self, number: int) -> Card:
        return next(c for c in self.cards if c.number == number)


@dataclass(frozen=True)
class PaperPlay:
    scenario: Scenario
    decks: tuple[Deck, ...]

    @property
    def cards(self) -> tuple[Card, ...]:
        return tuple(c for d in self.decks for c in d.cards)


@dataclass
class _Seat:
    """What is known statically about one seat: its role, reachable scenes and choices."""

    scenario: Scenario
    role: str
    nodes: list[str] = field(default_factory=list)
    choices: dict[str, Choice] = field(default_factory=dict)
    scene_card: dict[str, int] = field(default_factory=dict)
    just_chose: str | None = None
    tick_choices: set[str] = field(default_factory=set)
    tick_nodes: set[str] = field(default_factory=set)

    def facts(self) -> Facts:
        return Facts(role=self.role, ranges=self.scenario.ranges())


# -- conditions in words ------------------------------------------------------------------
def _comparison(seat: _Seat, comparison: Comparison) -> bool | str:
    known = Condition(state=(comparison,)).evaluate(seat.facts())
    if known is not None:
        return known
    variable = seat.scenario.variables[comparison.variable]
    op, value = comparison.op, comparison.value
    if op in (">", "<"):  # whole numbers: "more than 3" is "4 or more"
        op, value = (">=", value + 1) if op == ">" else ("<=", value - 1)
    amount = _OP_WORDS[op].format(v=value)
    return f"your score for “{variable.label}” is {amount}"


_OPPOSITE = {">=": "<", "<=": ">", ">": "<=", "<": ">=", "==": "!=", "!=": "=="}


def _negated(seat: _Seat, cond: Condition) -> bool | str:
    """``not: ...``, said the plain way round where it is one comparison."""
    if cond.state and len(cond.state) == 1 and cond == Condition(state=cond.state,
                                                                   path=cond.path):
        c = cond.state[0]
        return _comparison(seat, Comparison(c.variable, _OPPOSITE[c.op], c.value))
    return _negate(_words(seat, cond))


def _words(seat: _Seat, cond: Condition | None) -> bool | str:
    """True, False, or the condition in words for the players to check."""
    if cond is None:
        return True
    if cond.role and seat.role not in cond.role:
        return False
    if cond.not_role and seat.role in cond.not_role:
        return False
    parts: list[str] = []

    def add(value: bool | str) -> bool:
        if value is False:
            return False
        if isinstance(value, str):
            parts.append(value)
        return True

    for comparison in cond.state:
        if not add(_comparison(seat, comparison)):
            return False
    for name in cond.chose:
        if not add(_chose(seat, name)):
            return False
    for name in cond.not_chose:
        if not add(_negate(_chose(seat, name))):
            return False
    for name in cond.visited:
        if not add(_visited(seat, name)):
            return False
    for name in cond.not_visited:
        if not add(_negate(_visited(seat, name))):
            return False
    if cond.seat_chose:  # played together: what another seat's group chose before
        choices = seat.scenario.choices()
        parts.append(" or ".join(
            f"{seat.scenario.roles[other].name.split(',')[0]}'s group chose "
            f"“{' '.join(choices[made].label.split())}”"
            for other, made in cond.seat_chose if other in seat.scenario.roles
            and made in choices) or "another seat made a choice")
    for sub in cond.all_of:
        if not add(_words(seat, sub)):
            return False
    if cond.any_of:
        options = [_words(seat, sub) for sub in cond.any_of]
        if True not in options:
            said = [o for o in options if isinstance(o, str)]
            if not said:
                return False
            parts.append(" or ".join(f"({o})" if " and " in o else o for o in said))
    if cond.negated is not None and not add(_negated(seat, cond.negated)):
        return False
    return " and ".join(parts) if parts else True


def _negate(value: bool | str) -> bool | str:
    if isinstance(value, bool):
        return not value
    if value.startswith("you chose "):
        return "you did not choose " + value[len("you chose "):]
    if value.startswith("you have been to "):
        return "you have not been to " + value[len("you have been to "):]
    return f"it is not so that {value}"


def _chose(seat: _Seat, name: str) -> bool | str:
    if name == seat.just_chose:
        return True
    choice = seat.choices.get(name)
    if choice is None:  # not open to this seat: it can never have been chosen
        return False
    seat.tick_choices.add(name)
    return f"you chose “{_plain(choice.label)}”"


def _visited(seat: _Seat, node: str) -> bool | str:
    if node not in seat.scene_card:
        return False
    if node == seat.scenario.start_for(seat.role):
        return True
    seat.tick_nodes.add(node)
    return f"you have been to card {seat.scene_card[node]}"


def _plain(label: str) -> str:
    return " ".join(label.split())


def _lines(seat: _Seat, parts: tuple[TextPart, ...]) -> tuple[Line, ...]:
    out = []
    for part in parts:
        said = _words(seat, part.when)
        if said is False or not part.text.strip():
            continue
        out.append(Line(part.text.strip(), "" if said is True else said))
    return tuple(out)


# -- building the decks -------------------------------------------------------------------
def _reach(scenario: Scenario, role: str) -> _Seat:
    seat = _Seat(scenario, role)
    start = scenario.start_for(role)
    queue = [start]
    while queue:
        node = queue.pop(0)
        if node in seat.nodes:
            continue
        seat.nodes.append(node)
        for choice in scenario.nodes[node].choices:
            if choice.when is not None and choice.when.evaluate(seat.facts()) is False:
                continue
            seat.choices[choice.id] = choice
            if choice.target not in seat.nodes:
                queue.append(choice.target)
    return seat


def _has_outcome(seat: _Seat, choice: Choice) -> bool:
    return bool(choice.feedback or choice.effects or choice.set
                or choice.id in seat.tick_choices)


def _changes(scenario: Scenario, choice: Choice) -> tuple[str, ...]:
    out = []
    for name, delta in choice.effects.items():
        if delta:
            sign = "add" if delta > 0 else "take away"
            out.append(f"{scenario.variables[name].label}: {sign} {abs(delta)}")
    for name, value in choice.set.items():
        out.append(f"{scenario.variables[name].label}: set it to {value}")
    return tuple(out)


def _deck(scenario: Scenario, role: str, first_number: int) -> Deck:
    seat = _reach(scenario, role)
    ordered = _scene_order(scenario, seat)
    seat.scene_card = {node: first_number + i for i, node in enumerate(ordered)}
    # A first pass finds what later cards ask about (choices to tick, cards seen).
    for node in ordered:
        _scene(seat, scenario.nodes[node], {})
        for choice in scenario.nodes[node].choices:
            if choice.id in seat.choices:
                seat.just_chose = choice.id
                _lines(seat, choice.feedback)
                seat.just_chose = None
    outcome_of: dict[str, int] = {}
    number = first_number + len(ordered)
    for node in ordered:
        for choice in scenario.nodes[node].choices:
            if choice.id in seat.choices and _has_outcome(seat, choice):
                outcome_of[choice.id] = number
                number += 1
    cards = [_scene(seat, scenario.nodes[node], outcome_of) for node in ordered]
    for node in ordered:
        for choice in scenario.nodes[node].choices:
            if choice.id in outcome_of:
                cards.append(_outcome(seat, choice, outcome_of[choice.id]))
    checklist = tuple(
        [f"I chose: {_plain(seat.choices[c].label)}" for c in sorted(seat.tick_choices)]
        + [f"I have been to card {seat.scene_card[n]}" for n in sorted(seat.tick_nodes)]
    )
    return Deck(scenario.roles[role], seat.scene_card[scenario.start_for(role)], tuple(cards),
                tuple(scenario.variables.values()), checklist)


def _scene_order(scenario: Scenario, seat: _Seat) -> list[str]:
    """Scenes first in the order they are reached, endings after them."""
    scenes = [n for n in seat.nodes if scenario.nodes[n].ending is None]
    endings = [n for n in seat.nodes if scenario.nodes[n].ending is not None]
    return scenes + endings


def _scene(seat: _Seat, node: Node, outcome_of: dict[str, int]) -> Card:
    number = seat.scene_card[node.id]
    options: list[Option] = []
    for choice in node.choices:
        if choice.id not in seat.choices:
            continue
        said = _words(seat, choice.when)
        if said is False:
            continue
        goes_to = outcome_of.get(choice.id, seat.scene_card[choice.target])
        letter = chr(ord("A") + len(options))
        options.append(Option(letter, _plain(choice.label), goes_to,
                              "" if said is True else said, choice.id))
    ticks = (f"Tick “I have been to card {number}” on your score sheet.",) \
        if node.id in seat.tick_nodes else ()
    ending = node.ending
    if ending is not None:
        return Card(number, "ending", ending.title, _lines(seat, node.text), tuple(options),
                    ticks=ticks, debrief=_lines(seat, ending.debrief),
                    reflection=ending.reflection, tone=ending.tone, node_id=node.id)
    return Card(number, "scene", node.title or "", _lines(seat, node.text), tuple(options),
                ticks=ticks, node_id=node.id)


def _outcome(seat: _Seat, choice: Choice, number: int) -> Card:
    seat.just_chose = choice.id
    try:
        lines = _lines(seat, choice.feedback)
    finally:
        seat.just_chose = None
    ticks = (f"Tick “I chose: {_plain(choice.label)}” on your score sheet.",) \
        if choice.id in seat.tick_choices else ()
    return Card(number, "outcome", f"You chose: {_plain(choice.label)}", lines,
                changes=_changes(seat.scenario, choice), ticks=ticks,
                goes_to=seat.scene_card[choice.target], node_id=choice.node)


def paper_play(scenario: Scenario) -> PaperPlay:
    """Every seat's deck, numbered on from one deck to the next (cards 1 to N in all)."""
    decks = []
    number = 1
    for role in scenario.roles:
        deck = _deck(scenario, role, number)
        decks.append(deck)
        number = deck.last + 1
    return PaperPlay(scenario, tuple(decks))
