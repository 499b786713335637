"""Stepping out of the role (de-roling): what a role-play shows, at every ending, to someone
who played the person at the centre (content/de_roling.yaml).

One text for every such seat, so that a seat added to any scenario later (``is_person:
true``) gets it without anyone writing it again. ``{name}`` in the text is the first name
of the person played.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from commonground.config import content_dir

from .datafile import DataKind, Wording, load_data

__all__ = ["DE_ROLING_SCHEMA", "DeRoling", "SteppingOut", "first_name", "load_de_roling"]

SCHEMA_VERSION = 1
NAME = "{name}"

_TEXT = {"type": "string", "minLength": 1}
DE_ROLING_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "title", "intro", "steps", "close"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "title": _TEXT,
        "intro": _TEXT,
        "steps": {"type": "array", "minItems": 1, "items": _TEXT},
        "close": _TEXT,
    },
}
_KEY_HELP = {
    "schema_version": f"the format version; write `schema_version: {SCHEMA_VERSION}`",
    "title": "the heading shown above the steps, such as `Stepping out of the role`",
    "intro": "what the step is for, in plain words; `{name}` is the person played",
    "steps": "the steps, one short instruction each",
    "close": "what to do if playing the role stirred something up",
}
_KIND = DataKind(
    DE_ROLING_SCHEMA, SCHEMA_VERSION,
    wording=Wording(top="stepping out of the role", key_help=_KEY_HELP,
                    fallback_fix="compare it with the de_roling.yaml that comes with the course"),
    start_from="the de_roling.yaml that comes with the course",
)


@dataclass(frozen=True)
class SteppingOut:
    """The de-roling step for one person played: every `{name}` filled in."""

    title: str
    intro: str
    steps: tuple[str, ...]
    close: str


@dataclass(frozen=True)
class DeRoling:
    title: str
    intro: str
    steps: tuple[str, ...]
    close: str

    def for_person(self, name: str) -> SteppingOut:
        """The step for someone who played ``name`` (a role's name, such as "Tania, Ollie
        and Mia's mum": only the first name is used)."""
        first = first_name(name)
        return SteppingOut(self.title.replace(NAME, first), self.intro.replace(NAME, first),
                           tuple(s.replace(NAME, first) for s in self.steps),
                           self.close.replace(NAME, first))


def first_name(role_name: str) -> str:
    """"Tania, Ollie and Mia's mum" -> "Tania"; "Reza, 19" -> "Reza"."""
    words = role_name.split(",")[0].split()
    return words[0] if words else role_name


@lru_cache(maxsize=4)
def load_de_roling(root: Path | None = None) -> DeRoling:
    """Stepping out of the role, from ``<content>/de_roling.yaml``."""
    root = Path(root) if root else content_dir()
    data = load_data(root / "de_roling.yaml", _KIND).data
    return DeRoling(title=data["title"], intro=" ".join(data["intro"].split()),
                    steps=tuple(" ".join(s.split()) for s in data["steps"]),
                    close=" ".join(data["close"].split()))
