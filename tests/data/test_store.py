import hashlib
import sqlite3
import threading

import pytest
from sqlalchemy import select

from commonground import SchemaTooNewError, StoreError, open_store
from commonground.data import _schema as t
from commonground.errors import NotCourseDatabaseError


def test_new_database_records_schema_version(store):
    assert store.schema_version() == t.SCHEMA_VERSION


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_mode(store, tmp_path):
    con = sqlite3.connect(tmp_path / "course.db")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_data(db_url, store, cohort):
    again = open_store(db_url)
    assert again.people.cohort("Southside 2026").facilitator_name == "Robin Facilitator"


def test_plain_file_path_is_accepted(tmp_path):
    s = open_store(str(tmp_path / "sub" / "plain.db"))
    assert s.schema_version() == t.SCHEMA_VERSION
    assert (tmp_path / "sub" / "plain.db").exists()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_fails_clearly_and_changes_nothing(tmp_path):
    path = tmp_path / "newer.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(t.SCHEMA_VERSION + 1),))
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(SchemaTooNewError, match="newer version of Common Ground"):
        open_store(f"sqlite:///{path}")
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.db"]


def test_foreign_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE invoices (id INTEGER)")
    con.commit()
    con.close()
    before = _digest(path)
    with pytest.raises(NotCourseDatabaseError, match="not a Common Ground course database"):
        open_store(f"sqlite:///{path}")
    assert _digest(path) == before


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.write_bytes(bytes(range(256)) * 64), id="random-bytes"),
        pytest.param(lambda p: p.write_text("name,agency\nAna,Housing\n"), id="a-csv-file"),
        pytest.param(
            lambda p: _sqlite(p, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
                              "INSERT INTO meta VALUES ('schema_version', 'two')"),
            id="schema-version-not-a-number",
        ),
        pytest.param(
            lambda p: _sqlite(p, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"),
            id="meta-without-a-version",
        ),
    ],
)
def test_not_a_course_database_is_refused_and_left_alone(tmp_path, make):
    path = tmp_path / "course.db"
    make(path)
    before = _digest(path)
    with pytest.raises(NotCourseDatabaseError, match="Nothing was changed"):
        open_store(str(path))
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course.db"]


def _sqlite(path, *statements):
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_many_processes_style_concurrent_writers(db_url, store, trainee):
    """Several connections (as separate kernels would be) writing at once all succeed."""
    stores = [open_store(db_url) for _ in range(6)]
    errors = []

    def work(s, n):
        try:
            for i in range(15):
                s.progress.visit(trainee.id, f"m{n}-{i}")
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(stores)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    with store.read() as conn:
        rows = conn.execute(select(t.progress)).fetchall()
    assert len(rows) == 6 * 15


def test_duplicate_cohort_name_is_refused(store, cohort):
    with pytest.raises(StoreError, match="already a cohort"):
        store.people.create_cohort("Southside 2026")


def test_unknown_cohort_message_says_how_to_list(store):
    with pytest.raises(StoreError, match="commonground cohort list"):
        store.people.cohort("Nowhere")
