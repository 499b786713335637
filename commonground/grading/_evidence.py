"""A trainee's path through a module's role-plays, as evidence beside their reflection.

Read from the tables ``scenario_plays`` and ``scenario_steps`` (one row a choice, in
order), with titles and choice labels from the scenario files when they load.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from .. import _schema as t
from ..store import Store
from ._text import as_markdown_text

log = logging.getLogger(__name__)

BACK = "__back__"  # commonground.scenario.engine.BACK: the trainee stepped back
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


def paths_for(store: Store, participant_ids: list[int], scenario_ids: list[str]) -> dict:
    """participant id -> [(play row, [step rows in order])], plays in the order started."""
    found: dict[int, list] = defaultdict(list)
    if not participant_ids or not scenario_ids:
        return found
    sp, ss = t.scenario_plays, t.scenario_steps
    with store.read() as conn:
        plays = conn.execute(
            select(sp)
            .where(sp.c.participant_id.in_(participant_ids), sp.c.scenario_id.in_(scenario_ids))
            .order_by(sp.c.participant_id, sp.c.started_at, sp.c.id)
        ).fetchall()
        steps: dict[int, list] = defaultdict(list)
        if plays:
            for row in conn.execute(
                select(ss.c.play_id, ss.c.node_id, ss.c.choice_id)
                .where(ss.c.play_id.in_([p.id for p in plays]))
                .order_by(ss.c.play_id, ss.c.seq)
            ):
                steps[row.play_id].append(row)
    for play in plays:
        found[play.participant_id].append((play, steps[play.id]))
    return found


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
