"""`commonground cohort cards`: link cards for a cohort, written to a PDF only its owner
can read; the earlier links replaced only once the file is written."""

from __future__ import annotations

import re
import stat

import pytest

from commonground import open_store, resolve_identity
from commonground.admin.cli import main
from tests._pack import is_a4, pages_text

pytestmark = pytest.mark.usefixtures("made_db")
PRINTED = re.compile(r"cg\.example/ \?t=([\w-]{16}) ([\w-]{16})")


def run(*args, db):
    return main([*args, "--db", db])


@pytest.fixture
def southside(tmp_path, db_url, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("name,agency,role\nAna Lee,Family Support,\nBen Cho,Housing,\n",
                      encoding="utf-8")
    assert run("cohort", "create", "Southside", "--facilitator", "Robin Ng", db=db_url) == 0
    assert run("cohort", "add", "Southside", str(roster), db=db_url) == 0
    capsys.readouterr()
    return db_url


def _who(store, token):
    found = resolve_identity(store, f"t={token}", environ={}).participant
    return found.display_name if found else None


def test_cards_written_private(southside, tmp_path, capsys):
    out = tmp_path / "cards.pdf"
    assert run("cohort", "cards", "Southside", "--out", str(out), "--base-url",
               "https://cg.example/", db=southside) == 0
    said = capsys.readouterr()
    assert "Wrote 2 link card(s)" in said.out and "no longer work" in said.out
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert is_a4(out)
    tokens = ["".join(m) for m in PRINTED.findall(" ".join(pages_text(out)))]
    store = open_store(southside)
    assert [_who(store, t) for t in tokens] == ["Ana Lee", "Ben Cho"]
    for token in tokens:
        assert token not in said.out + said.err
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cards.pdf.")]


def test_only_unopened(southside, tmp_path, capsys):
    store = open_store(southside)
    ana = next(m for m in store.people.members(store.people.cohort("Southside").id)
               if m.display_name == "Ana Lee")
    store.progress.visit(ana.id, "00_welcome")
    out = tmp_path / "cards.pdf"
    assert run("cohort", "cards", "Southside", "--only-unopened", "--out", str(out),
               "--base-url", "https://cg.example/", db=southside) == 0
    assert "Wrote 1 link card(s)" in capsys.readouterr().out
    [token] = ["".join(m) for m in PRINTED.findall(" ".join(pages_text(out)))]
    assert _who(store, token) == "Ben Cho"


def test_no_address_changes_nothing(southside, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("COMMONGROUND_PUBLIC_URL", raising=False)
    store = open_store(southside)
    ana = next(m for m in store.people.members(store.people.cohort("Southside").id)
               if m.display_name == "Ana Lee")
    old = store.people.issue_link(ana.id)
    out = tmp_path / "cards.pdf"
    assert run("cohort", "cards", "Southside", "--out", str(out), db=southside) == 2
    err = capsys.readouterr().err
    assert "--base-url" in err and "--public-url" in err and "No link was changed" in err
    assert not out.exists() and _who(store, old) == "Ana Lee"


def test_a_file_that_cannot_be_written_changes_nothing(southside, tmp_path, capsys):
    store = open_store(southside)
    ana = next(m for m in store.people.members(store.people.cohort("Southside").id)
               if m.display_name == "Ana Lee")
    old = store.people.issue_link(ana.id)
    code = run("cohort", "cards", "Southside", "--out", str(tmp_path / "missing" / "c.pdf"),
               "--base-url", "https://cg.example/", db=southside)
    assert code != 0
    assert "Nothing was changed" in capsys.readouterr().err
    assert _who(store, old) == "Ana Lee"
