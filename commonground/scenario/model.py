"""Plain dataclasses for a loaded scenario (built from schema-valid data)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..content.datafile import line_in
from .conditions import Condition, Facts, parse_condition

Path = tuple[Any, ...]

DEFAULT_MIN = 0
DEFAULT_MAX = 10


@dataclass(frozen=True)
class TextPart:
    """A piece of Markdown, shown only when its condition holds (or always)."""

    text: str
    when: Condition | None = None


def render(parts: tuple[TextPart, ...], facts: Facts) -> str:
    """Join the parts whose conditions hold into one Markdown string."""
    shown = [p.text.strip() for p in parts if p.when is None or p.when.holds(facts)]
    return "\n\n".join(t for t in shown if t)


@dataclass(frozen=True)
class Variable:
    id: str
    initial: int
    min: int = DEFAULT_MIN
    max: int = DEFAULT_MAX
    label: str = ""
    description: str = ""
    show: bool = True

    def clamp(self, value: int) -> int:
        return max(self.min, min(self.max, value))


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    brief: str
    agency: str = ""
    obligations: str = ""
    wants: str = ""
    is_person: bool = False
    start: str | None = None
    path: Path = ()


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    target: str
    feedback: tuple[TextPart, ...] = ()
    effects: Mapping[str, int] = field(default_factory=dict)
    set: Mapping[str, int] = field(default_factory=dict)
    when: Condition | None = None
    step_back: bool = False
    node: str = ""
    path: Path = ()


@dataclass(frozen=True)
class Ending:
    title: str
    debrief: tuple[TextPart, ...]
    tone: str = "mixed"
    reflection: str = ""
    see_also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    id: str
    text: tuple[TextPart, ...]
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None
    title: str = ""
    meet: str = ""  # a meeting point (played together): wait here for every seat
    path: Path = ()

    def conditions(self) -> Iterator[Condition]:
        """Every condition on this scene: its choices', and its text's, its choices'
        feedback's and its ending's debrief's parts'."""
        parts = list(self.text)
        if self.ending:
            parts += self.ending.debrief
        for choice in self.choices:
            if choice.when is not None:
                yield choice.when
            parts += choice.feedback
        for part in parts:
            if part.when is not None:
                yield part.when


@dataclass(frozen=True)
class Together:
    """A role-play played from several seats at the same time: its ``seats`` (role ids)
    and its meeting points (id -> words saying what happens there), where a seat that
    arrives waits until every seat has, and after which a seat's scenes may depend on
    what another seat chose before (``seat_chose``)."""

    seats: tuple[str, ...]
    meeting_points: dict[str, str]
    retells: str = ""  # the role-play whose story it tells (same people, same room time)


@dataclass
class Scenario:
    id: str
    title: str
    summary: str
    module: str
    roles: dict[str, Role]
    start: str
    nodes: dict[str, Node]
    variables: dict[str, Variable] = field(default_factory=dict)
    source_sections: tuple[str, ...] = ()
    content_notes: tuple[str, ...] = ()
    minutes: int | None = None
    allow_back: bool = False
    schema_version: int = 1
    together: Together | None = None
    file: str = "<scenario>"
    lines: dict[Path, int] = field(default_factory=dict, repr=False)

    def line(self, path: Path) -> int:
        """The line in the file for a path such as ``("nodes", "a", "choices", 0)``."""
        return line_in(self.lines, path)

    def start_for(self, role: str) -> str:
        return self.roles[role].start or self.start

    def choices(self) -> dict[str, Choice]:
        """Every choice in the scenario by id."""
        return {c.id: c for n in self.nodes.values() for c in n.choices}

    def ranges(self) -> dict[str, tuple[int, int]]:
        return {v.id: (v.min, v.max) for v in self.variables.values()}

    @classmethod
    def from_data(
        cls, data: Mapping[str, Any], file: str = "<scenario>", lines: dict[Path, int] | None = None
    ) -> Scenario:
        variables = {
            name: Variable(
                id=name,
                initial=v["initial"],
                min=v.get("min", DEFAULT_MIN),
                max=v.get("max", DEFAULT_MAX),
                label=v.get("label", name.replace("_", " ").capitalize()),
                description=v.get("description", ""),
                show=v.get("show", True),
            )
            for name, v in (data.get("variables") or {}).items()
        }
        roles = {
            name: Role(
                id=name,
                name=r["name"],
                brief=r["brief"],
                agency=r.get("agency", ""),
                obligations=r.get("obligations", ""),
                wants=r.get("wants", ""),
                is_person=r.get("is_person", False),
                start=r.get("start"),
                path=("roles", name),
            )
            for name, r in data["roles"].items()
        }
        nodes = {name: _node(name, n) for name, n in data["nodes"].items()}
        raw_together = data.get("together")
        together = None if raw_together is None else Together(
            tuple(raw_together["seats"]), dict(raw_together["meeting_points"]),
            raw_together.get("retells", ""))
        return cls(
            id=data["id"],
            title=data["title"],
            summary=data["summary"],
            module=data["module"],
            roles=roles,
            start=data["start"],
            nodes=nodes,
            variables=variables,
            source_sections=tuple(data.get("source_sections") or ()),
            content_notes=tuple(data.get("content_notes") or ()),
            minutes=data.get("minutes"),
            allow_back=data.get("allow_back", False),
            schema_version=data["schema_version"],
            together=together,
            file=file,
            lines=dict(lines or {}),
        )


def _text(raw: Any, path: Path) -> tuple[TextPart, ...]:
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (TextPart(raw),)
    parts = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            parts.append(TextPart(item))
        else:
            when = parse_condition(item.get("when"), (*path, i, "when"))
            parts.append(TextPart(item["text"], when))
    return tuple(parts)


def _node(name: str, raw: Mapping[str, Any]) -> Node:
    path = ("nodes", name)
    choices = tuple(
        Choice(
            id=c["id"],
            label=c["label"],
            target=c["target"],
            feedback=_text(c.get("feedback"), (*path, "choices", i, "feedback")),
            effects=dict(c.get("effects") or {}),
            set=dict(c.get("set") or {}),
            when=parse_condition(c.get("when"), (*path, "choices", i, "when")),
            step_back=c.get("step_back", False),
            node=name,
            path=(*path, "choices", i),
        )
        for i, c in enumerate(raw.get("choices") or ())
    )
    ending = None
    if raw.get("ending") is not None:
        e = raw["ending"]
        ending = Ending(
            title=e["title"],
            debrief=_text(e["debrief"], (*path, "ending", "debrief")),
            tone=e.get("tone", "mixed"),
            reflection=e.get("reflection", ""),
            see_also=tuple(e.get("see_also") or ()),
        )
    return Node(
        id=name,
        text=_text(raw["text"], (*path, "text")),
        choices=choices,
        ending=ending,
        title=raw.get("title", ""),
        meet=raw.get("meet", ""),
        path=path,
    )
