"""The law by state and territory (content/jurisdictions.yaml): every state, territory and
the Commonwealth is there, and every statement says where it comes from (an Act and its
section or Part, or a named policy and its publisher), where to check it, and its date."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import jsonschema
import pytest
import yaml

from commonground.content._minischema import ANNOTATIONS, KEYWORDS, keywords_used
from commonground.content.datafile import DataFileError
from commonground.content.jurisdictions import (
    CODES,
    JURISDICTIONS_SCHEMA,
    LEGAL_NOTE,
    TOPICS,
    load_jurisdictions,
    parse_codes,
)

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILE = ROOT / "content" / "jurisdictions.yaml"
STATES_AND_TERRITORIES = {"NSW", "VIC", "QLD", "WA", "SA", "TAS", "NT", "ACT"}


@functools.cache
def _course():
    return load_jurisdictions.__wrapped__(ROOT / "content")


def _statements():
    return [(e.code, t.key, n, s) for e in _course().entries for t in e.topics
            for n, s in enumerate(t.statements)]


def _ids(items):
    return [f"{code}-{key}-{n + 1}" for code, key, n, _ in items]


def test_every_state_and_territory_and_the_commonwealth_is_there():
    assert set(_course().codes) == STATES_AND_TERRITORIES | {"CTH"}
    assert set(CODES) == STATES_AND_TERRITORIES | {"CTH"}
    assert len(_course().codes) == len(set(_course().codes))


def test_every_entry_has_every_topic_and_a_review_note():
    for entry in _course().entries:
        assert [t.key for t in entry.topics] == [key for key, _ in TOPICS]
        assert all(t.statements for t in entry.topics), entry.code
        assert "check" in entry.reviewed.lower(), entry.code


@pytest.mark.parametrize(("code", "key", "n", "statement"), _statements(),
                         ids=_ids(_statements()))
def test_every_statement_names_its_basis_its_source_and_its_date(code, key, n, statement):
    if statement.is_law:
        assert statement.act and statement.section
        assert any(ch.isdigit() for ch in statement.act), "an Act is named with its year"
        assert ("s " in statement.section or "ss " in statement.section
                or any(w in statement.section for w in ("Part", "Chapter", "Schedule",
                                                        "Principles"))
                or statement.confirm), statement.section
    else:
        assert statement.policy and statement.publisher
    assert statement.source.title and statement.source.url.startswith(("https://", "http://"))
    assert statement.as_at == dt.date(2026, 12, 7)
    assert statement.note == f"{LEGAL_NOTE}, as at 7 December 2026"
    if statement.checked is None:
        assert statement.check_note == "Not yet checked against its source"
    else:
        assert statement.checked == dt.date(2026, 12, 7)
        assert statement.check_note == "Checked against this source on 7 December 2026"


@pytest.mark.parametrize(("code", "key", "n", "statement"),
                         [item for item in _statements() if item[3].checked],
                         ids=_ids([item for item in _statements() if item[3].checked]))
def test_a_checked_statement_names_the_page_it_was_checked_against(code, key, n, statement):
    """A checked statement's source is a page (an address with a path), not a site's home
    page: only a page found and read can confirm it."""
    url = statement.source.url
    assert url.split("://", 1)[1].strip("/").count("/") >= 1, url
    assert not statement.source.title.endswith("Legislation"), statement.source.title


def test_the_reviews_say_what_was_checked_and_what_was_not():
    for entry in _course().entries:
        checked = [s for s in entry.statements if s.checked]
        unchecked = [s for s in entry.statements if not s.checked]
        assert "checked the same day against public pages" in entry.reviewed, entry.code
        assert "Checked:" in entry.reviewed, entry.code
        if unchecked:
            assert "Not checked:" in entry.reviewed, entry.code
        assert checked, entry.code


def test_the_reporting_duties_and_lines_were_checked_first():
    """Most important first: every reporting duty was checked against a page, and every
    state and territory's first intake line (the Commonwealth has none)."""
    for entry in _course().entries:
        assert entry.topic("mandatory_reporting").statements[0].checked, entry.code
        if entry.code == "CTH":
            continue
        assert entry.topic("intake").statements[0].checked, entry.code


