"""The course evaluation's answers: stored anonymously, read only in aggregate.

This module owns ``evaluation_answers`` and ``evaluation_done``. An answer is stored with
its cohort, a random id and the date (never a time, never the person); in the same
transaction ``evaluation_done`` records that the person has answered, with nothing else,
so each person answers once and nobody can tell from the course which answer is whose.

What the facilitator sees is :meth:`Evaluation.summary`: how many people answered, and
only once at least :data:`MIN_RESPONSES` have, the counts for each statement; the free
text of a question only when at least :data:`MIN_RESPONSES` people wrote there, in a
random order each time.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from random import SystemRandom
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from commonground.content.evaluation_form import TEXT_QUESTIONS, EvaluationForm, checked_answers
from commonground.errors import StoreError

from . import _schema as t
from .people import ensure_writable

if TYPE_CHECKING:
    from ._db import Database
    from .people import Participant

__all__ = [
    "ALREADY_ANSWERED",
    "MIN_RESPONSES",
    "Evaluation",
    "EvaluationSummary",
    "StatementCounts",
]

MIN_RESPONSES = 3  # the fewest answers (or free-text answers) the facilitator may see
ALREADY_ANSWERED = (
    "You have already answered the evaluation: thank you. Each person answers once, and "
    "because answers are not linked to anyone they cannot be changed."
)
NOT_IN_A_COHORT = (
    "The evaluation form is for people taking the course in a group with a facilitator, "
    "so there is nothing to send here."
)


@dataclass(frozen=True)
class StatementCounts:
    statement_id: str
    text: str
    counts: tuple[int, ...]  # how many chose 1, 2, 3, 4 and 5
    unanswered: int


@dataclass(frozen=True)
class EvaluationSummary:
    responses: int
    statements: tuple[StatementCounts, ...]  # empty below MIN_RESPONSES
    texts: dict[str, tuple[str, ...]]  # question -> answers (random order); () if too few

    @property
    def shown(self) -> bool:
        return self.responses >= MIN_RESPONSES


def _today() -> str:
    return _dt.datetime.now(_dt.UTC).date().isoformat()


class Evaluation:
    def __init__(self, store: Database):
        self.store = store

    def has_answered(self, participant_id: int) -> bool:
        done = t.evaluation_done
        with self.store.read() as conn:
            return conn.execute(
                select(done.c.participant_id).where(done.c.participant_id == participant_id)
            ).first() is not None

    def submit(self, person: Participant, form: EvaluationForm,
               ratings: dict[str, int | None], texts: dict[str, str | None]) -> None:
        """Store one anonymous answer and record that ``person`` has answered. Raises
        :class:`StoreError` (storing nothing) for bad input, a second answer, a person
        outside a cohort or an archived cohort."""
        if person.cohort_id is None or person.is_facilitator:
            raise StoreError(NOT_IN_A_COHORT)
        kept, words = checked_answers(form, ratings, texts)
        done, answers = t.evaluation_done, t.evaluation_answers
        try:
            with self.store.write(participant=person.id) as conn:
                ensure_writable(conn, person.id)
                if conn.execute(
                    select(done.c.participant_id).where(done.c.participant_id == person.id)
                ).first() is not None:
                    raise StoreError(ALREADY_ANSWERED)
                conn.execute(done.insert().values(participant_id=person.id))
                conn.execute(answers.insert().values(
                    id=secrets.token_hex(16), cohort_id=person.cohort_id,
                    answered_on=_today(), ratings_json=json.dumps(kept, sort_keys=True),
                    most_useful=words["most_useful"], to_change=words["to_change"],
                ))
        except IntegrityError as e:  # another tab answered at the same moment
            raise StoreError(ALREADY_ANSWERED) from e

    def responses(self, cohort_id: int) -> int:
        answers = t.evaluation_answers
        with self.store.read() as conn:
            return int(conn.execute(
                select(func.count()).select_from(answers).where(answers.c.cohort_id == cohort_id)
            ).scalar() or 0)

    def summary(self, cohort_id: int, form: EvaluationForm) -> EvaluationSummary:
        """The cohort's answers in aggregate (see the module's notes)."""
        answers = t.evaluation_answers
        with self.store.read() as conn:
            rows = conn.execute(
                select(answers.c.ratings_json, answers.c.most_useful, answers.c.to_change)
                .where(answers.c.cohort_id == cohort_id)
            ).fetchall()
        n = len(rows)
        if n < MIN_RESPONSES:
            return EvaluationSummary(n, (), {q: () for q in TEXT_QUESTIONS})
        ratings = [json.loads(r.ratings_json) for r in rows]
        statements = []
        for s in form.statements:
            chosen = Counter(r[s.id] for r in ratings if s.id in r)
            counts = tuple(chosen.get(v, 0) for v in range(1, 6))
            statements.append(StatementCounts(s.id, s.text, counts, n - sum(counts)))
        shuffle = SystemRandom().shuffle
        texts: dict[str, tuple[str, ...]] = {}
        for q in TEXT_QUESTIONS:
            written = [getattr(r, q) for r in rows if getattr(r, q).strip()]
            if len(written) < MIN_RESPONSES:
                written = []
            shuffle(written)
            texts[q] = tuple(written)
        return EvaluationSummary(n, tuple(statements), texts)
