"""Where a cohort's room is in a live session, as its facilitator moved it.

In a face-to-face or online session the facilitator moves the room from activity to
activity; each trainee's page invites them there with a banner and never moves them.
Per cohort one row: the activity (a module id, optionally a part of it, ``anchor``, and
its title in words, worked out by the page that offers the choice), whether everyone is
paused, when a break ends (none: no break), and when any of it changed.

Only the cohort's facilitator changes it; an archived cohort's room is read-only; bad
input is refused with a plain message and writes nothing. A self-paced learner has no
room. This module owns the table ``room_state`` (no row: the room has not been moved).
"""

from __future__ import annotations

import datetime as _dt
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update

from commonground.errors import StoreError
from commonground.text import first_control

from . import _schema as t
from ._db import utcnow
from .anonymity import enough_people
from .people import ARCHIVED_MESSAGE, cohort_archived_at, cohort_members, kind_and_cohort

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from ._db import Database
    from .people import Participant

__all__ = [
    "ARRIVING_QUESTION",
    "CHECKIN_KINDS",
    "LONGEST_BREAK",
    "NOT_FACILITATOR_MESSAGE",
    "SHORTEST_BREAK",
    "TITLE_LIMIT",
    "CheckinSummary",
    "Room",
    "RoomState",
]

TITLE_LIMIT = 300
SHORTEST_BREAK, LONGEST_BREAK = 1, 120  # minutes
NOT_FACILITATOR_MESSAGE = ("Only this cohort's facilitator can move the room. "
                           "Nothing was changed.")


def _utc(value: _dt.datetime | None) -> _dt.datetime | None:
    # SQLite gives back naive times; every time here was written in UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=_dt.UTC)


@dataclass(frozen=True)
class RoomState:
    """Where the room is: an activity (or none yet), paused or not, a break or not."""

    module_id: str | None
    anchor: str
    title: str
    paused: bool
    break_until: _dt.datetime | None
    changed_at: _dt.datetime
    checkin_round: int = 0  # the latest live check-in (0: none yet)
    checkin_open: bool = False
    checkin_kind: str = "arriving"  # see CHECKIN_KINDS
    checkin_question: str = ""  # the facilitator's question or statement, in words
    session: str = ""  # the session the facilitator started, in words ("": none)

    def on_break(self, now: _dt.datetime | None = None) -> bool:
        """A break is on until its end time (then the room simply carries on)."""
        return self.break_until is not None and (now or utcnow()) < self.break_until


def _text(value: str, what: str, limit: int) -> str:
    text = " ".join((value or "").split()) if isinstance(value, str) else ""
    if not text:
        raise StoreError(f"Choose {what}. Nothing was changed.")
    if len(text) > limit:
        raise StoreError(f"That {what} is {len(text):,} characters long; it can be at most "
                         f"{limit}. Nothing was changed.")
    bad = first_control(text)
    if bad is not None:
        raise StoreError(f"That {what} has an invisible control character ({bad[1]}). "
                         f"Nothing was changed.")
    return text


