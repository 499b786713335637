"""The facilitator dashboard's model: what one cohort's facilitator may see, as plain rows.

No pandas and no widgets here (``widgets.dashboard`` turns these rows into tables and
plots). Every query is scoped to the facilitator's own cohort and honours people's
choices: only reflections shared with the facilitator are read, anonymous posts carry
no author, and scenario choices are counted by agency only where at least
:data:`MIN_CELL` people stand behind a number.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from sqlalchemy import and_, func, select

from . import _schema as t
from .people import Participant
from .store import Store, StoreError

MIN_CELL = 3  # the fewest people a reported scenario count may describe
NO_AGENCY = "(no agency given)"

FACILITATORS_ONLY = (
    "This page is for facilitators only. Open it with your facilitator link; if you are a "
    "trainee, your modules are in the course outline."
)


class NotFacilitator(StoreError):
    pass


@dataclass(frozen=True)
class ModuleCount:
    module_id: str
    title: str
    trainees: int
    visited: int
    completed: int


@dataclass(frozen=True)
class AgencyCount:
    agency: str
    module_id: str
    people: int  # trainees from this agency
    visited: int
    completed: int


@dataclass(frozen=True)
class AwaitingFeedback:
    participant_id: int
    name: str
    agency: str
    module_id: str
    prompt_id: str
    version: int
    text: str
    submitted_at: _dt.datetime


@dataclass(frozen=True)
class ChoiceCell:
    scenario_id: str
    node_id: str
    choice_id: str
    agency: str
    people: int
    scenario: str = ""  # titles and labels when the scenario file can be read
    node: str = ""
    choice: str = ""


@dataclass(frozen=True)
class ScenarioChoices:
    cells: tuple[ChoiceCell, ...]  # only cells with at least MIN_CELL people
    withheld: int  # how many smaller cells were left out


class Dashboard:
    def __init__(self, store: Store, person: Participant):
        self.store = store
        if not person.is_facilitator or person.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.facilitator = person
        self.cohort_id = person.cohort_id
        self.cohort_name = person.cohort_name or ""

    def _trainees(self):
        p = t.participants
        return and_(p.c.cohort_id == self.cohort_id, p.c.kind == "trainee")

    # -- participation -------------------------------------------------------------
    def by_module(self) -> list[ModuleCount]:
        p, pr = t.participants, t.progress
        with self.store.read() as conn:
            trainees = conn.execute(select(func.count()).where(self._trainees())).scalar()
            rows = conn.execute(
                select(pr.c.module_id, func.count(), func.count(pr.c.completed_at))
                .select_from(pr.join(p, p.c.id == pr.c.participant_id))
                .where(self._trainees())
                .group_by(pr.c.module_id)
            ).fetchall()
        counts = {r[0]: (r[1], r[2]) for r in rows}
        return [
            ModuleCount(mid, title, trainees, *counts.get(mid, (0, 0)))
            for mid, title in self._modules(counts)
        ]

    def by_agency(self) -> list[AgencyCount]:
        p, pr = t.participants, t.progress
        with self.store.read() as conn:
            people = dict(conn.execute(
                select(p.c.agency, func.count()).where(self._trainees()).group_by(p.c.agency)
            ).fetchall())
            rows = conn.execute(
                select(p.c.agency, pr.c.module_id, func.count(), func.count(pr.c.completed_at))
                .select_from(pr.join(p, p.c.id == pr.c.participant_id))
                .where(self._trainees())
                .group_by(p.c.agency, pr.c.module_id)
            ).fetchall()
        counts = {(r[0], r[1]): (r[2], r[3]) for r in rows}
        modules = self._modules({m for _, m in counts})
        return [
            AgencyCount(agency or NO_AGENCY, mid, n, *counts.get((agency, mid), (0, 0)))
            for agency, n in sorted(people.items())
            for mid, _title in modules
        ]

    def _modules(self, seen) -> list[tuple[str, str]]:
        try:
            from .course import load_course

            outline = [(m.id, m.title) for m in load_course().modules]
        except Exception:  # an outline problem must not hide the data
            outline = []
        known = {mid for mid, _ in outline}
        return outline + [(m, m) for m in sorted(set(seen) - known)]

    # -- reflections shared with the facilitator -----------------------------------
    def awaiting_feedback(self) -> list[AwaitingFeedback]:
        """The latest version of each reflection its author shares with the facilitator
        now, where that version has no feedback yet. Oldest first."""
        r, v, p, fb = t.reflections, t.reflection_versions, t.participants, t.reflection_feedback
        latest = (
            select(v.c.reflection_id, func.max(v.c.version).label("version"))
            .group_by(v.c.reflection_id)
            .subquery()
        )
        has_feedback = (
            select(fb.c.id)
            .where(fb.c.reflection_id == r.c.id, fb.c.version == latest.c.version)
            .exists()
        )
        query = (
            select(p.c.id, p.c.display_name, p.c.agency, r.c.module_id, r.c.prompt_id,
                   v.c.version, v.c.text, v.c.submitted_at)
            .select_from(
                r.join(p, p.c.id == r.c.participant_id)
                .join(latest, latest.c.reflection_id == r.c.id)
                .join(v, (v.c.reflection_id == r.c.id) & (v.c.version == latest.c.version))
            )
            .where(p.c.cohort_id == self.cohort_id, r.c.visibility == "facilitator",
                   ~has_feedback)
            .order_by(v.c.submitted_at, r.c.id)
        )
        with self.store.read() as conn:
            return [AwaitingFeedback(*row) for row in conn.execute(query)]

    def give_feedback(self, item: AwaitingFeedback, comment: str) -> None:
        """Record feedback on the item and release it to its author at once."""
        comment = (comment or "").strip()
        if not comment:
            raise StoreError("Write some feedback first.")
        person = self.store.people.get(item.participant_id)
        if person.cohort_id != self.cohort_id:
            raise StoreError("That reflection is not from your cohort.")
        self.store.reflections.give_feedback(item.participant_id, item.prompt_id, item.version,
                                             comment)
        self.store.reflections.release_feedback(item.participant_id, item.prompt_id,
                                                item.version)

    # -- scenario choices ----------------------------------------------------------
    def scenario_choices(self) -> ScenarioChoices:
        """How many trainees of each agency took each choice at each decision point,
        reporting only cells of at least MIN_CELL people (and no totals, from which a
        withheld cell could be worked out)."""
        p, pl, st = t.participants, t.scenario_plays, t.scenario_steps
        people = func.count(func.distinct(p.c.id))
        query = (
            select(pl.c.scenario_id, st.c.node_id, st.c.choice_id, p.c.agency, people)
            .select_from(
                st.join(pl, pl.c.id == st.c.play_id).join(p, p.c.id == pl.c.participant_id)
            )
            .where(self._trainees())
            .group_by(pl.c.scenario_id, st.c.node_id, st.c.choice_id, p.c.agency)
            .order_by(pl.c.scenario_id, st.c.node_id, st.c.choice_id, p.c.agency)
        )
        with self.store.read() as conn:
            rows = conn.execute(query).fetchall()
        labels = _scenario_labels({r[0] for r in rows})
        kept = []
        for sid, node, choice, agency, n in rows:
            if n >= MIN_CELL:
                s_title, n_title, c_label = labels.get((sid, node, choice), ("", "", ""))
                kept.append(ChoiceCell(sid, node, choice, agency or NO_AGENCY, n,
                                       s_title, n_title, c_label))
        return ScenarioChoices(tuple(kept), len(rows) - len(kept))

    # -- for the live refresh ------------------------------------------------------
    def fingerprint(self) -> tuple:
        p, pr, r, st, pl, fb = (t.participants, t.progress, t.reflections, t.scenario_steps,
                                t.scenario_plays, t.reflection_feedback)
        mine = p.c.cohort_id == self.cohort_id
        with self.store.read() as conn:
            return (
                conn.execute(select(func.count(), func.count(pr.c.completed_at))
                             .select_from(pr.join(p, p.c.id == pr.c.participant_id))
                             .where(mine)).one()[:],
                conn.execute(select(func.count(), func.max(r.c.updated_at))
                             .select_from(r.join(p, p.c.id == r.c.participant_id))
                             .where(mine)).one()[:],
                conn.execute(select(func.count(fb.c.id))
                             .select_from(fb.join(r, r.c.id == fb.c.reflection_id)
                                          .join(p, p.c.id == r.c.participant_id))
                             .where(mine)).scalar(),
                conn.execute(select(func.count(st.c.id))
                             .select_from(st.join(pl, pl.c.id == st.c.play_id)
                                          .join(p, p.c.id == pl.c.participant_id))
                             .where(mine)).scalar(),
                conn.execute(select(func.count()).where(mine)).scalar(),
            )


def _scenario_labels(scenario_ids: set[str]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """Titles and choice labels from the scenario files, where they can be read."""
    if not scenario_ids:
        return {}
    try:
        from .config import content_dir
        from .scenario import load_scenarios

        scenarios = load_scenarios(content_dir() / "scenarios", check=False)
    except Exception:  # a broken scenario file must not hide the data: show the ids
        return {}
    labels = {}
    for sid in scenario_ids:
        sc = scenarios.get(sid)
        if sc is None:
            continue
        for node in getattr(sc, "nodes", {}).values():
            for choice in node.choices:
                labels[(sid, node.id, choice.id)] = (sc.title, node.title or node.id,
                                                     choice.label)
    return labels
