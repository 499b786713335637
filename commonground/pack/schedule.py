"""The course schedule in three formats, worked out from each module's minutes.

The two formats in a room are made from each module's **in-room plan** (``room:`` in
content/course.yaml, the facilitator notes' 90-minute workshop plan, minute for minute):

* a series of sessions of :data:`SESSION_MINUTES` (a module a session where each plan
  takes that long; several short modules share one, a long one runs over two),
* full days from :data:`DAY_START` to no later than :data:`DAY_END`, the modules' plans
  one after another with morning tea, lunch and afternoon tea between modules (or, where
  none ends near the time, between two parts of one), as many days as the plans need:
  the format's title says how many, and never claims fewer.

The third, four weeks of self-paced study, is made from the self-paced ``minutes:``.
Nothing here is a fixed plan, and every place where something does not fit is said in
words (``Block.problems``), so a re-timed outline gives a re-timed schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.course import Course, Module, Segment

__all__ = [
    "BREAKS",
    "DAY_END",
    "DAY_START",
    "SESSION_MINUTES",
    "Block",
    "Format",
    "Item",
    "ScheduleError",
    "clock",
    "contact_words",
    "number_word",
    "schedules",
]


class ScheduleError(ValueError):
    """The outline cannot be scheduled (a module without ``minutes:`` or ``room:``)."""


@dataclass(frozen=True)
class Item:
    """One line of a timetable: ``start`` minutes from the start of its block.

    A module's item is one segment of its in-room plan (a session), a run of its
    segments between two breaks (a day), or the whole module (a self-paced week)."""

    start: int
    minutes: int
    kind: str  # module, opening, break, meal, closing, spare
    label: str
    module: Module | None = None
    note: str = ""
    segments: tuple[Segment, ...] = ()

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Block:
    """A session, a day or a week."""

    title: str
    items: tuple[Item, ...]
    problems: tuple[str, ...] = ()
    starts_at: int | None = None  # clock minutes after midnight, for days

    @property
    def minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    @property
    def module_minutes(self) -> int:
        return sum(i.minutes for i in self.items if i.kind == "module")

    @property
    def contact_minutes(self) -> int:
        """Time together in the room: everything but breaks and meals."""
        return sum(i.minutes for i in self.items if i.kind not in ("break", "meal"))

    @property
    def ends_at(self) -> int | None:
        return None if self.starts_at is None else self.starts_at + self.minutes

    @property
    def modules(self) -> tuple[Module, ...]:
        seen: list[Module] = []
        for i in self.items:
            if i.module is not None and i.module not in seen:
                seen.append(i.module)
        return tuple(seen)


@dataclass(frozen=True)
class Format:
    id: str
    title: str
    summary: str
    blocks: tuple[Block, ...]

    @property
    def module_minutes(self) -> int:
        return sum(b.module_minutes for b in self.blocks)

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(p for b in self.blocks for p in b.problems)


#: A session's length, in minutes (the facilitator notes' workshop plans).
SESSION_MINUTES = 90

#: A day in the room, clock minutes after midnight: it starts at DAY_START and ends no
#: later than DAY_END.
DAY_START = 9 * 60
DAY_END = 16 * 60 + 30
#: What opens a day after the first.
_RECAP = 10


@dataclass(frozen=True)
class Break:
    label: str
    minutes: int
    kind: str  # break or meal
    earliest: int  # between modules from here on
    latest: int  # by here at the latest, between two segments of a module


BREAKS = (
    Break("Morning tea", 15, "break", 10 * 60 + 15, 10 * 60 + 45),
    Break("Lunch", 45, "meal", 12 * 60, 13 * 60 + 15),
    Break("Afternoon tea", 15, "break", 14 * 60 + 30, 15 * 60 + 15),
)
_DAYS_AIMED = 2  # what the pack offers: two days, unless the plans need more
_WEEKS = 4

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")


def number_word(n: int) -> str:
    """'two', 'eight' (digits from 13 on)."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


