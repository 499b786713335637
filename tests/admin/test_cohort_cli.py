"""`commonground cohort ...`: rosters, links, list, members, revoke, reissue, archive,
purge and export, run as the facilitator runs them."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlparse

import pytest

from commonground import open_store, resolve_identity
from commonground.admin.cli import main
from commonground.admin.cohorts import CohortArchivedError
from commonground.spaces import JargonWall
from tests._db import row_counts

# The commands refuse to create a database: each test starts from one serve made.
pytestmark = pytest.mark.usefixtures("made_db")

ROSTER = "name,agency,role\nAna Lee,Family Support,Case worker\nBen Cho,Housing,\n"


def run(*args, db):
    return main([*args, "--db", db])


@pytest.fixture
def cohort_db(tmp_path, db_url):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert run("cohort", "create", "Southside", "--facilitator", "Robin Ng", db=db_url) == 0
    assert run("cohort", "add", "Southside", str(roster), db=db_url) == 0
    return db_url


def _links(tmp_path, db_url, capsys):
    out = tmp_path / "links.csv"
    assert run("cohort", "links", "Southside", "--out", str(out), "--base-url",
               "https://cg.example/", db=db_url) == 0
    printed = capsys.readouterr().out
    return {r["name"]: r["link"] for r in csv.DictReader(out.open(encoding="utf-8"))}, printed


def _who(db_url, link):
    store = open_store(db_url)
    try:
        return resolve_identity(store, urlparse(link).query, environ={})
    finally:
        store.dispose()


def test_links_include_a_facilitator_dashboard_link(tmp_path, cohort_db, capsys):
    links, printed = _links(tmp_path, cohort_db, capsys)
    assert sorted(links) == ["Ana Lee", "Ben Cho"]  # the mail-merge file is for trainees
    [dash] = [line for line in printed.splitlines() if "facilitator_dashboard" in line]
    assert dash.startswith("https://cg.example/voila/render/facilitator_dashboard.ipynb?t=")
    who = _who(cohort_db, dash)
    assert who.participant.is_facilitator and who.participant.display_name == "Robin Ng"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("name,role\nAna,Worker\n", ["roster.csv:1: the header line is missing the column(s) "
                                     "agency"]),
        ("name,agency\nAna Lee,\n,Housing\n", ["roster.csv:2: the agency is empty",
                                               "roster.csv:3: the name is empty"]),
        ("name,agency\nAna Lee,FS\nana lee,fs\n", ["roster.csv:3:", "already on line 2"]),
        ("name,agency\n" + "x" * 201 + ",FS\n", ["roster.csv:2: the name is 201 characters long"]),
        ("name,agency,role\n", ["has a header line but no trainees"]),
    ],
)
def test_malformed_rosters_import_nothing(tmp_path, db_url, capsys, content, expected):
    roster = tmp_path / "roster.csv"
    roster.write_text(content, encoding="utf-8")
    run("cohort", "create", "C", db=db_url)
    before = row_counts(open_store(db_url))
    assert run("cohort", "add", "C", str(roster), db=db_url) == 2
    err = capsys.readouterr().err
    for words in expected:
        assert words in err
    assert row_counts(open_store(db_url)) == before


def test_list_and_members(tmp_path, cohort_db, capsys):
    _links(tmp_path, cohort_db, capsys)
    assert run("cohort", "list", db=cohort_db) == 0
    out = capsys.readouterr().out
    assert "Southside" in out and "Robin Ng" in out and "open" in out
    line = next(ln for ln in out.splitlines() if ln.startswith("Southside"))
    assert line.split()[-3:] == ["2", "3", "open"]  # 2 trainees, 3 live links
    assert run("cohort", "members", "Southside", db=cohort_db) == 0
    out = capsys.readouterr().out
    assert "Ana Lee" in out and "facilitator" in out and "active" in out


def test_revoke_then_reissue(tmp_path, cohort_db, capsys):
    links, _ = _links(tmp_path, cohort_db, capsys)
    assert _who(cohort_db, links["Ana Lee"]).valid
    assert run("cohort", "revoke", "Southside", "Ana Lee", db=cohort_db) == 0
    assert "stops working the next time" in capsys.readouterr().out
    assert _who(cohort_db, links["Ana Lee"]).mode == "invalid"
    assert _who(cohort_db, links["Ben Cho"]).valid  # only one person's link
    assert run("cohort", "reissue", "Southside", "Ana Lee", "--base-url", "http://h:9/",
               db=cohort_db) == 0
    new = capsys.readouterr().out.strip().splitlines()[-1]
    assert new.startswith("http://h:9/?t=") and _who(cohort_db, new).valid
    assert run("cohort", "revoke", "Southside", "Nobody", db=cohort_db) == 2
    assert "Nobody in 'Southside' has the name or id 'Nobody'" in capsys.readouterr().err


def test_archive_and_undo(cohort_db, capsys):
    assert run("cohort", "archive", "Southside", db=cohort_db) == 0
    assert "read-only" in capsys.readouterr().out
    store = open_store(cohort_db)
    ana = store.people.members(store.people.cohort("Southside").id)[0]
    with pytest.raises(CohortArchivedError, match="read-only"):
        JargonWall(store, ana).add("ITP")
    assert run("cohort", "archive", "Southside", "--undo", db=cohort_db) == 0
    JargonWall(store, ana).add("ITP")


def test_purge_asks_for_the_name(cohort_db, capsys, monkeypatch):
    before = row_counts(open_store(cohort_db))
    monkeypatch.setattr("sys.stdin", io.StringIO("Southside 2\n"))
    assert run("cohort", "purge", "Southside", db=cohort_db) == 2
    captured = capsys.readouterr()
    assert "Type the cohort's name to confirm" in captured.out
    assert "Nothing was deleted" in captured.err
    assert row_counts(open_store(cohort_db)) == before
    monkeypatch.setattr("sys.stdin", io.StringIO("Southside\n"))
    assert run("cohort", "purge", "Southside", db=cohort_db) == 0
    assert "nothing of it remains" in capsys.readouterr().out
    counts = row_counts(open_store(cohort_db))
    assert {k: v for k, v in counts.items() if k != "meta" and v} == {}


def test_purge_with_yes(cohort_db, capsys):
    assert run("cohort", "purge", "Southside", "--yes", db=cohort_db) == 0
    assert run("cohort", "list", db=cohort_db) == 0
    assert "There are no cohorts yet" in capsys.readouterr().out


def test_export(tmp_path, cohort_db, capsys):
    assert run("cohort", "export", "Southside", "--out", str(tmp_path / "e.xlsx"),
               db=cohort_db) == 0
    assert (tmp_path / "e.xlsx").exists()
    assert run("cohort", "export", "Southside", "--out", str(tmp_path / "csvs"),
               db=cohort_db) == 0
    assert (tmp_path / "csvs" / "shared.csv").exists()
    assert "Private and facilitator-only reflections are not included" in capsys.readouterr().out
    assert run("cohort", "export", "Nowhere", db=cohort_db) == 2
    assert "There is no cohort called 'Nowhere'" in capsys.readouterr().err


def test_jurisdiction_shows_chooses_and_clears(cohort_db, capsys):
    assert run("cohort", "jurisdiction", "Southside", db=cohort_db) == 0
    assert "has no jurisdiction chosen" in capsys.readouterr().out
    assert run("cohort", "jurisdiction", "Southside", "nsw", "VIC", db=cohort_db) == 0
    out = capsys.readouterr().out
    assert "New South Wales (NSW), Victoria (VIC)" in out
    assert "side by side" in out and "Albury–Wodonga" in out
    assert run("cohort", "jurisdiction", "Southside", db=cohort_db) == 0
    assert "New South Wales (NSW), Victoria (VIC)" in capsys.readouterr().out
    assert run("cohort", "jurisdiction", "Southside", "Victoria", db=cohort_db) == 2
    assert "'Victoria' is not a state or territory code" in capsys.readouterr().err
    assert run("cohort", "jurisdiction", "Southside", "--clear", db=cohort_db) == 0
    assert "has no jurisdiction chosen" in capsys.readouterr().out
