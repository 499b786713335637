"""The scenario player's model: roles, playing, saving, comparing. No widgets.

The view (``widgets.scenario``) calls these methods from its buttons; tests drive this
class directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from commonground.config import content_dir
from commonground.content.course import Prompt
from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.scenario import BACK, Play, RestoreError, Role, Scenario, View, load_scenario
from commonground.scenario.stepping_out import SteppingOut, stepping_out
from commonground.scenario.titles import debrief_prompt


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Scenario:
    return load_scenario(path)


def scenario_path(scenario_id: str, root: Path | None = None) -> Path:
    return Path(root or content_dir()) / "scenarios" / f"{scenario_id}.yaml"


def get_scenario(scenario_id: str, root: Path | None = None) -> Scenario:
    """Load (and check) a scenario by id; reloaded when its file changes."""
    path = scenario_path(scenario_id, root)
    if not path.exists():
        raise KeyError(
            f"There is no scenario {scenario_id!r}: expected the file "
            f"content/scenarios/{scenario_id}.yaml."
        )
    return _load(path, path.stat().st_mtime)


@dataclass(frozen=True)
class RoleSummary:
    """One finished play, for comparing roles side by side."""

    role_id: str
    role_name: str
    brief: str
    choices: tuple[str, ...]  # the labels chosen, in order
    ending_title: str


class ScenarioPlayerModel:
    def __init__(self, store: Store, participant: Participant, scenario: Scenario):
        self.store = store
        self.plays = store.plays
        self.participant = participant
        self.scenario = scenario
        self.play: Play | None = None
        self.play_id: int | None = None
        self.notice: str | None = None  # e.g. "the scenario changed; start again"
        record = self.plays.current(participant.id, scenario.id)
        if record is not None:
            try:
                self.play = Play.from_dict(scenario, record.state)
                self.play_id = record.id
            except RestoreError:
                self.notice = (
                    "This role-play has been updated since you last played, so it starts "
                    "afresh. Your earlier choices are still kept in your record."
                )

    # -- state -------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.play is not None

    def view(self) -> View | None:
        return self.play.view() if self.play else None

    @property
    def roles(self) -> list[Role]:
        return list(self.scenario.roles.values())

    # -- moves -------------------------------------------------------------------------
    def start(self, role_id: str) -> View:
        play = Play(self.scenario)
        view = play.start(role_id)
        self.play_id = self.plays.start(
            self.participant.id, self.scenario.id, role_id, play.to_dict()
        )
        self.play = play
        self.notice = None
        return view

    def choose(self, choice_id: str) -> View:
        play, play_id = self._require_play()
        at = play.node.id
        play.choose(choice_id)
        ending = play.node.id if play.finished else None
        self.plays.record_step(play_id, self.participant.id, at, choice_id, play.to_dict(), ending)
        return play.view()

    def back(self) -> View:
        play, play_id = self._require_play()
        at = play.node.id
        view = play.back()
        self.plays.record_step(play_id, self.participant.id, at, BACK, play.to_dict())
        return view

    def leave(self) -> None:
        """Stop for now. Progress is kept: coming back continues from here."""
        self.play = None

    def resume(self) -> View | None:
        record = self.plays.current(self.participant.id, self.scenario.id)
        if record is None:
            return None
        self.play = Play.from_dict(self.scenario, record.state)
        self.play_id = record.id
        return self.play.view()

    def has_saved_play(self) -> bool:
        record = self.plays.current(self.participant.id, self.scenario.id)
        return record is not None and record.status == "playing"

    # -- after a choice ----------------------------------------------------------------
    def cohort_counts(self, node_id: str) -> list[tuple[str, int]] | None:
        """At a decision point just passed: how others in the cohort chose (labels and
        counts only; None unless at least three others chose there)."""
        counts = self.plays.cohort_choice_counts(
            self.participant.cohort_id, self.scenario.id, node_id, self.participant.id
        )
        if not counts:
            return None
        labels = {c.id: c.label for c in self.scenario.nodes[node_id].choices}
        return [(labels.get(cid, cid), n) for cid, n in sorted(counts.items(), key=lambda x: -x[1])]

    # -- after the play -------------------------------------------------------------------
    def after_play_prompt(self) -> Prompt | None:
        """The question the ending just reached asks from this seat, as a reflection
        prompt of its own: answers to it are kept, shared and graded with this seat's
        question at this ending, never with another's. None before an ending, or when
        the ending asks nothing."""
        view = self.view()
        if view is None or not view.is_ending or not view.reflection:
            return None
        return debrief_prompt(self.scenario, view.role, view.node_id, view.reflection)

    def step_out(self) -> SteppingOut | None:
        """At an ending reached as the person at the centre (Tania, Mel, Reza...): the
        step out of the role, shown after the debrief. None anywhere else."""
        view = self.view()
        if view is None or not view.is_ending:
            return None
        return stepping_out(self.scenario, view.role)

    # -- comparing roles -----------------------------------------------------------------
    def finished_roles(self) -> list[RoleSummary]:
        choices = self.scenario.choices()
        out = []
        for rec in self.plays.finished(self.participant.id, self.scenario.id):
            role = self.scenario.roles.get(rec.role_id)
            if role is None:
                continue
            steps = self.plays.steps(self.participant.id, rec.id)
            labels = tuple(
                choices[s.choice_id].label for s in steps if s.choice_id in choices
            )
            node = self.scenario.nodes.get(rec.ending_id or "")
            ending = node.ending.title if node and node.ending else ""
            out.append(RoleSummary(rec.role_id, role.name, role.brief, labels, ending))
        return out

    def unplayed_roles(self, finished: list[RoleSummary] | None = None) -> list[str]:
        """The roles not yet played to an ending (from ``finished`` when the caller
        has just read :meth:`finished_roles`)."""
        done = {r.role_id for r in (self.finished_roles() if finished is None else finished)}
        return [r for r in self.scenario.roles if r not in done]

    def _require_play(self) -> tuple[Play, int]:
        if self.play is None or self.play_id is None:
            raise RuntimeError("choose a role and start first")
        return self.play, self.play_id
