"""Static checks on a scenario: references, reachability, dead ends and inescapable loops.

The flow checks work on (node, role) pairs and treat conditions conservatively:

* a choice *may* be open to a role unless its condition is certainly false for that role
  (given only the role and the variables' declared ranges); a node that cannot be reached
  even so is truly unreachable;
* a node is *safe* for a role when, whatever the state variables and earlier choices are,
  some open choice leads to a safe node (endings are safe). This is a least fixpoint, so a
  loop only counts as safe if a way out is certain to be open.

Every node a role may reach must be safe for it; otherwise we report the root cause: a
dead end (no open choice in some state) or a loop with no certain way out.

``check_branching`` is an authoring rule on top (run by ``scenario check``, not needed to
play): every role meets at least two *decision points*, scenes where two choices open at
the same time lead towards different sets of endings, and can reach at least three
endings.

These checks work on a loaded ``Scenario``; reading a file and checking it is
``load.check_file`` (this module imports nothing from ``load``).
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterator

from .._graph import cycles
from .conditions import Condition, Facts
from .debrief import PROMPT_ID_LIMIT, prompt_id
from .model import Choice, Node, Scenario
from .problems import Problem

_MAX_VALUATIONS = 4096
_MAX_ATOMS = 8


# -- entry point ----------------------------------------------------------------------------
def check_scenario(scenario: Scenario) -> list[Problem]:
    """Static checks on a schema-valid scenario; problems sorted by line."""
    from .together import check_together

    problems = _references(scenario) + _flow(scenario) + check_together(scenario)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: p.line or 0)


# -- references ------------------------------------------------------------------------------
def _suggest(name: str, options: list[str], what: str) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    if close:
        return f"did you mean `{close[0]}`?"
    listed = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"use one of the declared {what}: {listed}" if options else f"declare some {what} first"


def _conditions(scenario: Scenario) -> Iterator[Condition]:
    for node in scenario.nodes.values():
        yield from node.conditions()


def _references(s: Scenario) -> list[Problem]:
    out: list[Problem] = []
    file = s.file
    nodes, roles, variables = list(s.nodes), list(s.roles), list(s.variables)

    def add(path: tuple, message: str, fix: str) -> None:
        out.append(Problem(file, s.line(path), message, fix))

    if s.start not in s.nodes:
        add(("start",), f"the start node `{s.start}` does not exist",
            _suggest(s.start, nodes, "nodes"))
    for role in s.roles.values():
        if role.start is not None and role.start not in s.nodes:
            add((*role.path, "start"), f"role `{role.id}` starts at `{role.start}`, which does not "
                "exist", _suggest(role.start, nodes, "nodes"))
    for v in s.variables.values():
        if v.min > v.max:
            add(("variables", v.id), f"variable `{v.id}` has min {v.min} above max {v.max}",
                "swap them")
        elif not v.min <= v.initial <= v.max:
            add(("variables", v.id, "initial"), f"variable `{v.id}` starts at {v.initial}, outside "
                f"{v.min}..{v.max}", "change `initial`, `min` or `max`")

    seen: dict[str, Choice] = {}
    for node in s.nodes.values():
        if node.ending is not None and node.choices:
            add((*node.path, "ending"), f"node `{node.id}` has both `choices` and an `ending`",
                "an ending has no choices: remove one of them")
        if node.ending is None and not node.choices:
            add(node.path,
                f"node `{node.id}` is a dead end: it has no choices and is not an ending",
                "add `choices:` leading on, or an `ending:` with a `title` and `debrief`")
        for choice in node.choices:
            if choice.id in seen:
                add((*choice.path, "id"), f"choice id `{choice.id}` is used twice (also in node "
                    f"`{seen[choice.id].node}`)", "give every choice its own id")
            seen.setdefault(choice.id, choice)
            if choice.target not in s.nodes:
                add((*choice.path, "target"), f"choice `{choice.id}` leads to `{choice.target}`, "
                    "which does not exist", _suggest(choice.target, nodes, "nodes") +
                    " — or add a node with that id")
            for key in ("effects", "set"):
                for name in getattr(choice, key):
                    if name not in s.variables:
                        add((*choice.path, key, name), f"choice `{choice.id}` changes `{name}`, "
                            "which is not a declared variable",
                            _suggest(name, variables, "variables") + " — or declare it under "
                            "`variables:`")

    for node in s.nodes.values():
        if node.ending is None or not node.ending.reflection:
            continue
        for seat in s.roles:
            stored = prompt_id(s.id, seat, node.id)
            if len(stored) > PROMPT_ID_LIMIT:
                add((*node.path, "ending"), f"answers to the question of ending `{node.id}` "
                    f"from role `{seat}` would be stored as `{stored}`, {len(stored)} "
                    f"characters; the course keeps {PROMPT_ID_LIMIT}",
                    "shorten the ending's id, the role's or the scenario file's name")
                break

    choice_ids = list(seen)
    for cond in _conditions(s):
        for name, path in cond.names("role"):
            if name not in s.roles:
                add(path, f"condition names the role `{name}`, which is not declared",
                    _suggest(name, roles, "roles"))
        for name, path in cond.names("variable"):
            if name not in s.variables:
                add(path, f"condition uses the variable `{name}`, which is not declared",
                    _suggest(name, variables, "variables") + " — or declare it under `variables:`")
        for name, path in cond.names("choice"):
            if name not in seen:
                add(path, f"condition refers to the choice `{name}`, which does not exist",
                    _suggest(name, choice_ids, "choice ids"))
        for name, path in cond.names("node"):
            if name not in s.nodes:
                add(path, f"condition refers to the node `{name}`, which does not exist",
                    _suggest(name, nodes, "nodes"))
    return out


# -- flow ------------------------------------------------------------------------------------
def _may(choice: Choice, facts: Facts) -> bool:
    return choice.when is None or choice.when.evaluate(facts) is not False


def _open(choice: Choice, facts: Facts) -> bool:
    return choice.when is None or choice.when.evaluate(facts) is True


def _valuations(s: Scenario, node: Node, role: str) -> list[Facts]:
    """Representative states for deciding which of the node's choices are open."""
    ranges = s.ranges()
    thresholds: dict[str, set[int]] = {}
    chose: set[str] = set()
    seen: set[str] = set()
    seats: set[str] = set()  # "seat.choice": another seat's earlier choice (together)
    for choice in node.choices:
        if choice.when is None:
            continue
        seats.update(n for n, _ in choice.when.names("seat_choice"))
        for name, values in choice.when.thresholds().items():
            thresholds.setdefault(name, set()).update(values)
        chose.update(n for n, _ in choice.when.names("choice"))
        seen.update(n for n, _ in choice.when.names("node"))
    candidates: dict[str, list[int]] = {}
    for name, values in thresholds.items():
        if name not in ranges:
            continue
        lo, hi = ranges[name]
        points = {lo, hi} | {v + d for v in values for d in (-1, 0, 1)}
        initial = s.variables[name].initial  # try the starting value first: clearer messages
        candidates[name] = sorted((p for p in points if lo <= p <= hi),
                                  key=_starting_first(initial))
    atoms = sorted(chose) + sorted(seen) + sorted(seats)
    count = 2 ** len(atoms)
    for options in candidates.values():
        count *= len(options)
    if len(atoms) > _MAX_ATOMS or count > _MAX_VALUATIONS:
        return [Facts(role=role, ranges=ranges)]  # undecidable here: only certain choices count
    names = list(candidates)
    out = []
    for combo in itertools.product(*(candidates[n] for n in names)):
        for bits in itertools.product((False, True), repeat=len(atoms)):
            on = {a for a, b in zip(atoms, bits, strict=True) if b}
            others: dict[str, set[str]] = {}
            for atom in on & seats:
                seat, _, made = atom.partition(".")
                others.setdefault(seat, set()).add(made)
            out.append(Facts(role=role, values=dict(zip(names, combo, strict=True)),
                             ranges=ranges, chosen=on & chose, visited=(on & seen) | {node.id},
                             seat_chosen=others if seats else None))
    return out


