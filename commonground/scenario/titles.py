"""Words for ids: what a person reads where the course keeps an id.

The database keeps a reflection by its prompt's id (``safe-env-power``, or, for the
question a role-play asks at its end, an id :mod:`commonground.scenario.debrief` makes
and reads), a module by its id (``03_trauma_informed``) and a role-play by its file's
name. Nobody should ever read those: every page, download, export and printed page that
names a reflection, a module or a role-play asks here for its words.

- :func:`prompt_title`: a reflection prompt's title ("Power in the room", "After the
  role-play, as Tom, partnership facilitator: Coming back to a team under strain", or
  "After the role-play: Coming back ..." for an answer kept from before each seat had
  its own question), for any prompt id the course has used; :func:`prompt_heading`, the
  same with a role-play's question after it, where an answer is shown away from its box;
- :func:`scenario_title` and :func:`module_label` ("Module 3: Trauma-informed practice
  ..."), which it is made of;
- for the reflection at the end of a role-play: :func:`debrief_prompt` (the box's
  prompt), :func:`after_play` (that prompt again, from a stored id) and
  :func:`debrief_question` (the question an ending asks). :func:`debrief_prompt_id` and
  :func:`debrief_of` hand over to :mod:`commonground.scenario.debrief`, the one place that
  knows how that reflection is kept.

Something the course no longer has (a prompt taken out, a module renamed) reads as such,
in words, never as its id. Pure Python: the course outline, prompts and scenario files.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from commonground.content.course import Course, Module, Prompt, load_course
from commonground.content.datafile import DataFileError

from . import debrief
from .debrief import AfterPlay
from .model import Scenario

__all__ = [
    "GONE_MODULE",
    "GONE_PROMPT",
    "after_play",
    "debrief_of",
    "debrief_prompt",
    "debrief_prompt_id",
    "debrief_question",
    "debrief_title",
    "find_module",
    "find_prompt",
    "find_scenario",
    "module_label",
    "prompt_heading",
    "prompt_title",
    "scenario_title",
]

GONE_PROMPT = "A reflection question that is no longer in the course"
GONE_MODULE = "A module that is no longer in the course"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a scenario id is a file's name: no paths


# -- the reflection at the end of a role-play ---------------------------------------------
def debrief_prompt_id(scenario_id: str, role_id: str | None = None,
                      ending_id: str | None = None) -> str:
    """The prompt id the answer to the question ``ending_id`` asks someone who played
    ``role_id`` is kept under (without them: how answers were kept before each seat had
    its own question). The format is :mod:`commonground.scenario.debrief`'s."""
    return AfterPlay(scenario_id, role_id, ending_id).prompt_id


def debrief_of(prompt_id: str) -> AfterPlay | None:
    """Whose after-play question a prompt id is (its scenario, and its seat and ending
    where it names them), or None for a module's own prompt."""
    return debrief.parse(prompt_id)


def debrief_title(scenario_title: str, seat: str | None = None) -> str:
    """"After the role-play, as Tom, partnership facilitator: The traumatised
    organisation" ("After the role-play: ..." when the seat is not known)."""
    as_seat = f", as {seat}" if seat else ""
    return f"After the role-play{as_seat}: {scenario_title}"


def debrief_prompt(scenario: Scenario, role_id: str | None, ending_id: str | None,
                   question: str) -> Prompt:
    """The reflection box's prompt at the end of a role-play: the question ``question``
    the ending ``ending_id`` asks whoever played ``role_id``, kept apart from every other
    seat's and ending's."""
    role = scenario.roles.get(role_id or "")
    return Prompt(id=debrief_prompt_id(scenario.id, role_id, ending_id),
                  module_id=scenario.module,
                  title=debrief_title(scenario.title, role.name if role else None),
                  text=question)


