"""Files only the server's account can read (commonground.private_files): the database
and its -wal and -shm files, a backup, a cohort export (workbook or CSV folder), and the
folders the course makes for them, whatever the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from commonground import open_store
from commonground.admin import cohorts
from commonground.data.migrate import backup_sqlite
from commonground.private_files import create_private, private_folder


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(params=[0o022, 0o002, 0o000], ids=["umask-022", "umask-002", "umask-000"])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


@pytest.mark.sqlite_only
def test_the_database_its_wal_and_shm_and_its_new_folder_are_private(tmp_path, umask):
    folder = tmp_path / "data" / "commonground"
    db = folder / "commonground.db"
    store = open_store(f"sqlite:///{db}")
    try:
        cohort = store.people.create_cohort("Private", "Robin Ng")
        store.people.add_participant(cohort.id, "Ana Lee", "Housing")
        wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
        assert wal.exists() and shm.exists()
        assert {p.name: _mode(p) for p in (db, wal, shm)} == {
            db.name: 0o600, wal.name: 0o600, shm.name: 0o600}
        assert _mode(folder) == _mode(folder.parent) == 0o700  # both made by the course
    finally:
        store.dispose()


@pytest.mark.sqlite_only
def test_an_existing_database_is_made_private_and_its_folder_left_alone(tmp_path, umask):
    db = tmp_path / "course.db"
    os.close(os.open(db, os.O_CREAT | os.O_WRONLY, 0o644))
    os.chmod(db, 0o644)
    os.chmod(tmp_path, 0o755)  # a folder the administrator chose: theirs to set
    open_store(f"sqlite:///{db}").dispose()
    assert _mode(db) == 0o600
    assert _mode(tmp_path) == 0o755
    backup = backup_sqlite(db)
    assert _mode(backup) == 0o600


def test_exports_are_private(store, cohort, tmp_path, umask):
    store.people.add_participant(cohort.id, "Ana Lee", "Housing")
    workbook = tmp_path / "out" / "southside.xlsx"
    assert cohorts.export(store, cohort.name, workbook) == [workbook]
    assert _mode(workbook) == 0o600 and _mode(workbook.parent) == 0o700
    folder = tmp_path / "csv" / "southside"
    files = cohorts.export(store, cohort.name, folder)
    assert files and {_mode(f) for f in files} == {0o600}
    assert _mode(folder) == _mode(folder.parent) == 0o700


def test_create_private_never_widens_and_refuses_nothing_it_may_not(tmp_path, umask):
    path = create_private(tmp_path / "a" / "b" / "file.txt")
    assert _mode(path) == 0o600 and path.read_bytes() == b""
    path.write_text("kept")
    assert create_private(path).read_text() == "kept"  # an existing file is not emptied
    assert private_folder(tmp_path / "a") == tmp_path / "a"
    assert _mode(tmp_path / "a") == _mode(tmp_path / "a" / "b") == 0o700


def test_the_runtime_file_is_private_and_a_given_folder_keeps_its_mode(tmp_path, monkeypatch,
                                                                       umask):
    from commonground.server.client import read_runtime_file, write_runtime_file

    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # a folder the administrator gave: theirs to set
    stale = shared / "serve-8899.json"
    stale.write_text("{}")
    os.chmod(stale, 0o644)
    monkeypatch.setenv("COMMONGROUND_RUNTIME_DIR", str(shared))
    path = write_runtime_file(8899, "http://127.0.0.1:8899/", "s3cret")
    assert path == stale and _mode(path) == 0o600  # replaced, not written into
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777
    assert read_runtime_file(8899) == ("http://127.0.0.1:8899/", "s3cret")
    assert [p.name for p in shared.iterdir()] == ["serve-8899.json"]
    made = tmp_path / "made" / "runtime"
    monkeypatch.setenv("COMMONGROUND_RUNTIME_DIR", str(made))
    write_runtime_file(8899, "http://127.0.0.1:8899/", "s3cret")
    assert _mode(made) == _mode(made.parent) == 0o700


def test_the_administrators_link_file_is_private(store, tmp_path, umask):
    from commonground.access.administrator import first_administrator_link, link_file

    url = f"sqlite:///{tmp_path / 'course.db'}"
    left = link_file(url)
    left.write_text("an old copy")
    os.chmod(left, 0o644)  # left readable by someone before
    made = first_administrator_link(store, url, "http://127.0.0.1:8866/")
    assert made is not None and made[1] == left
    assert _mode(left) == 0o600 and made[0] in left.read_text()
