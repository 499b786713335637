"""How long each module takes a trainee working alone, worked out from the course itself.

    .venv/bin/python bench/timings.py            # the table, module by module
    .venv/bin/python bench/timings.py --write    # also set `minutes:` in content/course.yaml,
                                                 # each module's "takes about" and its note

What a trainee does, and what each costs (the constants below):

- reads every Markdown cell of the module, at READING_WPM words a minute;
- for each reflection: reads its title, question and guidance, then writes for
  WRITING_MINUTES;
- for each shared space (group agreement, jargon wall, elephant box): SPACE_MINUTES to
  read what others added and add one item;
- for each role-play: reads the introduction, content notes and the brief of the role,
  then one play-through along the *longest* path any role can take (every node's text and
  all its choices, the feedback of each choice made, the ending and its debrief), with
  DECISION_SECONDS to think at each choice, then ROLEPLAY_REFLECTION_MINUTES for the
  short reflection at the end;
- reads the support note (content/support_lines.yaml) where the module shows it.

A module's minutes are that total rounded up to the next 5. Every path of every
role-play is walked with the real play engine, so the figures follow the content.
``tests/content/test_timings.py`` checks that content/course.yaml, the module's own "takes about"
line and its facilitator note agree with these figures.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground.content.course import load_course  # noqa: E402
from commonground.content.support_lines import load_support_lines  # noqa: E402
from commonground.scenario.engine import Play  # noqa: E402
from commonground.scenario.load import load_scenario  # noqa: E402
from commonground.scenario.model import Scenario  # noqa: E402

__all__ = [
    "DECISION_SECONDS", "READING_WPM", "SPACE_MINUTES", "WRITING_MINUTES",
    "ModuleTime", "PathTime", "module_times", "paths", "words",
]

READING_WPM = 200
WRITING_MINUTES = 5
SPACE_MINUTES = 5
DECISION_SECONDS = 20
ROLEPLAY_REFLECTION_MINUTES = 3
ROUND_TO = 5
SPACES = ("agreement", "jargon_wall", "elephant_box")
_CALL = re.compile(r"""course\.(\w+)\(\s*(?:"([^"]*)")?\s*\)""")
_WORD = re.compile(r"[A-Za-z0-9\u2019']+(?:[-'][A-Za-z0-9]+)*")


