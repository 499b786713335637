"""The minimal cohort commands: create, add a roster, issue links that sign people in."""

import csv
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from commonground import open_store, resolve_identity
from commonground.admin.cli import main
from tests._db import row_counts, stored_bytes

# The commands refuse to create a database: a test of them starts from one serve made.
made = pytest.mark.usefixtures("made_db")


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(
        "name,agency,role\nAna Lee,Family Support,Case worker\nBen Cho,Housing,\n",
        encoding="utf-8",
    )
    return path


def run(*args, db):
    return main([*args, "--db", db])


@made
def test_create_add_links(tmp_path, db_url, roster, capsys):
    assert run("cohort", "create", "Southside", "--facilitator", "Robin", db=db_url) == 0
    assert run("cohort", "add", "Southside", str(roster), db=db_url) == 0
    out = tmp_path / "links.csv"
    assert run("cohort", "links", "Southside", "--out", str(out),
               "--base-url", "https://course.example.org/cg", db=db_url) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["name"] for r in rows] == ["Ana Lee", "Ben Cho"]
    store = open_store(db_url)
    for row in rows:
        link = urlparse(row["link"])
        assert link.netloc == "course.example.org" and link.path == "/cg/"
        who = resolve_identity(store, link.query, environ={})
        assert who.participant.display_name == row["name"]
        assert parse_qs(link.query)["t"][0].encode() not in stored_bytes(db_url)
    assert "Keep this file private" in capsys.readouterr().out


@made
def test_malformed_roster_imports_nothing(tmp_path, db_url, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,agency\nAna Lee,\n,Housing\nAna Lee,\nBo,Health\n", encoding="utf-8")
    run("cohort", "create", "C", db=db_url)
    assert run("cohort", "add", "C", str(bad), db=db_url) == 2
    err = capsys.readouterr().err
    assert "bad.csv:2: the agency is empty" in err
    assert "bad.csv:3: the name is empty" in err
    assert "bad.csv:4:" in err and "already on line 2" in err
    store = open_store(db_url)
    assert store.people.members(store.people.cohort("C").id) == []


@made
@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("", "the roster file is empty"),
        ("person,place\nA,B\n", "missing the column(s) name, agency"),
        ("name,agency,role\n", "no trainees"),
    ],
)
def test_roster_problems_are_explained(tmp_path, db_url, capsys, content, words):
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    run("cohort", "create", "C", db=db_url)
    assert run("cohort", "add", "C", str(path), db=db_url) == 2
    assert words in capsys.readouterr().err


@made
def test_unknown_cohort(db_url, roster, capsys):
    assert run("cohort", "add", "Nope", str(roster), db=db_url) == 2
    assert "no cohort called 'Nope'" in capsys.readouterr().err


# -- bad arguments: one `commonground:` line, exit code 2, nothing written --------------
def _twee(tmp_path):
    path = tmp_path / "story.twee"
    path.write_bytes(bytes(range(256)) * 8)
    return path


BAD_ARGS = [
    pytest.param(lambda tmp: ["cohort", "export", "C", "--out", "/proc/no-such/x.xlsx"],
                 "Could not write the export to /proc/no-such/x.xlsx", id="export-xlsx"),
    pytest.param(lambda tmp: ["cohort", "export", "C", "--out", "/proc/no-such"],
                 "Could not write the export to /proc/no-such", id="export-csv-folder"),
    pytest.param(lambda tmp: ["cohort", "purge", "Nope", "--yes"],
                 "There is no cohort called 'Nope'", id="purge-missing-cohort"),
    pytest.param(lambda tmp: ["grading", "import", "C", "--course-dir", str(tmp / "none")],
                 "is not an nbgrader course folder", id="grading-import-missing-folder"),
    pytest.param(lambda tmp: ["grading", "generate", "--course-dir", "/proc/no-such"],
                 "could not use /proc/no-such", id="grading-generate-unwritable"),
    pytest.param(lambda tmp: ["cohort", "create", "D", "--starts", "2027-13-45"],
                 "The start date '2027-13-45' is not a date", id="impossible-date"),
    pytest.param(lambda tmp: ["cohort", "create", "D", "--ends", "next week"],
                 "The end date 'next week' is not a date", id="words-for-a-date"),
    pytest.param(lambda tmp: ["cohort", "create", "D", "--starts", "2027-03-02", "--ends",
                              "2027-03-01"], "is before the start date", id="ends-first"),
    pytest.param(lambda tmp: ["cohort", "create", "Bad\udcff name"],
                 "The cohort's name has an invisible control character (a broken character",
                 id="undecodable-cohort-name"),
    pytest.param(lambda tmp: ["cohort", "create", "x" * 201],
                 "The cohort's name is 201 characters long; please keep it to 200",
                 id="over-long-cohort-name"),
    pytest.param(lambda tmp: ["cohort", "create", "D", "--facilitator", "Robin\x1b[2J"],
                 "The facilitator's name has an invisible control character (Escape",
                 id="escape-in-facilitator"),
]


@made
@pytest.mark.parametrize(("argv", "words"), BAD_ARGS)
def test_bad_arguments_get_one_plain_line(tmp_path, db_url, capsys, argv, words):
    run("cohort", "create", "C", db=db_url)
    store = open_store(db_url)
    before = row_counts(store)
    capsys.readouterr()
    args = argv(tmp_path)
    assert main(args if args[0:2] == ["grading", "generate"] else [*args, "--db", db_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("commonground") and words in err and "Traceback" not in err
    assert row_counts(store) == before
    store.dispose()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (lambda tmp: ["scenario", "check", str(tmp)], "is a folder with no scenario files"),
        (lambda tmp: ["scenario", "import-twee", str(_twee(tmp))], "is not UTF-8 text"),
        (lambda tmp: ["scenario", "import-twee", str(tmp / "r.csv")],
         "this is not a Twee 3 story"),
    ],
    ids=["check-empty-folder", "twee-binary", "twee-not-twee"],
)
def test_scenario_tools_refuse_what_they_cannot_use(tmp_path, capsys, argv, words):
    (tmp_path / "r.csv").write_text("name,agency\nAna,FS\n")
    assert main(argv(tmp_path)) == 2
    err = capsys.readouterr().err
    assert err.startswith("commonground: ") and words in err


def test_scenario_check_of_a_folder_checks_its_files(capsys):
    scenarios = Path(__file__).resolve().parents[2] / "content" / "scenarios"
    assert main(["scenario", "check", str(scenarios)]) == 0
    assert "scenario files checked, no problems" in capsys.readouterr().out


# -- a file that is not a course database, through the real command -----------------------
def _not_a_database(path):
    path.write_bytes(bytes(range(256)) * 64)


def _version_not_a_number(path):
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('schema_version', 'two')")
    con.commit()
    con.close()


@pytest.mark.parametrize("make", [_not_a_database, _version_not_a_number],
                         ids=["random-bytes", "schema-version-not-a-number"])
@pytest.mark.parametrize("command", [["cohort", "list"], ["db", "status"],
                                     ["serve", "--port", "8979"]], ids=lambda c: c[0])
def test_not_a_course_database_through_the_command(tmp_path, make, command):
    path = tmp_path / "course.db"
    make(path)
    before = path.read_bytes()
    done = subprocess.run([sys.executable, "-m", "commonground", *command, "--db", str(path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("commonground: This is not a Common Ground course database")
    assert "Nothing was changed" in done.stderr and "Traceback" not in done.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course.db"]
