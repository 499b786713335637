"""Every section of the source text has a home in the course, and every home exists."""

import re
from pathlib import Path

import pytest

from commonground.content.course import module_prose
from commonground.content.datafile import DataKind, load_data

ROOT = Path(__file__).resolve().parents[2]

# The sections of person-centred-partnerships.txt, in order (copied from its headings).
SOURCE_SECTIONS = [
    "(opening, untitled)",
    "The safe environment",
    "What do team meetings look like?",
    "Learning Together becomes its own learning",
    "More about critical reflection",
    "Barriers to creating meaningful relationships",
    "Safety",
    "The Traumatised Organisation",
    "Professionalism",
    "Name the Jargon: a group exercise to expose the 'professional'",
    "Uncomfortable moments",
    "Naming the 'Elephant'",
    "Philosophical differences",
    "Competition for funding",
    "Hot Desks",
]

# Only this test reads content/source_map.yaml; it is checked like every other data file.
_HOME = {"type": "string", "minLength": 1}
SOURCE_MAP = DataKind({
    "type": "object",
    "required": ["schema_version", "sections"],
    "additionalProperties": False,
    "properties": {
        "schema_version": {"const": 1},
        "sections": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["section", "homes"],
            "additionalProperties": False,
            "properties": {
                "section": _HOME,
                "homes": {"type": "array", "items": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": False,
                    "properties": {"module": _HOME, "heading": _HOME,
                                   "facilitator_note": _HOME, "scenario": _HOME},
                }},
            },
        }},
    },
}, version=1)
MAP = load_data(ROOT / "content" / "source_map.yaml", SOURCE_MAP).data
HOMES = [(s["section"], h) for s in MAP["sections"] for h in s["homes"]]


def test_every_section_has_a_home():
    mapped = [s["section"] for s in MAP["sections"] if s["homes"]]
    assert mapped == SOURCE_SECTIONS


def _headings(module_id):
    return {
        m.group(1).strip()
        for m in re.finditer(r"^#{1,4}\s+(.+)$", module_prose(module_id, ROOT / "modules"), re.M)
    }


@pytest.mark.parametrize(("section", "home"), HOMES, ids=lambda v: str(v)[:40])
def test_every_home_exists(section, home):
    if "module" in home:
        assert home["heading"] in _headings(home["module"]), (
            f"{section!r}: modules/{home['module']}.ipynb has no heading {home['heading']!r}"
        )
    elif "facilitator_note" in home:
        assert (ROOT / "facilitator_notes" / home["facilitator_note"]).exists()
    else:
        assert (ROOT / "content" / "scenarios" / home["scenario"]).exists()
