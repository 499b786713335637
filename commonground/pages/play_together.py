"""Playing a role-play together, without widgets: what a trainee's "Play together" view
shows (:class:`PlayTogether`), and the side-by-side debrief of the groups on the
presenter view (:func:`debrief_slides`).

A trainee starts a group (and is given its short code) or joins one with a code from
their group or the presenter view, on a seat of a role-play written for seats played at
the same time. Then each person sees the scene and votes; the group's choice moves them
all on (:mod:`commonground.data.group_play` keeps the rules). The view says what the
group chose and after how long a talk, and who else is where, in words: seats, never
names.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace

from commonground.content.course import Course
from commonground.data.group_play import PlayedStep, SeatNow, TableNow, normal_code
from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.scenario import Play, Scenario, View, titles
from commonground.scenario.stepping_out import SteppingOut, stepping_out

__all__ = [
    "DebriefSlide",
    "GroupChoice",
    "PlayTogether",
    "Screen",
    "SeatLine",
    "debrief_slides",
    "plays_together",
    "talk_time",
]


def plays_together(course: Course | None = None) -> list[Scenario]:
    """The course's role-plays written for seats played at the same time."""
    from pathlib import Path

    from commonground.content.course import load_course

    course = course or load_course()
    found = []
    for path in sorted(Path(course.root, "scenarios").glob("*.yaml")):
        scenario = titles.find_scenario(path.stem, course)
        if scenario is not None and scenario.together is not None:
            found.append(scenario)
    return found


def talk_time(seconds: int) -> str:
    """A discussion's length in words: "40 seconds", "2 minutes 5 seconds"."""
    minutes, secs = divmod(max(0, int(seconds)), 60)
    bits = []
    if minutes:
        bits.append(f"{minutes} minute{'' if minutes == 1 else 's'}")
    if secs or not minutes:
        bits.append(f"{secs} second{'' if secs == 1 else 's'}")
    return " ".join(bits)


_HOW = {"everyone": "everyone agreed", "most": "most of the group chose it",
        "reader": "a tie, decided by the group's reader"}


@dataclass(frozen=True)
class GroupChoice:
    """A choice on the screen with the group's votes for it (a count, never who)."""

    id: str
    label: str
    votes: int
    mine: bool


@dataclass(frozen=True)
class SeatLine:
    """Another seat, in words: whose seat, how many people, where they are."""

    name: str
    people: int
    where: str


@dataclass(frozen=True)
class Screen:
    """What the "Play together" view draws. ``kind``: "outside" (not in a group yet),
    "gathering" (waiting until every seat has someone), "deciding", "waiting" (at a
    meeting point, for the other seats) or "ended"."""

    kind: str
    code: str = ""
    seat: str = ""
    seat_name: str = ""  # the seat's first name ("Carmen")
    view: View | None = None
    chose: str = ""  # "Your group chose: … after 1 minute of talk (everyone agreed)."
    choices: tuple[GroupChoice, ...] = ()
    tied: tuple[GroupChoice, ...] = ()
    i_read: bool = False
    voted: int = 0
    members: int = 0
    talking_since: str = ""  # a clock time, "10:45"
    waiting_for: str = ""  # the meeting point's words
    seats: tuple[SeatLine, ...] = ()
    step_out: SteppingOut | None = None


def _clock(when: _dt.datetime) -> str:
    return when.astimezone().strftime("%H:%M")


