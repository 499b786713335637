"""The course outline (content/course.yaml) and reflection prompts (content/prompts/).

Both are data files a facilitator can edit without Python; both are checked
against a versioned schema with messages naming the file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .config import content_dir, modules_dir
from .datafile import DataFileError, Problem, load_yaml, validate

_ID = r"^[a-z0-9][a-z0-9_-]*$"

COURSE_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "title", "modules"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 1},
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
        "schema_version": {"const": 1},
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
        "schema_version": {"const": 1},
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
class Module:
    id: str
    title: str
    number: int
    minutes: int | None = None
    content_note: str = ""

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


def _checked(path: Path, schema: dict):
    loaded = load_yaml(path)
    problems = validate(loaded, schema)
    if problems:
        raise DataFileError(problems)
    return loaded


@lru_cache(maxsize=8)
def load_course(root: Path | None = None) -> Course:
    root = Path(root) if root else content_dir()
    loaded = _checked(root / "course.yaml", COURSE_SCHEMA)
    data = loaded.data
    seen: dict[str, int] = {}
    problems = []
    for i, m in enumerate(data["modules"]):
        if m["id"] in seen:
            problems.append(
                Problem(
                    loaded.file,
                    loaded.line_of(("modules", i, "id")),
                    f"module id {m['id']!r} is used twice; give each module its own id.",
                )
            )
        seen[m["id"]] = i
    if problems:
        raise DataFileError(problems)
    modules = tuple(
        Module(
            id=m["id"],
            title=m["title"],
            number=i,
            minutes=m.get("minutes"),
            content_note=m.get("content_note", ""),
        )
        for i, m in enumerate(data["modules"])
    )
    return Course(data["title"], data.get("subtitle", ""), modules, root)


@lru_cache(maxsize=32)
def load_prompts(path: Path, module_id: str | None = None) -> dict[str, Prompt]:
    if not Path(path).exists():
        return {}
    loaded = _checked(Path(path), PROMPTS_SCHEMA)
    data = loaded.data
    problems = []
    if module_id and data["module"] != module_id:
        problems.append(
            Problem(
                loaded.file,
                loaded.line_of(("module",)),
                f"module is {data['module']!r} but this file is for {module_id!r}; "
                "make them the same.",
            )
        )
    prompts: dict[str, Prompt] = {}
    for i, p in enumerate(data["prompts"]):
        if p["id"] in prompts:
            problems.append(
                Problem(
                    loaded.file,
                    loaded.line_of(("prompts", i, "id")),
                    f"prompt id {p['id']!r} is used twice; give each prompt its own id.",
                )
            )
        prompts[p["id"]] = Prompt(module_id=data["module"], **p)
    if problems:
        raise DataFileError(problems)
    return prompts


@lru_cache(maxsize=4)
def load_glossary(root: Path | None = None) -> tuple[GlossaryEntry, ...]:
    root = Path(root) if root else content_dir()
    loaded = _checked(root / "glossary.yaml", GLOSSARY_SCHEMA)
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