def _minutes(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (
            SHORTEST_BREAK <= value <= LONGEST_BREAK):
        raise StoreError(f"A break is between {SHORTEST_BREAK} and {LONGEST_BREAK} minutes. "
                         "Nothing was changed.")
    return value


def _check_facilitator(conn: Connection, by: Participant) -> int:
    """The cohort ``by`` facilitates, checked against the database (not the page's copy),
    and writable."""
    found = kind_and_cohort(conn, by.id)
    if found is None or found[0] != "facilitator" or found[1] is None \
            or found[1] != by.cohort_id:
        raise StoreError(NOT_FACILITATOR_MESSAGE)
    cohort_id = found[1]
    if cohort_archived_at(conn, cohort_id) is not None:
        raise StoreError(ARCHIVED_MESSAGE)
    return cohort_id


SESSION_LIMIT = 120
WORD_LIMIT = 30
QUESTION_LIMIT = 200
# A check-in's kinds: "how are you arriving?" (1 to 5, and a word if they like); one word
# for a word cloud; agree or disagree with a statement. Each is optional and anonymous.
CHECKIN_KINDS = ("arriving", "word", "agree")
ARRIVING_QUESTION = "How are you arriving?"


@dataclass(frozen=True)
class CheckinSummary:
    """A check-in in aggregate: how many people answered, and, only once the anonymity
    rule allows (``shown``), how many chose each of 1-5 and the words with their counts
    (most often first, then alphabetical: never the order they came in)."""

    people: int
    shown: bool
    counts: tuple[int, ...] = ()
    words: tuple[tuple[str, int], ...] = ()
    agree: tuple[int, int] = (0, 0)  # (agree, disagree), for an "agree" check-in


def _word(value: str) -> str:
    word = " ".join((value or "").split()) if isinstance(value, str) else ""
    if " " in word:
        raise StoreError("One word, please (or leave it empty). Nothing was sent.")
    if len(word) > WORD_LIMIT or first_control(word) is not None:
        raise StoreError(f"One word of at most {WORD_LIMIT} letters, please. "
                         "Nothing was sent.")
    return word.lower()


def _answer_fits(kind: str, arriving: int | None, word: str, agree: bool | None) -> None:
    """An answer that fits the open check-in's kind, or a plain refusal."""
    if kind == "word":
        if arriving is not None or agree is not None or not word:
            raise StoreError("Write one word; or simply skip it. Nothing was sent.")
    elif kind == "agree":
        if arriving is not None or word or agree is None:
            raise StoreError("Choose agree or disagree; or simply skip it. "
                             "Nothing was sent.")
    elif agree is not None or (arriving is None and not word):
        raise StoreError("Choose a number or write a word; or simply skip it. "
                         "Nothing was sent.")


class Room:
    def __init__(self, store: Database):
        self.store = store

    def state(self, cohort_id: int | None) -> RoomState | None:
        """Where a cohort's room is (None: not moved yet, or a self-paced learner)."""
        if cohort_id is None:
            return None
        r = t.room_state
        with self.store.read() as conn:
            row = conn.execute(select(r).where(r.c.cohort_id == cohort_id)).first()
        if row is None:
            return None
        changed = _utc(row.changed_at)
        assert changed is not None
        return RoomState(row.module_id, row.anchor or "", row.title or "", bool(row.paused),
                         _utc(row.break_until), changed, int(row.checkin_round or 0),
                         bool(row.checkin_open), row.checkin_kind or "arriving",
                         row.checkin_question or "", row.session or "")

    def fingerprint(self, cohort_id: int | None) -> tuple:
        """Changes whenever the cohort's room changes (a live page's cheap poll)."""
        if cohort_id is None:
            return ()
        r = t.room_state
        with self.store.read() as conn:
            return tuple(conn.execute(select(r.c.changed_at)
                                      .where(r.c.cohort_id == cohort_id)).scalars())

    def _write(self, by: Participant, **values: object) -> RoomState:
        r = t.room_state
        values["changed_at"] = utcnow()
        with self.store.write() as conn:
            cohort_id = _check_facilitator(conn, by)
            exists = conn.execute(select(r.c.cohort_id)
                                  .where(r.c.cohort_id == cohort_id)).first()
            if exists is None:
                row: dict[str, object] = dict(module_id=None, anchor="", title="",
                                              paused=False, break_until=None,
                                              checkin_round=0, checkin_open=False,
                                              checkin_kind="arriving", checkin_question="",
                                              session="")
                row.update(values)
                conn.execute(r.insert().values(cohort_id=cohort_id, **row))
            else:
                conn.execute(update(r).where(r.c.cohort_id == cohort_id).values(**values))
        state = self.state(cohort_id)
        assert state is not None
        return state

    def move(self, by: Participant, module_id: str, title: str,
             anchor: str = "") -> RoomState:
        """Move the room to an activity (and so end a pause or a break)."""
        module_id = _text(module_id, "an activity", 64)
        title = _text(title, "activity's title", TITLE_LIMIT)
        anchor = " ".join((anchor or "").split()) if isinstance(anchor, str) else ""
        if len(anchor) > 128 or first_control(anchor) is not None:
            raise StoreError("That part of the module is not one the course has. "
                             "Nothing was changed.")
        return self._write(by, module_id=module_id, anchor=anchor, title=title,
                           paused=False, break_until=None)

    def start_session(self, by: Participant, name: str) -> RoomState:
        """Start a named session ("Session 2: modules 01 and 02"): every trainee's page
        says so, and where the room goes within it. Ends a pause or a break."""
        name = _text(name, "a name for the session", SESSION_LIMIT)
        return self._write(by, session=name, paused=False, break_until=None)

    def end_session(self, by: Participant) -> RoomState:
        """End the session: pages no longer show where the group is (everyone goes on at
        their own pace), and any check-in closes."""
        return self._write(by, session="", module_id=None, anchor="", title="", paused=False,
                           break_until=None, checkin_open=False)

    def pause(self, by: Participant) -> RoomState:
        """Pause everyone (their pages say so; nothing they write is lost)."""
        return self._write(by, paused=True, break_until=None)

    def take_break(self, by: Participant, minutes: int,
                   now: _dt.datetime | None = None) -> RoomState:
        """A break of ``minutes``, ending at a time every page shows."""
        minutes = _minutes(minutes)
        ends = (now or utcnow()) + _dt.timedelta(minutes=minutes)
        return self._write(by, paused=False, break_until=ends)

    def carry_on(self, by: Participant) -> RoomState:
        """End a pause or a break: the room carries on where it was."""
        return self._write(by, paused=False, break_until=None)

    # -- live check-ins ------------------------------------------------------------------
    def open_checkin(self, by: Participant, kind: str = "arriving",
                     question: str = "") -> RoomState:
        """Ask the room a new check-in: "arriving" (how are you arriving? 1 to 5 and a
        word), "word" (a question answered in one word: a word cloud) or "agree" (a
        statement to agree or disagree with)."""
        if kind not in CHECKIN_KINDS:
            raise StoreError("Choose a kind of check-in. Nothing was changed.")
        if kind == "arriving":
            question = ARRIVING_QUESTION
        else:
            question = _text(question, "a question" if kind == "word" else "a statement",
                             QUESTION_LIMIT)
        r = t.room_state
        with self.store.read() as conn:
            latest = conn.execute(select(r.c.checkin_round)
                                  .where(r.c.cohort_id == by.cohort_id)).scalar() or 0
        return self._write(by, checkin_round=int(latest) + 1, checkin_open=True,
                           checkin_kind=kind, checkin_question=question)

    def close_checkin(self, by: Participant) -> RoomState:
        return self._write(by, checkin_open=False)

    def answered(self, person: Participant, round_: int) -> bool:
        d = t.room_checkin_done
        with self.store.read() as conn:
            return conn.execute(select(d.c.participant_id).where(
                d.c.participant_id == person.id, d.c.round == round_)).first() is not None

    def check_in(self, person: Participant, arriving: int | None, word: str = "",
                 today: _dt.date | None = None, agree: bool | None = None) -> None:
        """A trainee's optional, anonymous answer to the open check-in: kept without them
        (the day only); that they answered is kept apart, without a time."""
        if arriving is not None and (isinstance(arriving, bool) or not isinstance(
                arriving, int) or not 1 <= arriving <= 5):
            raise StoreError("Choose a number from 1 to 5 (or none). Nothing was sent.")
        if agree is not None and not isinstance(agree, bool):
            raise StoreError("Choose agree or disagree (or skip it). Nothing was sent.")
        word = _word(word)
        r, a, d = t.room_state, t.room_checkins, t.room_checkin_done
        with self.store.write() as conn:
            found = kind_and_cohort(conn, person.id)
            if found is None or found[0] != "trainee" or found[1] is None:
                raise StoreError("Check-ins are for the cohort's trainees. Nothing was sent.")
            cohort_id = found[1]
            if cohort_archived_at(conn, cohort_id) is not None:
                raise StoreError(ARCHIVED_MESSAGE)
            row = conn.execute(select(r.c.checkin_round, r.c.checkin_open, r.c.checkin_kind)
                               .where(r.c.cohort_id == cohort_id)).first()
            if row is None or not row.checkin_open:
                raise StoreError("This check-in has closed. Nothing was sent.")
            _answer_fits(row.checkin_kind or "arriving", arriving, word, agree)
            round_ = int(row.checkin_round)
            if conn.execute(select(d.c.participant_id).where(
                    d.c.participant_id == person.id, d.c.round == round_)).first():
                raise StoreError("You have already answered this check-in.")
            conn.execute(d.insert().values(participant_id=person.id, round=round_))
            conn.execute(a.insert().values(
                id=secrets.token_hex(16), cohort_id=cohort_id, round=round_,
                answered_on=(today or _dt.date.today()).isoformat(), arriving=arriving,
                word=word, agree=agree))

    def checkin_summary(self, cohort_id: int, round_: int) -> CheckinSummary:
        """A check-in in aggregate, under the anonymity rule (people, not answers)."""
        a, d = t.room_checkins, t.room_checkin_done
        with self.store.read() as conn:
            people = int(conn.execute(select(func.count()).select_from(d).where(
                d.c.round == round_,
                d.c.participant_id.in_(cohort_members(cohort_id, "trainee")))).scalar() or 0)
            if not enough_people(people):
                return CheckinSummary(people, False)
            rows = conn.execute(select(a.c.arriving, a.c.word, a.c.agree).where(
                a.c.cohort_id == cohort_id, a.c.round == round_)).all()
        chosen = Counter(r.arriving for r in rows if r.arriving)
        words = Counter(r.word for r in rows if r.word)
        agreed = Counter(r.agree for r in rows if r.agree is not None)
        return CheckinSummary(people, True, tuple(chosen.get(v, 0) for v in range(1, 6)),
                              tuple(sorted(words.items(), key=lambda kv: (-kv[1], kv[0]))),
                              (agreed.get(True, 0), agreed.get(False, 0)))

    def checkin_fingerprint(self, cohort_id: int) -> tuple:
        d = t.room_checkin_done
        with self.store.read() as conn:
            return (conn.execute(select(func.count()).select_from(d).where(
                d.c.participant_id.in_(cohort_members(cohort_id, "trainee")))).scalar(),)