def test_a_contracted_service_is_bound_by_the_state_or_territorys_own_law():
    """Where a contract brings a non-government service under state or territory privacy
    rules, the card names that state or territory's Act, checked, not the Commonwealth's."""
    own = {"VIC": "Privacy and Data Protection Act 2014 (Vic)",
           "QLD": "Information Privacy Act 2009 (Qld)",
           "NT": "Information Act 2002 (NT)",
           "ACT": "Information Privacy Act 2014 (ACT)"}
    for code, act in own.items():
        statement = _course().get(code).topic("privacy_non_government").statements[-1]
        assert statement.act == act and statement.checked, code


def test_only_what_no_page_confirmed_is_left_unchecked():
    """Every statement was checked against a page except Tasmania's information-sharing
    Part, whose section no page showed: it says so, and its section is to be confirmed."""
    unchecked = [(code, key) for code, key, _, s in _statements() if not s.checked]
    assert unchecked == [("TAS", "information_sharing")]
    assert _course().get("TAS").topic("information_sharing").statements[0].confirm


@pytest.mark.parametrize("code", sorted(STATES_AND_TERRITORIES | {"CTH"}))
def test_reporting_duties_are_law_with_a_section(code):
    for statement in _course().get(code).topic("mandatory_reporting").statements:
        assert statement.is_law and not statement.confirm


def test_each_intake_names_its_line():
    for entry in _course().entries:
        for statement in entry.topic("intake").statements:
            assert statement.line, entry.code


def test_the_statements_the_issue_asked_for_are_there():
    course = _course()

    def basis(code, key):
        return " ".join(s.basis for s in course.get(code).topic(key).statements)

    assert "Chapter 16A" in basis("NSW", "information_sharing")
    assert "s 27" in basis("NSW", "mandatory_reporting")
    assert "s 23" in basis("NSW", "mandatory_reporting")
    assert "Part 6A" in basis("VIC", "information_sharing")
    assert "Part 5A" in basis("VIC", "information_sharing")
    assert "MARAM" in " ".join(s.says for s in course.get("VIC").topic("risk_framework")
                               .statements)
    assert "Chapter 5A" in basis("QLD", "information_sharing")
    assert "Domestic and Family Violence Protection Act 2012 (Qld), Part 5A" in basis(
        "QLD", "information_sharing")
    assert "Information Sharing Guidelines" in basis("SA", "information_sharing")
    assert "s 124B" in basis("WA", "mandatory_reporting")
    assert "s 23" in basis("WA", "information_sharing")
    assert "Children, Young Persons and Their Families Act 1997 (Tas)" in basis(
        "TAS", "mandatory_reporting")
    nt = course.get("NT").topic("mandatory_reporting").statements[0]
    assert nt.section == "s 26" and "Every person" in nt.says
    assert "Children and Young People Act 2008 (ACT)" in basis("ACT", "information_sharing")
    assert "APP 6" in basis("CTH", "information_sharing")
    assert "Privacy Act 1988 (Cth)" in basis("NSW", "privacy_non_government")


def test_phone_numbers_are_few_and_dialable():
    phones = {e.code: s.dial for e in _course().entries for s in e.statements if s.phone}
    assert phones == {"NSW": "132111", "VIC": "131278", "QLD": "1800177135",
                      "WA": "1800273889", "SA": "131478", "TAS": "1800000123",
                      "NT": "1800700250", "ACT": "1300556729"}
    for entry in _course().entries:
        for statement in entry.statements:
            if statement.phone:
                assert statement.checked, f"{entry.code}: a phone number only from a checked page"


def test_cross_border_partnerships_have_their_notes():
    course = _course()
    names = {n.id: set(n.codes) for n in course.cross_border}
    assert names["albury_wodonga"] == {"NSW", "VIC"}
    assert names["tweed_gold_coast"] == {"NSW", "QLD"}
    assert names["apy_lands"] == {"SA", "NT", "WA"}
    assert [n.id for n in course.notes_for(["VIC", "NSW"])] == ["albury_wodonga"]
    assert course.notes_for(["NSW"]) == ()


