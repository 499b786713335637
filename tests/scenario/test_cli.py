"""`commonground scenario check|graph|import-twee`, driven through a throwaway parser."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from commonground.scenario import add_parser

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))


def run(*argv: str) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="commonground")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["scenario", *argv])
    out = io.StringIO()
    return args.func(args, out=out), out.getvalue()


def test_check_shipped_files_ok():
    code, out = run("check", *map(str, SHIPPED))
    assert code == 0
    assert out.strip() == f"OK: {len(SHIPPED)} scenario files checked, no problems"


@pytest.mark.parametrize(("text", "expected"), [
    ("id: [unclosed\n", "bad.yaml:1: this is not valid YAML"),
    ("schema_version: 1\nid: x\n", "bad.yaml:1: the scenario is missing `title` — add `title:`"),
])
def test_check_reports_file_line_problem_and_fix_and_exits_1(tmp_path, text, expected):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    code, out = run("check", str(bad), str(SHIPPED[0]))
    assert code == 1
    lines = out.splitlines()
    assert any(line.startswith(str(tmp_path / expected)) for line in lines), out
    assert " — " in lines[0]
    assert lines[-1].endswith("in 2 files")


def test_missing_file_is_a_problem(tmp_path):
    code, out = run("check", str(tmp_path / "nope.yaml"))
    assert code == 1 and "cannot read the file" in out


def test_graph_to_stdout_is_mermaid():
    code, out = run("graph", str(SHIPPED[0]))
    assert code == 0 and out.startswith("flowchart TD")


@pytest.mark.parametrize(("name", "extra", "start"), [
    ("out.svg", [], "<svg"),
    ("out.mmd", [], "flowchart TD"),
    ("out.txt", ["--format", "svg"], "<svg"),
])
def test_graph_to_file(tmp_path, name, extra, start):
    target = tmp_path / name
    code, _ = run("graph", str(SHIPPED[0]), "-o", str(target), *extra)
    assert code == 0 and target.read_text().startswith(start)


def test_graph_of_a_broken_file_fails(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [\n")
    code, _ = run("graph", str(bad))
    assert code == 1 and "not valid YAML" in capsys.readouterr().err


def test_import_twee_then_check(tmp_path):
    story = tmp_path / "story.twee"
    story.write_text(":: Start\nHello.\n[[Go on->End]]\n\n:: End\nBye.\n")
    target = tmp_path / "story.yaml"
    assert run("import-twee", str(story), "-o", str(target))[0] == 0
    code, out = run("check", str(target))  # a two-passage skeleton does not branch yet
    assert code == 1 and "decision point" in out, out
    code, out = run("check", "--draft", str(target))
    assert code == 0, out
    code, out = run("import-twee", str(story))
    assert code == 0 and "schema_version: 1" in out


def test_subcommand_is_required():
    parser = argparse.ArgumentParser(prog="commonground")
    add_parser(parser.add_subparsers(dest="command", required=True))
    with pytest.raises(SystemExit):
        parser.parse_args(["scenario"])