def after_play(prompt_id: str, course: Course | None = None) -> Prompt | None:
    """The prompt a role-play's after-play question was asked as, from the id its answers
    are kept under; None for a module's own prompt. An answer kept from before seats were
    told apart, or whose seat or ending is no longer in the scenario file, gets the
    role-play's title and no question; one whose file cannot be read, its name in words."""
    after = debrief_of(prompt_id)
    if after is None:
        return None
    scenario = find_scenario(after.scenario_id, course)
    if scenario is None:
        return Prompt(id=prompt_id, module_id="",
                      title=debrief_title(scenario_title(after.scenario_id, course)), text="")
    return debrief_prompt(scenario, after.role_id, after.ending_id,
                          _question(scenario, after.ending_id))


def debrief_question(scenario_id: str, ending_id: str | None,
                     course: Course | None = None) -> str:
    """The question the role-play asked at one of its endings (Markdown), or ""."""
    scenario = find_scenario(scenario_id, course)
    return _question(scenario, ending_id) if scenario else ""


def _question(scenario: Scenario, ending_id: str | None) -> str:
    node = scenario.nodes.get(ending_id or "")
    return node.ending.reflection if node and node.ending else ""


# -- titles -------------------------------------------------------------------------------
def prompt_title(prompt_id: str, module_id: str, course: Course | None = None) -> str:
    """A reflection prompt's title, as the trainee read it above the box."""
    after = after_play(prompt_id, course)
    if after is not None:
        return after.title
    prompt = find_prompt(prompt_id, module_id, course)
    return prompt.title if prompt else GONE_PROMPT


def prompt_heading(prompt_id: str, module_id: str, course: Course | None = None) -> str:
    """What a reflection answers, where it is shown away from its box (the facilitator's
    feedback and moderation lists): its prompt's title, and for a role-play's after-play
    question the question too ("After the role-play, as <seat>: <title>: <question>"),
    so that each seat's answers are read with their own question."""
    after = after_play(prompt_id, course)
    if after is None:
        return prompt_title(prompt_id, module_id, course)
    return f"{after.title}: {after.text}" if after.text else after.title


def scenario_title(scenario_id: str, course: Course | None = None) -> str:
    """A role-play's title; while its file cannot be read, its name in plain words."""
    scenario = find_scenario(scenario_id, course)
    if scenario is not None:
        return scenario.title
    words = scenario_id.replace("_", " ").replace("-", " ").strip()
    return words.capitalize() if words and _ID.match(scenario_id) else "A role-play"


def module_label(module_id: str, course: Course | None = None) -> str:
    """"Module 3: Trauma-informed practice and the traumatised organisation"."""
    module = find_module(module_id, course)
    return f"Module {module.number}: {module.title}" if module else GONE_MODULE


# -- finding them -------------------------------------------------------------------------
def find_module(module_id: str, course: Course | None = None) -> Module | None:
    try:
        return (course or load_course()).module(module_id)
    except (KeyError, DataFileError):
        return None


def find_prompt(prompt_id: str, module_id: str, course: Course | None = None) -> Prompt | None:
    """A prompt of the course: in its module, or in another one it has moved to since."""
    try:
        course = course or load_course()
        found = course.prompts(module_id).get(prompt_id) if _ID.match(module_id) else None
        for module in () if found else course.modules:
            found = course.prompts(module.id).get(prompt_id)
            if found:
                break
        return found
    except DataFileError:  # a prompt file being edited
        return None


def find_scenario(scenario_id: str, course: Course | None = None) -> Scenario | None:
    """A role-play of the course (read again when its file changes), or None."""
    if not _ID.match(scenario_id):
        return None
    try:
        root = course.root if course is not None else load_course().root
        path = Path(root) / "scenarios" / f"{scenario_id}.yaml"
        return _load(path, path.stat().st_mtime)
    except (OSError, DataFileError):  # no such file, or one being edited
        return None


@lru_cache(maxsize=16)
def _load(path: Path, mtime: float) -> Scenario:
    from .load import load_scenario

    return load_scenario(path, check=False)
