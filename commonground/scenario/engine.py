"""The deterministic play engine.

    play = Play(scenario)
    view = play.start("mother")          # a View: text for this role, choices, ...
    feedback, node = play.choose(view.choices[0].id)
    saved = play.to_dict()               # JSON-safe; store it per trainee
    play = Play.from_dict(scenario, saved)   # continue where they were

Nothing here is random and nothing imports a widget library.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .conditions import Facts
from .model import Choice, Node, Scenario, render

BACK = "__back__"
SAVE_FORMAT = 1


class PlayError(ValueError):
    """A move that is not allowed (unknown role, unavailable choice, no way back...)."""


class RestoreError(PlayError):
    """Saved progress that no longer fits the scenario (e.g. it was edited)."""


@dataclass(frozen=True)
class PathStep:
    """One entry of the path log: at ``node`` the trainee made ``choice`` (or went back),
    arriving at ``target`` with the variables ``state``."""

    node: str
    choice: str
    target: str
    state: dict[str, int]


@dataclass(frozen=True)
class ChoiceView:
    id: str
    label: str
    step_back: bool = False


@dataclass(frozen=True)
class Meter:
    id: str
    label: str
    value: int
    min: int
    max: int


@dataclass(frozen=True)
class View:
    """Everything a player widget needs to draw the current moment."""

    scenario_id: str
    role: str
    node_id: str
    title: str
    text: str
    choices: tuple[ChoiceView, ...]
    is_ending: bool
    ending_title: str = ""
    tone: str = ""
    debrief: str = ""
    reflection: str = ""
    see_also: tuple[str, ...] = ()
    feedback: str | None = None
    can_go_back: bool = False
    state: dict[str, int] = field(default_factory=dict)
    meters: tuple[Meter, ...] = ()
    step: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Snapshot:
    node: str
    values: dict[str, int]
    chosen: list[str]
    visited: list[str]
    feedback: str | None

    def copy(self) -> _Snapshot:
        return _Snapshot(self.node, dict(self.values), list(self.chosen), list(self.visited),
                         self.feedback)


class Play:
    """One trainee playing one scenario from one role."""

    def __init__(self, scenario: Scenario, role: str | None = None,
                 others: Mapping[str, Collection[str]] | None = None):
        self.scenario = scenario
        # Played together: what the other seats chose, as known at the last meeting
        # point (alone: nothing, so no other seat made any choice).
        self.others: Mapping[str, Collection[str]] = others or {}
        self.role: str | None = None
        self._now: _Snapshot | None = None
        self._history: list[_Snapshot] = []
        self.log: list[PathStep] = []
        if role is not None:
            self.start(role)

    # -- starting and moving ---------------------------------------------------------------
    def start(self, role: str) -> View:
        """Begin (or begin again) as ``role``; clears history and the path log."""
        if role not in self.scenario.roles:
            known = ", ".join(self.scenario.roles)
            raise PlayError(f"no role {role!r} in scenario {self.scenario.id!r} (roles: {known})")
        self.role = role
        node = self.scenario.start_for(role)
        values = {v.id: v.initial for v in self.scenario.variables.values()}
        self._now = _Snapshot(node, values, [], [node], None)
        self._history = []
        self.log = []
        return self.view()

    def restart(self) -> View:
        return self.start(self._require_started())

    def choices(self) -> list[Choice]:
        """The choices open to this role now, in file order."""
        now = self._state()
        facts = self._facts()
        return [c for c in self.scenario.nodes[now.node].choices
                if c.when is None or c.when.holds(facts)]

    def choose(self, choice_id: str) -> tuple[str, Node]:
        """Make a choice; return the feedback (Markdown, may be empty) and the new node."""
        now = self._state()
        choice = next((c for c in self.choices() if c.id == choice_id), None)
        if choice is None:
            open_ = ", ".join(c.id for c in self.choices()) or "none"
            raise PlayError(
                f"choice {choice_id!r} is not available at {now.node!r} (open: {open_})")
        self._history.append(now.copy())
        for name, delta in choice.effects.items():
            variable = self.scenario.variables[name]
            now.values[name] = variable.clamp(now.values[name] + delta)
        for name, value in choice.set.items():
            now.values[name] = self.scenario.variables[name].clamp(value)
        now.chosen.append(choice.id)
        now.node = choice.target
        if choice.target not in now.visited:
            now.visited.append(choice.target)
        now.feedback = render(choice.feedback, self._facts())
        self.log.append(PathStep(choice.node, choice.id, choice.target, dict(now.values)))
        return now.feedback, self.scenario.nodes[now.node]

    @property
    def can_go_back(self) -> bool:
        return bool(self.scenario.allow_back and self._history)

    def back(self) -> View:
        """Undo the last choice (only if the scenario has ``allow_back: true``)."""
        if not self.scenario.allow_back:
            raise PlayError(f"scenario {self.scenario.id!r} does not allow going back")
        if not self._history:
            raise PlayError("there is nothing to go back to")
        left = self._state().node
        self._now = self._history.pop()
        self._now.feedback = None
        self.log.append(PathStep(left, BACK, self._now.node, dict(self._now.values)))
        return self.view()

    # -- reading the current moment --------------------------------------------------------
    @property
    def node(self) -> Node:
        return self.scenario.nodes[self._state().node]

    @property
    def state(self) -> dict[str, int]:
        """A copy of the state variables."""
        return dict(self._state().values)

    @property
    def chosen(self) -> list[str]:
        return list(self._state().chosen)

    @property
    def feedback(self) -> str | None:
        return self._state().feedback

    @property
    def finished(self) -> bool:
        return self.node.ending is not None

    def text(self) -> str:
        """The current node's Markdown as this role sees it."""
        return render(self.node.text, self._facts())

    def view(self) -> View:
        now = self._state()
        node = self.scenario.nodes[now.node]
        facts = self._facts()
        ending = node.ending
        return View(
            scenario_id=self.scenario.id,
            role=self._require_started(),
            node_id=node.id,
            title=node.title,
            text=render(node.text, facts),
            choices=tuple(ChoiceView(c.id, c.label, c.step_back) for c in self.choices()),
            is_ending=ending is not None,
            ending_title=ending.title if ending else "",
            tone=ending.tone if ending else "",
            debrief=render(ending.debrief, facts) if ending else "",
            reflection=ending.reflection if ending else "",
            see_also=ending.see_also if ending else (),
            feedback=now.feedback,
            can_go_back=self.can_go_back,
            state=dict(now.values),
            meters=tuple(
                Meter(v.id, v.label, now.values[v.id], v.min, v.max)
                for v in self.scenario.variables.values() if v.show
            ),
            step=len(now.chosen),
        )

    # -- save and restore ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-safe progress, enough to continue exactly here (including the way back)."""
        now = self._state()
        return {
            "format": SAVE_FORMAT,
            "scenario": self.scenario.id,
            "schema_version": self.scenario.schema_version,
            "role": self.role,
            "now": asdict(now),
            "history": [asdict(s) for s in self._history],
            "log": [asdict(s) for s in self.log],
        }

    @classmethod
    def from_dict(cls, scenario: Scenario, data: dict[str, Any],
                  others: Mapping[str, Collection[str]] | None = None) -> Play:
        """Rebuild a play from ``to_dict`` output; ``RestoreError`` if it no longer fits."""
        if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
            raise RestoreError("saved progress is missing or in an unknown format")
        if data.get("scenario") != scenario.id:
            raise RestoreError(
                f"saved progress is for {data.get('scenario')!r}, not {scenario.id!r}")
        play = cls(scenario, others=others)
        role = data.get("role")
        if role not in scenario.roles:
            raise RestoreError(f"the saved role {role!r} is no longer in the scenario")
        play.role = role
        try:
            play._now = play._snapshot(data["now"])
            play._history = [play._snapshot(s) for s in data.get("history", [])]
            play.log = [PathStep(s["node"], s["choice"], s["target"], dict(s["state"]))
                        for s in data.get("log", [])]
        except (KeyError, TypeError) as exc:
            raise RestoreError(f"saved progress is incomplete: {exc}") from exc
        return play

    def _snapshot(self, raw: dict[str, Any]) -> _Snapshot:
        scenario = self.scenario
        if raw["node"] not in scenario.nodes:
            raise RestoreError(f"the saved node {raw['node']!r} is no longer in the scenario")
        values = {v.id: v.initial for v in scenario.variables.values()}
        values.update({k: int(v) for k, v in raw["values"].items() if k in values})
        choices = scenario.choices()
        chosen = [c for c in raw["chosen"] if c in choices]
        visited = [n for n in raw["visited"] if n in scenario.nodes]
        return _Snapshot(raw["node"], values, chosen, visited, raw.get("feedback"))

    # -- helpers ---------------------------------------------------------------------------
    def _require_started(self) -> str:
        if self.role is None:
            raise PlayError("call start(role) first")
        return self.role

    def _state(self) -> _Snapshot:
        self._require_started()
        assert self._now is not None
        return self._now

    def _facts(self) -> Facts:
        now = self._state()
        return Facts(role=self.role, values=now.values, ranges=self.scenario.ranges(),
                     chosen=set(now.chosen), visited=set(now.visited),
                     seat_chosen=self.others)
