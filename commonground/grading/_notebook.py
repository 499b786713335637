"""Notebook JSON for the reflection assignments: cells, nbgrader metadata, stable output.

Plain dictionaries written the way ``nbformat`` writes them (sorted keys, one-space indent,
sources split into lines), so generating twice gives the same bytes and a notebook saved
by Jupyter shows no spurious changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

NBGRADER_SCHEMA = 3

# What an answer cell says until someone writes in it. nbgrader_config.py sets the same
# words as ClearSolutions.text_stub, so the released notebook says this too.
ANSWER_STUB_PARTS = (
    "Double-click here to write your reflection, then press Shift+Enter. ",
    "To pass, leave this box as it is.",
)
ANSWER_STUB = "".join(ANSWER_STUB_PARTS)

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def markdown_cell(cell_id: str, source: str, nbgrader: dict | None = None,
                  **metadata: Any) -> dict:
    meta = dict(metadata)
    if nbgrader is not None:
        meta["nbgrader"] = {"schema_version": NBGRADER_SCHEMA, **nbgrader}
    return {"cell_type": "markdown", "id": cell_id, "metadata": meta, "source": _lines(source)}


def read_only_cell(cell_id: str, source: str) -> dict:
    """An nbgrader "read-only" cell: autograde puts back the original if it was changed."""
    return markdown_cell(
        cell_id, source,
        {"grade": False, "solution": False, "locked": True, "task": False, "grade_id": cell_id},
    )


def answer_cell(grade_id: str, points: float) -> dict:
    """An nbgrader "manually graded answer" cell."""
    return markdown_cell(
        grade_id, ANSWER_STUB,
        {"grade": True, "solution": True, "locked": False, "task": False,
         "grade_id": grade_id, "points": points},
    )


def notebook(cells: list[dict]) -> dict:
    return {
        "cells": cells,
        "metadata": {"kernelspec": dict(KERNELSPEC), "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def dumps(nb: dict) -> str:
    return json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def read(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def set_source(cell: dict, text: str) -> None:
    cell["source"] = _lines(text)


def grade_id(cell: dict) -> str | None:
    return (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id")


def is_answer(cell: dict) -> bool:
    nbg = cell.get("metadata", {}).get("nbgrader") or {}
    return bool(nbg.get("solution")) and bool(nbg.get("grade"))