def _describe_state(facts: Facts, node: Node) -> str:
    bits = [f"{k} = {v}" for k, v in (facts.values or {}).items()]
    relevant_choices = {n for c in node.choices if c.when for n, _ in c.when.names("choice")}
    if facts.chosen is not None:
        bits += [f"`{c}` {'was' if c in facts.chosen else 'was not'} chosen"
                 for c in sorted(relevant_choices)]
    relevant_nodes = {n for c in node.choices if c.when for n, _ in c.when.names("node")}
    if facts.visited is not None:
        bits += [f"`{n}` {'was' if n in facts.visited else 'was not'} seen"
                 for n in sorted(relevant_nodes) if n != node.id]
    return " and ".join(bits) if bits else "some states"


def reachable(s: Scenario, role: str) -> set[str]:
    """Nodes a role may reach from its start (conditions on state assumed possibly true)."""
    facts = Facts(role=role, ranges=s.ranges())
    start = s.start_for(role)
    if start not in s.nodes:
        return set()
    found, todo = {start}, [start]
    while todo:
        for choice in s.nodes[todo.pop()].choices:
            if choice.target in s.nodes and choice.target not in found and _may(choice, facts):
                found.add(choice.target)
                todo.append(choice.target)
    return found


def safe_nodes(s: Scenario, role: str) -> set[str]:
    """Nodes from which this role is certain to be able to reach an ending."""
    safe = {n.id for n in s.nodes.values() if n.ending is not None}
    states = {n.id: _valuations(s, n, role) for n in s.nodes.values() if n.choices}
    changed = True
    while changed:
        changed = False
        for node in s.nodes.values():
            if node.id in safe or not node.choices:
                continue
            if all(any(c.target in safe and _open(c, f) for c in node.choices)
                   for f in states[node.id]):
                safe.add(node.id)
                changed = True
    return safe


