"""Words for ids: what a person reads where the course keeps an id.

The database keeps a reflection by its prompt's id (``safe-env-power``, or
``scenario-hot_desk`` for the reflection at the end of a role-play), a module by its id
(``03_trauma_informed``) and a role-play by its file's name. Nobody should ever read
those: every page, download, export and printed page that names a reflection, a module
or a role-play asks here for its words.

- :func:`prompt_title`: a reflection prompt's title ("Power in the room", "After the
  role-play: The traumatised organisation"), for any prompt id the course has used;
- :func:`scenario_title` and :func:`module_label` ("Module 3: Trauma-informed practice
  ..."), which it is made of;
- :func:`debrief_prompt_id` and :func:`debrief_of`: the one place that knows how the
  reflection at the end of a role-play is kept (``scenario-<scenario id>``), and
  :func:`debrief_question`, the question it answered.

Something the course no longer has (a prompt taken out, a module renamed) reads as such,
in words, never as its id. Pure Python: the course outline, prompts and scenario files.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from commonground.content.course import Course, Module, Prompt, load_course
from commonground.content.datafile import DataFileError

from .model import Scenario

__all__ = [
    "DEBRIEF_PREFIX",
    "GONE_MODULE",
    "GONE_PROMPT",
    "debrief_of",
    "debrief_prompt",
    "debrief_prompt_id",
    "debrief_question",
    "debrief_title",
    "find_module",
    "find_prompt",
    "find_scenario",
    "module_label",
    "prompt_title",
    "scenario_title",
]

#: How the reflection at the end of a role-play is kept: ``scenario-<scenario id>``.
DEBRIEF_PREFIX = "scenario-"
GONE_PROMPT = "A reflection question that is no longer in the course"
GONE_MODULE = "A module that is no longer in the course"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # a scenario id is a file's name: no paths


# -- the reflection at the end of a role-play ---------------------------------------------
def debrief_prompt_id(scenario_id: str) -> str:
    """The prompt id the reflection at the end of a role-play is kept under."""
    return f"{DEBRIEF_PREFIX}{scenario_id}"


def debrief_of(prompt_id: str) -> str | None:
    """The scenario id of a role-play's reflection, or None for any other prompt."""
    if not prompt_id.startswith(DEBRIEF_PREFIX):
        return None
    scenario_id = prompt_id[len(DEBRIEF_PREFIX):]
    return scenario_id or None


def debrief_title(scenario_title: str) -> str:
    """"After the role-play: The traumatised organisation"."""
    return f"After the role-play: {scenario_title}"


def debrief_prompt(scenario: Scenario, question: str) -> Prompt:
    """The reflection box's prompt at the end of a role-play: ``question`` is the ending's."""
    return Prompt(id=debrief_prompt_id(scenario.id), module_id=scenario.module,
                  title=debrief_title(scenario.title), text=question)


def debrief_question(scenario_id: str, ending_id: str | None,
                     course: Course | None = None) -> str:
    """The question the role-play asked at one of its endings (Markdown), or ""."""
    scenario = find_scenario(scenario_id, course)
    node = scenario.nodes.get(ending_id or "") if scenario else None
    return node.ending.reflection if node and node.ending else ""


# -- titles -------------------------------------------------------------------------------
def prompt_title(prompt_id: str, module_id: str, course: Course | None = None) -> str:
    """A reflection prompt's title, as the trainee read it above the box."""
    scenario_id = debrief_of(prompt_id)
    if scenario_id is not None:
        return debrief_title(scenario_title(scenario_id, course))
    prompt = find_prompt(prompt_id, module_id, course)
    return prompt.title if prompt else GONE_PROMPT


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