def clock(minutes_after_midnight: int) -> str:
    """9:00 am, 12:30 pm (Australian style)."""
    hours, minutes = divmod(minutes_after_midnight, 60)
    half = "am" if hours < 12 else "pm"
    return f"{(hours - 1) % 12 + 1}:{minutes:02d} {half}"


def contact_words(minutes: int) -> str:
    """'6 hours', '6 hours 10 minutes', '90 minutes'."""
    hours, rest = divmod(minutes, 60)
    if hours < 2:
        return f"{minutes} minutes"
    return f"{hours} hours" + (f" {rest} minutes" if rest else "")


def label(module: Module) -> str:
    return f"Module {module.number}: {module.title}"


def _minutes(course: Course) -> list[int]:
    missing = [m for m in course.modules if not m.minutes]
    if missing:
        names = ", ".join(m.id for m in missing)
        raise ScheduleError(
            f"content/course.yaml: module(s) {names} have no `minutes:`. The schedule is "
            "worked out from every module's time: add `minutes: N` (how long a trainee "
            "takes) to each module.")
    return [m.minutes or 0 for m in course.modules]


def _plans(course: Course) -> list[tuple[Module, tuple[Segment, ...]]]:
    missing = [m for m in course.modules if m.room is None]
    if missing:
        names = ", ".join(m.id for m in missing)
        raise ScheduleError(
            f"content/course.yaml: module(s) {names} have no `room:`. The sessions and days "
            "are worked out from each module's in-room plan: add `room:` with its "
            "`minutes` and `plan` (the 90-minute plan in the module's facilitator notes).")
    return [(m, m.room.plan) for m in course.modules if m.room is not None]


# -- sessions --------------------------------------------------------------------------------
def _sessions(course: Course) -> Format:
    runs: list[list[tuple[Module, Segment]]] = [[]]
    used = 0
    for module, plan in _plans(course):
        if runs[-1] and used + sum(s.minutes for s in plan) > SESSION_MINUTES:
            runs.append([])  # a module that fits a session is not split
            used = 0
        for segment in plan:
            if runs[-1] and used + segment.minutes > SESSION_MINUTES:
                runs.append([])
                used = 0
            runs[-1].append((module, segment))
            used += segment.minutes
    blocks = []
    begun: dict[str, int] = {}
    for number, run in enumerate(runs, start=1):
        items, at = [], 0
        for module, segment in run:
            note = ""
            if module.id in begun and begun[module.id] != number and \
                    segment is _first_here(run, module):
                note = f"continued from session {begun[module.id]}"
            begun.setdefault(module.id, number)
            items.append(Item(at, segment.minutes, "module", segment.activity, module, note,
                              (segment,)))
            at += segment.minutes
        problems: tuple[str, ...] = ()
        if at < SESSION_MINUTES:
            items.append(Item(at, SESSION_MINUTES - at, "spare",
                              "Spare time: a longer discussion, questions, or catching up"))
        elif at > SESSION_MINUTES:
            problems = (f"Session {number}: one activity alone takes {at} minutes, longer "
                        f"than a {SESSION_MINUTES}-minute session. Shorten it in the "
                        "module's `room:` plan.",)
        blocks.append(Block(f"Session {number}", tuple(items), problems))
    count = number_word(len(blocks))
    one_each = all(len({m.id for m, _s in run}) == 1 for run in runs) and \
        len(runs) == len(course.modules)
    return Format(
        "sessions", f"{count.capitalize()} {SESSION_MINUTES}-minute sessions",
        f"A series of {count} sessions of {SESSION_MINUTES} minutes, for a group that meets "
        "weekly or fortnightly, in a room or online. "
        + ("Each session is one module, run as the 90-minute plan in its facilitator notes "
           "(and its run sheet): its own check-in, activities and close, minute for minute. "
           if one_each else
           "Each runs the modules' plans from their facilitator notes, minute for minute. ")
        + "There is no set break: the quiet time for reflections near the end is the "
        "group's breather.",
        tuple(blocks),
    )


