"""The course schedule in three formats, worked out from each module's ``minutes:``.

Nothing here is a fixed plan: modules are fitted, in course order, into

* a series of eight 90-minute sessions (each with a welcome, a break and a close),
* two full days (9:00 am to 4:30 pm, with morning tea, lunch and afternoon tea),
* four weeks of self-paced study,

and every place where a module does not fit is said in words (``Block.problems``), so a
re-timed course outline gives a re-timed schedule.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.course import Course, Module

__all__ = [
    "DAY",
    "SESSION",
    "Block",
    "Format",
    "Item",
    "ScheduleError",
    "clock",
    "schedules",
]


class ScheduleError(ValueError):
    """The outline cannot be scheduled (a module without ``minutes:``)."""


@dataclass(frozen=True)
class Item:
    """One line of a timetable: ``start`` minutes from the start of its block."""

    start: int
    minutes: int
    kind: str  # module, opening, break, meal, closing, spare
    label: str
    module: Module | None = None
    note: str = ""


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


@dataclass(frozen=True)
class _SessionShape:
    count: int
    minutes: int
    opening: int
    break_: int
    closing: int

    @property
    def for_modules(self) -> int:
        return self.minutes - self.opening - self.break_ - self.closing


SESSION = _SessionShape(count=8, minutes=90, opening=10, break_=10, closing=5)

#: A full day: (start, minutes, kind, label) for the fixed parts, clock minutes after midnight.
DAY = (
    (9 * 60, 15, "opening", "Welcome and housekeeping"),
    (10 * 60 + 30, 15, "break", "Morning tea"),
    (12 * 60 + 30, 45, "meal", "Lunch"),
    (14 * 60 + 45, 15, "break", "Afternoon tea"),
    (16 * 60 + 15, 15, "closing", "Reflection and close"),
)
_DAY_END = 16 * 60 + 30
_DAYS = 2
_WEEKS = 4


def clock(minutes_after_midnight: int) -> str:
    """9:00 am, 12:30 pm (Australian style)."""
    hours, minutes = divmod(minutes_after_midnight, 60)
    half = "am" if hours < 12 else "pm"
    return f"{(hours - 1) % 12 + 1}:{minutes:02d} {half}"


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


# -- eight 90-minute sessions --------------------------------------------------------------
def _sessions(course: Course) -> Format:
    loads = _minutes(course)
    shape = SESSION
    runs = _split(loads, shape.count)
    runs += [[] for _ in range(shape.count - len(runs))]
    blocks = []
    for number, run in enumerate(runs, start=1):
        modules = [course.modules[i] for i in run]
        blocks.append(_session(number, modules, shape))
    return Format(
        "sessions", f"Eight {shape.minutes}-minute sessions",
        f"A series of {shape.count} sessions of {shape.minutes} minutes, for a group that "
        "meets weekly or fortnightly, in a room or online. Each session opens with a "
        f"welcome ({shape.opening} minutes), has a {shape.break_}-minute break and ends "
        f"with a short close ({shape.closing} minutes), leaving {shape.for_modules} minutes "
        "for the modules.",
        tuple(blocks),
    )


def _session(number: int, modules: list[Module], shape: _SessionShape) -> Block:
    opening = ("Welcome, Acknowledgement of Country and getting connected" if number == 1
               else "Welcome back, check-in and the group agreement")
    items = [Item(0, shape.opening, "opening", opening)]
    at = shape.opening
    if not modules:
        items.append(Item(at, shape.for_modules + shape.break_, "spare",
                          "No module planned: catch up, replay a role-play, or finish the "
                          "evaluation"))
        at += shape.for_modules + shape.break_
        items.append(Item(at, shape.closing, "closing", "Close"))
        return Block(f"Session {number}", tuple(items))
    load = sum(m.minutes or 0 for m in modules)
    break_after = _break_point(modules)
    for index, module in enumerate(modules):
        minutes = module.minutes or 0
        if break_after is None and minutes >= 2 * _MIN_PART:  # the break comes partway through
            first = _round5(minutes / 2)
            items.append(Item(at, first, "module", label(module), module, "first part"))
            at += first
            items.append(Item(at, shape.break_, "break", "Break"))
            at += shape.break_
            items.append(Item(at, minutes - first, "module", label(module), module,
                              "continued, from a heading that suits"))
            at += minutes - first
        else:
            items.append(Item(at, minutes, "module", label(module), module))
            at += minutes
            if index == break_after or break_after is None:
                items.append(Item(at, shape.break_, "break", "Break"))
                at += shape.break_
    spare = shape.for_modules - load
    if spare > 0:
        items.append(Item(at, spare, "spare",
                          "Spare time: a longer discussion, questions, or catching up"))
        at += spare
    items.append(Item(at, shape.closing, "closing", "Close: one thing to take away"))
    problems: tuple[str, ...] = ()
    if load > shape.for_modules:
        what = (f"{label(modules[0])} takes" if len(modules) == 1 else
                "Modules " + ", ".join(str(m.number) for m in modules) + " together take")
        problems = (
            f"Session {number}: {what} {load} minutes, but a {shape.minutes}-minute session "
            f"has {shape.for_modules} minutes for module work, so this session runs "
            f"{load - shape.for_modules} minutes over. Split the module over two sessions "
            "at one of its headings, or ask people to read part of it beforehand.",
        )
    return Block(f"Session {number}", tuple(items), problems)


def _break_point(modules: list[Module]) -> int | None:
    """After which module the break comes (nearest the middle), or None for one module."""
    if len(modules) < 2:
        return None
    total = sum(m.minutes or 0 for m in modules)
    ends, at = [], 0
    for m in modules[:-1]:
        at += m.minutes or 0
        ends.append(at)
    return min(range(len(ends)), key=lambda i: abs(ends[i] - total / 2))


_MIN_PART = 20  # a module shorter than two of these is not split by a break


def _round5(value: float) -> int:
    return max(5, round(value / 5) * 5)


# -- two full days ---------------------------------------------------------------------------
def _windows() -> list[tuple[int, int]]:
    """The stretches of a day free for modules, as (start, end) clock minutes."""
    fixed = sorted(DAY)
    out = []
    for (start, minutes, _k, _l), nxt in zip(fixed, [*fixed[1:], (_DAY_END, 0, "", "")],
                                             strict=True):
        end = start + minutes
        if nxt[0] > end:
            out.append((end, nxt[0]))
    return out


def day_capacity() -> int:
    return sum(end - start for start, end in _windows())


def _days(course: Course) -> Format:
    loads = _minutes(course)
    runs = _split(loads, _DAYS)
    runs += [[] for _ in range(_DAYS - len(runs))]
    blocks = tuple(_day(n, [course.modules[i] for i in run])
                   for n, run in enumerate(runs, start=1))
    return Format(
        "days", "Two full days",
        f"Two days from {clock(DAY[0][0])} to {clock(_DAY_END)}, in a room, with morning "
        f"tea, lunch and afternoon tea. Each day has {day_capacity()} minutes for the "
        "modules; a module may carry on after a break.",
        blocks,
    )


def _day(number: int, modules: list[Module]) -> Block:
    fixed = {start: (minutes, kind, text) for start, minutes, kind, text in DAY}
    if number > 1:
        first = DAY[0]
        fixed[first[0]] = (first[1], first[2], "Welcome back and a recap of day 1")
    items: list[Item] = []
    queue = [(m, m.minutes or 0) for m in modules]
    started: set[str] = set()
    overflow = 0
    windows = _windows()
    for start, (minutes, kind, text) in sorted(fixed.items()):
        if kind == "closing" and queue:  # what is left does not fit the day
            overflow = sum(left for _m, left in queue)
        items.append(Item(start - DAY[0][0], minutes, kind, text))
        for w_start, w_end in windows:
            if w_start != start + minutes:
                continue
            at = w_start
            while queue and at < w_end:
                module, left = queue[0]
                used = min(left, w_end - at)
                note = "continued" if module.id in started else ""
                if used < left:
                    note = (note + ", " if note else "") + "continues after the break"
                items.append(Item(at - DAY[0][0], used, "module", label(module), module, note))
                started.add(module.id)
                at += used
                if used == left:
                    queue.pop(0)
                else:
                    queue[0] = (module, left - used)
            if at < w_end:
                items.append(Item(at - DAY[0][0], w_end - at, "spare",
                                  "Spare time: a longer discussion, a role-play played again "
                                  "from another seat, or catching up"))
    problems: tuple[str, ...] = ()
    if overflow:  # show every module's time all the same, after the close, flagged
        at = _DAY_END
        for module, left in queue:
            items.append(Item(at - DAY[0][0], left, "module", label(module), module,
                              "does not fit this day"))
            at += left
        problems = (
            f"Day {number}: its modules take {sum(m.minutes or 0 for m in modules)} minutes, "
            f"but a day has {day_capacity()} minutes for module work, so "
            f"{overflow} minutes do not fit. Shorten some activities, or run the course "
            "over three days.",
        )
    return Block(f"Day {number}", tuple(items), problems, starts_at=DAY[0][0])


# -- self-paced over four weeks ----------------------------------------------------------------
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
        "now and then. Each week's modules can be done in one sitting or several; every "
        "module saves your place.",
        tuple(blocks),
    )


def schedules(course: Course) -> tuple[Format, ...]:
    """The three formats, in the order the schedule shows them."""
    return (_sessions(course), _days(course), _weeks(course))
