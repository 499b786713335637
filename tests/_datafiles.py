"""Small helpers (not fixtures) for data-file tests: one valid file of each kind a
facilitator edits, written where its loader looks, and a `# HERE` line marker."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from commonground.content.course import load_course, load_glossary, load_prompts
from commonground.scenario import load_scenario


@dataclass(frozen=True)
class Kind:
    """A kind of data file: where it lives, a small valid example, and how to load it."""

    name: str
    path: str  # relative to a content folder
    valid: str
    nested: str  # a line of ``valid`` inside a list item or mapping, for tests to alter
    load: Callable[[Path], object]

    def write(self, root: Path, text: str) -> Path:
        path = root / self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def load_text(self, root: Path, text: str) -> object:
        return self.load(self.write(root, text))


def _course(path: Path):
    return load_course.__wrapped__(path.parent)


def _prompts(path: Path):
    return load_prompts.__wrapped__(path, path.stem)


def _glossary(path: Path):
    return load_glossary.__wrapped__(path.parent)


SCENARIO = textwrap.dedent("""\
    schema_version: 1
    id: tiny
    title: Tiny
    summary: A tiny scenario.
    module: 01_safe_environment
    roles:
      worker: {name: Worker, brief: You are a worker.}
    start: a
    nodes:
      a:
        text: Hello.
        choices:
          - {id: go, label: Go, target: done}
      done:
        text: Bye.
        ending: {title: Done, debrief: Think about it.}
    """)

KINDS = {
    "course": Kind("course", "course.yaml",
                   "schema_version: 1\ntitle: Course\nmodules:\n  - id: a\n    title: A\n"
                   "  - id: b\n    title: B\n",
                   "    title: A\n", _course),
    "prompts": Kind("prompts", "prompts/m.yaml",
                    "schema_version: 1\nmodule: m\nprompts:\n  - id: p\n    title: T\n"
                    "    text: Say why.\n",
                    "    title: T\n", _prompts),
    "glossary": Kind("glossary", "glossary.yaml",
                     "schema_version: 1\nterms:\n  - term: ITP\n    meaning: A plan.\n"
                     "  - term: team\n    meaning: People.\n",
                     "    meaning: A plan.\n", _glossary),
    "scenario": Kind("scenario", "scenarios/tiny.yaml", SCENARIO, "    text: Bye.\n",
                     load_scenario),
}


def marked(text: str) -> tuple[str, int]:
    """Remove a `  # HERE` marker; return the text and the (1-based) marked line."""
    lines = text.splitlines()
    line = next(i for i, t in enumerate(lines, start=1) if "# HERE" in t)
    return "\n".join(t.replace("  # HERE", "") for t in lines) + "\n", line
