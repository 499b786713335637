"""The course practises what module 4 teaches: sector words are explained."""

import re
from pathlib import Path

import pytest

from commonground.content.course import load_glossary, module_prose, terms_used

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = load_glossary(ROOT / "content")
MODULES = sorted(p.stem for p in (ROOT / "modules").glob("*.ipynb"))
ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}s?\b")
NOT_ACRONYMS = {"OK", "I"}


def test_glossary_terms_are_unique():
    terms = [e.term.casefold() for e in GLOSSARY]
    assert len(terms) == len(set(terms))


@pytest.mark.parametrize("module", MODULES)
def test_every_acronym_is_in_the_glossary(module):
    known = {e.term for e in GLOSSARY} | {a for e in GLOSSARY for a in e.also}
    used = {a.rstrip("s") if a.rstrip("s") in known else a
            for a in ACRONYM.findall(module_prose(module, ROOT / "modules"))}
    missing = sorted(used - known - NOT_ACRONYMS)
    assert not missing, f"add {missing} to content/glossary.yaml"


@pytest.mark.parametrize("module", MODULES)
def test_first_use_of_an_acronym_is_spelt_out(module):
    prose = " ".join(module_prose(module, ROOT / "modules").split())
    for entry in terms_used(prose, GLOSSARY):
        if not entry.expansion:
            continue
        first = entry.pattern().search(prose).start()
        near = prose[max(0, first - 150): first + 150]
        assert entry.expansion.casefold() in near.casefold(), (
            f"{module}: spell out {entry.term} ({entry.expansion}) where it is first used"
        )


def test_a_missing_acronym_is_caught():
    known = {e.term for e in GLOSSARY}
    assert "NDIS" not in known
    assert "NDIS" in ACRONYM.findall("Funding comes through the NDIS.")


def _entry(term):
    return next(e for e in GLOSSARY if e.term == term)


def test_acco_is_defined_as_closing_the_gap_defines_it():
    meaning = _entry("Aboriginal Community Controlled Organisation").meaning
    for phrase in ("Aboriginal and/or Torres Strait Islander people control and run",
                   "not-for-profit", "connected to the community", "most of its board",
                   "National Agreement on Closing the Gap (2020, clause 44)"):
        assert phrase in meaning, phrase


def test_cultural_safety_and_the_words_of_aboriginal_partnership_are_explained():
    assert "Only the person receiving a service" in _entry("cultural safety").meaning
    assert "partnership element" in _entry(
        "Aboriginal and Torres Strait Islander Child Placement Principle").meaning
    assert "Priority Reform One" in _entry("Closing the Gap").meaning
    assert _entry("self-determination").meaning and _entry("vicarious trauma").meaning
    assert _entry("ACF").expansion == "Australian Childhood Foundation"
