"""`commonground pack build --out DIR`: everything, checked first, built in a temporary
folder beside DIR and moved into place only when every file is written.

A broken scenario or prompt file, a module in the outline without its notebook, a
notebook naming a role-play or prompt that does not exist, or a module without
``minutes:`` stops the build with a message naming the file, and leaves DIR as it was.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..config import content_dir, modules_dir
from ..content.course import Course, GlossaryEntry, load_course, load_glossary
from ..content.jurisdictions import Jurisdictions, load_jurisdictions
from ..scenario import load_scenarios
from ..scenario.model import Scenario
from . import PackError

__all__ = ["MARKER", "Pack", "PackContent", "build_pack", "load_content"]

#: The file that marks a folder as a pack this command made (and may replace).
MARKER = ".commonground-pack"


@dataclass(frozen=True)
class PackContent:
    course: Course
    notebooks: dict[str, dict]
    scenarios: dict[str, Scenario]
    glossary: tuple[GlossaryEntry, ...]
    law: Jurisdictions


@dataclass(frozen=True)
class Pack:
    out: Path
    files: tuple[Path, ...]


def _notebook(path: Path, module_id: str) -> dict:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(
            f"{path}: module {module_id} is in content/course.yaml but its notebook is "
            f"missing — add modules/{module_id}.ipynb, or take the module out of the "
            "outline.") from None
    except (OSError, ValueError) as exc:
        raise PackError(f"{path}: the notebook cannot be read ({exc}) — open it in "
                        "Jupyter and save it again.") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise PackError(f"{path}: this is not a notebook (it has no cells).")
    return nb


def _check_references(content: PackContent, modules: Path) -> None:
    from .slides import _WIDGET

    problems = []
    for module in content.course.modules:
        for cell in content.notebooks[module.id]["cells"]:
            if cell.get("cell_type") != "code":
                continue
            for what, ident in _WIDGET.findall("".join(cell.get("source", ""))):
                where = modules / module.notebook
                if what == "scenario" and ident not in content.scenarios:
                    problems.append(
                        f"{where}: the role-play {ident!r} is not in content/scenarios/ — "
                        "fix the id in the notebook, or add the scenario file.")
                elif what == "reflection" and ident not in content.course.prompts(module.id):
                    problems.append(
                        f"{where}: the prompt {ident!r} is not in "
                        f"content/prompts/{module.id}.yaml — fix the id, or add the prompt.")
    if problems:
        raise PackError("\n".join(problems))


def load_content(content: Path | None = None, modules: Path | None = None) -> PackContent:
    """Read and check everything the pack is made from; raise before anything is written."""
    from .schedule import ScheduleError, schedules

    root = Path(content) if content else content_dir()
    modules = Path(modules) if modules else modules_dir()
    course = load_course(root)  # DataFileError names the file and line
    try:
        schedules(course)
    except ScheduleError as exc:
        raise PackError(str(exc)) from None
    notebooks = {m.id: _notebook(modules / m.notebook, m.id) for m in course.modules}
    scenarios = load_scenarios(root / "scenarios")  # ScenarioError: file and line
    for module in course.modules:
        course.prompts(module.id)  # a broken prompt file is a DataFileError here
    law = load_jurisdictions(root)  # DataFileError: file and line
    found = PackContent(course, notebooks, scenarios, load_glossary(root), law)
    _check_references(found, modules)
    return found


def _write(folder: Path, content: PackContent) -> list[Path]:
    from .email import precourse_email
    from .handouts import handouts_html
    from .index import index_html
    from .kit import kit_html
    from .law import law_html
    from .paper import paper_play
    from .paper_html import paper_html, seat_html
    from .pdf import write_pdf
    from .runsheets import module_sheet, runsheets_html, seat_file
    from .schedule_html import schedule_html
    from .slides import copy_reveal, slides_html

    course = content.course
    written: list[Path] = []

    def text(name: str, body: str) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
        written.append(path)
        return path

    def pdf(name: str, html: str) -> None:
        text(name.removesuffix(".pdf") + ".html", html)
        written.append(write_pdf(html, folder / name))

    pdf("schedule.pdf", schedule_html(course))
    pdf("run-sheets.pdf", runsheets_html(course, content.scenarios))
    pdf("handouts.pdf", handouts_html(course, content.notebooks, content.scenarios,
                                      content.glossary))
    pdf("law.pdf", law_html(course, content.law))
    pdf("session-one-kit.pdf", kit_html(course))
    for sid, scenario in content.scenarios.items():
        play = paper_play(scenario)
        seats = {d.role.id: seat_file(sid, d.role.id) for d in play.decks}
        pdf(f"roleplays/roleplay-{sid}.pdf",
            paper_html(play, course, {k: v.removeprefix("roleplays/") for k, v in
                                      seats.items()}))
        for deck in play.decks:  # each group gets only its own seat's cards
            pdf(seats[deck.role.id], seat_html(play, deck, course))
    for module in course.modules:
        text(f"slides/{module.id}.slides.html",
             slides_html(content.notebooks[module.id], course, module, content.scenarios,
                         module_sheet(course, module, content.scenarios)))
    copy_reveal(folder / "slides" / "reveal.js")
    text("pre-course-email.md", precourse_email(course, content.scenarios))
    text("index.html", index_html(course, content.scenarios))
    text(MARKER, json.dumps({"course": course.title}) + "\n")
    return written


def _refuse_foreign(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise PackError(f"{out} is a file, not a folder — choose a folder for the pack.")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).exists():
        raise PackError(
            f"{out} already holds other files — choose an empty or new folder (a folder "
            "with an earlier pack in it is replaced).")


def build_pack(out: Path, content: Path | None = None, modules: Path | None = None) -> Pack:
    """Check everything, build the pack beside ``out``, then put it in place."""
    out = Path(out).resolve()
    _refuse_foreign(out)
    found = load_content(content, modules)
    out.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        written = _write(building, found)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        out.rename(old / "pack")
    building.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return Pack(out, tuple(out / p.relative_to(building) for p in written))

