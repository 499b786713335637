"""The room in a live session, without widgets: the facilitator's controls (move the
room, pause for everyone, a break, carry on) and what each trainee's module page says
about it (a banner that invites, never moves them).

The activities are the course's, in words: each module ("Module 3: …"), and within it
its role-plays ("Role-play — Coming back to a team under strain") and reflection
prompts ("Reflection — …"), from the outline, the prompt files and the role-plays
(:mod:`commonground.scenario.titles`). Where the room is is kept by
:mod:`commonground.data.room_state`. A self-paced learner has no room and sees nothing.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from commonground.content.course import Course
from commonground.data.people import Participant
from commonground.data.room_state import RoomState
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.scenario import titles

from .dashboard import FACILITATORS_ONLY, NotFacilitator

__all__ = [
    "Activity",
    "Banner",
    "RoomControl",
    "activities",
    "banner",
    "banner_fingerprint",
    "describe",
    "open_checkin",
]

ROLE_PLAY, REFLECTION = "Role-play", "Reflection"


@dataclass(frozen=True)
class Activity:
    """An activity the room can be moved to. ``key`` is the choice's value on the
    facilitator's page (never shown); ``label`` what the list shows; ``title`` what each
    trainee's banner says."""

    key: str
    module_id: str
    anchor: str
    label: str
    title: str


def activities(course: Course) -> list[Activity]:
    """Every module, each followed by its role-plays and its reflection prompts."""
    plays: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(Path(course.root, "scenarios").glob("*.yaml")):
        scenario = titles.find_scenario(path.stem, course)
        if scenario is not None:
            plays.setdefault(scenario.module, []).append((scenario.id, scenario.title))
    found: list[Activity] = []
    for m in course.modules:
        module = titles.module_label(m.id, course)
        found.append(Activity(m.id, m.id, "", module, module))
        for sid, title in plays.get(m.id, []):
            words = f"{ROLE_PLAY} — {title}"
            found.append(Activity(f"{m.id}/scenario:{sid}", m.id, f"scenario:{sid}",
                                  f"\u00a0\u00a0\u00a0{words}", words))
        try:
            prompts = course.prompts(m.id)
        except Exception:  # a prompt file being edited: its module can still be chosen
            prompts = {}
        for prompt in prompts.values():
            words = f"{REFLECTION} — {prompt.title}"
            found.append(Activity(f"{m.id}/prompt:{prompt.id}", m.id,
                                  f"prompt:{prompt.id}", f"\u00a0\u00a0\u00a0{words}", words))
    return found


def _clock(when: _dt.datetime) -> str:
    """A time of day as the room's clock shows it ("10:45")."""
    return when.astimezone().strftime("%H:%M")


def describe(state: RoomState | None, now: _dt.datetime | None = None) -> str:
    """Where the room is, in the facilitator's words."""
    session = f"{state.session} is running. " if state is not None and state.session else ""
    if state is None or (state.module_id is None and not state.paused
                         and not state.on_break(now)):
        if session:  # the trainees' banner says the facilitator will say where to go
            return session + ("Everyone's page says you will tell them where the group "
                              "goes first: choose an activity and move the room.")
        return ("No session is running. You have not moved the room yet: everyone works "
                "at their own pace.")
    at = session + (f"The room is at: {state.title}." if state.module_id
                    else "The room has no activity yet.")
    if state.on_break(now):
        assert state.break_until is not None
        return f"{at} On a break until {_clock(state.break_until)}."
    if state.paused:
        return f"{at} Paused for everyone."
    return at


