"""Playing a role-play together: small groups of a cohort, one per seat of a role-play
written for seats played at the same time, each person on their own device.

Someone of the cohort starts a group play and gets a short code; others join a seat with
it (at most :data:`MOST_IN_A_SEAT` people a seat; a person plays one seat). The first to
join a seat is its reader; any member of the seat may take the reader's part. Once every
seat has someone, play begins: each person sees the scene and votes for a choice. A
choice more than half of the seat's group voted for moves the whole group on at once;
when everyone has voted, the choice with the most votes does; on a tie the reader
decides between the tied choices. How long the group talked at each step is kept with
the group's choice; the votes themselves are deleted once the group has chosen, and
nobody ever sees who voted for what (the group sees counts).

At a meeting point (``meet:``) a seat's group waits until every seat has got there; then
what every seat has chosen so far becomes known to the others' scenes.

Every write names the cohort (``Database.write(cohort=...)``), so on PostgreSQL two
members voting at once queue rather than both deciding. Bad input is refused in plain
words and writes nothing. This module owns ``group_plays``, ``group_seats``,
``group_members``, ``group_votes`` and ``group_steps``.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from commonground.errors import StoreError
from commonground.scenario.engine import Play, PlayError, RestoreError

from . import _schema as t
from ._db import utcnow
from .people import ARCHIVED_MESSAGE, cohort_archived_at, kind_and_cohort

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from commonground.scenario.model import Scenario

    from ._db import Database
    from .people import Participant

__all__ = [
    "CODE_LETTERS",
    "MOST_IN_A_SEAT",
    "GroupPlays",
    "PlayedStep",
    "SeatNow",
    "TableNow",
    "normal_code",
]

MOST_IN_A_SEAT = 5
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY34679"  # none that look alike (0/O, 1/I/L, 5/S, 8/B)
CODE_LENGTH = 5

EVERYONE, MOST, READER = "everyone", "most", "reader"


def normal_code(code: str) -> str:
    """A code as typed ("  ac d-3f") in the form it is kept ("ACD3F")."""
    if not isinstance(code, str):
        return ""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _utc(value: _dt.datetime | None) -> _dt.datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=_dt.UTC)


@dataclass(frozen=True)
class PlayedStep:
    """What one seat's group chose at one step (no names)."""

    seat: str
    step: int
    node_id: str
    choice_id: str
    seconds: int
    how: str  # "everyone", "most" or "reader"


@dataclass(frozen=True)
class SeatNow:
    """A seat of a group play as it is now. ``votes`` are counts by choice (never who);
    ``tied`` the choices the reader is to decide between (empty: no tie)."""

    seat: str
    members: int
    saved: dict[str, Any]
    step: int
    step_started_at: _dt.datetime | None
    has_reader: bool
    votes: dict[str, int] = field(default_factory=dict)
    voted: int = 0
    tied: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableNow:
    """A group play as it is now, for one viewer: ``my_seat`` (None: not in it),
    ``my_vote`` at my seat's step, ``i_read`` (I am my seat's reader)."""

    id: int
    code: str
    scenario_id: str
    seats: dict[str, SeatNow]
    met: tuple[str, ...]
    known: dict[str, list[str]]
    changed_at: _dt.datetime
    my_seat: str | None = None
    my_vote: str | None = None
    i_read: bool = False

    @property
    def begun(self) -> bool:
        """Play begins once every seat has someone."""
        return all(s.members > 0 for s in self.seats.values())


