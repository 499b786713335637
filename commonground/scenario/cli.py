"""``commonground scenario ...``: check, graph and import-twee for scenario authors.

``add_parser(subparsers)`` adds the ``scenario`` command to an argparse CLI. Each
sub-command sets ``func`` (called with the parsed args, returns an exit code).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from ..content.datafile import DataFileError, read_text
from .graph import render_graph
from .load import check_file, load_scenario
from .model import Scenario
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
    check.add_argument("files", nargs="+", metavar="FILE", type=Path,
                       help="a scenario file, or a folder of them")
    check.add_argument("--draft", action="store_true",
                       help="leave out the branching rule (at least 2 decision points and 3 "
                            "endings for every role) while a story is still being written")
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


def _scenario_files(paths: list[Path]) -> list[Path] | str:
    """The files to check: each file given, and every ``.yaml`` file in a folder given;
    or what is wrong with the paths."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("*.yaml"))
            if not found:
                return f"{path} is a folder with no scenario files (*.yaml) in it."
            files += found
        else:
            files.append(path)  # a missing or unreadable file is one of its problems
    return files


def run_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    total = 0
    files = _scenario_files(args.files)
    if isinstance(files, str):
        print(f"commonground: {files}", file=sys.stderr)
        return 2
    for file in files:
        problems = check_file(file, branching=not getattr(args, "draft", False))
        total += len(problems)
        for problem in problems:
            print(problem, file=out)
    count = len(files)
    if total:
        print(f"{total} problem{'s' if total != 1 else ''} in {count} "
              f"file{'s' if count != 1 else ''}", file=out)
        return 1
    print(f"OK: {count} scenario file{'s' if count != 1 else ''} checked, no problems", file=out)
    return 0


def _load_or_report(file: Path, out: TextIO) -> Scenario | None:
    try:
        return load_scenario(file, check=False)
    except ScenarioError as exc:
        for problem in exc.problems:
            print(problem, file=out)
        return None


def _write(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _CannotWrite(f"could not write {output} ({exc.strerror or exc}); check that "
                           "the folder exists and that you may write to it.") from exc
    print(f"wrote {output}", file=sys.stderr)


class _CannotWrite(Exception):
    pass


def _refused(problems: Iterable[object]) -> int:
    """Input a command cannot use at all: one ``commonground:`` line a problem, exit 2."""
    for problem in problems:
        print(f"commonground: {problem}", file=sys.stderr)
    return 2


def run_graph(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    scenario = _load_or_report(args.file, sys.stderr)
    if scenario is None:
        return 1
    fmt = args.format
    if fmt is None:
        to_svg = args.output is not None and args.output.suffix.lower() == ".svg"
        fmt = "svg" if to_svg else "mermaid"
    try:
        _write(render_graph(scenario, fmt), args.output, out)
    except _CannotWrite as exc:
        return _refused([exc])
    return 0


def run_import_twee(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        text = read_text(args.file)
    except DataFileError as exc:
        return _refused(exc.problems)
    if "\x00" in text or "::" not in text:
        return _refused([f"{args.file}: this is not a Twee 3 story (Twine's text format, "
                         "with passages that start with ::). In Twine, use Build › Export "
                         "as Twee."])
    try:
        _write(twee_to_yaml(text, args.file.name), args.output, out)
    except _CannotWrite as exc:
        return _refused([exc])
    return 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m commonground.scenario check FILE``."""
    parser = argparse.ArgumentParser(prog="commonground")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scenario", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
