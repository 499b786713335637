"""The facilitator dashboard's model: what one cohort's facilitator may see, as plain rows.

No pandas and no widgets here (``widgets.dashboard`` turns these rows into tables and
plots). Every query is scoped to the facilitator's own cohort and honours people's
choices: only reflections shared with the facilitator are read, anonymous posts carry
no author, and scenario choices are counted by agency only where at least
:data:`MIN_CELL` people stand behind a number.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from commonground.data import reflections
from commonground.data.assessment import MARKS, AssessmentSettings, mark_for_score
from commonground.data.evaluation import EvaluationSummary
from commonground.data.people import Participant, cohort_members
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.scenario import titles

MIN_CELL = 3  # the fewest people a reported scenario count may describe
FEEDBACK_LIMIT = 20_000  # characters of one feedback comment (about 3 000 words)
NO_AGENCY = "(no agency given)"
GONE_STEP = "A decision point that is no longer in the role-play"
GONE_CHOICE = "A choice that is no longer in the role-play"

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
    title: str = ""  # what it answers, in words: its prompt's title (a role-play's with
    # its seat and its ending's question: titles.prompt_heading)


@dataclass(frozen=True)
class ChoiceCell:
    scenario_id: str
    node_id: str
    choice_id: str
    agency: str
    people: int
    scenario: str = ""  # the role-play's title, the decision point's and the choice's
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

    def _trainees(self) -> list[Participant]:
        return [m for m in self.store.people.members(self.cohort_id) if m.kind == "trainee"]

    def trainee_count(self) -> int:
        """How many trainees the cohort has (the room a module is got ready for)."""
        return len(self._trainees())

    def from_lms(self) -> bool:
        """Whether the cohort is an LMS course's (launched from an LMS)."""
        return self.store.lti.from_lms(self.cohort_id)

    def has_lms_roster(self) -> bool:
        """Whether the cohort came from an LMS course whose roster the course can read."""
        return bool(self.store.lti.rosters(self.cohort_id))

    def pull_roster(self) -> str:
        """Bring the LMS course's roster in; what changed, in words."""
        from commonground.lti.roster import pull_roster
        from commonground.lti.settings import key_folder

        return pull_roster(self.store, self.cohort_id, key_folder()).summary()

    def marks_waiting(self) -> list[str]:
        """For each LMS with marks of this cohort not yet in its gradebook, in words:
        "3 marks waiting to reach Moodle" (none: every mark has reached its LMS)."""
        waiting = self.store.lti_marks.waiting(self.cohort_id)
        return [f"{n} mark{'' if n == 1 else 's'} waiting to reach "
                f"{self.store.lti.get(platform_id).shown_name}"
                for platform_id, n in sorted(waiting.items())]

    # -- participation -------------------------------------------------------------
    def by_module(self) -> list[ModuleCount]:
        with self.store.read():  # one snapshot for the people and their visits
            trainees = len(self._trainees())
            visits = self.store.progress.visits(cohort_members(self.cohort_id, "trainee"))
        visited = Counter(v.module_id for v in visits)
        completed = Counter(v.module_id for v in visits if v.completed)
        return [
            ModuleCount(mid, title, trainees, visited[mid], completed[mid])
            for mid, title in self._modules(visited)
        ]

    def by_agency(self) -> list[AgencyCount]:
        with self.store.read():
            trainees = self._trainees()
            visits = self.store.progress.visits(cohort_members(self.cohort_id, "trainee"))
        agency_of = {p.id: p.agency for p in trainees}
        people = Counter(agency_of.values())
        visited: Counter[tuple[str, str]] = Counter()
        completed: Counter[tuple[str, str]] = Counter()
        for v in visits:
            key = (agency_of.get(v.participant_id, ""), v.module_id)
            visited[key] += 1
            completed[key] += v.completed
        modules = self._modules({m for _, m in visited})
        return [
            AgencyCount(agency or NO_AGENCY, mid, n, visited[(agency, mid)],
                        completed[(agency, mid)])
            for agency, n in sorted(people.items())
            for mid, _title in modules
        ]

    def _modules(self, seen: Iterable[str]) -> list[tuple[str, str]]:
        try:
            from commonground.content.course import load_course

            outline = [(m.id, m.title) for m in load_course().modules]
        except Exception:  # an outline problem must not hide the data
            outline = []
        known = {mid for mid, _ in outline}
        return outline + [(m, titles.GONE_MODULE) for m in sorted(set(seen) - known)]

    # -- reflections shared with the facilitator -----------------------------------
    def awaiting_feedback(self) -> list[AwaitingFeedback]:
        """The latest version of each reflection its author shares with the facilitator
        now, where that version has no feedback yet. Oldest first."""
        with self.store.read():
            people = {p.id: p for p in self.store.people.members(self.cohort_id)}
            waiting = reflections.awaiting_feedback(self.store, cohort_members(self.cohort_id))
        return [
            AwaitingFeedback(w.participant_id, people[w.participant_id].display_name,
                             people[w.participant_id].agency, w.module_id, w.prompt_id,
                             w.version, w.text, w.submitted_at,
                             titles.prompt_heading(w.prompt_id, w.module_id))
            for w in waiting
            if w.participant_id in people
        ]

    def give_feedback(self, item: AwaitingFeedback, comment: str, mark: str | None = None,
                      score: float | None = None, to_lms: bool = False) -> None:
        """Record feedback on the item and release it to its author at once: a comment
        with a completion mark ("complete" / "not_yet"), or, where the cohort uses the
        scored rubric, with a score on the prompt's rubric (0 is "not yet"). Where the
        module is a graded activity of an LMS, its mark reaches the LMS's gradebook
        (:mod:`commonground.lti.marks`); the comment too only with ``to_lms`` (the
        facilitator ticked "Send my comment to the LMS too")."""
        comment = (comment or "").strip()
        if not comment:
            raise StoreError("Write some feedback first.")
        max_score = None
        if self.assessment().scored_rubric:
            max_score = self.rubric_points(item)
            if score is None:
                raise StoreError(
                    f"Give a score from 0 to {max_score:g} on the rubric (0 means not yet "
                    "complete). Nothing was sent, and your words are still in the box."
                )
            mark = mark_for_score(score)
        elif mark is not None and mark not in MARKS:
            raise StoreError("Choose “Complete” or “Not yet”. Nothing was sent.")
        else:
            score = None
        if len(comment) > FEEDBACK_LIMIT:
            raise StoreError(
                f"This feedback is {len(comment):,} characters long; please keep it to "
                f"{FEEDBACK_LIMIT:,} or fewer. Nothing was sent, and your words are still in "
                "the box."
            )
        person = self.store.people.get(item.participant_id)
        if person.cohort_id != self.cohort_id:
            raise StoreError("That reflection is not from your cohort.")
        self.store.reflections.give_feedback(item.participant_id, item.prompt_id, item.version,
                                             comment, score, max_score, mark=mark,
                                             to_lms=to_lms)
        self.store.reflections.release_feedback(item.participant_id, item.prompt_id,
                                                item.version)

    # -- how reflections are assessed (formative by default) -------------------------
    def assessment(self) -> AssessmentSettings:
        return self.store.assessment.settings(self.cohort_id)

    def change_assessment(self, *, scored_rubric: bool | None = None,
                          passing_counts: bool | None = None,
                          lms_keeps_complete: bool | None = None) -> AssessmentSettings:
        return self.store.assessment.change(self.cohort_id, scored_rubric=scored_rubric,
                                            passing_counts=passing_counts,
                                            lms_keeps_complete=lms_keeps_complete)

    def graded_in_lms(self) -> dict[tuple[int, str], str]:
        """(trainee, module) -> the LMS whose gradebook has that module as a graded
        activity, for this cohort (where "Send my comment to the LMS too" is offered)."""
        names: dict[int, str] = {}
        found = {}
        for key, platform_id in self.store.lti_marks.graded_in(self.cohort_id).items():
            if platform_id not in names:
                names[platform_id] = self.store.lti.get(platform_id).shown_name
            found[key] = names[platform_id]
        return found

    @staticmethod
    def rubric_points(item: AwaitingFeedback) -> float:
        """The most a reflection can score on its prompt's rubric."""
        from commonground.content.course import load_course

        try:
            return float(load_course().prompt(item.prompt_id, item.module_id).points) or 1.0
        except KeyError:  # a prompt renamed since: score it out of 1
            return 1.0

    # -- the course evaluation (anonymous, in aggregate only) ------------------------
    def evaluation(self) -> EvaluationSummary:
        """The cohort's evaluation answers, added up (see commonground.data.evaluation)."""
        from commonground.content.evaluation_form import load_evaluation_form

        return self.store.evaluation.summary(self.cohort_id, load_evaluation_form())

    # -- scenario choices ----------------------------------------------------------
    def scenario_choices(self) -> ScenarioChoices:
        """How many trainees of each agency took each choice at each decision point,
        reporting only cells of at least MIN_CELL people (and no totals, from which a
        withheld cell could be worked out)."""
        with self.store.read():
            agency_of = {p.id: p.agency for p in self._trainees()}
            choices = self.store.plays.choices(cohort_members(self.cohort_id, "trainee"))
        people: defaultdict[tuple[str, str, str, str], set[int]] = defaultdict(set)
        for c in choices:
            key = (c.scenario_id, c.node_id, c.choice_id, agency_of.get(c.participant_id, ""))
            people[key].add(c.participant_id)
        labels = _scenario_labels({sid for sid, *_ in people})
        kept = []
        for (sid, node, choice, agency), who in sorted(people.items()):
            if len(who) >= MIN_CELL:
                s_title, n_title, c_label = labels.get(
                    (sid, node, choice), (titles.scenario_title(sid), GONE_STEP, GONE_CHOICE))
                kept.append(ChoiceCell(sid, node, choice, agency or NO_AGENCY, len(who),
                                       s_title, n_title, c_label))
        return ScenarioChoices(tuple(kept), len(people) - len(kept))

    # -- for the live refresh ------------------------------------------------------
    def fingerprint(self) -> tuple:
        members = cohort_members(self.cohort_id)
        with self.store.read():
            return (
                self.store.progress.fingerprint(members),
                reflections.fingerprint(self.store, members),
                self.store.plays.fingerprint(members),
                len(self.store.people.members(self.cohort_id)),
                self.store.evaluation.responses(self.cohort_id),
                self.assessment(),
                tuple(sorted(self.store.lti_marks.waiting(self.cohort_id).items())),
            )


def _scenario_labels(scenario_ids: set[str]) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """Titles and choice labels from the scenario files, where they can be read."""
    labels = {}
    for sid in scenario_ids:
        sc = titles.find_scenario(sid)
        if sc is None:
            continue
        for node in sc.nodes.values():
            for choice in node.choices:
                labels[(sid, node.id, choice.id)] = (sc.title, node.title or node.id,
                                                     choice.label)
    return labels