def _flow(s: Scenario) -> list[Problem]:
    if s.start not in s.nodes:
        return []
    file = s.file
    order = {name: i for i, name in enumerate(s.nodes)}
    may = {role: reachable(s, role) for role in s.roles}
    dead: dict[tuple[str, str], list[str]] = {}  # (node, detail) -> roles
    loops: dict[tuple[str, ...], list[str]] = {}
    no_ending: list[str] = []

    for role in s.roles:
        facts = Facts(role=role, ranges=s.ranges())
        safe = safe_nodes(s, role)
        unsafe = may[role] - safe
        if not any(s.nodes[n].ending is not None for n in may[role]):
            no_ending.append(role)
        dead_here: set[str] = set()
        for name in sorted(unsafe, key=order.__getitem__):
            node = s.nodes[name]
            if not node.choices:
                dead_here.add(name)  # reported by _references
                continue
            if not any(_may(c, facts) for c in node.choices):
                dead.setdefault((name, "no choice here is open to"), []).append(role)
                dead_here.add(name)
                continue
            for state in _valuations(s, node, role):
                if not any(_open(c, state) for c in node.choices):
                    detail = f"when {_describe_state(state, node)}, no choice is open to"
                    dead.setdefault((name, detail), []).append(role)
                    dead_here.add(name)
                    break
        rest = unsafe - dead_here
        edges = {n: [c.target for c in s.nodes[n].choices if c.target in rest and _may(c, facts)]
                 for n in rest}
        for component in cycles(edges):
            key = tuple(sorted(component, key=order.__getitem__))
            loops.setdefault(key, []).append(role)

    out: list[Problem] = []
    every = set().union(*may.values()) if may else set()
    for name, node in s.nodes.items():
        if name not in every:
            out.append(Problem(file, s.line(node.path),
                               f"node `{name}` cannot be reached from the start by any role",
                               "point a choice's `target:` at it, or delete it"))
    for (name, detail), roles in dead.items():
        out.append(Problem(
            file, s.line(s.nodes[name].path),
            f"node `{name}` can be a dead end: {detail} {_roles(roles)}",
            "add a choice without a `when:` condition (a step-back choice often fits) or widen "
            "the conditions so that one choice is always open"))
    for names, roles in loops.items():
        cycle = (f"node `{names[0]}` leads back to itself" if len(names) == 1 else
                 "nodes " + ", ".join(f"`{n}`" for n in names) + " form a loop")
        out.append(Problem(
            file, s.line(s.nodes[names[0]].path),
            f"{cycle} with no certain way out for {_roles(roles)}",
            "give one of these nodes a choice without a condition that leads towards an ending"))
    for role in no_ending:
        out.append(Problem(file, s.line(s.roles[role].path),
                           f"role `{role}` can never reach an ending",
                           "make sure some path from its start leads to an `ending:` node"))
    for node in s.nodes.values():
        for role in s.roles:
            facts = Facts(role=role, ranges=s.ranges())
            if node.id in may[role] and node.text and all(
                    p.when is not None and p.when.evaluate(facts) is False for p in node.text):
                out.append(Problem(file, s.line((*node.path, "text")), f"node `{node.id}` shows "
                                   f"no text to role `{role}`, which can reach it",
                                   "add text for that role, or text without a `when:`"))
        for choice in node.choices:
            seats = [r for r in s.roles if node.id in may[r]]
            if choice.when is not None and seats and not any(
                    choice.when.evaluate(Facts(role=r, ranges=s.ranges())) is not False
                    for r in seats):
                out.append(Problem(file, s.line((*choice.path, "when")), f"choice `{choice.id}` "
                                   "can never be offered: its condition never holds for any role "
                                   "that reaches this node", "correct the `when:` condition"))
    return out


