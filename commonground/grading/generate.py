"""The nbgrader assignments, generated from the reflection prompts (one source of truth).

Each module of ``content/course.yaml`` that has prompts (``content/prompts/<module>.yaml``)
becomes an assignment ``source/<module>/reflections.ipynb`` in the nbgrader course folder:
for every prompt, a read-only cell with the prompt, a "manually graded answer" cell and a
read-only cell saying what the facilitator looks for.

Assessment is formative by default: the answer is worth 1 point, 1 for "complete" and 0
for "not yet", and the guide cell holds the rubric's criteria without its levels. For a
cohort whose facilitator turned the scored rubric on (``commonground.data.assessment``), the
same module has a second assignment, ``<module>-scored``: the answer is worth the
prompt's ``points`` and the guide cell holds the whole rubric, levels included. Scored
assignments are written when a scored cohort is first exported (or with ``--scored``)
and kept up to date from then on.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from ..content.course import Course, Module, Prompt, load_course
from . import _notebook as nbf
from ._paths import CONFIG_FILE, DEFAULT_COURSE_DIR, NOTEBOOK, GradingError

NBGRADER_CONFIG = f'''\
"""nbgrader settings for Common Ground's reflection assignments.

Run nbgrader from this folder (cd exercises). The notebooks in source/ are generated from
content/prompts/ by `commonground grading generate`: change the prompts, not the notebooks.
See facilitator_notes/grading.md for the whole grading cycle.
"""

c = get_config()  # noqa: F821 - nbgrader provides get_config()

c.CourseDirectory.course_id = "commonground"

# The gradebook is gradebook.db in this folder. To keep it elsewhere, name a database:
# c.CourseDirectory.db_url = "sqlite:////srv/commonground/gradebook.db"

# What an empty answer box says (the same words as in the generated notebooks).
c.ClearSolutions.text_stub = (
    {nbf.ANSWER_STUB_PARTS[0]!r}
    {nbf.ANSWER_STUB_PARTS[1]!r}
)

# The exchange is nbgrader's folder for handing assignments out and in. Trainees write in
# the course, never through it, but formgrader looks for it: it is exchange/ in this
# folder (the grading run on the dashboard creates it), not /srv/nbgrader/exchange.
import os  # noqa: E402

c.Exchange.root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exchange")

# Reflections are Markdown only: autograde has no code to run, so it starts no kernel
# (a kernel per submission is slow, and its shutdown logs "KeyboardInterrupt caught in
# kernel", which is only the kernel being stopped).
c.Execute.enabled = False
'''


SCORED = "-scored"  # the suffix of a module's scored-rubric assignment
COMPLETION_POINTS = 1  # formative: 1 complete, 0 not yet

COMPLETION_GUIDE = (
    "**How this is marked.** Your facilitator writes you feedback and marks each "
    "reflection you share with them **complete** (1) or **not yet** (0). Complete means "
    "it takes up the prompt in your own words, from whatever angle you choose; not yet "
    "means it does not take up the prompt yet, and the feedback says what would. Nothing "
    "you choose to keep to yourself counts against you."
)
SCORED_GUIDE = (
    "**How this is marked.** Your facilitator writes you feedback and scores each "
    "reflection you share with them on the levels below; a score of 0 means not yet "
    "complete, any other score means complete. The levels are about how you work with "
    "the ideas, never about what you share of yourself."
)


@dataclass(frozen=True)
class Assignment:
    """One module's reflection prompts as an nbgrader assignment (formative, or with
    the scored rubric)."""

    module: Module
    prompts: tuple[Prompt, ...]
    scored: bool = False

    @property
    def id(self) -> str:
        return self.module.id + (SCORED if self.scored else "")

    def points(self, prompt: Prompt) -> float:
        """What an answer is worth in nbgrader."""
        return prompt.points if self.scored else COMPLETION_POINTS


def assignments(course: Course | None = None, scored: bool = False) -> list[Assignment]:
    """Every module with at least one reflection prompt, in course order (the scored
    variants with ``scored``)."""
    course = course or load_course()
    found = []
    for module in course.modules:
        prompts = tuple(course.prompts(module.id).values())
        if prompts:
            found.append(Assignment(module, prompts, scored))
    return found


def criteria(rubric: str) -> str:
    """The rubric without its levels: everything before its first table row."""
    lines = []
    for line in rubric.strip().splitlines():
        if line.lstrip().startswith("|"):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def _cell_ids(prompt: Prompt) -> tuple[str, str, str]:
    return f"{prompt.id}-prompt", prompt.id, f"{prompt.id}-rubric"


def build_assignment(assignment: Assignment) -> dict:
    """The source notebook of one assignment, as notebook JSON (a dict)."""
    module = assignment.module
    cells = [
        nbf.markdown_cell(
            "intro",
            f"# Reflections: {module.title}\n\n"
            f"These are the reflection prompts from the Common Ground module "
            f"**{module.title}**.\n\n"
            f"- To write, double-click the box under a prompt, type your reflection, then "
            f"press Shift+Enter.\n"
            f"- Every reflection is optional. To pass, leave the box as it is.\n"
            f"- Under each box is what your facilitator looks for when they write you "
            f"feedback.\n"
            f"- Save with Ctrl+S (Cmd+S on a Mac) when you finish.\n\n"
            f"{SCORED_GUIDE if assignment.scored else COMPLETION_GUIDE}\n",
        )
    ]
    seen: set[str] = {"intro", "scenario-path"}
    for n, prompt in enumerate(assignment.prompts, start=1):
        ids = _cell_ids(prompt)
        clash = seen.intersection(ids)
        if clash:
            raise GradingError(
                f"content/prompts/{module.id}.yaml: prompt id {prompt.id!r} gives the cell "
                f"name {sorted(clash)[0]!r} twice; rename the prompt."
            )
        seen.update(ids)
        question = f"## {n}. {prompt.title}\n\n{prompt.text.strip()}\n"
        if prompt.guidance.strip():
            question += f"\n### A guide\n\n{prompt.guidance.strip()}\n"
        cells.append(nbf.read_only_cell(ids[0], question))
        cells.append(nbf.answer_cell(ids[1], assignment.points(prompt)))
        guide = prompt.rubric.strip() if assignment.scored else criteria(prompt.rubric)
        if guide:
            heading = "Rubric" if assignment.scored else "What your facilitator looks for"
            cells.append(nbf.read_only_cell(ids[2], f"### {heading}: {prompt.title}\n\n{guide}\n"))
    return nbf.notebook(cells)


def source_notebook(course_dir: Path, assignment: Assignment) -> Path:
    return Path(course_dir) / "source" / assignment.id / f"{NOTEBOOK}.ipynb"


def _targets(course_dir: Path, course: Course | None, scored: bool = False) -> dict[Path, str]:
    """Every formative assignment, and the scored ones asked for or already in use."""
    course = course or load_course()
    wanted = assignments(course) + [
        a for a in assignments(course, scored=True)
        if scored or source_notebook(course_dir, a).parent.is_dir()
    ]
    return {source_notebook(course_dir, a): nbf.dumps(build_assignment(a)) for a in wanted}


def _generated_elsewhere(course_dir: Path, keep: dict[Path, str]) -> list[Path]:
    """Generated notebooks in source/ for assignments that no longer have prompts."""
    return sorted(
        p for p in (Path(course_dir) / "source").glob(f"*/{NOTEBOOK}.ipynb") if p not in keep
    )


def generate_assignments(
    course_dir: Path | str | None = None, course: Course | None = None, scored: bool = False
) -> list[Path]:
    """Write (or rewrite) every assignment's source notebook; returns the files that
    changed. Scored assignments are written with ``scored`` or when already there.
    Removes generated notebooks of modules that no longer have prompts, and writes
    ``nbgrader_config.py`` if the folder has none."""
    course_dir = Path(course_dir or DEFAULT_COURSE_DIR)
    targets = _targets(course_dir, course, scored)
    changed = []
    for path, text in targets.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for stale in _generated_elsewhere(course_dir, targets):
        stale.unlink()
        changed.append(stale)
        if not any(stale.parent.iterdir()):
            shutil.rmtree(stale.parent)
    config = course_dir / CONFIG_FILE
    if not config.exists():
        config.write_text(NBGRADER_CONFIG, encoding="utf-8")
        changed.append(config)
    return changed


def assignment_drift(
    course_dir: Path | str | None = None, course: Course | None = None
) -> list[str]:
    """How the assignments in the course folder differ from the prompts (empty: none).
    Each line names a file and says what to do."""
    course_dir = Path(course_dir or DEFAULT_COURSE_DIR)
    targets = _targets(course_dir, course)
    problems = []
    for path, text in targets.items():
        if not path.exists():
            problems.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: differs from the prompts")
    for stale in _generated_elsewhere(course_dir, targets):
        problems.append(f"{stale}: its module has no prompts now")
    if not (course_dir / CONFIG_FILE).exists():
        problems.append(f"{course_dir / CONFIG_FILE}: missing")
    if problems:
        problems.append("Run `commonground grading generate` to bring the assignments up to date.")
    return problems
