"""A trainee's path through a module's role-plays, as evidence beside their reflection.

Read through :class:`commonground.data.plays.Plays` (every play and its choices, in order),
with titles and choice labels from the scenario files when they load.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..scenario.engine import BACK
from ._text import as_markdown_text

log = logging.getLogger(__name__)

STATUS_WORDS = {"playing": "not finished", "finished": "finished", "left": "left before the end"}


def load_scenario_index(content_root: Path) -> dict:
    """Scenario id -> Scenario from ``content/scenarios``; {} when they cannot load
    (a file being edited must not stop grading: the evidence then shows plain ids)."""
    try:
        from ..scenario import ScenarioError, load_scenarios
    except ImportError:  # pragma: no cover - the scenario package is part of the course
        return {}
    folder = Path(content_root) / "scenarios"
    if not folder.is_dir():
        return {}
    try:
        return load_scenarios(folder, check=False)
    except (ScenarioError, OSError, ValueError) as e:
        log.warning("scenario files could not be read (%s); evidence shows plain ids", e)
        return {}


def module_scenarios(index: dict, module_id: str) -> list[str]:
    return [sid for sid, s in index.items() if s.module == module_id]


def _say(text: str) -> str:
    return as_markdown_text(" ".join(str(text).split()))


def evidence_markdown(plays: list, index: dict) -> str:
    """The read-only evidence cell: each play of the module's role-plays, choices in order."""
    parts = [
        "### Role-play evidence: the choices made, in order\n\n"
        "*Read-only. Exported from the course with the reflections, for the facilitator.*\n"
    ]
    if not plays:
        parts.append("No role-play choices are recorded for this module yet.\n")
    for play, steps in plays:
        scenario = index.get(play.scenario_id)
        title = scenario.title if scenario else play.scenario_id
        role = scenario.roles.get(play.role_id) if scenario else None
        labels = scenario.choices() if scenario else {}
        status = STATUS_WORDS.get(play.status, play.status)
        line = f"**{_say(title)}**, as {_say(role.name if role else play.role_id)}: {status}"
        if play.ending_id:
            ending = scenario.nodes.get(play.ending_id) if scenario else None
            name = ending.ending.title if ending is not None and ending.ending else play.ending_id
            line += f" (ending: {_say(name)})"
        parts.append(line + "\n")
        if not steps:
            parts.append("No choices made yet.\n")
            continue
        items = []
        for n, step in enumerate(steps, start=1):
            if step.choice_id == BACK:
                items.append(f"{n}. Went back a step")
            else:
                choice = labels.get(step.choice_id)
                items.append(f"{n}. {_say(choice.label if choice else step.choice_id)}")
        parts.append("\n".join(items) + "\n")
    return "\n".join(parts)