class RoomControl:
    """The facilitator's controls. Every change returns a line to show; a refused one
    raises :class:`StoreError` with the plain message (nothing written)."""

    def __init__(self, store: Store, person: Participant, course: Course):
        if not person.is_facilitator or person.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.store = store
        self.person = person
        self.course = course
        self.activities = activities(course)
        self._by_key = {a.key: a for a in self.activities}

    def state(self) -> RoomState | None:
        return self.store.room.state(self.person.cohort_id)

    def status(self) -> str:
        return describe(self.state())

    def move(self, key: str) -> str:
        activity = self._by_key.get(key)
        if activity is None:
            raise StoreError("Choose one of the course's activities. Nothing was changed.")
        self.store.room.move(self.person, activity.module_id, activity.title,
                             anchor=activity.anchor)
        return f"Everyone's page now invites them to: {activity.title}."

    def start_session(self, name: str) -> str:
        state = self.store.room.start_session(self.person, name)
        return (f"Started: {state.session}. Each trainee's page says so; move the room to "
                "its first activity when you are ready.")

    def end_session(self) -> str:
        self.store.room.end_session(self.person)
        return "The session has ended: pages no longer show where the group is."

    def pause(self) -> str:
        self.store.room.pause(self.person)
        return "Everyone's page says the group is paused. Nothing they write is lost."

    def take_break(self, minutes: int) -> str:
        state = self.store.room.take_break(self.person, minutes)
        assert state.break_until is not None
        return f"A break until {_clock(state.break_until)} is on everyone's page."

    def open_checkin(self, kind: str = "arriving", question: str = "") -> str:
        """Ask the room a check-in: how they are arriving, a question answered in one
        word (a word cloud), or a statement to agree or disagree with."""
        self.store.room.open_checkin(self.person, kind, question)
        asks = {"arriving": "how they are arriving",
                "word": "for one word in answer to your question",
                "agree": "whether they agree or disagree"}.get(kind, "a check-in")
        return (f"Everyone's page asks {asks} (optional and anonymous); the presenter "
                "view shows the answers once enough people answered.")

    def start_group(self, scenario_id: str) -> str:
        """A group to play a role-play together: its code, for the presenter view."""
        from .play_together import plays_together

        found = {s.id: s for s in plays_together(self.course)}
        scenario = found.get(scenario_id)
        if scenario is None:
            raise StoreError("Choose a role-play written for playing together. "
                             "Nothing was started.")
        code = self.store.group_play.start(self.person, scenario)
        return (f"A group for “{scenario.title}” is ready: its code, {code}, is on the "
                "presenter view. Each person joins a seat with it on the role-play's page.")

    def close_checkin(self) -> str:
        self.store.room.close_checkin(self.person)
        return "The check-in is closed."

    def carry_on(self) -> str:
        self.store.room.carry_on(self.person)
        return "The pause or break is over on everyone's page."


@dataclass(frozen=True)
class Banner:
    """What a module page says about the room: ``kind`` is "at", "paused" or "break";
    ``href_module`` the module to link to ("Go there"), None when it is this page's."""

    kind: str
    text: str
    href_module: str | None = None


def open_checkin(store: Store, person: Participant) -> int | None:
    """The check-in a trainee may answer now (its number), or None: none open, already
    answered, or not a cohort's trainee."""
    if person.kind != "trainee" or person.cohort_id is None:
        return None
    state = store.room.state(person.cohort_id)
    if state is None or not state.checkin_open:
        return None
    return None if store.room.answered(person, state.checkin_round) else state.checkin_round


def _in_room(person: Participant) -> bool:
    return person.cohort_id is not None and person.kind in ("trainee", "facilitator")


def banner(store: Store, person: Participant, module_id: str,
           now: _dt.datetime | None = None) -> Banner | None:
    """The banner on ``person``'s page of ``module_id`` (None: nothing to say)."""
    if not _in_room(person):
        return None
    return banner_for(store.room.state(person.cohort_id), module_id, now)


def banner_for(state: RoomState | None, module_id: str,
               now: _dt.datetime | None = None) -> Banner | None:
    if state is None:
        return None
    if state.on_break(now):
        assert state.break_until is not None
        return Banner("break", f"Break: back at {_clock(state.break_until)}. Anything you "
                               "were writing is still here.")
    if state.paused:
        return Banner("paused", "Your facilitator has paused the group. Anything you were "
                                "writing is still here.")
    session = f"{state.session}. " if state.session else ""
    if state.module_id is None:
        if state.session:
            return Banner("at", f"{state.session} has started. Your facilitator will say "
                                "where the group goes first.")
        return None
    if state.module_id == module_id:
        return Banner("at", f"{session}The group is now at: {state.title}, on this page.")
    return Banner("at", f"{session}The group is now at: {state.title}.", state.module_id)


def banner_fingerprint(store: Store, person: Participant,
                       now: _dt.datetime | None = None) -> tuple:
    """Changes when a page's banner may have: the room changed, or a break ended."""
    if not _in_room(person):
        return ()
    state = store.room.state(person.cohort_id)
    if state is None:
        return ()
    return (state.changed_at, state.on_break(now))
