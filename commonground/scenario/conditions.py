"""Conditions on choices and text: parsing, and evaluation in three-valued logic.

A condition is a mapping whose keys all have to hold (``and``)::

    when:
      role: [mother, family_worker]     # played from one of these seats
      not_role: statutory_worker
      state: {trust: ">= 3", risk: 0}  # a number alone means "equal to"
      chose: asked_first                # earlier choices (all of them)
      not_chose: [rang_school]
      visited: kitchen_table            # nodes already seen
      not_visited: [corridor]
      seat_chose: {farah: farah_speaks}  # in a role-play played from several seats at
                                        # once: what another seat's group chose before
                                        # the last meeting point (``together``)
      any: [{...}, {...}]               # at least one holds
      all: [{...}, {...}]
      not: {...}

Evaluation returns ``True``, ``False`` or ``None`` (cannot tell). ``None`` only comes
up in static checks, where the state, choices or role may be unknown.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Path = tuple[Any, ...]
Truth = bool | None

OPERATORS: dict[str, Callable[[int, int], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
}
_COMPARISON = re.compile(r"^\s*(==|!=|>=|<=|>|<)?\s*(-?[0-9]+)\s*$")


@dataclass(frozen=True)
class Comparison:
    variable: str
    op: str
    value: int

    def __str__(self) -> str:
        return f"{self.variable} {self.op} {self.value}"


@dataclass(frozen=True)
class Facts:
    """What is known when a condition is evaluated; ``None`` means unknown."""

    role: str | None = None
    values: Mapping[str, int] | None = None
    ranges: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    chosen: Collection[str] | None = None
    visited: Collection[str] | None = None
    # Played together: each other seat's choices as known at the last meeting point
    # (None: unknown, in static checks; a seat missing: it made none of them).
    seat_chosen: Mapping[str, Collection[str]] | None = None


def _all(values: Iterator[Truth]) -> Truth:
    result: Truth = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _any(values: Iterator[Truth]) -> Truth:
    result: Truth = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def _not(value: Truth) -> Truth:
    return None if value is None else not value


@dataclass(frozen=True)
class Condition:
    role: tuple[str, ...] = ()
    not_role: tuple[str, ...] = ()
    state: tuple[Comparison, ...] = ()
    chose: tuple[str, ...] = ()
    not_chose: tuple[str, ...] = ()
    visited: tuple[str, ...] = ()
    not_visited: tuple[str, ...] = ()
    seat_chose: tuple[tuple[str, str], ...] = ()  # (seat, choice): any of them holds
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()
    negated: Condition | None = None
    path: Path = ()

    # -- evaluation -------------------------------------------------------------
    def evaluate(self, facts: Facts) -> Truth:
        """Three-valued: True, False, or None when the facts given cannot decide."""
        return _all(self._parts(facts))

    def holds(self, facts: Facts) -> bool:
        """Two-valued evaluation for play, where everything is known."""
        return self.evaluate(facts) is True

    def _parts(self, facts: Facts) -> Iterator[Truth]:
        if self.role:
            yield None if facts.role is None else facts.role in self.role
        if self.not_role:
            yield None if facts.role is None else facts.role not in self.not_role
        for comparison in self.state:
            yield _compare(comparison, facts)
        for name in self.chose:
            yield None if facts.chosen is None else name in facts.chosen
        for name in self.not_chose:
            yield None if facts.chosen is None else name not in facts.chosen
        for name in self.visited:
            yield None if facts.visited is None else name in facts.visited
        for name in self.not_visited:
            yield None if facts.visited is None else name not in facts.visited
        if self.seat_chose:
            if facts.seat_chosen is None:
                yield None
            else:
                yield any(choice in facts.seat_chosen.get(seat, ())
                          for seat, choice in self.seat_chose)
        if self.all_of:
            yield _all(c.evaluate(facts) for c in self.all_of)
        if self.any_of:
            yield _any(c.evaluate(facts) for c in self.any_of)
        if self.negated is not None:
            yield _not(self.negated.evaluate(facts))

    # -- what it refers to ------------------------------------------------------
    def walk(self) -> Iterator[Condition]:
        yield self
        for sub in (*self.all_of, *self.any_of):
            yield from sub.walk()
        if self.negated is not None:
            yield from self.negated.walk()

    def names(self, kind: str) -> list[tuple[str, Path]]:
        """Every name of a kind (``role``, ``variable``, ``choice``, ``node``, and
        ``seat_choice``: ``seat.choice``) with its path."""
        found: list[tuple[str, Path]] = []
        for cond in self.walk():
            if kind == "role":
                found += [(n, (*cond.path, "role")) for n in cond.role]
                found += [(n, (*cond.path, "not_role")) for n in cond.not_role]
            elif kind == "variable":
                found += [(c.variable, (*cond.path, "state", c.variable)) for c in cond.state]
            elif kind == "choice":
                found += [(n, (*cond.path, "chose")) for n in cond.chose]
                found += [(n, (*cond.path, "not_chose")) for n in cond.not_chose]
            elif kind == "node":
                found += [(n, (*cond.path, "visited")) for n in cond.visited]
                found += [(n, (*cond.path, "not_visited")) for n in cond.not_visited]
            elif kind == "seat_choice":
                found += [(f"{seat}.{c}", (*cond.path, "seat_chose", seat))
                          for seat, c in cond.seat_chose]
        return found

    def thresholds(self) -> dict[str, set[int]]:
        """The numbers each variable is compared with (for choosing test values)."""
        out: dict[str, set[int]] = {}
        for cond in self.walk():
            for c in cond.state:
                out.setdefault(c.variable, set()).add(c.value)
        return out

    def describe(self) -> str:
        """A short human-readable form, e.g. ``role: mother; trust >= 3``."""
        bits: list[str] = []
        if self.role:
            bits.append("role: " + "/".join(self.role))
        if self.not_role:
            bits.append("not role: " + "/".join(self.not_role))
        bits += [str(c) for c in self.state]
        if self.chose:
            bits.append("chose " + ", ".join(self.chose))
        if self.not_chose:
            bits.append("did not choose " + ", ".join(self.not_chose))
        if self.visited:
            bits.append("saw " + ", ".join(self.visited))
        if self.not_visited:
            bits.append("did not see " + ", ".join(self.not_visited))
        if self.seat_chose:
            bits.append("another seat chose " + " or ".join(
                f"{seat}: {c}" for seat, c in self.seat_chose))
        bits += [f"({c.describe()})" for c in self.all_of]
        if self.any_of:
            bits.append("(" + " or ".join(c.describe() for c in self.any_of) + ")")
        if self.negated is not None:
            bits.append(f"not ({self.negated.describe()})")
        return "; ".join(bits)


def _compare(comparison: Comparison, facts: Facts) -> Truth:
    test = OPERATORS[comparison.op]
    if facts.values is not None and comparison.variable in facts.values:
        return test(facts.values[comparison.variable], comparison.value)
    bounds = facts.ranges.get(comparison.variable)
    if bounds is None or bounds[1] - bounds[0] > 10_000:
        return None
    outcomes = {test(v, comparison.value) for v in range(bounds[0], bounds[1] + 1)}
    return outcomes.pop() if len(outcomes) == 1 else None


def _names(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def parse_comparison(variable: str, raw: int | str) -> Comparison:
    if isinstance(raw, int):
        return Comparison(variable, "==", raw)
    match = _COMPARISON.match(raw)
    if not match:
        raise ValueError(f"cannot read the comparison {raw!r} for {variable}")
    return Comparison(variable, match.group(1) or "==", int(match.group(2)))


def parse_condition(data: Mapping[str, Any] | None, path: Path = ()) -> Condition | None:
    """Build a Condition from schema-valid data; ``None`` stays ``None``."""
    return None if data is None else _parse(data, path)


def _parse(data: Mapping[str, Any], path: Path) -> Condition:
    return Condition(
        role=_names(data.get("role")),
        not_role=_names(data.get("not_role")),
        state=tuple(parse_comparison(k, v) for k, v in (data.get("state") or {}).items()),
        chose=_names(data.get("chose")),
        not_chose=_names(data.get("not_chose")),
        visited=_names(data.get("visited")),
        not_visited=_names(data.get("not_visited")),
        seat_chose=tuple((seat, c) for seat, ids in (data.get("seat_chose") or {}).items()
                         for c in _names(ids)),
        all_of=tuple(_parse(c, (*path, "all", i)) for i, c in enumerate(data.get("all") or ())),
        any_of=tuple(_parse(c, (*path, "any", i)) for i, c in enumerate(data.get("any") or ())),
        negated=parse_condition(data.get("not"), (*path, "not")),
        path=path,
    )
