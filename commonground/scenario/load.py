"""Read scenario files with the shared data-file loader, build the model, run the checks.

Reading, YAML, ``schema_version`` and the schema are handled as for every data file
(``commonground.content.datafile``); this module adds the scenario's wording, builds the
``Scenario`` and, unless told not to, runs the static checks (``check.check_scenario``).
"""

from __future__ import annotations

from pathlib import Path as FilePath

from ..content.datafile import DataFileError, DataKind, checked, parse_yaml, read_text
from .check import check_branching, check_scenario
from .model import Scenario
from .problems import Problem, ScenarioError
from .schema import SCHEMA, SCHEMA_VERSION, UPGRADES
from .wording import WORDING

__all__ = ["check_file", "load_scenario", "load_scenarios", "load_text", "parse"]


def _kind() -> DataKind:
    # Built when used, so the current SCHEMA_VERSION and UPGRADES always apply.
    return DataKind(SCHEMA, SCHEMA_VERSION, UPGRADES, WORDING,
                    start_from="an existing scenario in content/scenarios/")


def parse(text: str, file: str = "<scenario>") -> tuple[Scenario | None, list[Problem]]:
    """Parse and schema-validate scenario text. Returns the scenario (or None) and problems."""
    try:
        loaded = checked(parse_yaml(text, file), _kind())
    except DataFileError as exc:
        return None, exc.problems
    return Scenario.from_data(loaded.data, file=file, lines=loaded.lines), []


def load_text(text: str, file: str = "<scenario>", *, check: bool = True) -> Scenario:
    """Load scenario text; raise ``ScenarioError`` listing every problem."""
    scenario, problems = parse(text, file)
    if scenario is not None and check:
        problems = check_scenario(scenario)
    if problems or scenario is None:
        raise ScenarioError(problems)
    return scenario


def load_scenario(path: str | FilePath, *, check: bool = True) -> Scenario:
    """Load a scenario file; raise ``ScenarioError`` (with file and line) if it has problems.

    With ``check=True`` (the default) the static checks run too, so a loaded scenario is
    safe to play: every target exists and every path can reach an ending.
    """
    try:
        text = read_text(path)
    except DataFileError as exc:
        raise ScenarioError(exc.problems) from exc
    return load_text(text, str(path), check=check)


def load_scenarios(directory: str | FilePath, *, check: bool = True) -> dict[str, Scenario]:
    """Load every ``*.yaml`` scenario in a folder, keyed by scenario id (sorted by file name)."""
    found: dict[str, Scenario] = {}
    for file in sorted(FilePath(directory).glob("*.yaml")):
        scenario = load_scenario(file, check=check)
        found[scenario.id] = scenario
    return found


def check_file(path: str | FilePath, *, branching: bool = True) -> list[Problem]:
    """Every problem in one scenario file (reading, YAML, schema and static checks).

    With ``branching=True`` (the default, what ``scenario check`` runs) the authoring rule
    on branching applies too (``check.check_branching``); a draft may leave it out.
    """
    try:
        text = read_text(path)
    except DataFileError as exc:
        return exc.problems
    scenario, problems = parse(text, str(path))
    if scenario is not None:
        problems = check_scenario(scenario)
        together = scenario.together
        if together is not None and together.retells and not FilePath(
                path).with_name(f"{together.retells}.yaml").is_file():
            problems.append(Problem(
                str(path), scenario.line(("together", "retells")),
                f"it retells `{together.retells}`, which is not a role-play in this folder",
                "use the id of the role-play whose story it tells"))
        if branching:
            problems = sorted(dict.fromkeys(problems + check_branching(scenario)),
                              key=lambda p: p.line or 0)
    return problems