class PlayTogether:
    """One trainee's "Play together" on one role-play. Every action raises
    :class:`StoreError` with a plain message when refused (nothing written)."""

    def __init__(self, store: Store, person: Participant, scenario: Scenario):
        if scenario.together is None:
            raise ValueError(f"{scenario.id} is not written for playing together")
        self.store, self.person, self.scenario = store, person, scenario
        self.play_id = self._latest()

    def _latest(self) -> int | None:
        for play_id in self.store.group_play.mine(self.person):
            now = self.store.group_play.now(play_id)
            if now is not None and now.scenario_id == self.scenario.id:
                return play_id
        return None

    @property
    def seats(self) -> list[tuple[str, str]]:
        """(seat id, seat's name) for each seat, in the role-play's order."""
        assert self.scenario.together is not None
        return [(s, self.scenario.roles[s].name) for s in self.scenario.together.seats]

    # -- actions ---------------------------------------------------------------------------
    def start(self, seat: str) -> str:
        """Start a new group on ``seat``; returns the code to give the others."""
        code = self.store.group_play.start(self.person, self.scenario)
        self.play_id = self.store.group_play.join(self.person, code, seat, self.scenario)
        return code

    def join(self, code: str, seat: str) -> None:
        if not normal_code(code):
            raise StoreError("Type the group's code (five letters and numbers). "
                             "Nothing was changed.")
        self.play_id = self.store.group_play.join(self.person, code, seat, self.scenario)

    def vote(self, choice_id: str) -> None:
        self.store.group_play.vote(self.person, self._id(), choice_id, self.scenario)

    def decide(self, choice_id: str) -> None:
        self.store.group_play.decide(self.person, self._id(), choice_id, self.scenario)

    def take_reader(self) -> None:
        self.store.group_play.take_reader(self.person, self._id())

    def another_group(self) -> None:
        """Back to joining or starting a group (the finished one stays in the debrief)."""
        self.play_id = None

    def fingerprint(self) -> tuple[object, ...]:
        return () if self.play_id is None else self.store.group_play.fingerprint(self.play_id)

    def _id(self) -> int:
        if self.play_id is None:
            raise StoreError("Join a group first. Nothing was sent.")
        return self.play_id

    # -- the screen ------------------------------------------------------------------------
    def screen(self) -> Screen:
        if self.play_id is None:
            return Screen("outside")
        with self.store.read():
            now = self.store.group_play.now(self.play_id, self.person)
            steps = self.store.group_play.steps(self.play_id)
        if now is None or now.my_seat is None:
            self.play_id = None
            return Screen("outside")
        seat = now.seats[now.my_seat]
        play = Play.from_dict(self.scenario, seat.saved, others=now.known)
        view = play.view()
        base = Screen("gathering", code=now.code, seat=now.my_seat,
                      seat_name=self.scenario.roles[now.my_seat].name.split(",")[0],
                      seats=tuple(self._seat_line(now, s) for s in now.seats.values()
                                  if s.seat != now.my_seat),
                      chose=self._chose(steps, now.my_seat), members=seat.members)
        if not now.begun:
            return base
        if view.is_ending:
            return replace(base, kind="ended", view=view,
                           step_out=stepping_out(self.scenario, now.my_seat))
        node = play.node
        if node.meet and node.meet not in now.met:
            assert self.scenario.together is not None
            return replace(base, kind="waiting", view=view, waiting_for=self.scenario
                           .together.meeting_points.get(node.meet, ""))
        choices = tuple(GroupChoice(c.id, c.label, seat.votes.get(c.id, 0),
                                    c.id == now.my_vote) for c in view.choices)
        return replace(base, kind="deciding", view=view, choices=choices,
                       tied=tuple(c for c in choices if c.id in seat.tied),
                       i_read=now.i_read, voted=seat.voted,
                       talking_since=_clock(seat.step_started_at)
                       if seat.step_started_at else "")

    def _chose(self, steps: list[PlayedStep], seat: str) -> str:
        mine = [s for s in steps if s.seat == seat]
        if not mine:
            return ""
        last = mine[-1]
        choice = self.scenario.choices().get(last.choice_id)
        label = choice.label if choice is not None else "a choice no longer in the role-play"
        return (f"Your group chose: {label}, after {talk_time(last.seconds)} of talk "
                f"({_HOW.get(last.how, last.how)}).")

    def _seat_line(self, now: TableNow, seat: SeatNow) -> SeatLine:
        name = self.scenario.roles[seat.seat].name
        if seat.members == 0:
            return SeatLine(name, 0, "Nobody has joined this seat yet.")
        play = Play.from_dict(self.scenario, seat.saved, others=now.known)
        if play.finished:
            assert play.node.ending is not None
            where = f"Finished: {play.node.ending.title}."
        elif play.node.meet and play.node.meet not in now.met:
            where = "Waiting for the other seats."
        else:
            where = "Talking it over."
        return SeatLine(name, seat.members, where)


# -- the side-by-side debrief -------------------------------------------------------------
@dataclass(frozen=True)
class DebriefSlide:
    """One slide of the debrief: a title and a line per seat, with no names."""

    key: str
    title: str
    items: tuple[str, ...]
    note: str = ""


def _scene(scenario: Scenario, node_id: str) -> str:
    node = scenario.nodes.get(node_id)
    if node is None:
        return "a scene no longer in the role-play"
    return node.title or "a scene"


def debrief_slides(store: Store, cohort_id: int, course: Course | None = None
                   ) -> list[DebriefSlide]:
    """For each group play of the cohort that has begun: its seats side by side at each
    decision (what each seat's group saw, chose and how long it talked), then the
    endings each reached. Groups are named by their code; people never."""
    slides: list[DebriefSlide] = []
    for play_id, code, scenario_id in store.group_play.of_cohort(cohort_id):
        scenario = titles.find_scenario(scenario_id, course)
        if scenario is None or scenario.together is None:
            continue
        steps = store.group_play.steps(play_id)
        if not steps:
            continue
        now = store.group_play.now(play_id)
        assert now is not None
        seats = scenario.together.seats
        by_seat = {s: [p for p in steps if p.seat == s] for s in seats}
        most = max(len(v) for v in by_seat.values())
        choices = scenario.choices()
        for n in range(most):
            items = []
            for s in seats:
                name = scenario.roles[s].name.split(",")[0]
                if n < len(by_seat[s]):
                    p = by_seat[s][n]
                    c = choices.get(p.choice_id)
                    items.append(f"{name}'s seat, at “{_scene(scenario, p.node_id)}”, "
                                 f"chose: {c.label if c else 'a choice no longer there'} "
                                 f"({talk_time(p.seconds)} of talk)")
                else:
                    items.append(f"{name}'s seat: not there yet")
            slides.append(DebriefSlide(f"together:{code}:{n + 1}",
                                       f"{scenario.title}, group {code}: decision {n + 1}",
                                       tuple(items), "Each seat side by side. No names."))
        endings = []
        for s in seats:
            name = scenario.roles[s].name.split(",")[0]
            play = Play.from_dict(scenario, now.seats[s].saved, others=now.known)
            if play.node.ending is not None:
                endings.append(f"{name}'s seat: {play.node.ending.title}")
            else:
                endings.append(f"{name}'s seat: still playing")
        slides.append(DebriefSlide(f"together:{code}:endings",
                                   f"{scenario.title}, group {code}: the endings",
                                   tuple(endings),
                                   "How did one seat's choices change what the others faced?"))
    return slides
