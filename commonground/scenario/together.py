"""Role-plays played from several seats at the same time (``together:``): the checks.

A scenario with ``together: {seats: [...], meeting_points: {...}}`` is played by one group
per seat at once. A scene with ``meet: <point>`` is a meeting point: a seat that gets
there waits until every seat has; then each seat goes on, and from there a scene's text
or choices may depend on what another seat chose before (``when: {seat_chose: {seat:
choice}}``). Played alone, no other seat has chosen anything.

:func:`check_together` (run by :func:`commonground.scenario.check.check_scenario`) checks
the references (seats are declared roles, meeting points are declared and used, a
``seat_chose`` names a seat of the role-play and one of its choices) and then plays every
combination of every seat's choices, as the group play does: every seat must come to
every meeting point with the others (none waits for a seat that has finished or waits
elsewhere), a scene never depends on another seat before the first meeting point, and
every combination ends with every seat at an ending. :func:`endings_together` lists the
combinations of endings reached.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .engine import Play
from .model import Node, Scenario
from .problems import Problem

__all__ = ["MAX_COMBINATIONS", "MAX_SEATS", "check_together", "endings_together",
           "uses_seats"]

MAX_SEATS = 5
MAX_COMBINATIONS = 50_000  # more than this and the role-play is too big to check


def uses_seats(node: Node) -> list[tuple[str, tuple[Any, ...]]]:
    """Every ``seat.choice`` the node's conditions refer to, with its path."""
    return [found for cond in node.conditions() for found in cond.names("seat_choice")]


def _references(s: Scenario) -> list[Problem]:
    out: list[Problem] = []

    def add(path: tuple[Any, ...], message: str, fix: str) -> None:
        out.append(Problem(s.file, s.line(path), message, fix))

    together = s.together
    choices = s.choices()
    for node in s.nodes.values():
        if together is None:
            if node.meet:
                add((*node.path, "meet"), f"node `{node.id}` is a meeting point, but the "
                    "role-play is not played from several seats at once",
                    "add `together:` with its `seats:` and `meeting_points:`, or remove "
                    "`meet:`")
            for name, path in uses_seats(node):
                add(path, f"a condition in node `{node.id}` asks what another seat chose "
                    f"(`{name}`), but the role-play is not played from several seats at once",
                    "add `together:`, or remove `seat_chose:`")
            continue
        if node.meet and node.meet not in together.meeting_points:
            add((*node.path, "meet"), f"node `{node.id}` meets at `{node.meet}`, which is not "
                "one of the meeting points", "declare it under `together: meeting_points:` "
                "or use one of: " + ", ".join(together.meeting_points))
        for name, path in uses_seats(node):
            seat, _, choice = name.partition(".")
            if seat not in together.seats:
                add(path, f"a condition in node `{node.id}` asks about the seat `{seat}`, "
                    "which is not one of the seats played together",
                    "use one of: " + ", ".join(together.seats))
            elif choice not in choices:
                add(path, f"a condition in node `{node.id}` asks whether `{seat}` chose "
                    f"`{choice}`, which is not a choice in the role-play",
                    "check the choice's id")
    if together is None:
        return out
    if len(together.seats) > MAX_SEATS:
        add(("together", "seats"), f"{len(together.seats)} seats are played together; the "
            f"course allows at most {MAX_SEATS}", "play fewer seats at once")
    if len(set(together.seats)) != len(together.seats):
        add(("together", "seats"), "a seat is named twice", "name each seat once")
    for seat in together.seats:
        if seat not in s.roles:
            add(("together", "seats"), f"the seat `{seat}` is not one of the roles",
                "use one of: " + ", ".join(s.roles))
    used = {n.meet for n in s.nodes.values() if n.meet}
    for point in together.meeting_points:
        if point not in used:
            add(("together", "meeting_points", point), f"no scene meets at `{point}`",
                "add `meet: " + point + "` to the scene where the seats meet, or remove it")
    return out


# -- playing every combination -----------------------------------------------------------
@dataclass(frozen=True)
class _Stop:
    """Where a seat stops in a stretch of play: at a meeting point or an ending."""

    kind: str  # "meet" or "end"
    node: str
    saved: Mapping[str, Any]

    @property
    def key(self) -> tuple[Any, ...]:
        now = self.saved["now"]
        return (now["node"], tuple(sorted(now["values"].items())),
                frozenset(now["chosen"]))


