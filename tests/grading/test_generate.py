"""The nbgrader assignments are generated from the prompt files and never drift from them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from commonground.content.course import load_course
from commonground.grading import (
    NOTEBOOK,
    assignment_drift,
    assignments,
    build_assignment,
    generate_assignments,
)
from harness.grading import OUTPUTS, run_nbgrader

ROOT = Path(__file__).resolve().parents[2]
EXERCISES = ROOT / "exercises"
ASSIGNMENTS = assignments(load_course(ROOT / "content"))


def _nbgrader(cell):
    return cell["metadata"].get("nbgrader", {})


def _source(cell):
    return "".join(cell["source"])


def test_committed_assignments_match_the_prompts(course):
    assert assignment_drift(EXERCISES, course) == []


def test_every_module_with_prompts_is_an_assignment(course):
    with_prompts = [m.id for m in course.modules if course.prompts(m.id)]
    assert [a.id for a in ASSIGNMENTS] == with_prompts
    assert with_prompts, "the course has reflection prompts"


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=lambda a: a.id)
def test_each_prompt_is_a_graded_answer_with_its_rubric_read_only(assignment):
    nb = json.loads((EXERCISES / "source" / assignment.id / f"{NOTEBOOK}.ipynb").read_text())
    cells = {c["id"]: c for c in nb["cells"]}
    for prompt in assignment.prompts:
        answer = _nbgrader(cells[prompt.id])
        assert answer["grade"] and answer["solution"] and not answer["locked"]
        assert answer["points"] == 1  # formative: 1 complete, 0 not yet
        assert cells[prompt.id]["cell_type"] == "markdown"
        question = _nbgrader(cells[f"{prompt.id}-prompt"])
        assert question["locked"] and not question["grade"]
        assert prompt.title in _source(cells[f"{prompt.id}-prompt"])
        rubric = _nbgrader(cells[f"{prompt.id}-rubric"])
        assert rubric["locked"] and not rubric["grade"] and not rubric["solution"]
        guide = _source(cells[f"{prompt.id}-rubric"])
        assert prompt.rubric.strip().splitlines()[0] in guide
        assert "| Level |" not in guide, "the formative guide has no scored levels"
    # Answer, then its rubric, in prompt order.
    order = [c["id"] for c in nb["cells"]]
    expected = [x for p in assignment.prompts for x in (f"{p.id}-prompt", p.id, f"{p.id}-rubric")]
    assert [i for i in order if i in expected] == expected


def test_committed_notebooks_carry_no_outputs_or_widget_state():
    for path in EXERCISES.glob(f"source/*/{NOTEBOOK}.ipynb"):
        nb = json.loads(path.read_text())
        assert "widgets" not in nb["metadata"]
        assert all(c["cell_type"] == "markdown" for c in nb["cells"]), path


def test_a_changed_prompt_is_reported_as_drift(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    prompts = content / "prompts" / "01_safe_environment.yaml"
    prompts.write_text(prompts.read_text().replace("What to look for.", "Look for:", 1))
    problems = assignment_drift(EXERCISES, load_course(content))
    assert problems[0].endswith("01_safe_environment/reflections.ipynb: differs from the prompts")
    assert "commonground grading generate" in problems[-1]


def test_generate_is_stable_and_matches_what_is_committed(tmp_path, course):
    written = generate_assignments(tmp_path, course)
    assert len(written) == len(ASSIGNMENTS) + 1  # the notebooks and nbgrader_config.py
    assert generate_assignments(tmp_path, course) == []
    for a in ASSIGNMENTS:
        rel = Path("source") / a.id / f"{NOTEBOOK}.ipynb"
        assert (tmp_path / rel).read_bytes() == (EXERCISES / rel).read_bytes()


def test_generate_removes_assignments_whose_module_lost_its_prompts(tmp_path, course):
    generate_assignments(tmp_path, course)
    stale = tmp_path / "source" / "99_gone" / f"{NOTEBOOK}.ipynb"
    stale.parent.mkdir()
    stale.write_text(json.dumps(build_assignment(ASSIGNMENTS[0])))
    assert any("99_gone" in p for p in assignment_drift(tmp_path, course))
    assert stale in generate_assignments(tmp_path, course)
    assert not stale.parent.exists()


def test_the_committed_config_gives_released_boxes_the_same_words(tmp_path, course):
    from commonground.grading import nbgrader_course
    from commonground.grading._notebook import ANSWER_STUB

    assert nbgrader_course(EXERCISES).config.ClearSolutions.text_stub == ANSWER_STUB
    generate_assignments(tmp_path, course)
    assert (tmp_path / "nbgrader_config.py").read_text() == (
        EXERCISES / "nbgrader_config.py").read_text()


def test_generate_keeps_a_facilitators_own_nbgrader_config(tmp_path, course):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    generate_assignments(tmp_path, course)
    assert (tmp_path / "nbgrader_config.py").read_text() == "c = get_config()\n"


@pytest.mark.nbgrader
def test_nbgrader_generate_assignment_releases_every_assignment(tmp_path):
    course_dir = tmp_path / "exercises"
    shutil.copytree(EXERCISES, course_dir, ignore=shutil.ignore_patterns(*OUTPUTS))
    # One real command over every assignment: nbgrader expands the id as a glob.
    run_nbgrader(course_dir, "generate_assignment", "*")
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", "commonground") as gb:
        assert sorted(x.name for x in gb.assignments) == sorted(a.id for a in ASSIGNMENTS)
        for a in ASSIGNMENTS:
            released = json.loads(
                (course_dir / "release" / a.id / f"{NOTEBOOK}.ipynb").read_text())
            stubs = [_source(c) for c in released["cells"] if _nbgrader(c).get("solution")]
            assert len(stubs) == len(a.prompts) and len(set(stubs)) == 1
            notebook = gb.find_notebook(NOTEBOOK, a.id)
            assert {c.name: c.max_score for c in notebook.grade_cells} == {
                p.id: a.points(p) for p in a.prompts
            }
