"""The law by state and territory (content/jurisdictions.yaml): what module 05's law
panel shows, and the codes a cohort's jurisdiction setting is made of.

One entry per state, territory and the Commonwealth (``CODES``), each with the same six
topics (``TOPICS``). Every statement rests either on law (an Act and its section, Part or
Chapter) or on a published policy (its name and publisher), and carries its public
source, the date it was written for and, once someone has checked it against that source,
the date they did. The file is read through
:mod:`commonground.content.datafile` like every other data file; a statement with neither
basis, an unreadable date or an unknown code is refused with the file, the line and the
entry named.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from commonground.config import content_dir

from .datafile import DataFileError, DataKind, KeyPath, LoadedYaml, Problem, Wording, load_data
from .datafile import describe_path as _describe_path

__all__ = [
    "CODES",
    "JURISDICTIONS_SCHEMA",
    "LEGAL_NOTE",
    "NATIONAL",
    "TOPICS",
    "CrossBorder",
    "Jurisdiction",
    "Jurisdictions",
    "Overview",
    "Source",
    "Statement",
    "Topic",
    "as_at_words",
    "load_jurisdictions",
    "parse_codes",
]

SCHEMA_VERSION = 1
FILE_NAME = "jurisdictions.yaml"

#: Every state and territory, then the Commonwealth, in the order they are offered.
CODES = ("NSW", "VIC", "QLD", "WA", "SA", "TAS", "NT", "ACT", "CTH")
#: The picker's choice that shows the national overview rather than one jurisdiction.
NATIONAL = "national"
#: (key, heading) of each topic, in the order a card shows them.
TOPICS = (
    ("information_sharing", "Sharing information"),
    ("mandatory_reporting", "Who must report, what and to whom"),
    ("intake", "Where reports go"),
    ("risk_framework", "Family violence risk framework"),
    ("privacy_government", "Privacy law: government agencies"),
    ("privacy_non_government", "Privacy law: non-government organisations"),
)
#: What every piece of law the course shows says about itself (then "as at <date>").
LEGAL_NOTE = "General information, not legal advice"

_TEXT = {"type": "string", "minLength": 1}
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_CODE = "^(" + "|".join(CODES) + ")$"
_PHONE = r"^[0-9][0-9 ]{5,}[0-9]$"
#: A web address; http:// only where that is the exact address of the page checked.
_URL = "^https?://[^ ]+$"
_STATEMENT = {
    "type": "object",
    "required": ["says", "source", "as_at"],
    "additionalProperties": False,
    "properties": {
        "says": _TEXT,
        "act": _TEXT,
        "section": _TEXT,
        "confirm": {"type": "boolean"},
        "policy": _TEXT,
        "publisher": _TEXT,
        "line": _TEXT,
        "phone": {"type": "string", "pattern": _PHONE},
        "source": {
            "type": "object",
            "required": ["title", "url"],
            "additionalProperties": False,
            "properties": {"title": _TEXT, "url": {"type": "string", "pattern": _URL}},
        },
        "as_at": {"type": "string", "pattern": _DATE},
        "checked": {"type": "string", "pattern": _DATE},
    },
}
JURISDICTIONS_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "overview", "jurisdictions", "cross_border"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "overview": {
            "type": "object",
            "required": ["title", "as_at", "says"],
            "additionalProperties": False,
            "properties": {
                "title": _TEXT,
                "as_at": {"type": "string", "pattern": _DATE},
                "says": {"type": "array", "minItems": 1, "items": _TEXT},
            },
        },
        "jurisdictions": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "name", "reviewed", "topics"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": _CODE},
                    "name": _TEXT,
                    "reviewed": _TEXT,
                    "topics": {
                        "type": "object",
                        "required": [key for key, _ in TOPICS],
                        "additionalProperties": False,
                        "properties": {
                            key: {"type": "array", "minItems": 1, "items": _STATEMENT}
                            for key, _ in TOPICS
                        },
                    },
                },
            },
        },
        "cross_border": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "name", "jurisdictions", "as_at", "says"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_]*$"},
                    "name": _TEXT,
                    "jurisdictions": {"type": "array", "minItems": 2,
                                      "items": {"type": "string", "pattern": _CODE}},
                    "as_at": {"type": "string", "pattern": _DATE},
                    "says": _TEXT,
                },
            },
        },
    },
}

_KEY_HELP = {
    "schema_version": f"the format version; write `schema_version: {SCHEMA_VERSION}`",
    "overview": "the national overview a learner sees before picking, with `title`, `as_at` "
                "and `says`",
    "jurisdictions": "one entry per state, territory and the Commonwealth",
    "cross_border": "notes for partnerships across a border (may be an empty list: `[]`)",
    "code": f"the short code, one of {', '.join(CODES)}",
    "name": "the name people know it by",
    "reviewed": "who checked this entry against the sources, and when (or that nobody has)",
    "topics": "the six topics: " + ", ".join(key for key, _ in TOPICS),
    "says": "the statement, in plain words",
    "source": "the public website to check it on, with `title` and `url`",
    "title": "the website's name, such as `NSW legislation`",
    "url": "the exact address of the page, starting with https:// (or http:// where that "
           "is the page's address)",
    "as_at": 'the date the statement was written for, in quotes: `"2026-12-07"`',
    "checked": "the date someone checked the statement against its `source` page and found "
               'it right, in quotes: `"2026-12-07"` (leave it out until someone has)',
    "id": "a short name for the note, in lower case",
    "information_sharing": "the law or scheme that lets services share information",
    "mandatory_reporting": "who must report what, and to whom",
    "intake": "the child-protection line reports go to",
    "risk_framework": "the family violence risk assessment framework",
    "privacy_government": "the privacy law for government agencies",
    "privacy_non_government": "the privacy law for non-government organisations",
}
_PATTERN_HELP = {
    _DATE: ("a date", 'write it as year-month-day in quotes, such as `"2026-12-07"`'),
    _CODE: ("a known jurisdiction code", f"use one of {', '.join(CODES)}"),
    _PHONE: ("a phone number", "write digits and spaces only, such as `132 111`"),
    _URL: ("a web address", "write the full address, starting with https:// (or http://)"),
}
_TOPIC_KEYS = {key for key, _ in TOPICS}


def _describe(path: KeyPath, data: Any) -> str:
    """Name a part of the file by its jurisdiction and topic: "`section` of statement 2
    of `mandatory_reporting` in NSW (New South Wales)"."""
    if len(path) >= 2 and path[0] == "jurisdictions" and isinstance(path[1], int):
        entry = data["jurisdictions"][path[1]] if isinstance(data, dict) else None
        who = f"jurisdiction {path[1] + 1}"
        if isinstance(entry, dict) and isinstance(entry.get("code"), str):
            who = entry["code"] + (f" ({entry['name']})" if isinstance(entry.get("name"), str)
                                   else "")
        rest = path[2:]
        if len(rest) >= 2 and rest[0] == "topics" and rest[1] in _TOPIC_KEYS:
            topic = f"`{rest[1]}`"
            if len(rest) >= 3 and isinstance(rest[2], int):
                inner = f"statement {rest[2] + 1} of {topic}"
                if len(rest) >= 4:
                    inner = f"`{'.'.join(str(k) for k in rest[3:])}` of {inner}"
                return f"{inner} in {who}"
            return f"{topic} in {who}"
        if rest:
            return f"`{'.'.join(str(k) for k in rest)}` of {who}"
        return who
    if len(path) >= 2 and path[0] == "cross_border" and isinstance(path[1], int):
        base = _describe_path(path[:2], data, "the jurisdictions file")
        base = base.replace("cross_border 1", "cross-border note 1").replace(
            "cross_border", "cross-border note")
        rest = path[2:]
        return f"`{'.'.join(str(k) for k in rest)}` of {base}" if rest else base
    return _describe_path(path, data, "the jurisdictions file")