def test_codes_are_read_as_people_type_them():
    assert parse_codes(["vic", "NSW", "Vic"]) == ("NSW", "VIC")
    assert parse_codes(["cth"]) == ("CTH",)
    with pytest.raises(ValueError, match="'Victoria' is not a state or territory code"):
        parse_codes(["Victoria"])


def test_the_schema_uses_only_what_the_small_validator_knows():
    assert keywords_used(JURISDICTIONS_SCHEMA) <= KEYWORDS | ANNOTATIONS
    jsonschema.Draft202012Validator.check_schema(JURISDICTIONS_SCHEMA)
    data = yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(data, JURISDICTIONS_SCHEMA)


# -- a broken file names the file, the line and the entry -------------------------------

SMALL = """schema_version: 1
overview:
  title: Across Australia
  as_at: "2026-12-07"
  says: [Child protection is run by each state and territory.]
jurisdictions:
  - code: NT
    name: Northern Territory
    reviewed: Not yet checked against the source.
    topics:
      information_sharing:
        - says: Services may share.
          act: Care and Protection of Children Act 2007 (NT)
          section: Part 5.1A
          source: {title: NT Legislation, url: "https://legislation.nt.gov.au"}
          as_at: "2026-12-07"
      mandatory_reporting:
        - says: Every adult must report.
          act: Care and Protection of Children Act 2007 (NT)
          section: s 26
          source: {title: NT Legislation, url: "https://legislation.nt.gov.au"}
          as_at: "2026-12-07"
      intake:
        - says: Reports go to the hotline.
          line: Child Protection Hotline
          act: Care and Protection of Children Act 2007 (NT)
          section: s 26
          source: {title: NT Legislation, url: "https://legislation.nt.gov.au"}
          as_at: "2026-12-07"
      risk_framework:
        - says: A common approach.
          policy: Risk Assessment and Management Framework
          publisher: Northern Territory Government
          source: {title: NT Government, url: "https://nt.gov.au"}
          as_at: "2026-12-07"
      privacy_government:
        - says: Agencies follow the principles.
          act: Information Act 2002 (NT)
          section: Information Privacy Principles
          source: {title: NT Legislation, url: "https://legislation.nt.gov.au"}
          as_at: "2026-12-07"
      privacy_non_government:
        - says: Many NGOs follow the APPs.
          act: Privacy Act 1988 (Cth)
          section: Schedule 1, APP 6
          source: {title: Federal Register of Legislation, url: "https://www.legislation.gov.au"}
          as_at: "2026-12-07"
cross_border: []
"""
MANDATORY = "      mandatory_reporting:\n        - says: Every adult must report.\n"


def _load(tmp_path: Path, text: str):
    (tmp_path / "jurisdictions.yaml").write_text(text, encoding="utf-8")
    return load_jurisdictions.__wrapped__(tmp_path)


def _broken(tmp_path: Path, old: str, new: str) -> str:
    assert old in SMALL
    with pytest.raises(DataFileError) as caught:
        _load(tmp_path, SMALL.replace(old, new, 1))
    return str(caught.value)


def test_the_small_file_loads(tmp_path):
    assert _load(tmp_path, SMALL).codes == ("NT",)


def test_a_statement_without_an_act_is_refused(tmp_path):
    message = _broken(tmp_path, MANDATORY + "          act: Care and Protection of Children "
                      "Act 2007 (NT)\n", MANDATORY)
    assert "jurisdictions.yaml:18:" in message
    assert "statement 1 of `mandatory_reporting` in NT (Northern Territory)" in message
    assert "missing `act`" in message


def test_a_statement_without_a_section_or_part_is_refused(tmp_path):
    message = _broken(tmp_path, "          section: s 26\n          source: {title: NT "
                      "Legislation", "          source: {title: NT Legislation")
    assert "statement 1 of `mandatory_reporting` in NT (Northern Territory)" in message
    assert "missing `section`" in message and "Part or Chapter" in message


def test_a_statement_with_neither_law_nor_policy_is_refused(tmp_path):
    message = _broken(tmp_path, "          policy: Risk Assessment and Management Framework\n"
                      "          publisher: Northern Territory Government\n", "")
    assert "statement 1 of `risk_framework` in NT (Northern Territory)" in message
    assert "names neither an Act nor a policy" in message


