"""What the server tells a kernel (commonground.environment): built in one place, read in
one place, and a round trip between them."""

from __future__ import annotations

import os

from commonground import environment
from commonground.environment import CourseEnvironment


def test_what_is_set_goes_to_the_kernel_and_comes_back():
    told = CourseEnvironment(db="sqlite:///x.db", self_paced="closed",
                             serve_url="http://127.0.0.1:8866/", fork_kernels=False)
    env = told.to_env()
    assert env == {"COMMONGROUND_DB": "sqlite:///x.db", "COMMONGROUND_SELF_PACED": "closed",
                   "COMMONGROUND_SERVE_URL": "http://127.0.0.1:8866/",
                   "COMMONGROUND_FORK_KERNELS": "0"}
    assert environment.read(env) == told
    assert environment.read({}) == CourseEnvironment()


def test_the_server_tells_its_kernels_through_its_own_environment(monkeypatch):
    for name in ("COMMONGROUND_DB", "COMMONGROUND_SELF_PACED", "COMMONGROUND_FORK_KERNELS",
                 "COMMONGROUND_RUNTIME_DIR"):  # so that the test's changes are undone
        monkeypatch.setenv(name, "x")
        monkeypatch.delenv(name)
    monkeypatch.setenv("COMMONGROUND_CONTENT", "/srv/content")
    monkeypatch.setenv("COMMONGROUND_SERVE_URL", "http://old/")
    told = environment.read().but(db="sqlite:///y.db", serve_url="")
    environment.tell_kernels(told)
    assert os.environ["COMMONGROUND_DB"] == "sqlite:///y.db"
    assert os.environ["COMMONGROUND_CONTENT"] == "/srv/content"  # kept: the admin's choice
    assert "COMMONGROUND_SERVE_URL" not in os.environ  # not set: taken out
    assert environment.read() == told


def test_commands_read_the_database_and_content_through_it(monkeypatch, tmp_path):
    from commonground.config import content_dir, db_url

    monkeypatch.setenv("COMMONGROUND_DB", str(tmp_path / "c.db"))
    monkeypatch.setenv("COMMONGROUND_CONTENT", str(tmp_path))
    assert db_url() == f"sqlite:///{tmp_path / 'c.db'}"
    assert content_dir() == tmp_path
