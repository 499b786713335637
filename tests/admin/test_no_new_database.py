"""No command makes a course database by accident: every `commonground` command but
`serve` and `db upgrade` refuses a database that is not there, says where it looked and
where the server's database is, and creates nothing (not the file, not its folder)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from commonground.admin.cli import build_parser, main
from commonground.config import default_db_path
from commonground.server.client import write_runtime_file

CREATORS = {("serve",), ("db", "upgrade"), ("hub", "serve")}  # servers, and db upgrade


@pytest.fixture(autouse=True)
def _no_servers(monkeypatch, tmp_path):
    """No running server of the test account's leaks into the message; no real data."""
    monkeypatch.setenv("COMMONGROUND_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COMMONGROUND_DB", raising=False)
    monkeypatch.setenv("JUPYTERHUB_API_URL", "http://127.0.0.1:9/hub/api")  # never asked
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "not-used")


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """(words, parser) of every leaf command."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    seen = set()
    for name, child in subs[0].choices.items():
        if id(child) in seen:  # an alias (warm for ready)
            continue
        seen.add(id(child))
        yield from _commands(child, (*path, name))


def _with_db():
    """Every command that takes --db, except those that may create a database."""
    found = []
    for words, parser in _commands(build_parser()):
        options = {o for a in parser._actions for o in a.option_strings}
        if "--db" in options and words not in CREATORS:
            positional = [a for a in parser._actions if not a.option_strings
                          and not isinstance(a, argparse._SubParsersAction)]
            args = [a.choices[0] if a.choices else "Southside" for a in positional]
            found.append(pytest.param([*words, *args], id=" ".join(words)))
    return found


def _refused(capsys, where: Path) -> str:
    err = capsys.readouterr().err
    assert f"No course database at {where}" in err
    assert "pass --db or set COMMONGROUND_DB" in err and "Nothing was created" in err
    assert "Traceback" not in err
    return err


def test_every_command_but_serve_and_upgrade_is_covered():
    covered = {tuple(p.values[0][: len(p.id.split())]) for p in _with_db()}
    assert {("cohort", "list"), ("cohort", "create"), ("db", "status"), ("grading", "export"),
            ("hub", "sync")} <= covered


@pytest.mark.parametrize("argv", _with_db())
def test_no_command_creates_a_database(tmp_path, capsys, argv):
    folder = tmp_path / "nowhere"
    missing = folder / "course.db"
    if "add" in argv:  # cohort add reads a roster after the database
        argv = [*argv[:-1], str(tmp_path / "roster.csv")]
    assert main([*argv, "--db", str(missing)]) == 2
    _refused(capsys, missing)
    assert not folder.exists()


def test_cohort_list_without_db_names_the_default_and_creates_nothing(tmp_path, capsys):
    assert main(["cohort", "list"]) == 2
    err = _refused(capsys, default_db_path())
    assert "There are no cohorts" not in err
    assert "no running course server of yours says where its database is" in err
    assert not (tmp_path / "xdg").exists()


def test_db_status_is_read_only(tmp_path, capsys):
    missing = tmp_path / "status.db"
    assert main(["db", "status", "--db", str(missing)]) == 2
    _refused(capsys, missing)
    assert not any(p.name.startswith("status.db") for p in tmp_path.iterdir())


def test_a_write_command_names_the_running_servers_database(tmp_path, capsys, monkeypatch):
    server_db = tmp_path / "srv" / "course.db"
    write_runtime_file(8866, "http://127.0.0.1:8866/", "secret", db=str(server_db))
    missing = tmp_path / "typo.db"
    assert main(["cohort", "create", "Southside", "--db", str(missing)]) == 2
    err = _refused(capsys, missing)
    assert f"the server on port 8866 uses {server_db}" in err
    assert "secret" not in err
    assert not missing.exists()
    monkeypatch.setenv("COMMONGROUND_DB", str(missing))  # the same through the variable
    assert main(["cohort", "create", "Southside"]) == 2
    _refused(capsys, missing)
    assert not missing.exists()


def test_an_empty_database_is_not_made_into_a_course_database(tmp_path, capsys):
    empty = tmp_path / "empty.db"
    empty.touch()  # what `db status` used to leave behind
    assert main(["cohort", "create", "Southside", "--db", str(empty)]) == 2
    _refused(capsys, empty)
    assert empty.stat().st_size == 0


def test_db_upgrade_still_creates(tmp_path, capsys):
    path = tmp_path / "new" / "course.db"
    assert main(["db", "upgrade", "--db", str(path)]) == 0
    assert "Created the course database" in capsys.readouterr().out
    assert path.is_file() and (path.stat().st_mode & 0o777) == 0o600
    assert main(["cohort", "create", "Southside", "--db", str(path)]) == 0
    assert main(["db", "status", "--db", str(path)]) == 0


def test_serve_still_creates_and_tells_the_other_commands(tmp_path, capsys, monkeypatch):
    """`serve` up to the point Voila would start (it is not started here)."""
    from commonground import environment
    from commonground.server import app

    for name in ("JUPYTER_PATH", "VOILA_APP_IP", environment.DB, environment.SELF_PACED,
                 environment.SERVE_URL, environment.CONTENT, environment.FORK_KERNELS):
        monkeypatch.setenv(name, os.environ.get(name, ""))
    path = tmp_path / "served" / "course.db"
    seen = {}

    class FakeVoila:
        @classmethod
        def launch_instance(cls, argv):
            capsys.readouterr()
            seen["code"] = main(["cohort", "list", "--db", str(tmp_path / "other.db")])
            seen["err"] = capsys.readouterr().err

    monkeypatch.setattr(app, "_make_app_class", lambda: FakeVoila)
    assert main(["serve", "--db", str(path), "--port", "8999"]) == 0
    assert path.is_file()
    assert seen["code"] == 2 and f"the server on port 8999 uses {path}" in seen["err"]
    assert not (tmp_path / "other.db").exists()
    assert main(["cohort", "list", "--db", str(path)]) == 0


def test_an_empty_database_on_either_kind_gets_no_tables(db_url, capsys):
    """A fresh SQLite path, or with --postgresql an empty schema on the server."""
    from sqlalchemy import inspect

    from commonground.data.store import make_engine_for, shown_db

    assert main(["cohort", "create", "Southside", "--db", db_url]) == 2
    assert f"No course database at {shown_db(db_url)}" in capsys.readouterr().err
    if db_url.startswith("sqlite:///"):
        assert not Path(db_url.removeprefix("sqlite:///")).exists()
        return
    engine = make_engine_for(db_url)
    try:
        with engine.connect() as conn:
            assert inspect(conn).get_table_names() == []
    finally:
        engine.dispose()