class _Explorer:
    def __init__(self, s: Scenario):
        assert s.together is not None
        self.s = s
        self.seats = s.together.seats
        self.problems: dict[tuple[Any, ...], Problem] = {}
        self.endings: set[tuple[str, ...]] = set()
        self.combinations = 0
        self.too_big = False
        self._done: set[tuple[Any, ...]] = set()

    def add(self, key: tuple[Any, ...], node: Node, message: str, fix: str) -> None:
        self.problems.setdefault(key, Problem(self.s.file, self.s.line(node.path), message,
                                              fix))

    def stretch(self, seat: str, saved: Mapping[str, Any], passed: frozenset[str],
                others: Mapping[str, frozenset[str]]) -> list[_Stop]:
        """Every place ``seat`` may stop next, from ``saved``, choosing anything open."""
        stops: dict[tuple[Any, ...], _Stop] = {}
        seen: set[tuple[Any, ...]] = set()
        todo = [dict(saved)]
        while todo:
            state = todo.pop()
            play = Play.from_dict(self.s, copy.deepcopy(state), others)
            node = play.node
            now = state["now"]
            key = (now["node"], tuple(sorted(now["values"].items())), frozenset(now["chosen"]))
            if key in seen:
                continue
            seen.add(key)
            if not passed and not node.meet and uses_seats(node):
                self.add(("early", node.id), node, f"node `{node.id}` asks what another seat "
                         "chose, but the seat "
                         f"`{seat}` can get there before the seats first meet",
                         "move the condition to a scene after a meeting point")
            if node.ending is not None:
                stop = _Stop("end", node.id, state)
                stops[stop.key] = stop
                continue
            if node.meet and node.meet not in passed:
                stop = _Stop("meet", node.id, state)
                stops[stop.key] = stop
                continue
            open_ = play.choices()
            if not open_:
                self.add(("dead", node.id), node, f"node `{node.id}` can be a dead end for "
                         f"the seat `{seat}` played together: no choice is open",
                         "add a choice without a `when:` condition")
            for choice in open_:
                after = Play.from_dict(self.s, copy.deepcopy(state), others)
                after.choose(choice.id)
                todo.append(after.to_dict())
        return list(stops.values())

    def explore(self, states: Mapping[str, Mapping[str, Any]],
                passed: frozenset[str]) -> None:
        key = (tuple(_Stop("meet", "", states[seat]).key for seat in self.seats), passed)
        if key in self._done or self.too_big:
            return
        self._done.add(key)
        others = {seat: frozenset(states[seat]["now"]["chosen"]) for seat in self.seats} \
            if passed else {}
        stretches = [self.stretch(seat, states[seat], passed, others) for seat in self.seats]
        for combo in itertools.product(*stretches):
            self.combinations += 1
            if self.combinations > MAX_COMBINATIONS:
                self.too_big = True
                return
            self._meet(dict(zip(self.seats, combo, strict=True)), passed)

    def _meet(self, stops: Mapping[str, _Stop], passed: frozenset[str]) -> None:
        ended = [seat for seat, stop in stops.items() if stop.kind == "end"]
        if len(ended) == len(stops):
            self.endings.add(tuple(stops[seat].node for seat in self.seats))
            return
        waiting = {seat: self.s.nodes[stop.node] for seat, stop in stops.items()
                   if stop.kind == "meet"}
        if ended:
            seat, node = next(iter(waiting.items()))
            done = ended[0]
            self.add(("waits", node.id, stops[done].node), node,
                     f"the seat `{seat}` can wait at `{node.meet}` (node `{node.id}`) while "
                     f"the seat `{done}` has finished at `{stops[done].node}`",
                     "let every seat pass every meeting point before an ending")
            return
        points = {node.meet for node in waiting.values()}
        if len(points) > 1:
            (a, na), (b, nb) = next(
                (x, y) for x, y in itertools.combinations(sorted(waiting.items()), 2)
                if x[1].meet != y[1].meet)
            self.add(("apart", na.id, nb.id), na,
                     f"the seat `{a}` can wait at `{na.meet}` while the seat `{b}` waits at "
                     f"`{nb.meet}`: neither can go on", "let every seat meet at the same "
                     "points, in the same order")
            return
        point = points.pop()
        self.explore({seat: stop.saved for seat, stop in stops.items()},
                     passed | {point})


def _explore(s: Scenario) -> _Explorer | None:
    if s.together is None or any(seat not in s.roles for seat in s.together.seats):
        return None
    if any(s.start_for(seat) not in s.nodes for seat in s.together.seats):
        return None
    explorer = _Explorer(s)
    starts = {seat: Play(s, seat).to_dict() for seat in s.together.seats}
    explorer.explore(starts, frozenset())
    return explorer


def check_together(s: Scenario) -> list[Problem]:
    """Problems with a role-play played from several seats at once (none for others)."""
    out = _references(s)
    if out or s.together is None:
        return out
    targets_ok = all(c.target in s.nodes for n in s.nodes.values() for c in n.choices)
    if not targets_ok:
        return out  # reported by the references check
    explorer = _explore(s)
    if explorer is None:
        return out
    out += list(explorer.problems.values())
    if explorer.too_big:
        out.append(Problem(s.file, s.line(("together",)),
                           f"more than {MAX_COMBINATIONS:,} combinations of the seats' "
                           "choices: too many to check", "make the role-play smaller"))
    elif not explorer.endings and not explorer.problems:
        out.append(Problem(s.file, s.line(("together",)),
                           "played together, no combination of choices reaches an ending "
                           "for every seat", "check the meeting points"))
    return out


def endings_together(s: Scenario) -> set[tuple[str, ...]]:
    """Every combination of endings (one per seat, in ``together.seats`` order) that the
    seats can reach played together."""
    explorer = _explore(s)
    return set() if explorer is None else explorer.endings
