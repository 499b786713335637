"""The support lines every module's support note shows (content/support_lines.yaml).

One list, read through :mod:`commonground.content.datafile` like every other data file, so that
all modules show the same numbers and a facilitator changes them in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from commonground.config import content_dir

from .datafile import DataKind, Wording, load_data

__all__ = ["SUPPORT_SCHEMA", "SupportLine", "SupportLines", "load_support_lines"]

SCHEMA_VERSION = 1

_TEXT = {"type": "string", "minLength": 1}
_NUMBER = r"^[0-9][0-9 ]{5,}[0-9]$"
SUPPORT_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "lines", "also"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "lines": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "number", "for", "hours"],
                "additionalProperties": False,
                "properties": {
                    "name": _TEXT,
                    "number": {"type": "string", "pattern": _NUMBER},
                    "for": _TEXT,
                    "hours": _TEXT,
                },
            },
        },
        "also": _TEXT,
    },
}

_KEY_HELP = {
    "schema_version": f"the format version; write `schema_version: {SCHEMA_VERSION}`",
    "lines": "the support lines, each with a `name`, `number`, `for` and `hours`",
    "name": "the service's name, as people know it",
    "number": "the phone number as people dial it, such as `13 11 14`",
    "for": "who the line is for, in plain words",
    "hours": "when it answers, such as `24 hours, every day`",
    "also": "what the note adds after the list (supervisor, EAP, 000)",
}
_PATTERN_HELP = {
    _NUMBER: ("a phone number", "write digits and spaces only, such as `13 11 14`"),
}
_KIND = DataKind(
    SUPPORT_SCHEMA, SCHEMA_VERSION,
    wording=Wording(top="the support lines", key_help=_KEY_HELP, pattern_help=_PATTERN_HELP,
                    fallback_fix="compare it with the support_lines.yaml that comes with "
                                 "the course"),
    start_from="the support_lines.yaml that comes with the course",
)


@dataclass(frozen=True)
class SupportLine:
    name: str
    number: str
    who_for: str
    hours: str

    @property
    def dial(self) -> str:
        """The number for a ``tel:`` link: digits only."""
        return "".join(ch for ch in self.number if ch.isdigit())


@dataclass(frozen=True)
class SupportLines:
    lines: tuple[SupportLine, ...]
    also: str


@lru_cache(maxsize=4)
def load_support_lines(root: Path | None = None) -> SupportLines:
    """The support lines from ``<content>/support_lines.yaml``."""
    root = Path(root) if root else content_dir()
    data = load_data(root / "support_lines.yaml", _KIND).data
    return SupportLines(
        lines=tuple(
            SupportLine(name=x["name"], number=x["number"], who_for=" ".join(x["for"].split()),
                        hours=x["hours"])
            for x in data["lines"]
        ),
        also=" ".join(data["also"].split()),
    )
