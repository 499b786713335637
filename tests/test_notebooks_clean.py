"""Notebooks live in git without outputs or saved widget state, and stay thin."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _notebooks():
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "*.ipynb"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    ).stdout.split()
    return sorted(listed)


def dirt(nb: dict) -> list[str]:
    """What a notebook carries that must not be in git."""
    found = ["saved widget state"] if "widgets" in nb.get("metadata", {}) else []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            if cell.get("outputs"):
                found.append(f"cell {i} has outputs")
            if cell.get("execution_count") is not None:
                found.append(f"cell {i} has an execution count")
    return found


NOTEBOOKS = _notebooks()


def _load(name):
    return json.loads((ROOT / name).read_text(encoding="utf-8"))


def test_there_are_notebooks():
    assert "modules/00_welcome.ipynb" in NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_has_no_outputs_or_widget_state(name):
    assert dirt(_load(name)) == []


@pytest.mark.parametrize("name", [n for n in NOTEBOOKS if n.startswith("modules/")])
def test_module_code_cells_are_one_line(name):
    for i, cell in enumerate(_load(name)["cells"]):
        if cell["cell_type"] == "code":
            lines = [ln for ln in "".join(cell["source"]).splitlines() if ln.strip()]
            assert len(lines) == 1, f"cell {i} should be one line that displays a widget"


def test_the_check_catches_a_dirty_notebook():
    dirty = {
        "cells": [{"cell_type": "code", "source": "1", "outputs": [{"x": 1}],
                   "execution_count": 3, "metadata": {}}],
        "metadata": {"widgets": {"state": {}}},
    }
    assert dirt(dirty) == [
        "saved widget state", "cell 0 has outputs", "cell 0 has an execution count"
    ]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_is_valid_nbformat(name):
    import nbformat

    nbformat.validate(nbformat.read(ROOT / name, as_version=4))
    raw = _load(name)  # nbformat.read quietly adds missing ids, so look at the file itself
    assert all("id" in cell for cell in raw["cells"]), "every cell needs an id (nbformat 4.5)"
