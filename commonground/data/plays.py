"""Scenario plays in the database: saved progress and the path log of every play; the
owner of the tables ``scenario_plays`` and ``scenario_steps``.

Reads are scoped to one participant, except :meth:`Plays.cohort_choice_counts`, which
returns counts only, and only when enough other people chose at that point, and the
facilitator-side reads that take the people to read (``members``, from
:func:`commonground.data.people.cohort_members`).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Row, Select, and_, func, select, update

from commonground.scenario.engine import BACK

from . import _schema as t
from ._db import new_id, utcnow
from .people import cohort_members, ensure_writable

if TYPE_CHECKING:
    from ._db import Database

__all__ = ["MIN_OTHERS", "ChoiceMade", "PlayRecord", "Plays", "StepRecord"]

MIN_OTHERS = 3  # cohort counts are shown only when at least this many others chose


@dataclass(frozen=True)
class PlayRecord:
    id: int
    scenario_id: str
    role_id: str
    state: dict
    status: str  # playing | finished | left
    ending_id: str | None
    started_at: _dt.datetime
    finished_at: _dt.datetime | None


@dataclass(frozen=True)
class StepRecord:
    seq: int
    node_id: str
    choice_id: str
    state: dict


@dataclass(frozen=True)
class ChoiceMade:
    """One choice one person made (stepping back is not a choice)."""

    participant_id: int
    scenario_id: str
    node_id: str
    choice_id: str


def _record(row: Row) -> PlayRecord:
    return PlayRecord(
        row.id, row.scenario_id, row.role_id, json.loads(row.state_json), row.status,
        row.ending_id, row.started_at, row.finished_at,
    )


class Plays:
    def __init__(self, store: Database):
        self.store = store

    def start(self, participant_id: int, scenario_id: str, role_id: str, state: dict) -> int:
        """A new play. An unfinished earlier play of the same scenario is marked as left."""
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            ensure_writable(conn, participant_id)
            conn.execute(
                update(t.scenario_plays)
                .where(
                    t.scenario_plays.c.participant_id == participant_id,
                    t.scenario_plays.c.scenario_id == scenario_id,
                    t.scenario_plays.c.status == "playing",
                )
                .values(status="left", updated_at=now)
            )
            return new_id(conn.execute(
                t.scenario_plays.insert().values(
                    participant_id=participant_id, scenario_id=scenario_id, role_id=role_id,
                    state_json=json.dumps(state), status="playing", started_at=now,
                    updated_at=now,
                )
            ))

    def record_step(
        self,
        play_id: int,
        participant_id: int,
        node_id: str,
        choice_id: str,
        state: dict,
        ending_id: str | None = None,
    ) -> None:
        """Save progress after a choice and add it to the path log, in one transaction."""
        now = utcnow()
        with self.store.write(participant=participant_id) as conn:
            ensure_writable(conn, participant_id)
            seq = conn.execute(
                select(func.count()).where(t.scenario_steps.c.play_id == play_id)
            ).scalar() or 0
            conn.execute(
                t.scenario_steps.insert().values(
                    play_id=play_id, seq=seq + 1, node_id=node_id, choice_id=choice_id,
                    state_json=json.dumps(state.get("now", {}).get("values", {})), at=now,
                )
            )
            values = dict(state_json=json.dumps(state), updated_at=now)
            if ending_id:
                values.update(status="finished", ending_id=ending_id, finished_at=now)
            conn.execute(
                update(t.scenario_plays)
                .where(
                    t.scenario_plays.c.id == play_id,
                    t.scenario_plays.c.participant_id == participant_id,
                )
                .values(**values)
            )

    def current(self, participant_id: int, scenario_id: str) -> PlayRecord | None:
        """The play to show on arrival: the latest, if still in progress or just finished."""
        with self.store.read() as conn:
            row = conn.execute(
                select(t.scenario_plays)
                .where(
                    t.scenario_plays.c.participant_id == participant_id,
                    t.scenario_plays.c.scenario_id == scenario_id,
                )
                .order_by(t.scenario_plays.c.id.desc())
                .limit(1)
            ).first()
        return _record(row) if row and row.status in ("playing", "finished") else None

    def finished(self, participant_id: int, scenario_id: str) -> list[PlayRecord]:
        """The latest finished play for each role, oldest first."""
        with self.store.read() as conn:
            rows = conn.execute(
                select(t.scenario_plays)
                .where(
                    t.scenario_plays.c.participant_id == participant_id,
                    t.scenario_plays.c.scenario_id == scenario_id,
                    t.scenario_plays.c.status == "finished",
                )
                .order_by(t.scenario_plays.c.id)
            ).fetchall()
        latest = {r.role_id: _record(r) for r in rows}
        return sorted(latest.values(), key=lambda p: p.id)

    def set_status(self, participant_id: int, play_id: int, status: str) -> None:
        with self.store.write(participant=participant_id) as conn:
            conn.execute(
                update(t.scenario_plays)
                .where(
                    t.scenario_plays.c.id == play_id,
                    t.scenario_plays.c.participant_id == participant_id,
                )
                .values(status=status, updated_at=utcnow())
            )

    def steps(self, participant_id: int, play_id: int) -> list[StepRecord]:
        with self.store.read() as conn:
            rows = conn.execute(
                select(t.scenario_steps)
                .join(t.scenario_plays, t.scenario_plays.c.id == t.scenario_steps.c.play_id)
                .where(
                    t.scenario_steps.c.play_id == play_id,
                    t.scenario_plays.c.participant_id == participant_id,
                )
                .order_by(t.scenario_steps.c.seq)
            )
            return [StepRecord(r.seq, r.node_id, r.choice_id, json.loads(r.state_json))
                    for r in rows]

    def cohort_choice_counts(
        self, cohort_id: int | None, scenario_id: str, node_id: str, exclude_participant: int
    ) -> dict[str, int] | None:
        """How many other people in the cohort took each choice at this point (each person
        counted once, by their latest choice there). None unless at least MIN_OTHERS did."""
        if cohort_id is None:
            return None
        s, pl = t.scenario_steps, t.scenario_plays
        with self.store.read() as conn:
            rows = conn.execute(
                select(pl.c.participant_id, s.c.choice_id, s.c.id)
                .select_from(s.join(pl, pl.c.id == s.c.play_id))
                .where(
                    and_(
                        pl.c.participant_id.in_(cohort_members(cohort_id)),
                        pl.c.scenario_id == scenario_id,
                        s.c.node_id == node_id,
                        pl.c.participant_id != exclude_participant,
                        s.c.choice_id != BACK,
                    )
                )
                .order_by(s.c.id)
            ).fetchall()
        latest = {r.participant_id: r.choice_id for r in rows}
        if len(latest) < MIN_OTHERS:
            return None
        counts: dict[str, int] = {}
        for choice in latest.values():
            counts[choice] = counts.get(choice, 0) + 1
        return counts

    # -- facilitator side ------------------------------------------------------------
    def finished_for(self, participant_id: int) -> list[PlayRecord]:
        """Every play one participant finished, in the order finished (their journal)."""
        sp = t.scenario_plays
        with self.store.read() as conn:
            rows = conn.execute(
                select(sp)
                .where(sp.c.participant_id == participant_id, sp.c.status == "finished")
                .order_by(sp.c.finished_at, sp.c.id)
            ).fetchall()
        return [_record(r) for r in rows]

    def paths(
        self, participant_ids: list[int], scenario_ids: list[str]
    ) -> dict[int, list[tuple[PlayRecord, list[StepRecord]]]]:
        """participant id -> [(play, its steps in order)], plays in the order started."""
        found: dict[int, list[tuple[PlayRecord, list[StepRecord]]]] = {}
        if not participant_ids or not scenario_ids:
            return found
        sp, ss = t.scenario_plays, t.scenario_steps
        with self.store.read() as conn:
            plays = conn.execute(
                select(sp)
                .where(sp.c.participant_id.in_(participant_ids),
                       sp.c.scenario_id.in_(scenario_ids))
                .order_by(sp.c.participant_id, sp.c.started_at, sp.c.id)
            ).fetchall()
            steps: dict[int, list[StepRecord]] = {p.id: [] for p in plays}
            if plays:
                for r in conn.execute(
                    select(ss)
                    .where(ss.c.play_id.in_(list(steps)))
                    .order_by(ss.c.play_id, ss.c.seq)
                ):
                    steps[r.play_id].append(
                        StepRecord(r.seq, r.node_id, r.choice_id, json.loads(r.state_json))
                    )
        for play in plays:
            found.setdefault(play.participant_id, []).append((_record(play), steps[play.id]))
        return found

    def choices(self, members: Select) -> list[ChoiceMade]:
        """Every choice the given people made, in any play (stepping back left out)."""
        pl, st = t.scenario_plays, t.scenario_steps
        with self.store.read() as conn:
            rows = conn.execute(
                select(pl.c.participant_id, pl.c.scenario_id, st.c.node_id, st.c.choice_id)
                .select_from(st.join(pl, pl.c.id == st.c.play_id))
                .where(pl.c.participant_id.in_(members), st.c.choice_id != BACK)
                .order_by(st.c.id)
            )
            return [ChoiceMade(*r) for r in rows]

    def reached(self, members: Select, scenario_id: str, role_id: str | None = None,
                ending_id: str | None = None) -> int:
        """How many of the given people finished a play of the scenario (from ``role_id``,
        at ``ending_id``, when given): the people an after-play question was put to."""
        pl = t.scenario_plays
        where = [pl.c.participant_id.in_(members), pl.c.scenario_id == scenario_id,
                 pl.c.status == "finished"]
        if role_id is not None:
            where.append(pl.c.role_id == role_id)
        if ending_id is not None:
            where.append(pl.c.ending_id == ending_id)
        with self.store.read() as conn:
            return int(conn.execute(
                select(func.count(pl.c.participant_id.distinct())).where(*where)
            ).scalar() or 0)

    def fingerprint(self, members: Select) -> int:
        """Changes whenever any of these people makes a choice."""
        pl, st = t.scenario_plays, t.scenario_steps
        with self.store.read() as conn:
            return int(conn.execute(
                select(func.count(st.c.id))
                .select_from(st.join(pl, pl.c.id == st.c.play_id))
                .where(pl.c.participant_id.in_(members))
            ).scalar() or 0)
