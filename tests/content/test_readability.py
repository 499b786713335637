"""Trainee-facing prose stays plain: Flesch reading ease of 50 or above per module."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("readability", ROOT / "bench" / "readability.py")
readability = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(readability)

SCORES = readability.scores(ROOT)


@pytest.mark.parametrize("module_id", sorted(SCORES))
def test_module_prose_is_plain(module_id):
    assert SCORES[module_id] >= readability.AIM


def test_plain_strips_markdown():
    assert readability.plain("# Title\n- **Bold** [link](x.ipynb)\n> quote") == "Bold link quote"
