"""The course evaluation form (content/evaluation.yaml) and checking what someone sends.

The form has a few statements rated 1 to 5 and two free-text questions, every one of
them optional. :func:`checked_answers` turns what a person sent into what may be
stored, or raises :class:`EvaluationInputError` with a message in their words (and
nothing is stored).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from commonground.config import content_dir
from commonground.errors import StoreError
from commonground.text import first_control, storable

from .datafile import DataKind, Wording, load_data

__all__ = [
    "TEXT_LIMIT",
    "TEXT_QUESTIONS",
    "EvaluationForm",
    "EvaluationInputError",
    "Statement",
    "checked_answers",
    "load_evaluation_form",
]

SCHEMA_VERSION = 1
TEXT_QUESTIONS = ("most_useful", "to_change")  # the two free-text answers, fixed columns
TEXT_LIMIT = 4_000  # characters of one free-text answer (about 600 words)

_ID = r"^[a-z0-9][a-z0-9_-]*$"
_SCHEMA = {
    "type": "object",
    "required": ["schema_version", "title", "intro", "scale", "statements", "questions"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "title": {"type": "string", "minLength": 1},
        "intro": {"type": "string", "minLength": 1},
        "scale": {"type": "array", "minItems": 5, "maxItems": 5,
                  "items": {"type": "string", "minLength": 1}},
        "statements": {
            "type": "array", "minItems": 1, "maxItems": 10,
            "items": {
                "type": "object", "required": ["id", "text"], "additionalProperties": False,
                "properties": {"id": {"type": "string", "pattern": _ID},
                               "text": {"type": "string", "minLength": 1}},
            },
        },
        "questions": {
            "type": "object", "required": list(TEXT_QUESTIONS), "additionalProperties": False,
            "properties": {q: {"type": "string", "minLength": 1} for q in TEXT_QUESTIONS},
        },
    },
}
_KIND = DataKind(
    _SCHEMA, SCHEMA_VERSION,
    wording=Wording(top="the evaluation form",
                    fallback_fix="compare it with content/evaluation.yaml as it came"),
    start_from="the evaluation.yaml that comes with the course",
)


class EvaluationInputError(StoreError):
    """Something sent with the evaluation form that cannot be stored as it is."""


@dataclass(frozen=True)
class Statement:
    id: str
    text: str


@dataclass(frozen=True)
class EvaluationForm:
    title: str
    intro: str
    scale: tuple[str, ...]  # the words for 1 to 5
    statements: tuple[Statement, ...]
    questions: dict[str, str]  # most_useful / to_change -> the question

    def statement(self, statement_id: str) -> Statement:
        for s in self.statements:
            if s.id == statement_id:
                return s
        raise KeyError(statement_id)


@lru_cache(maxsize=4)
def load_evaluation_form(root: Path | None = None) -> EvaluationForm:
    data = load_data(Path(root or content_dir()) / "evaluation.yaml", _KIND).data
    statements = tuple(Statement(s["id"], " ".join(s["text"].split()))
                       for s in data["statements"])
    ids = [s.id for s in statements]
    if len(set(ids)) != len(ids):
        raise ValueError("content/evaluation.yaml: two statements have the same id")
    return EvaluationForm(data["title"], data["intro"], tuple(data["scale"]), statements,
                          {q: data["questions"][q] for q in TEXT_QUESTIONS})


def _problem_character(text: str) -> tuple[int, str] | None:
    """The first character that would be dropped or changed when stored (a control
    character, a broken half of an emoji), as a position counted from 1 and its name."""
    for i, ch in enumerate(text, start=1):
        if ch in "\n\t":
            continue
        found = first_control(ch)
        if found is not None:
            return i, found[1]
    return None


def checked_answers(form: EvaluationForm, ratings: dict[str, int | None],
                    texts: dict[str, str | None]) -> tuple[dict[str, int], dict[str, str]]:
    """What may be stored of an answer: ratings 1 to 5 for known statements (unanswered
    ones left out) and the two free-text answers. Raises :class:`EvaluationInputError`,
    saying what to change, when anything is wrong; nothing is then stored."""
    known = {s.id for s in form.statements}
    kept: dict[str, int] = {}
    for sid, value in ratings.items():
        if value is None:
            continue
        if sid not in known:
            raise EvaluationInputError(
                "This form has changed since the page opened. Please reload the page and "
                "answer again; nothing was sent."
            )
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise EvaluationInputError(
                f"“{form.statement(sid).text}”: choose a number from 1 to 5, or leave it "
                "unanswered. Nothing was sent."
            )
        kept[sid] = value
    words: dict[str, str] = {}
    for q in TEXT_QUESTIONS:
        text = (texts.get(q) or "").replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > TEXT_LIMIT:
            raise EvaluationInputError(
                f"Your answer to “{form.questions[q]}” is {len(text):,} characters long; "
                f"please keep it to {TEXT_LIMIT:,} or fewer. Nothing was sent, and your "
                "words are still in the box."
            )
        bad = _problem_character(text)
        if bad is not None:
            at, name = bad
            raise EvaluationInputError(
                f"Your answer to “{form.questions[q]}” has an invisible character ({name}) "
                f"at position {at}, perhaps from a paste. Please retype that part and send "
                "again. Nothing was sent."
            )
        words[q] = storable(text)
    if not kept and not any(words.values()):
        raise EvaluationInputError(
            "There is nothing to send yet: answer at least one question, or simply leave "
            "the form. It is optional."
        )
    return kept, words
