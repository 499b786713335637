"""The course outline (content/course.yaml) and reflection prompts (content/prompts/).

Both are data files a facilitator can edit without Python; both are checked
against a versioned schema with messages naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from commonground.config import content_dir, modules_dir

from .datafile import DataFileError, DataKind, LoadedYaml, Problem, Wording, load_data

#: The ``schema_version`` of the course outline, prompt files and glossary.
SCHEMA_VERSION = 1

#: How the prompt ids of the role-plays' after-play questions begin
#: (:mod:`commonground.scenario.debrief`); a module's own prompts may not.
AFTER_PLAY_PREFIX = "scenario-"

_ID = r"^[a-z0-9][a-z0-9_-]*$"

#: How a segment of a module's in-room plan is run (``room.plan[].how``).
ROOM_HOW = ("whole group", "pairs", "small groups", "role-play", "quiet", "break")

COURSE_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "title", "modules"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "title": {"type": "string", "minLength": 1},
        "subtitle": {"type": "string"},
        "modules": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "title"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": _ID},
                    "title": {"type": "string", "minLength": 1},
                    "minutes": {"type": "integer", "minimum": 1},
                    "content_note": {"type": "string"},
                    "room": {
                        "type": "object",
                        "required": ["minutes", "plan"],
                        "additionalProperties": False,
                        "properties": {
                            "minutes": {"type": "integer", "minimum": 1},
                            "materials": {"type": "array",
                                          "items": {"type": "string", "minLength": 1}},
                            "plan": {
                                "type": "array",
                                "minItems": 1,
                                "items": {
                                    "type": "object",
                                    "required": ["minutes", "activity", "how"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "minutes": {"type": "integer", "minimum": 1},
                                        "activity": {"type": "string", "minLength": 1},
                                        "how": {"enum": list(ROOM_HOW)},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}

PROMPTS_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "module", "prompts"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "module": {"type": "string", "pattern": _ID},
        "prompts": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "title", "text"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": _ID},
                    "title": {"type": "string", "minLength": 1},
                    "text": {"type": "string", "minLength": 1},
                    "guidance": {"type": "string"},
                    "points": {"type": "number", "minimum": 0},
                    "rubric": {"type": "string"},
                },
            },
        },
    },
}


GLOSSARY_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "terms"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "terms": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["term", "meaning"],
                "additionalProperties": False,
                "properties": {
                    "term": {"type": "string", "minLength": 1},
                    "expansion": {"type": "string", "minLength": 1},
                    "also": {"type": "array", "items": {"type": "string", "minLength": 1}},
                    "meaning": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    meaning: str
    expansion: str = ""
    also: tuple[str, ...] = ()

    @property
    def is_acronym(self) -> bool:
        return self.term.isupper()

    def pattern(self) -> re.Pattern:
        """Finds the term (or its other spellings) as whole words; acronyms match case."""
        words = "|".join(re.escape(w) for w in (self.term, *self.also))
        flags = 0 if self.is_acronym else re.IGNORECASE
        return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", flags)


@dataclass(frozen=True)
class Prompt:
    id: str
    module_id: str
    title: str
    text: str
    guidance: str = ""
    points: float = 0
    rubric: str = ""


@dataclass(frozen=True)
class Segment:
    """One part of a module's in-room plan: ``start`` minutes into the module."""

    start: int
    minutes: int
    activity: str
    how: str

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Room:
    """A module run in a room (``room:`` in the outline): its segments add up to
    ``minutes`` (checked when the outline is read)."""

    minutes: int
    plan: tuple[Segment, ...]
    materials: tuple[str, ...] = ()


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    number: int
    minutes: int | None = None
    content_note: str = ""
    room: Room | None = None

    @property
    def notebook(self) -> str:
        return f"{self.id}.ipynb"


@dataclass(frozen=True)
class Course:
    title: str
    subtitle: str
    modules: tuple[Module, ...]
    root: Path = field(compare=False)

    def module(self, module_id: str) -> Module:
        for m in self.modules:
            if m.id == module_id:
                return m
        raise KeyError(f"No module {module_id!r} in the course outline (content/course.yaml).")

    def neighbours(self, module_id: str) -> tuple[Module | None, Module | None]:
        ids = [m.id for m in self.modules]
        i = ids.index(module_id)
        prev = self.modules[i - 1] if i > 0 else None
        nxt = self.modules[i + 1] if i + 1 < len(ids) else None
        return prev, nxt

    def prompts(self, module_id: str) -> dict[str, Prompt]:
        return load_prompts(self.root / "prompts" / f"{module_id}.yaml", module_id)

    def prompt(self, prompt_id: str, module_id: str) -> Prompt:
        prompts = self.prompts(module_id)
        if prompt_id not in prompts:
            raise KeyError(
                f"No prompt {prompt_id!r} in content/prompts/{module_id}.yaml; "
                "add it there or fix the id in the notebook."
            )
        return prompts[prompt_id]


_KEY_HELP = {
    "schema_version": f"the format version; write `schema_version: {SCHEMA_VERSION}`",
    "title": "the title as trainees will see it",
    "modules": "the modules in order, each with an `id` and a `title`",
    "id": "a short lowercase name, such as `01_safe_environment`",
    "module": "the id of the module these prompts belong to (the file's name)",
    "prompts": "the reflection prompts, each with an `id`, a `title` and a `text`",
    "text": "the question the trainee answers",
    "terms": "the glossary entries, each with a `term` and a `meaning`",
    "term": "the word or acronym, as it is written in the course",
    "meaning": "what it means, in plain words",
}
_PATTERN_HELP = {
    _ID: ("a usable id", "use lowercase letters, digits, hyphens and underscores, starting "
          "with a letter or digit (e.g. `01_safe_environment`)"),
}