def _roles(roles: list[str]) -> str:
    names = ", ".join(f"`{r}`" for r in roles)
    return f"role {names}" if len(roles) == 1 else f"roles {names}"


def _starting_first(initial: int) -> Callable[[int], tuple[bool, int]]:
    """Sort key: the starting value first, then the others in order."""
    return lambda p: (p != initial, p)


# -- branching (an authoring rule: ``scenario check``, not needed to play) ---------------------
MIN_DECISIONS = 2
MIN_ENDINGS = 3


def endings_from(s: Scenario, role: str) -> dict[str, frozenset[str]]:
    """For each node, the endings this role may still reach from it."""
    facts = Facts(role=role, ranges=s.ranges())
    ends = {n: frozenset({n}) if node.ending is not None else frozenset()
            for n, node in s.nodes.items()}
    changed = True
    while changed:
        changed = False
        for name, node in s.nodes.items():
            if node.ending is not None:
                continue
            new = ends[name].union(*(ends[c.target] for c in node.choices
                                     if c.target in s.nodes and _may(c, facts)))
            if new != ends[name]:
                ends[name] = new
                changed = True
    return ends


def decision_points(s: Scenario, role: str) -> list[str]:
    """Nodes where this role has two choices, open at the same time, after which different
    endings are still possible: the paths really part there.

    Choices that all lead on to the same endings (the story comes back together) do not
    count, and neither do choices that are never open together (an ending picked by the
    meters rather than by the trainee).
    """
    facts = Facts(role=role, ranges=s.ranges())
    ends = endings_from(s, role)
    seen = reachable(s, role)
    out = []
    for name, node in s.nodes.items():
        if name not in seen:
            continue
        options = [c for c in node.choices if c.target in s.nodes and _may(c, facts)]
        if len({ends[c.target] for c in options}) < 2:
            continue
        states = _valuations(s, node, role)
        if any(ends[a.target] != ends[b.target] and any(_may(a, f) and _may(b, f) for f in states)
               for a, b in itertools.combinations(options, 2)):
            out.append(name)
    return out


def check_branching(s: Scenario) -> list[Problem]:
    """Every role must meet at least ``MIN_DECISIONS`` decision points and be able to reach
    at least ``MIN_ENDINGS`` endings, so that what the trainee chooses decides the story."""
    if s.start not in s.nodes:
        return []
    out: list[Problem] = []
    for role in s.roles:
        line = s.line(s.roles[role].path)
        points = decision_points(s, role)
        if len(points) < MIN_DECISIONS:
            where = (" (at " + ", ".join(f"`{p}`" for p in points) + ")") if points else ""
            out.append(Problem(
                s.file, line,
                f"role `{role}` meets {len(points)} decision point{'s' if len(points) != 1 else ''}"
                f"{where} where the paths really part; every role needs at least "
                f"{MIN_DECISIONS}",
                "give another scene choices that lead towards different endings (choices that "
                "all come back to the same scene, or endings picked only by the meters, do not "
                "count)"))
        ends = sorted(endings_from(s, role)[s.start_for(role)])
        if len(ends) < MIN_ENDINGS:
            listed = ", ".join(f"`{e}`" for e in ends) or "none"
            out.append(Problem(
                s.file, line,
                f"role `{role}` can reach {len(ends)} ending{'s' if len(ends) != 1 else ''} "
                f"({listed}); every role needs at least {MIN_ENDINGS}",
                "add an ending that a different choice leads to"))
    return out