def _first_here(run: list[tuple[Module, Segment]], module: Module) -> Segment:
    return next(s for m, s in run if m.id == module.id)


# -- full days --------------------------------------------------------------------------------
@dataclass
class _Day:
    number: int
    at: int = DAY_START
    items: list[Item] | None = None
    breaks: list[Break] | None = None

    def __post_init__(self) -> None:
        self.items = []
        self.breaks = list(BREAKS)
        if self.number > 1:
            self.add(_RECAP, "opening", f"Welcome back and a recap of day {self.number - 1}")

    def add(self, minutes: int, kind: str, text: str, module: Module | None = None,
            segments: tuple[Segment, ...] = ()) -> None:
        assert self.items is not None
        self.items.append(Item(self.at - DAY_START, minutes, kind, text, module,
                               segments=segments))
        self.at += minutes

    @property
    def has_modules(self) -> bool:
        return any(i.kind == "module" for i in self.items or ())

    def fits(self, plan: Sequence[Segment]) -> int:
        """How many of ``plan``'s segments fit before the day ends (breaks taken as due)."""
        at, breaks = self.at, list(self.breaks or ())
        for index, segment in enumerate(plan):
            due = _due(at, breaks, segment, first=index == 0)
            if due is not None:
                at += due.minutes
                breaks.pop(0)
            if at + segment.minutes > DAY_END:
                return index
            at += segment.minutes
        return len(plan)

    def place(self, module: Module, plan: Sequence[Segment]) -> None:
        run: list[Segment] = []

        def flush() -> None:
            if run:
                self.at -= sum(s.minutes for s in run)
                self.add(sum(s.minutes for s in run), "module", label(module), module,
                         tuple(run))
                run.clear()

        for index, segment in enumerate(plan):
            due = _due(self.at, self.breaks or [], segment, first=index == 0)
            if due is not None:
                flush()
                self.add(due.minutes, due.kind, due.label)
                assert self.breaks is not None
                self.breaks.pop(0)
            run.append(segment)
            self.at += segment.minutes
        flush()


def _due(at: int, breaks: Sequence[Break], segment: Segment, first: bool) -> Break | None:
    """The break to take before ``segment`` at ``at``: between modules once it is time,
    between two segments of a module only when the next would run past its latest."""
    if not breaks:
        return None
    nxt = breaks[0]
    if first and at >= nxt.earliest:
        return nxt
    if at + segment.minutes > nxt.latest and at >= nxt.earliest - 30:
        return nxt
    return None


def _days(course: Course) -> Format:
    queue = [(m, list(plan)) for m, plan in _plans(course)]
    days: list[_Day] = []
    day = _Day(1)
    while queue:
        module, plan = queue[0]
        fit = day.fits(plan)
        if fit < len(plan) and day.has_modules:  # start the module on a new day
            days.append(day)
            day = _Day(len(days) + 1)
            continue
        if fit == 0:  # one activity alone is longer than a day: shown, flagged
            fit = 1
        day.place(module, plan[:fit])
        if fit < len(plan):
            queue[0] = (module, plan[fit:])
            days.append(day)
            day = _Day(len(days) + 1)
        else:
            queue.pop(0)
    if day.has_modules:
        days.append(day)
    blocks = [_day_block(d) for d in days]
    blocks = _notes_on_parts(blocks)
    total = sum(m.room.minutes for m in course.modules if m.room is not None)
    count = number_word(len(blocks))
    contact = ", ".join(f"day {n} {contact_words(b.contact_minutes)}"
                        for n, b in enumerate(blocks, 1))
    if len(blocks) > _DAYS_AIMED:
        last = blocks[-1]
        blocks[-1] = Block(last.title, last.items, (*last.problems, (
            f"The modules' in-room plans take {contact_words(total)} together, which does "
            f"not fit {number_word(_DAYS_AIMED)} days of {clock(DAY_START)} to "
            f"{clock(DAY_END)} with morning tea, lunch and afternoon tea, so this is a "
            f"{count}-day plan. For {number_word(_DAYS_AIMED)} days, ask people to do some "
            "modules on their own beforehand, or shorten activities in the `room:` plans."),),
            last.starts_at)
    return Format(
        "days", f"{count.capitalize()} full day{'s' if len(blocks) != 1 else ''}",
        f"{count.capitalize()} days in a room, each from {clock(DAY_START)} to no later than "
        f"{clock(DAY_END)}, with morning tea, lunch and afternoon tea. The modules' "
        "90-minute plans run one after another as in their facilitator notes, each with its "
        "own check-in and close; a break comes between modules, or between two activities "
        f"where no module ends near its time. Time together: {contact}.",
        tuple(blocks),
    )


