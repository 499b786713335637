"""`commonground cohort add COHORT ROSTER.csv` with rosters that are broken in every way
a facilitator's file can be: each gets a message naming the file (and line) and what to
do, exit code 2, and nothing added; a good roster added again skips who is there."""

from __future__ import annotations

import time

import pytest

from commonground import open_store
from commonground.admin.cli import main
from tests._db import row_counts

# The commands refuse to create a database: each test starts from one serve made.
pytestmark = pytest.mark.usefixtures("made_db")

GOOD = "name,agency,role\nAna Lee,Family Support,Case worker\nBen Cho,Housing,\n"


def _add(db_url, roster) -> int:
    return main(["cohort", "add", "C", str(roster), "--db", db_url])


@pytest.fixture
def counts(db_url):
    assert main(["cohort", "create", "C", "--db", db_url]) == 0
    store = open_store(db_url)
    yield lambda: row_counts(store)
    store.dispose()


BAD = [  # (file contents as bytes, or a folder; the words the facilitator reads)
    pytest.param(None, ["roster.csv: cannot read the file: it is a folder, not a file"],
                 id="a-folder"),
    pytest.param(b"", ["roster.csv: the roster file is empty"], id="empty"),
    pytest.param(b"\n  \n", ["the roster file is empty"], id="blank-lines"),
    pytest.param(b"foo,bar\n1,2\n", ["roster.csv:1: the header line is missing the column(s) "
                                     "name, agency"], id="wrong-columns"),
    pytest.param(b"name,agency,name\na,b,c\n", ["roster.csv:1: the header line has the "
                                                "column name twice"], id="repeated-column"),
    pytest.param(b"name,agency\nAna L\xe9e,FS\n", ["roster.csv:2: the file is not UTF-8 text",
                                                   "UTF-8"], id="latin-1"),
    pytest.param("name,agency\nAna,FS\n".encode("utf-16"), ["roster.csv:1: the file is not "
                                                             "UTF-8 text"], id="utf-16"),
    pytest.param(b'name,agency\n"Ana,FS\n', ["roster.csv:2: this line could not be read as "
                                             "CSV", "double quotes"], id="open-quote"),
    pytest.param(b"name,agency,role\nAna,FS,Worker,extra\n",
                 ["roster.csv:2: this line has 4 values but the header line has 3 columns"],
                 id="too-many-values"),
    pytest.param(b"name,agency\nAna Lee,FS\nBen,H\nana  lee,fs\n",
                 ["roster.csv:4: ana lee (fs) is already on line 2 as Ana Lee (FS)"],
                 id="same-person-twice"),
    pytest.param(b"name,agency\nAna\x00Lee,FS\n",
                 ["roster.csv:2: the name has an invisible control character (NUL, U+0000) "
                  "at character 4"], id="nul"),
    pytest.param(b"name,agency\nBen\x1b[31mRed,Housing\n",
                 ["roster.csv:2: the name has an invisible control character (Escape, "
                  "U+001B)"], id="ansi-escape"),
    pytest.param(b"name,agency,role\nCaz,H\x7fX,Lead\x07\n",
                 ["roster.csv:2: the agency has an invisible control character (Delete",
                  "roster.csv:2: the role has an invisible control character (bell"],
                 id="delete-and-bell"),
    pytest.param("name,agency\n\u202eAna,FS\n".encode(),
                 ["the name has an invisible control character (a right-to-left or "
                  "left-to-right override, U+202E)"], id="bidi-override"),
    pytest.param(b"name,agency\n" + b"x" * 201 + b",FS\n",
                 ["roster.csv:2: the name is 201 characters long; please keep it to 200"],
                 id="over-long"),
    pytest.param(b"name,agency\n" + b",FS\n" * 30,
                 ["roster.csv:2: the name is empty", "and 10 more problem(s)"],
                 id="many-problems-capped"),
]


@pytest.mark.parametrize(("content", "expected"), BAD)
def test_a_broken_roster_is_explained_and_adds_nobody(tmp_path, db_url, counts, capsys,
                                                      content, expected):
    roster = tmp_path / "roster.csv"
    if content is None:
        roster.mkdir()
    else:
        roster.write_bytes(content)
    before = counts()
    assert _add(db_url, roster) == 2
    err = capsys.readouterr().err
    assert err.startswith("commonground: ") and "Traceback" not in err
    for words in expected:
        assert words in err
    assert "Nothing was added to 'C'" in err
    assert counts() == before


