"""The after-play question of a role-play: which prompt an answer to it is stored under.

Each seat of a role-play reaches its own endings, and each ending asks its own question.
An answer is stored (as a reflection) under a prompt id naming the scenario, the seat and
the ending, ``scenario-<scenario>.<seat>.<ending>``, so that answers shared with the
cohort are pooled, moderated, exported and graded with the question they answer, never
with another seat's. Scenario, role and node ids are ``[a-z][a-z0-9_]*`` (the scenario
schema), so the dots cannot be part of them; a module's own prompt ids hold no dot and
may not begin with ``scenario-`` (:func:`commonground.content.course.load_prompts`).

Answers written before the question was kept apart are stored under ``scenario-<id>``
(every seat and ending of the role-play at once); :func:`parse` still reads them, with
no seat or ending.

This is the one module that knows the format (the prefix itself is
:data:`commonground.content.course.AFTER_PLAY_PREFIX`, so that a module's prompt file
can be refused one). What a person reads for such an id, "After the role-play, as
<seat>: <title>" and the ending's question, is :mod:`commonground.scenario.titles`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.course import AFTER_PLAY_PREFIX as PREFIX

__all__ = ["PREFIX", "PROMPT_ID_LIMIT", "AfterPlay", "parse", "prompt_id"]

PROMPT_ID_LIMIT = 100  # the reflections table's prompt_id column holds 100 characters
_ID = r"[a-z][a-z0-9_]*"
_PROMPT = re.compile(rf"{PREFIX}(?P<scenario>{_ID})(?:\.(?P<role>{_ID})\.(?P<ending>{_ID}))?")


@dataclass(frozen=True)
class AfterPlay:
    """Whose question a debrief prompt id is: a scenario's, and (except for answers kept
    from before seats were told apart) one seat's at one ending."""

    scenario_id: str
    role_id: str | None
    ending_id: str | None

    @property
    def prompt_id(self) -> str:
        if self.role_id is None or self.ending_id is None:
            return f"{PREFIX}{self.scenario_id}"
        return prompt_id(self.scenario_id, self.role_id, self.ending_id)


def prompt_id(scenario_id: str, role_id: str, ending_id: str) -> str:
    """The prompt id of the question ``ending_id`` asks someone who played ``role_id``."""
    return f"{PREFIX}{scenario_id}.{role_id}.{ending_id}"


def parse(prompt: str) -> AfterPlay | None:
    """Whose after-play question ``prompt`` is; None for a module's own prompt."""
    found = _PROMPT.fullmatch(prompt)
    if found is None:
        return None
    return AfterPlay(found["scenario"], found["role"], found["ending"])