class GroupPlays:
    def __init__(self, store: Database):
        self.store = store

    # -- starting and joining ----------------------------------------------------------
    def start(self, by: Participant, scenario: Scenario,
              today: _dt.date | None = None) -> str:
        """A new group play of ``scenario`` in ``by``'s cohort; returns its code."""
        if scenario.together is None:
            raise StoreError("That role-play is played from one seat at a time; choose one "
                             "written for playing together. Nothing was started.")
        cohort_id = self._cohort(by)
        now = utcnow()
        with self.store.write(cohort=cohort_id) as conn:
            self._check_member_of_cohort(conn, by, cohort_id, ("trainee", "facilitator"))
            code = self._new_code(conn)
            result = conn.execute(insert(t.group_plays).values(
                cohort_id=cohort_id, code=code, scenario_id=scenario.id, met="[]",
                known="{}", started_on=(today or _dt.date.today()).isoformat(),
                changed_at=now))
            key = result.inserted_primary_key
            assert key is not None
            play_id = int(key[0])
            for seat in scenario.together.seats:
                conn.execute(insert(t.group_seats).values(
                    play_id=play_id, seat=seat, reader_id=None,
                    state=json.dumps(Play(scenario, seat).to_dict()), step=0,
                    step_started_at=None))
        return code

    def find(self, cohort_id: int | None, code: str) -> int | None:
        """The group play with this code in the cohort (None: no such code there)."""
        code = normal_code(code)
        if cohort_id is None or not code:
            return None
        g = t.group_plays
        with self.store.read() as conn:
            found = conn.execute(select(g.c.id).where(g.c.code == code,
                                                      g.c.cohort_id == cohort_id)).scalar()
        return None if found is None else int(found)

    def join(self, person: Participant, code: str, seat: str, scenario: Scenario) -> int:
        """``person`` joins ``seat`` of the group play with ``code``; returns its id."""
        play_id = self.find(person.cohort_id, code)
        if play_id is None:
            raise StoreError("There is no group with that code in your cohort. Check the "
                             "code with your group. Nothing was changed.")
        cohort_id = self._cohort(person)
        m, s = t.group_members, t.group_seats
        with self.store.write(cohort=cohort_id) as conn:
            self._check_member_of_cohort(conn, person, cohort_id, ("trainee",))
            row = self._play_row(conn, play_id, scenario)
            if seat not in (scenario.together.seats if scenario.together else ()):
                raise StoreError("Choose one of the role-play's seats. Nothing was changed.")
            already = conn.execute(select(m.c.seat).where(
                m.c.play_id == play_id, m.c.participant_id == person.id)).scalar()
            if already is not None:
                if already == seat:
                    return play_id
                raise StoreError(f"You are already in this group on "
                                 f"{scenario.roles[already].name}'s seat.")
            members = conn.execute(select(func.count()).select_from(m).where(
                m.c.play_id == play_id, m.c.seat == seat)).scalar() or 0
            if members >= MOST_IN_A_SEAT:
                raise StoreError(f"That seat already has {MOST_IN_A_SEAT} people: choose "
                                 "another seat. Nothing was changed.")
            conn.execute(insert(m).values(play_id=play_id, participant_id=person.id,
                                          seat=seat))
            conn.execute(update(s).where(s.c.play_id == play_id, s.c.seat == seat,
                                         s.c.reader_id.is_(None))
                         .values(reader_id=person.id))
            now = utcnow()
            self._begin_if_ready(conn, play_id, row, scenario, now)
            self._touch(conn, play_id, now)
        return play_id

    def take_reader(self, person: Participant, play_id: int) -> None:
        """A member becomes their seat's reader (who decides a tie)."""
        cohort_id = self._cohort(person)
        with self.store.write(cohort=cohort_id) as conn:
            seat = self._seat_of(conn, person, play_id)
            s = t.group_seats
            conn.execute(update(s).where(s.c.play_id == play_id, s.c.seat == seat)
                         .values(reader_id=person.id))
            self._touch(conn, play_id, utcnow())

    # -- voting --------------------------------------------------------------------------
    def vote(self, person: Participant, play_id: int, choice_id: str, scenario: Scenario,
             now: _dt.datetime | None = None) -> None:
        """A member's vote for a choice open at their seat's step (a second vote replaces
        the first); the group moves on as soon as its choice is clear."""
        cohort_id = self._cohort(person)
        now = now or utcnow()
        v = t.group_votes
        with self.store.write(cohort=cohort_id) as conn:
            seat = self._seat_of(conn, person, play_id)
            row = self._play_row(conn, play_id, scenario)
            seat_row = self._seat_row(conn, play_id, seat)
            play = self._open_play(conn, play_id, row, seat, seat_row, scenario)
            if choice_id not in {c.id for c in play.choices()}:
                raise StoreError("That choice is not open here any more. Nothing was sent.")
            conn.execute(delete(v).where(v.c.play_id == play_id,
                                         v.c.participant_id == person.id,
                                         v.c.step == seat_row.step))
            conn.execute(insert(v).values(play_id=play_id, participant_id=person.id,
                                          step=seat_row.step, choice_id=choice_id))
            counts, members = self._counts(conn, play_id, seat, seat_row.step)
            winner = _winner(counts, members)
            if winner is not None:
                self._move(conn, play_id, row, seat, seat_row, play, winner[0], winner[1],
                           scenario, now)
            self._touch(conn, play_id, now)

    def decide(self, person: Participant, play_id: int, choice_id: str, scenario: Scenario,
               now: _dt.datetime | None = None) -> None:
        """The reader's decision on a tie: one of the tied choices."""
        cohort_id = self._cohort(person)
        now = now or utcnow()
        with self.store.write(cohort=cohort_id) as conn:
            seat = self._seat_of(conn, person, play_id)
            row = self._play_row(conn, play_id, scenario)
            seat_row = self._seat_row(conn, play_id, seat)
            if seat_row.reader_id != person.id:
                raise StoreError("Only your group's reader decides a tie. Nothing was sent.")
            play = self._open_play(conn, play_id, row, seat, seat_row, scenario)
            counts, members = self._counts(conn, play_id, seat, seat_row.step)
            tied = _tied(counts, members)
            if choice_id not in tied:
                raise StoreError("Choose one of the choices your group is tied on. "
                                 "Nothing was sent.")
            self._move(conn, play_id, row, seat, seat_row, play, choice_id, READER,
                       scenario, now)
            self._touch(conn, play_id, now)

    # -- reading -------------------------------------------------------------------------
    def now(self, play_id: int, viewer: Participant | None = None) -> TableNow | None:
        """The group play as it is now (None: gone), as ``viewer`` may see it."""
        g, s, m, v = t.group_plays, t.group_seats, t.group_members, t.group_votes
        with self.store.read() as conn:
            row = conn.execute(select(g).where(g.c.id == play_id)).first()
            if row is None:
                return None
            members = Counter(conn.execute(select(m.c.seat).where(
                m.c.play_id == play_id)).scalars())
            seats: dict[str, SeatNow] = {}
            my_seat = my_vote = None
            i_read = False
            if viewer is not None:
                my_seat = conn.execute(select(m.c.seat).where(
                    m.c.play_id == play_id, m.c.participant_id == viewer.id)).scalar()
            for sr in conn.execute(select(s).where(s.c.play_id == play_id)):
                counts, people = self._counts(conn, play_id, sr.seat, sr.step)
                seats[sr.seat] = SeatNow(
                    sr.seat, members.get(sr.seat, 0), json.loads(sr.state), int(sr.step),
                    _utc(sr.step_started_at), sr.reader_id is not None, dict(counts),
                    sum(counts.values()), _tied(counts, people))
                if sr.seat == my_seat and viewer is not None:
                    i_read = sr.reader_id == viewer.id
                    my_vote = conn.execute(select(v.c.choice_id).where(
                        v.c.play_id == play_id, v.c.participant_id == viewer.id,
                        v.c.step == sr.step)).scalar()
            changed = _utc(row.changed_at)
            assert changed is not None
            return TableNow(int(row.id), str(row.code), str(row.scenario_id), seats,
                            tuple(json.loads(row.met)), dict(json.loads(row.known)),
                            changed, my_seat, my_vote, i_read)

    def fingerprint(self, play_id: int) -> tuple[Any, ...]:
        """Changes with every join, vote and move (a live page's cheap poll)."""
        g = t.group_plays
        with self.store.read() as conn:
            return tuple(conn.execute(select(g.c.changed_at)
                                      .where(g.c.id == play_id)).scalars())

    def mine(self, person: Participant) -> list[int]:
        """The group plays ``person`` is in, newest first."""
        m = t.group_members
        with self.store.read() as conn:
            return [int(i) for i in conn.execute(select(m.c.play_id).where(
                m.c.participant_id == person.id).order_by(m.c.play_id.desc())).scalars()]

    def of_cohort(self, cohort_id: int) -> list[tuple[int, str, str]]:
        """Every group play of a cohort: (id, code, scenario id), oldest first."""
        g = t.group_plays
        with self.store.read() as conn:
            return [(int(r.id), str(r.code), str(r.scenario_id)) for r in conn.execute(
                select(g.c.id, g.c.code, g.c.scenario_id).where(g.c.cohort_id == cohort_id)
                .order_by(g.c.id))]

    def cohort_fingerprint(self, cohort_id: int) -> tuple[Any, ...]:
        """Changes when any group play of the cohort changes (the presenter view's poll)."""
        g = t.group_plays
        with self.store.read() as conn:
            row = conn.execute(select(func.count(), func.max(g.c.changed_at))
                               .where(g.c.cohort_id == cohort_id)).one()
            return (row[0], row[1])

    def steps(self, play_id: int) -> list[PlayedStep]:
        """What each seat's group chose, step by step (no names)."""
        st = t.group_steps
        with self.store.read() as conn:
            return [PlayedStep(r.seat, int(r.step), r.node_id, r.choice_id, int(r.seconds),
                               r.how) for r in conn.execute(
                select(st).where(st.c.play_id == play_id).order_by(st.c.seat, st.c.step))]

    # -- inside a write ------------------------------------------------------------------
    @staticmethod
    def _cohort(person: Participant) -> int:
        if person.cohort_id is None:
            raise StoreError("Playing together is for a cohort's trainees; on your own, "
                             "play the role-play above. Nothing was changed.")
        return person.cohort_id

    @staticmethod
    def _check_member_of_cohort(conn: Connection, person: Participant, cohort_id: int,
                                kinds: tuple[str, ...]) -> None:
        found = kind_and_cohort(conn, person.id)
        if found is None or found[1] != cohort_id or found[0] not in kinds:
            raise StoreError("Playing together is for a cohort's trainees. "
                             "Nothing was changed.")
        if cohort_archived_at(conn, cohort_id) is not None:
            raise StoreError(ARCHIVED_MESSAGE)

    @staticmethod
    def _new_code(conn: Connection) -> str:
        g = t.group_plays
        while True:
            code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
            if conn.execute(select(g.c.id).where(g.c.code == code)).first() is None:
                return code

    @staticmethod
    def _play_row(conn: Connection, play_id: int, scenario: Scenario) -> Any:
        g = t.group_plays
        row = conn.execute(select(g).where(g.c.id == play_id)).first()
        if row is None:
            raise StoreError("This group play is no longer in the course. Nothing was sent.")
        if row.scenario_id != scenario.id or scenario.together is None:
            raise StoreError("This group is playing another role-play. Nothing was sent.")
        if cohort_archived_at(conn, int(row.cohort_id)) is not None:
            raise StoreError(ARCHIVED_MESSAGE)
        return row

    @staticmethod
    def _seat_row(conn: Connection, play_id: int, seat: str) -> Any:
        s = t.group_seats
        return conn.execute(select(s).where(s.c.play_id == play_id, s.c.seat == seat)).one()

    @staticmethod
    def _seat_of(conn: Connection, person: Participant, play_id: int) -> str:
        m = t.group_members
        seat = conn.execute(select(m.c.seat).where(
            m.c.play_id == play_id, m.c.participant_id == person.id)).scalar()
        if seat is None:
            raise StoreError("You are not in this group. Join it with its code first. "
                             "Nothing was sent.")
        return str(seat)

    def _open_play(self, conn: Connection, play_id: int, row: Any, seat: str,
                   seat_row: Any, scenario: Scenario) -> Play:
        if seat_row.step_started_at is None:
            members = Counter(conn.execute(select(t.group_members.c.seat).where(
                t.group_members.c.play_id == play_id)).scalars())
            assert scenario.together is not None
            if any(not members.get(x) for x in scenario.together.seats):
                raise StoreError("Wait until every seat has someone; then the role-play "
                                 "begins. Nothing was sent.")
        play = self._play(scenario, seat_row.state, row.known)
        if play.finished:
            raise StoreError("Your group has reached an ending. Nothing was sent.")
        if play.node.meet and play.node.meet not in json.loads(row.met):
            raise StoreError("Your group is waiting for the other seats. Nothing was sent.")
        return play

    @staticmethod
    def _play(scenario: Scenario, state: str, known: str) -> Play:
        try:
            return Play.from_dict(scenario, json.loads(state), others=json.loads(known))
        except (RestoreError, ValueError) as exc:
            raise StoreError("This group play no longer fits the role-play (it was "
                             "changed). Start a new group.") from exc

    @staticmethod
    def _counts(conn: Connection, play_id: int, seat: str,
                step: int) -> tuple[Counter[str], int]:
        v, m = t.group_votes, t.group_members
        in_seat = select(m.c.participant_id).where(m.c.play_id == play_id, m.c.seat == seat)
        counts = Counter(conn.execute(select(v.c.choice_id).where(
            v.c.play_id == play_id, v.c.step == step,
            v.c.participant_id.in_(in_seat))).scalars())
        members = conn.execute(select(func.count()).select_from(m).where(
            m.c.play_id == play_id, m.c.seat == seat)).scalar() or 0
        return counts, int(members)

    def _move(self, conn: Connection, play_id: int, row: Any, seat: str, seat_row: Any,
              play: Play, choice_id: str, how: str, scenario: Scenario,
              now: _dt.datetime) -> None:
        node_id = play.node.id
        try:
            play.choose(choice_id)
        except PlayError as exc:
            raise StoreError("That choice is not open here any more. Nothing was sent.") \
                from exc
        began = _utc(seat_row.step_started_at) or now
        seconds = max(0, int((now - began).total_seconds()))
        conn.execute(insert(t.group_steps).values(
            play_id=play_id, seat=seat, step=int(seat_row.step), node_id=node_id,
            choice_id=choice_id, seconds=seconds, how=how))
        v, s = t.group_votes, t.group_seats
        conn.execute(delete(v).where(v.c.play_id == play_id, v.c.step == seat_row.step,
                                     v.c.participant_id.in_(select(
                                         t.group_members.c.participant_id).where(
                                         t.group_members.c.play_id == play_id,
                                         t.group_members.c.seat == seat))))
        met = json.loads(row.met)
        waiting = play.finished or bool(play.node.meet and play.node.meet not in met)
        conn.execute(update(s).where(s.c.play_id == play_id, s.c.seat == seat).values(
            state=json.dumps(play.to_dict()), step=int(seat_row.step) + 1,
            step_started_at=None if waiting else now))
        self._meet_if_all_there(conn, play_id, scenario, now)

    def _begin_if_ready(self, conn: Connection, play_id: int, row: Any, scenario: Scenario,
                        now: _dt.datetime) -> None:
        """Once every seat has someone, start each seat's clock (or meet at the start)."""
        assert scenario.together is not None
        s, m = t.group_seats, t.group_members
        members = Counter(conn.execute(select(m.c.seat).where(
            m.c.play_id == play_id)).scalars())
        if any(not members.get(x) for x in scenario.together.seats):
            return
        met = json.loads(row.met)
        for sr in conn.execute(select(s).where(s.c.play_id == play_id)).all():
            if sr.step_started_at is not None or sr.step > 0:
                continue
            play = self._play(scenario, sr.state, row.known)
            if not (play.node.meet and play.node.meet not in met):
                conn.execute(update(s).where(s.c.play_id == play_id, s.c.seat == sr.seat)
                             .values(step_started_at=now))
        self._meet_if_all_there(conn, play_id, scenario, now)

    def _meet_if_all_there(self, conn: Connection, play_id: int, scenario: Scenario,
                           now: _dt.datetime) -> None:
        """When every seat waits at the same meeting point, they meet: what each has
        chosen becomes known to the others, and every seat's clock starts."""
        g, s = t.group_plays, t.group_seats
        row = conn.execute(select(g).where(g.c.id == play_id)).one()
        met = json.loads(row.met)
        rows = conn.execute(select(s).where(s.c.play_id == play_id)).all()
        points = set()
        chosen: dict[str, list[str]] = {}
        for sr in rows:
            play = self._play(scenario, sr.state, row.known)
            if not play.node.meet or play.node.meet in met or play.finished:
                return
            points.add(play.node.meet)
            chosen[sr.seat] = play.chosen
        if len(points) != 1:
            return
        conn.execute(update(g).where(g.c.id == play_id).values(
            met=json.dumps([*met, points.pop()]), known=json.dumps(chosen)))
        conn.execute(update(s).where(s.c.play_id == play_id).values(step_started_at=now))

    @staticmethod
    def _touch(conn: Connection, play_id: int, now: _dt.datetime) -> None:
        g = t.group_plays
        conn.execute(update(g).where(g.c.id == play_id).values(changed_at=now))


def _tied(counts: Counter[str], members: int) -> tuple[str, ...]:
    """The choices a reader must decide between: everyone voted, no choice has more
    than the others (empty: no tie)."""
    if members == 0 or sum(counts.values()) < members or not counts:
        return ()
    top = max(counts.values())
    tied = sorted(c for c, n in counts.items() if n == top)
    return tuple(tied) if len(tied) > 1 else ()


def _winner(counts: Counter[str], members: int) -> tuple[str, str] | None:
    """The group's choice and how it was reached, or None (still voting, or a tie)."""
    if not counts or members == 0:
        return None
    choice, top = counts.most_common(1)[0]
    if top == members:
        return choice, EVERYONE
    if top * 2 > members:
        return choice, MOST
    if sum(counts.values()) >= members and not _tied(counts, members):
        return choice, MOST
    return None