def words(text: str) -> int:
    """Words a reader reads: Markdown and HTML syntax do not count."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link's address is not read
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class PathTime:
    role: str
    choices: tuple[str, ...]
    words: int

    @property
    def minutes(self) -> float:
        return self.words / READING_WPM + len(self.choices) * DECISION_SECONDS / 60


@dataclass
class ModuleTime:
    module_id: str
    reading_words: int = 0
    reflections: list[str] = field(default_factory=list)
    reflection_words: int = 0
    spaces: list[str] = field(default_factory=list)
    roleplays: dict[str, float] = field(default_factory=dict)  # id -> minutes, one play

    @property
    def reading(self) -> float:
        return self.reading_words / READING_WPM

    @property
    def writing(self) -> float:
        return self.reflection_words / READING_WPM + len(self.reflections) * WRITING_MINUTES

    @property
    def activities(self) -> float:
        return len(self.spaces) * SPACE_MINUTES

    @property
    def total(self) -> float:
        return self.reading + self.writing + self.activities + sum(self.roleplays.values())

    @property
    def minutes(self) -> int:
        return ROUND_TO * math.ceil(self.total / ROUND_TO)


def _render_words(play: Play, chose: str | None) -> int:
    view = play.view()
    count = words(view.title) + words(view.text)
    count += sum(words(c.label) for c in view.choices)
    if chose is not None and view.feedback:
        count += words(view.feedback)
    if view.is_ending:
        count += words(view.ending_title) + words(view.debrief) + words(view.reflection)
    return count


class _Walker(Play):
    """A play that can return to an earlier moment cheaply (for walking every path)."""

    @classmethod
    def of(cls, play: Play) -> _Walker:
        walker = cls(play.scenario)
        walker.role, walker._now = play.role, play._state().copy()
        return walker

    def save_point(self) -> object:
        return self._state().copy()

    def return_to(self, point: object) -> None:
        self._now = point.copy()  # type: ignore[attr-defined]
        self._history.clear()
        self.log.clear()


def paths(scenario: Scenario, limit: int = 100_000) -> list[PathTime]:
    """Every way through the scenario, for every role, to an ending (no going back; a
    path never enters the same node twice)."""
    found: list[PathTime] = []

    def walk(play: _Walker, seen: tuple[str, ...], chosen: tuple[str, ...], count: int) -> None:
        if play.finished:
            found.append(PathTime(play.role or "", chosen, count))
            return
        here = play.save_point()
        for choice in play.choices():
            if choice.target in seen or len(found) >= limit:
                continue
            play.choose(choice.id)
            walk(play, (*seen, choice.target), (*chosen, choice.id),
                 count + _render_words(play, choice.id))
            play.return_to(here)

    for role_id, role in scenario.roles.items():
        play = Play(scenario, role_id)
        brief = words(role.name) + words(role.brief) + words(role.obligations) + words(role.wants)
        walk(_Walker.of(play), (play.node.id,), (), brief + _render_words(play, None))
    return found


def _roleplay_minutes(scenario: Scenario) -> float:
    intro = words(scenario.title) + words(scenario.summary)
    intro += sum(words(n) for n in scenario.content_notes)
    longest = max(p.minutes for p in paths(scenario))
    return intro / READING_WPM + longest + ROLEPLAY_REFLECTION_MINUTES


def _cells(module_id: str, root: Path) -> list[dict]:
    path = root / "modules" / f"{module_id}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def module_times(root: Path = ROOT) -> dict[str, ModuleTime]:
    course = load_course(root / "content")
    support = load_support_lines(root / "content")
    support_words = sum(words(f"{x.name} {x.number} {x.hours} {x.who_for}")
                        for x in support.lines) + words(support.also) + 12
    times: dict[str, ModuleTime] = {}
    for module in course.modules:
        t = ModuleTime(module.id)
        prompts = course.prompts(module.id)
        for cell in _cells(module.id, root):
            source = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                t.reading_words += words(source)
                continue
            for m in _CALL.finditer(source):
                name, arg = m.group(1), m.group(2)
                if name == "reflection" and arg:
                    p = prompts[arg]
                    t.reflections.append(arg)
                    t.reflection_words += words(p.title) + words(p.text) + words(p.guidance)
                elif name == "scenario" and arg:
                    sc = load_scenario(root / "content" / "scenarios" / f"{arg}.yaml")
                    t.roleplays[arg] = _roleplay_minutes(sc)
                elif name in SPACES:
                    t.spaces.append(name)
                elif name == "support_note":
                    t.reading_words += support_words
        times[module.id] = t
    return times


def write_minutes(times: dict[str, ModuleTime], course_yaml: Path) -> None:
    """Set each module's `minutes:` in course.yaml, keeping the rest of the file as is."""
    text = course_yaml.read_text(encoding="utf-8")
    for module_id, t in times.items():
        pattern = re.compile(rf"(- id: {re.escape(module_id)}\n(?:    .*\n)*?    minutes: )\d+")
        text, n = pattern.subn(rf"\g<1>{t.minutes}", text)
        if n != 1:
            raise SystemExit(f"{course_yaml}: no `minutes:` line for {module_id}")
    course_yaml.write_text(text, encoding="utf-8")


STATED = re.compile(r"takes about \*\*(\d+) minutes\*\*")
NOTE_STATED = re.compile(r"· about (\d+) minutes for a trainee working alone")
NOTE_SELF_PACED = re.compile(r"about (\d+) minutes\)")


def write_stated(times: dict[str, ModuleTime], root: Path = ROOT) -> None:
    """Set the minutes each module states in its opening and in its facilitator note."""
    for module_id, t in times.items():
        for path, pattern in ((root / "modules" / f"{module_id}.ipynb", STATED),
                              (root / "facilitator_notes" / f"{module_id}.md", NOTE_STATED),
                              (root / "facilitator_notes" / f"{module_id}.md", NOTE_SELF_PACED)):
            text = path.read_text(encoding="utf-8")
            new, n = pattern.subn(lambda m, t=t: m.group(0).replace(m.group(1), str(t.minutes)),
                                  text)
            if n != 1:
                raise SystemExit(f"{path}: expected one stated time, found {n}")
            path.write_text(new, encoding="utf-8")


def main(argv: list[str]) -> int:
    times = module_times()
    print(f"{'module':38s} read  write  spaces  role-plays  total -> minutes")
    for module_id, t in times.items():
        plays = ", ".join(f"{k} {v:.1f}" for k, v in t.roleplays.items()) or "-"
        print(f"{module_id:38s} {t.reading:4.1f}  {t.writing:5.1f}  {t.activities:6.1f}  "
              f"{sum(t.roleplays.values()):10.1f}  {t.total:5.1f} -> {t.minutes}   ({plays})")
    print(f"course: {sum(t.minutes for t in times.values())} minutes")
    if "--paths" in argv:
        for t in times.values():
            for sid in t.roleplays:
                sc = load_scenario(ROOT / "content" / "scenarios" / f"{sid}.yaml")
                for role in sc.roles:
                    mine = [p.minutes for p in paths(sc) if p.role == role]
                    print(f"  {sid:28s} {role:18s} {len(mine):4d} paths, "
                          f"{min(mine):4.1f}-{max(mine):4.1f} min")
    if "--write" in argv:
        write_minutes(times, ROOT / "content" / "course.yaml")
        write_stated(times)
        print("content/course.yaml, the modules' openings and facilitator notes updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