def _kind(schema: dict, top: str, start_from: str) -> DataKind:
    wording = Wording(top=top, key_help=_KEY_HELP, pattern_help=_PATTERN_HELP,
                      fallback_fix="compare it with the other files in content/")
    return DataKind(schema, SCHEMA_VERSION, wording=wording, start_from=start_from)


_COURSE = _kind(COURSE_SCHEMA, "the course outline", "the course.yaml that comes with the course")
_PROMPTS = _kind(PROMPTS_SCHEMA, "the prompt file", "an existing file in content/prompts/")
_GLOSSARY = _kind(GLOSSARY_SCHEMA, "the glossary", "the glossary.yaml that comes with the course")


def _twice(loaded: LoadedYaml, items: str, key: str, what: str) -> list[Problem]:
    """A problem for each item whose ``key`` repeats an earlier item's."""
    seen: dict[str, int] = {}
    problems = []
    for i, item in enumerate(loaded.data[items]):
        line = loaded.line_of((items, i, key))
        if item[key] in seen:
            problems.append(Problem(
                loaded.file, line, f"{what} id {item[key]!r} is used twice (first on line "
                f"{seen[item[key]]})", f"give each {what} its own id"))
        seen.setdefault(item[key], line)
    return problems


def _room(data: dict) -> Room:
    plan, at = [], 0
    for part in data["plan"]:
        plan.append(Segment(at, part["minutes"], " ".join(part["activity"].split()),
                            part["how"]))
        at += part["minutes"]
    return Room(data["minutes"], tuple(plan), tuple(data.get("materials", ())))


def _room_problems(loaded: LoadedYaml) -> list[Problem]:
    """A problem for each module whose in-room plan does not add up to its minutes."""
    problems = []
    for i, module in enumerate(loaded.data["modules"]):
        room = module.get("room")
        if room is None:
            continue
        total = sum(part["minutes"] for part in room["plan"])
        if total != room["minutes"]:
            problems.append(Problem(
                loaded.file, loaded.line_of(("modules", i, "room", "minutes")),
                f"module {module['id']!r}: its in-room plan adds up to {total} minutes, but "
                f"`room.minutes` says {room['minutes']}",
                "make the plan's minutes add up to `room.minutes`, or change the total"))
    return problems


@lru_cache(maxsize=8)
def load_course(root: Path | None = None) -> Course:
    root = Path(root) if root else content_dir()
    loaded = load_data(root / "course.yaml", _COURSE)
    data = loaded.data
    problems = _twice(loaded, "modules", "id", "module")
    problems += _room_problems(loaded)
    if problems:
        raise DataFileError(problems)
    modules = tuple(
        Module(
            id=m["id"],
            title=m["title"],
            number=i,
            minutes=m.get("minutes"),
            content_note=m.get("content_note", ""),
            room=_room(m["room"]) if "room" in m else None,
        )
        for i, m in enumerate(data["modules"])
    )
    return Course(data["title"], data.get("subtitle", ""), modules, root)


@lru_cache(maxsize=32)
def load_prompts(path: Path, module_id: str | None = None) -> dict[str, Prompt]:
    if not Path(path).exists():
        return {}
    loaded = load_data(path, _PROMPTS)
    data = loaded.data
    problems = _twice(loaded, "prompts", "id", "prompt")
    problems += [
        Problem(loaded.file, loaded.line_of(("prompts", i, "id")),
                f"prompt id {p['id']!r} begins with {AFTER_PLAY_PREFIX!r}, which the course "
                "keeps for the role-plays' after-play questions",
                f"choose an id that does not begin with {AFTER_PLAY_PREFIX!r}")
        for i, p in enumerate(data["prompts"]) if p["id"].startswith(AFTER_PLAY_PREFIX)
    ]
    if module_id and data["module"] != module_id:
        problems.insert(0, Problem(
            loaded.file, loaded.line_of(("module",)),
            f"`module` is {data['module']!r} but this file is for {module_id!r}",
            f"make them the same: write `module: {module_id}`"))
    if problems:
        raise DataFileError(problems)
    return {p["id"]: Prompt(module_id=data["module"], **p) for p in data["prompts"]}


@lru_cache(maxsize=4)
def load_glossary(root: Path | None = None) -> tuple[GlossaryEntry, ...]:
    root = Path(root) if root else content_dir()
    loaded = load_data(root / "glossary.yaml", _GLOSSARY)
    return tuple(
        GlossaryEntry(
            term=e["term"],
            meaning=" ".join(e["meaning"].split()),
            expansion=e.get("expansion", ""),
            also=tuple(e.get("also", ())),
        )
        for e in loaded.data["terms"]
    )


def terms_used(text: str, glossary: tuple[GlossaryEntry, ...]) -> list[GlossaryEntry]:
    """The glossary entries a text uses, in glossary order."""
    return [e for e in glossary if e.pattern().search(text)]


def module_prose(module_id: str, root: Path | None = None) -> str:
    """The Markdown of a module notebook (what the trainee reads), or "" if absent."""
    import json

    path = Path(root or modules_dir()) / f"{module_id}.ipynb"
    try:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    return "\n\n".join(
        "".join(c["source"]) for c in cells if c.get("cell_type") == "markdown"
    )
