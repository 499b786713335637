"""``commonground scenario ...``: check, graph and import-twee for scenario authors.

``add_parser(subparsers)`` adds the ``scenario`` command to an argparse CLI. Each
sub-command sets ``func`` (called with the parsed args, returns an exit code).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from ..datafile import DataFileError, read_text
from .graph import render_graph
from .load import check_file, load_scenario
from .problems import ScenarioError
from .twee import twee_to_yaml


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scenario", help="check, draw or import role-play scenarios",
        description="Tools for writing role-play scenarios (YAML files in content/scenarios/).")
    commands = parser.add_subparsers(dest="scenario_command", metavar="COMMAND")
    commands.required = True

    check = commands.add_parser("check", help="check scenario files for problems",
                                description="Check scenario files; exit 1 if any has problems.")
    check.add_argument("files", nargs="+", metavar="FILE", type=Path)
    check.set_defaults(func=run_check)

    graph = commands.add_parser(
        "graph", help="draw a scenario's branches",
        description="Write a picture of the branches as Mermaid text or SVG.")
    graph.add_argument("file", metavar="FILE", type=Path)
    graph.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    graph.add_argument("--format", choices=("mermaid", "svg"), default=None,
                       help="default: from the output file's extension, else mermaid")
    graph.set_defaults(func=run_graph)

    twee = commands.add_parser(
        "import-twee", help="turn a Twine (Twee 3) story into a scenario skeleton",
        description="Convert Twee 3 passages and [[links]] into scenario YAML to complete.")
    twee.add_argument("file", metavar="FILE.twee", type=Path)
    twee.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")
    twee.set_defaults(func=run_import_twee)


def run_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    total = 0
    for file in args.files:
        problems = check_file(file)
        total += len(problems)
        for problem in problems:
            print(problem, file=out)
    count = len(args.files)
    if total:
        print(f"{total} problem{'s' if total != 1 else ''} in {count} "
              f"file{'s' if count != 1 else ''}", file=out)
        return 1
    print(f"OK: {count} scenario file{'s' if count != 1 else ''} checked, no problems", file=out)
    return 0


def _load_or_report(file: Path, out: TextIO):
    try:
        return load_scenario(file, check=False)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return None


def _write(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"wrote {output}", file=sys.stderr)


def run_graph(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    scenario = _load_or_report(args.file, sys.stderr)
    if scenario is None:
        return 1
    fmt = args.format
    if fmt is None:
        to_svg = args.output is not None and args.output.suffix.lower() == ".svg"
        fmt = "svg" if to_svg else "mermaid"
    _write(render_graph(scenario, fmt), args.output, out)
    return 0


def run_import_twee(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        text = read_text(args.file)
    except DataFileError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    _write(twee_to_yaml(text, args.file.name), args.output, out)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m commonground.scenario check FILE``."""
    parser = argparse.ArgumentParser(prog="commonground")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scenario", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