_KIND = DataKind(
    JURISDICTIONS_SCHEMA, SCHEMA_VERSION,
    wording=Wording(top="the jurisdictions file", describe=_describe, key_help=_KEY_HELP,
                    pattern_help=_PATTERN_HELP,
                    fallback_fix="compare it with the jurisdictions.yaml that comes with "
                                 "the course"),
    start_from="the jurisdictions.yaml that comes with the course",
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def as_at_words(day: dt.date) -> str:
    """A date as people write it: "7 December 2026"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Statement:
    """One thing the law (or a published policy) says, with where to check it."""

    says: str
    source: Source
    as_at: dt.date
    act: str | None = None
    section: str | None = None
    policy: str | None = None
    publisher: str | None = None
    line: str | None = None
    phone: str | None = None
    confirm: bool = False  # the section was not certain: the Act is named as a whole
    checked: dt.date | None = None  # the day it was checked against its source page

    @property
    def check_note(self) -> str:
        """Whether it was checked against its source, and when: "Checked against this
        source on 7 December 2026" or "Not yet checked against its source"."""
        if self.checked is None:
            return "Not yet checked against its source"
        return f"Checked against this source on {as_at_words(self.checked)}"

    @property
    def is_law(self) -> bool:
        return self.act is not None

    @property
    def basis(self) -> str:
        """Where it comes from, in one line: "Privacy Act 1988 (Cth), Schedule 1, APP 6"
        or "Safe at Home (policy, Tasmanian Government)"."""
        if self.act is not None:
            return f"{self.act}, {self.section}"
        return f"{self.policy} (policy, {self.publisher})"

    @property
    def note(self) -> str:
        """ "General information, not legal advice, as at 7 December 2026"."""
        return f"{LEGAL_NOTE}, as at {as_at_words(self.as_at)}"

    @property
    def dial(self) -> str | None:
        """The phone number for a ``tel:`` link (digits only), if there is one."""
        return None if self.phone is None else "".join(c for c in self.phone if c.isdigit())


@dataclass(frozen=True)
class Topic:
    key: str
    heading: str
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    reviewed: str
    topics: tuple[Topic, ...]

    def topic(self, key: str) -> Topic:
        return next(t for t in self.topics if t.key == key)

    @property
    def statements(self) -> tuple[Statement, ...]:
        return tuple(s for t in self.topics for s in t.statements)


@dataclass(frozen=True)
class CrossBorder:
    id: str
    name: str
    codes: tuple[str, ...]
    says: str
    as_at: dt.date

    @property
    def note(self) -> str:
        return f"{LEGAL_NOTE}, as at {as_at_words(self.as_at)}"


@dataclass(frozen=True)
class Overview:
    title: str
    says: tuple[str, ...]
    as_at: dt.date

    @property
    def note(self) -> str:
        return f"{LEGAL_NOTE}, as at {as_at_words(self.as_at)}"


@dataclass(frozen=True)
class Jurisdictions:
    overview: Overview
    entries: tuple[Jurisdiction, ...]
    cross_border: tuple[CrossBorder, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(j.code for j in self.entries)

    def get(self, code: str) -> Jurisdiction:
        """The entry for a code (as :func:`parse_codes` gives it); KeyError if absent."""
        for entry in self.entries:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def notes_for(self, codes: Iterable[str]) -> tuple[CrossBorder, ...]:
        """The cross-border notes about two or more of ``codes``."""
        chosen = set(codes)
        return tuple(n for n in self.cross_border if len(chosen & set(n.codes)) >= 2)


def parse_codes(words: Iterable[str]) -> tuple[str, ...]:
    """Jurisdiction codes as people type them ("nsw", "Vic", "Cth"), checked and in
    ``CODES`` order without repeats. Raises ``ValueError`` naming a word it does not know."""
    found = set()
    for word in words:
        code = word.strip().upper()
        if code not in CODES:
            raise ValueError(f"{word!r} is not a state or territory code; use one or more of "
                             f"{', '.join(CODES)}")
        found.add(code)
    return tuple(c for c in CODES if c in found)


def _date(loaded: LoadedYaml, path: KeyPath, text: str, problems: list[Problem]) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        where = _describe(path, loaded.data)
        problems.append(Problem(loaded.file, loaded.line_of(path),
                                f"{where} is not a real date: {text!r}",
                                'write it as year-month-day in quotes, such as "2026-12-07"'))
        return dt.date.min


def _statement(loaded: LoadedYaml, path: KeyPath, raw: dict[str, Any],
               problems: list[Problem]) -> Statement:
    where = _describe(path, loaded.data)
    line = loaded.line_of(path)
    law = "act" in raw or "section" in raw
    policy = "policy" in raw or "publisher" in raw
    if law and policy:
        problems.append(Problem(loaded.file, line, f"{where} names both an Act and a policy",
                                "keep `act:` and `section:` for law, or `policy:` and "
                                "`publisher:` for a published policy, not both"))
    elif law and not ("act" in raw and "section" in raw):
        missing = "section" if "act" in raw else "act"
        problems.append(Problem(loaded.file, line, f"{where} is missing `{missing}`",
                                "law needs both `act:` (the Act's full name) and `section:` "
                                "(the section, Part or Chapter)"))
    elif policy and not ("policy" in raw and "publisher" in raw):
        missing = "publisher" if "policy" in raw else "policy"
        problems.append(Problem(loaded.file, line, f"{where} is missing `{missing}`",
                                "a policy needs both `policy:` (its name) and `publisher:`"))
    elif not law and not policy:
        problems.append(Problem(loaded.file, line,
                                f"{where} names neither an Act nor a policy",
                                "add `act:` and `section:` (the section, Part or Chapter), "
                                "or `policy:` and `publisher:`"))
    if path[-2] == "intake" and "line" not in raw:
        problems.append(Problem(loaded.file, line, f"{where} is missing `line`",
                                "add `line:` (the name of the child-protection line)"))
    return Statement(
        says=" ".join(raw["says"].split()),
        source=Source(raw["source"]["title"], raw["source"]["url"]),
        as_at=_date(loaded, (*path, "as_at"), raw["as_at"], problems),
        act=raw.get("act"), section=raw.get("section"), policy=raw.get("policy"),
        publisher=raw.get("publisher"), line=raw.get("line"), phone=raw.get("phone"),
        confirm=bool(raw.get("confirm", False)),
        checked=(None if "checked" not in raw
                 else _date(loaded, (*path, "checked"), raw["checked"], problems)),
    )


def _read(loaded: LoadedYaml) -> Jurisdictions:
    data = loaded.data
    problems: list[Problem] = []
    entries: list[Jurisdiction] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(data["jurisdictions"]):
        code = raw["code"]
        if code in seen:
            problems.append(Problem(loaded.file, loaded.line_of(("jurisdictions", i, "code")),
                                    f"{code} is listed twice (also jurisdiction "
                                    f"{seen[code] + 1})", "keep one entry per jurisdiction"))
        seen.setdefault(code, i)
        topics = tuple(
            Topic(key, heading, tuple(
                _statement(loaded, ("jurisdictions", i, "topics", key, n), s, problems)
                for n, s in enumerate(raw["topics"][key])))
            for key, heading in TOPICS
        )
        entries.append(Jurisdiction(code, raw["name"], " ".join(raw["reviewed"].split()),
                                    topics))
    notes = []
    for i, raw in enumerate(data["cross_border"]):
        for code in raw["jurisdictions"]:
            if code not in seen:
                problems.append(Problem(
                    loaded.file, loaded.line_of(("cross_border", i, "jurisdictions")),
                    f"{_describe(('cross_border', i), data)} names {code}, which has no entry",
                    "add its entry to `jurisdictions`, or remove it here"))
        notes.append(CrossBorder(raw["id"], raw["name"], tuple(raw["jurisdictions"]),
                                 " ".join(raw["says"].split()),
                                 _date(loaded, ("cross_border", i, "as_at"), raw["as_at"],
                                       problems)))
    over = data["overview"]
    overview = Overview(over["title"], tuple(" ".join(s.split()) for s in over["says"]),
                        _date(loaded, ("overview", "as_at"), over["as_at"], problems))
    if problems:
        raise DataFileError(sorted(problems, key=lambda p: (p.line or 0, p.message)))
    order = {c: n for n, c in enumerate(CODES)}
    return Jurisdictions(overview, tuple(sorted(entries, key=lambda e: order[e.code])),
                         tuple(notes))


@lru_cache(maxsize=4)
def load_jurisdictions(root: Path | None = None) -> Jurisdictions:
    """The law by jurisdiction from ``<content>/jurisdictions.yaml``; raises
    ``DataFileError`` naming the file, line and entry of each problem."""
    root = Path(root) if root else content_dir()
    return _read(load_data(root / FILE_NAME, _KIND))
