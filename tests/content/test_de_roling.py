"""Stepping out of the role (content/de_roling.yaml): one text, every person-at-the-centre
seat's name filled in."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.content.datafile import DataFileError
from commonground.content.de_roling import first_name, load_de_roling

ROOT = Path(__file__).resolve().parents[2]

GOOD = """schema_version: 1
title: Stepping out of the role
intro: You have been playing {name}.
steps:
  - Say your own name.
close: Leave {name}'s worries with {name}.
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "de_roling.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_course_file_loads_and_names_the_person_played():
    out = load_de_roling(ROOT / "content").for_person("Tania, Ollie and Mia's mum")
    words = " ".join((out.title, out.intro, *out.steps, out.close))
    assert "{name}" not in words and "Tania" in out.intro
    assert "your own name" in words and "support lines" in out.close
    assert len(out.steps) >= 2


@pytest.mark.parametrize(("role", "name"), [("Tania, Ollie and Mia's mum", "Tania"),
                                           ("Reza, 19", "Reza"), ("Mel", "Mel")])
def test_first_name(role, name):
    assert first_name(role) == name


def test_every_name_is_filled_in(tmp_path):
    out = load_de_roling(_write(tmp_path, GOOD)).for_person("Mel, mother of Kai and Ruby")
    assert out.intro == "You have been playing Mel."
    assert out.close == "Leave Mel's worries with Mel."


def test_a_broken_file_names_the_fix(tmp_path):
    with pytest.raises(DataFileError) as caught:
        load_de_roling(_write(tmp_path, GOOD.replace("steps:\n  - Say your own name.\n", "")))
    assert "de_roling.yaml:" in str(caught.value) and "steps" in str(caught.value)