def test_a_statement_without_a_source_is_refused(tmp_path):
    message = _broken(tmp_path, "          section: Part 5.1A\n          source: {title: NT "
                      'Legislation, url: "https://legislation.nt.gov.au"}\n',
                      "          section: Part 5.1A\n")
    assert "jurisdictions.yaml:12:" in message
    assert "statement 1 of `information_sharing` in NT (Northern Territory) is missing " \
           "`source`" in message


def test_a_statement_without_an_as_at_date_is_refused(tmp_path):
    message = _broken(tmp_path, '          section: Part 5.1A\n          source: {title: NT '
                      'Legislation, url: "https://legislation.nt.gov.au"}\n          as_at: '
                      '"2026-12-07"\n', '          section: Part 5.1A\n          source: '
                      '{title: NT Legislation, url: "https://legislation.nt.gov.au"}\n')
    assert "is missing `as_at`" in message and "in NT (Northern Territory)" in message


@pytest.mark.parametrize(("new", "says"), [
    ('as_at: "2026-02-30"', "is not a real date"),
    ("as_at: 2026-12-07", "should be text"),
    ('as_at: "7/12/2026"', "is not a date"),
])
def test_a_bad_date_is_refused(tmp_path, new, says):
    message = _broken(tmp_path, 'as_at: "2026-12-07"\n      mandatory', new + "\n      mandatory")
    assert says in message and "`as_at` of statement 1 of `information_sharing`" in message


def test_a_bad_checked_date_is_refused_and_a_good_one_is_read(tmp_path):
    old = '          as_at: "2026-12-07"\n      mandatory'
    bad = '\n          checked: "2026-13-01"\n      mandatory'
    message = _broken(tmp_path, old, old.replace("\n      mandatory", bad))
    assert "`checked` of statement 1 of `information_sharing` in NT" in message
    assert "is not a real date" in message
    good = SMALL.replace(old, old.replace("\n      mandatory",
                                         '\n          checked: "2026-12-07"\n      mandatory'))
    statement = _load(tmp_path, good).get("NT").topic("information_sharing").statements[0]
    assert statement.checked == dt.date(2026, 12, 7)
    assert statement.check_note == "Checked against this source on 7 December 2026"
    assert _load(tmp_path, SMALL).get("NT").statements[1].checked is None


def test_an_intake_without_its_line_is_refused(tmp_path):
    message = _broken(tmp_path, "          line: Child Protection Hotline\n", "")
    assert "statement 1 of `intake` in NT (Northern Territory) is missing `line`" in message


def test_an_unknown_code_and_a_note_for_a_missing_entry_are_refused(tmp_path):
    assert "not a known jurisdiction code" in _broken(tmp_path, "code: NT", "code: NTT")
    message = _broken(tmp_path, "cross_border: []", "cross_border:\n  - {id: x, name: X, "
                      'jurisdictions: [NT, SA], as_at: "2026-12-07", says: Both.}')
    assert "names SA, which has no entry" in message


def test_the_facilitator_notes_point_to_the_cards_and_how_to_set_them():
    notes = " ".join((ROOT / "facilitator_notes" / "05_philosophical_differences.md")
                     .read_text(encoding="utf-8").split())
    assert "know, in broad terms" not in notes
    assert 'commonground cohort jurisdiction "<cohort name>" NSW' in notes
    assert "side by side" in notes and "law panel" in notes
    assert "check each statement against its source" in notes
    assert "Victoria" not in notes and "MARAM" not in notes


def test_module_05_no_longer_says_both_positions_are_lawful():
    import json

    nb = json.loads((ROOT / "modules" / "05_philosophical_differences.ipynb")
                    .read_text(encoding="utf-8"))
    prose = " ".join(" ".join("".join(c["source"]) for c in nb["cells"]
                              if c["cell_type"] == "markdown").split())
    assert "Both positions are lawful" not in prose
    assert "neither is lawful in every case" in prose
    assert "General information" in prose or "general information, not legal advice" in prose
    code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    assert "course.law_panel()" in code
