"""The minimal cohort commands: create, add a roster, issue links that sign people in."""

import csv
from urllib.parse import parse_qs, urlparse

import pytest

from commonground import open_store, resolve_identity
from commonground.cli import main

from ._db import stored_bytes


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


def test_unknown_cohort(db_url, roster, capsys):
    assert run("cohort", "add", "Nope", str(roster), db=db_url) == 2
    assert "no cohort called 'Nope'" in capsys.readouterr().err