def test_an_excel_workbook_is_read_by_the_same_rules(tmp_path, db_url, counts, capsys):
    from openpyxl import Workbook

    book = Workbook()
    for row in (["name", "agency", "role"], ["Ana Lee", "Family Support", "Case worker"],
                ["\u202eBen Cho", "Housing", None], ["Cy Dee", 42.0, None]):
        book.active.append(row)
    roster = tmp_path / "roster.xlsx"
    book.save(roster)
    before = counts()
    assert _add(db_url, roster) == 2
    err = capsys.readouterr().err
    assert ("roster.xlsx:3: the name has an invisible control character (a right-to-left "
            "or left-to-right override" in err)
    assert counts() == before
    book.active["A3"] = "Ben Cho"
    book.save(roster)
    assert _add(db_url, roster) == 0
    store = open_store(db_url)
    names = {p.display_name: p for p in store.people.members(store.people.cohort("C").id)}
    store.dispose()
    assert {"Ana Lee", "Ben Cho", "Cy Dee"} <= set(names)


def test_an_empty_or_damaged_workbook(tmp_path, db_url, counts, capsys):
    from openpyxl import Workbook

    empty = tmp_path / "empty.xlsx"
    Workbook().save(empty)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really")
    for roster, words in ((empty, "empty.xlsx: the roster file is empty"),
                          (damaged, "damaged.xlsx: this file could not be read as an Excel "
                                    "workbook")):
        assert _add(db_url, roster) == 2
        assert words in capsys.readouterr().err


def test_a_missing_roster(tmp_path, db_url, counts, capsys):
    before = counts()
    assert _add(db_url, tmp_path / "nope.csv") == 2
    assert "nope.csv: cannot read the file: it does not exist" in capsys.readouterr().err
    assert counts() == before


def test_commas_quotes_spacing_blank_lines_and_semicolons_are_read(tmp_path, db_url, counts):
    roster = tmp_path / "roster.csv"
    roster.write_text('name;agency;role\nAna  \t Lee;"Health; Housing";\n\n;;\nBen;FS;x\n',
                      encoding="utf-8-sig")  # Excel in some countries writes ; and a BOM
    assert _add(db_url, roster) == 0
    store = open_store(db_url)
    people = [(m.display_name, m.agency, m.role)
              for m in store.people.members(store.people.cohort("C").id)]
    assert people == [("Ana Lee", "Health; Housing", ""), ("Ben", "FS", "x")]


def test_the_same_roster_twice_skips_who_is_already_there(tmp_path, db_url, counts, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text(GOOD, encoding="utf-8")
    assert _add(db_url, roster) == 0
    capsys.readouterr()
    roster.write_text(GOOD.replace("Ana Lee", "ANA  LEE") + "Caz Ng,Health,Nurse\n",
                      encoding="utf-8")
    assert _add(db_url, roster) == 0
    out = capsys.readouterr().out
    assert "Added 1 trainee(s) to 'C'; skipped 2 already in the cohort" in out
    assert "Skipped: ANA LEE (Family Support), Ben Cho (Housing)." in out
    assert counts()["participants"] == 3


def test_a_10000_line_roster(tmp_path, db_url, counts, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,agency,role\n" + "".join(
        f"Person {i},Agency {i % 37},Worker\n" for i in range(10_000)), encoding="utf-8")
    started = time.perf_counter()
    assert _add(db_url, roster) == 0
    first = time.perf_counter() - started
    started = time.perf_counter()
    assert _add(db_url, roster) == 0  # again: everyone skipped
    again = time.perf_counter() - started
    out = capsys.readouterr().out
    assert "Added 10000 trainee(s)" in out and "skipped 10000 already" in out
    assert counts()["participants"] == 10_000
    with capsys.disabled():
        print(f"\n10 000-line roster: added in {first:.2f} s, skipped in {again:.2f} s")
    assert first < 30 and again < 30
