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
