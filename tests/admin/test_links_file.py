"""`commonground cohort links`: the mail-merge file of personal links. Names that a
spreadsheet would run as formulas are text, the link column is a plain URL, the file
is readable only by its owner, and a failed write leaves no file and changes no link."""

from __future__ import annotations

import csv
import stat
from urllib.parse import urlparse

import pytest

from commonground import open_store, resolve_identity
from commonground.admin.cli import main
from tests._db import row_counts

# The commands refuse to create a database: each test starts from one serve made.
pytestmark = pytest.mark.usefixtures("made_db")

FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"Click\")", "=cmd|' /C calc'!A0",
            "+61 400", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]


@pytest.fixture
def cohort(tmp_path, db_url):
    roster = tmp_path / "roster.csv"
    with roster.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["name", "agency", "role"])
        for i, formula in enumerate(FORMULAS):  # the agency and role too
            writer.writerow([f"{formula} {i}".strip() if i < 5 else f"Name {i}",
                             "=1+1" if i == 0 else "FS", "@role" if i == 1 else ""])
    assert main(["cohort", "create", "C", "--db", db_url]) == 0
    assert main(["cohort", "add", "C", str(roster), "--db", db_url]) == 0
    return db_url


def _links(db_url, out, *extra) -> int:
    return main(["cohort", "links", "C", "--out", str(out), "--base-url",
                 "https://cg.example/", *extra, "--db", db_url])


def test_formula_cells_are_text_and_links_still_work(tmp_path, cohort):
    out = tmp_path / "links.csv"
    assert _links(cohort, out) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert rows and all(not r[c].startswith(("=", "+", "-", "@", "\t", "\r"))
                        for r in rows for c in ("name", "agency", "role", "kind"))
    assert {r["name"] for r in rows} >= {"'=HYPERLINK(\"https://evil.example\",\"Click\") 0",
                                         "'=cmd|' /C calc'!A0 1", "'+61 400 2", "'-2+3 3",
                                         "'@SUM(A1) 4"}
    assert {r["agency"] for r in rows} == {"'=1+1", "FS"}
    store = open_store(cohort)
    try:
        for row in rows:
            assert row["link"].startswith("https://cg.example/?t=")
            assert resolve_identity(store, urlparse(row["link"]).query, environ={}).valid
    finally:
        store.dispose()


def test_the_file_is_readable_only_by_its_owner(tmp_path, cohort):
    out = tmp_path / "links.csv"
    out.write_text("an older file, readable by all")
    out.chmod(0o644)
    assert _links(cohort, out) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert not list(tmp_path.glob(".links.csv*"))  # no temporary file left behind


@pytest.mark.parametrize(
    ("where", "words"),
    [
        (lambda tmp: "/proc/no-such-folder/links.csv", "Could not write the links to "
         "/proc/no-such-folder/links.csv"),
        (lambda tmp: tmp, "is a folder. Give a file name for the links"),
    ],
    ids=["unwritable-folder", "a-folder"],
)
def test_a_failed_write_changes_nothing(tmp_path, cohort, capsys, where, words):
    first = tmp_path / "first.csv"
    assert _links(cohort, first) == 0
    capsys.readouterr()
    store = open_store(cohort)
    before = row_counts(store)
    assert _links(cohort, where(tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("commonground: ") and words in err and "Traceback" not in err
    assert row_counts(store) == before  # no link issued or revoked
    for row in csv.DictReader(first.open(encoding="utf-8")):  # the earlier links work
        assert resolve_identity(store, urlparse(row["link"]).query, environ={}).valid
    assert not list(tmp_path.glob(".*.part"))
    store.dispose()


def test_a_base_url_that_is_not_a_web_address(tmp_path, cohort, capsys):
    assert main(["cohort", "links", "C", "--out", str(tmp_path / "l.csv"), "--base-url",
                 "=cmd|calc", "--db", cohort]) == 2
    assert "is not a web address" in capsys.readouterr().err
    assert not (tmp_path / "l.csv").exists()