def _day_block(day: _Day) -> Block:
    return Block(f"Day {day.number}", tuple(day.items or ()), (), starts_at=DAY_START)


def _notes_on_parts(blocks: list[Block]) -> list[Block]:
    """Say where a module runs in parts (across a break or into the next day)."""
    parts: dict[str, int] = {}
    for block in blocks:
        for item in block.items:
            if item.module is not None:
                parts[item.module.id] = parts.get(item.module.id, 0) + 1
    seen: dict[str, int] = {}
    out = []
    for block in blocks:
        items = []
        for item in block.items:
            if item.module is not None and parts[item.module.id] > 1:
                n = seen[item.module.id] = seen.get(item.module.id, 0) + 1
                what = (f"to “{item.segments[-1].activity}”" if n == 1 else
                        f"from “{item.segments[0].activity}”")
                item = Item(item.start, item.minutes, item.kind, item.label, item.module,
                            f"part {n} of {parts[item.module.id]}, {what}", item.segments)
            items.append(item)
        out.append(Block(block.title, tuple(items), block.problems, block.starts_at))
    return out


# -- self-paced over four weeks ----------------------------------------------------------------
def _split(loads: Sequence[int], groups: int) -> list[list[int]]:
    """Split ``loads`` in order into ``groups`` runs (some may be empty at the end when
    there are fewer loads), making the largest run as small as it can be."""
    n = len(loads)
    groups = max(1, min(groups, n))
    prefix = [0]
    for x in loads:
        prefix.append(prefix[-1] + x)
    inf = float("inf")
    # best[g][i]: the smallest largest-run for the first i loads in g runs.
    best = [[inf] * (n + 1) for _ in range(groups + 1)]
    cut = [[0] * (n + 1) for _ in range(groups + 1)]
    best[0][0] = 0
    for g in range(1, groups + 1):
        for i in range(g, n + 1):
            for j in range(g - 1, i):
                value = max(best[g - 1][j], prefix[i] - prefix[j])
                if value < best[g][i]:
                    best[g][i], cut[g][i] = value, j
    runs: list[list[int]] = []
    i = n
    for g in range(groups, 0, -1):
        j = cut[g][i]
        runs.insert(0, list(range(j, i)))
        i = j
    return runs


def _weeks(course: Course) -> Format:
    loads = _minutes(course)
    runs = _split(loads, _WEEKS)
    runs += [[] for _ in range(_WEEKS - len(runs))]
    blocks = []
    for number, run in enumerate(runs, start=1):
        items, at = [], 0
        for i in run:
            module = course.modules[i]
            items.append(Item(at, module.minutes or 0, "module", label(module), module))
            at += module.minutes or 0
        if not items:
            items.append(Item(0, 0, "spare", "No new module: look back over your journal"))
        blocks.append(Block(f"Week {number}", tuple(items)))
    return Format(
        "weeks", "Self-paced over four weeks",
        "For someone taking the course on their own, or a cohort that meets only online "
        "now and then. The times are a trainee's working alone (the course outline's "
        "`minutes`). Each week's modules can be done in one sitting or several; every "
        "module saves your place.",
        tuple(blocks),
    )


def schedules(course: Course) -> tuple[Format, ...]:
    """The three formats, in the order the schedule shows them."""
    return (_sessions(course), _days(course), _weeks(course))
