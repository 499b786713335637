"""Branching role-play scenarios: format, loading, play engine, checks and author tools.

Pure Python (PyYAML, and ``commonground.content._minischema`` for the schema; no widget libraries).
Names are imported lazily so that ``import commonground.scenario`` stays cheap in a
trainee's kernel::

    from commonground.scenario import Play, load_scenario
    scenario = load_scenario("content/scenarios/hot_desk.yaml")
    play = Play(scenario)
    view = play.start("key_worker")
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "Problem": "problems",
    "ScenarioError": "problems",
    "SCHEMA": "schema",
    "SCHEMA_VERSION": "schema",
    "UPGRADES": "schema",
    "upgrade": "schema",
    "Condition": "conditions",
    "Facts": "conditions",
    "Scenario": "model",
    "Role": "model",
    "Node": "model",
    "Choice": "model",
    "Ending": "model",
    "Variable": "model",
    "TextPart": "model",
    "parse": "load",
    "load_text": "load",
    "load_scenario": "load",
    "load_scenarios": "load",
    "Play": "engine",
    "View": "engine",
    "ChoiceView": "engine",
    "Meter": "engine",
    "PathStep": "engine",
    "PlayError": "engine",
    "RestoreError": "engine",
    "BACK": "engine",
    "check_file": "load",
    "check_scenario": "check",
    "check_branching": "check",
    "to_mermaid": "graph",
    "to_svg": "graph",
    "render_graph": "graph",
    "twee_to_yaml": "twee",
    "parse_twee": "twee",
    "describe_path": "wording",
    "add_parser": "cli",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

