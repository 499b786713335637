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
from typing import TYPE_CHECKING, Any

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

__all__ = [  # the names of _EXPORTS, written out so that linters and type checkers see them
    "BACK",
    "SCHEMA",
    "SCHEMA_VERSION",
    "UPGRADES",
    "Choice",
    "ChoiceView",
    "Condition",
    "Ending",
    "Facts",
    "Meter",
    "Node",
    "PathStep",
    "Play",
    "PlayError",
    "Problem",
    "RestoreError",
    "Role",
    "Scenario",
    "ScenarioError",
    "TextPart",
    "Variable",
    "View",
    "add_parser",
    "check_branching",
    "check_file",
    "check_scenario",
    "describe_path",
    "load_scenario",
    "load_scenarios",
    "load_text",
    "parse",
    "parse_twee",
    "render_graph",
    "to_mermaid",
    "to_svg",
    "twee_to_yaml",
    "upgrade",
]

if TYPE_CHECKING:  # what __getattr__ gives, for type checkers (never run)
    from .check import check_branching, check_scenario
    from .cli import add_parser
    from .conditions import Condition, Facts
    from .engine import BACK, ChoiceView, Meter, PathStep, Play, PlayError, RestoreError, View
    from .graph import render_graph, to_mermaid, to_svg
    from .load import check_file, load_scenario, load_scenarios, load_text, parse
    from .model import Choice, Ending, Node, Role, Scenario, TextPart, Variable
    from .problems import Problem, ScenarioError
    from .schema import SCHEMA, SCHEMA_VERSION, UPGRADES, upgrade
    from .twee import parse_twee, twee_to_yaml
    from .wording import describe_path


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

