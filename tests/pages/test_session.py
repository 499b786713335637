"""The page session: Ready with the participant, or Blocked with a plain message and
nothing written; and opening a module reads each person once."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from commonground import INVALID_LINK_MESSAGE
from commonground.data.people import People
from commonground.pages.session import (
    NEEDS_ATTENTION,
    Blocked,
    Ready,
    current_session,
    reset_session,
)
from tests._db import row_counts
from tests._widgets import walk
from widgets import course

ROOT = Path(__file__).resolve().parents[2]


def _shown(widget) -> str:
    return "".join(str(getattr(w, "value", "")) for w in walk(widget))


def test_a_personal_link_makes_the_page_ready_with_the_participant(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    page = current_session()
    assert isinstance(page, Ready)
    assert page.participant == trainee
    assert page.viewer.participant_id == trainee.id and page.viewer.cohort_id == trainee.cohort_id
    assert page.link_query.startswith("?t=") and not page.self_paced
    assert current_session() is page  # decided once per kernel


def test_self_paced_page_is_ready_for_the_local_learner(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    page = current_session()
    assert isinstance(page, Ready)
    assert page.self_paced and page.participant.kind == "self" and page.link_query == ""
    assert page.viewer.self_paced


def test_an_invalid_link_blocks_the_page_and_writes_nothing(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", "t=made-up-or-revoked-token-123")
    before = row_counts(store)
    page = current_session()
    assert page == Blocked(INVALID_LINK_MESSAGE)
    assert INVALID_LINK_MESSAGE in _shown(course.header("01_safe_environment"))
    assert course.reflection("safe-env-power") is None
    assert course.footer("01_safe_environment") is None
    assert row_counts(store) == before


def test_a_broken_course_outline_blocks_the_page_and_writes_nothing(page_env, store, trainee,
                                                                    tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    outline = content / "course.yaml"
    outline.write_text(outline.read_text(encoding="utf-8") + "\nmodules: [oops\n",
                       encoding="utf-8")
    page_env.setenv("COMMONGROUND_CONTENT", str(content))
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    before = row_counts(store)
    page = current_session()
    assert isinstance(page, Blocked)
    assert page.message.startswith("The course outline has a problem:")
    assert "course.yaml" in page.message
    assert html.escape(page.message) in _shown(course.header("00_welcome"))
    assert course.reflection("welcome-why-here") is None
    assert row_counts(store) == before


def test_a_newer_database_blocks_the_page_and_is_left_unchanged(page_env, tmp_path, caplog):
    import sqlite3

    path = tmp_path / "newer.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.commit()
    con.close()
    before = path.read_bytes()
    page_env.setenv("COMMONGROUND_DB", f"sqlite:///{path}")
    page_env.delenv("QUERY_STRING", raising=False)
    page = current_session()
    assert page == Blocked(NEEDS_ATTENTION)
    assert "newer version of Common Ground" in caplog.text  # the reason, for the server log
    assert html.escape(page.message) in _shown(course.journal_page())
    assert course.footer("00_welcome") is None
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_blocks_the_page_and_is_left_unchanged(page_env,
                                                                           tmp_path, caplog):
    path = tmp_path / "notes.db"
    path.write_bytes(b"These are my notes, not a database.\n" * 200)
    before = path.read_bytes()
    page_env.setenv("COMMONGROUND_DB", f"sqlite:///{path}")
    page_env.delenv("QUERY_STRING", raising=False)
    assert current_session() == Blocked(NEEDS_ATTENTION)
    assert "not a Common Ground course database" in caplog.text
    assert html.escape(NEEDS_ATTENTION) in _shown(course.header("00_welcome"))
    assert course.reflection("welcome-why-here") is None
    assert path.read_bytes() == before


def _code_cells(module_id: str) -> list[str]:
    nb = json.loads((ROOT / "modules" / f"{module_id}.ipynb").read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture
def people_calls(monkeypatch):
    """Counts the real People.get and People.for_token calls (they still run)."""
    calls = {"get": 0, "for_token": 0}
    for name in calls:
        original = getattr(People, name)

        def counted(self, *args, _name=name, _original=original, **kwargs):
            calls[_name] += 1
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(People, name, counted)
    return calls


@pytest.mark.parametrize(
    "module_id", ["01_safe_environment", "04_jargon_and_uncomfortable_moments", "my_journal"]
)
def test_opening_a_page_reads_the_person_once(page_env, store, trainee, people_calls,
                                             module_id):
    import ipywidgets as w

    from widgets import timer

    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    namespace: dict = {}
    try:
        for source in _code_cells(module_id):
            exec(compile(source, module_id, "exec"), namespace)
        assert people_calls == {"get": 0, "for_token": 1}  # one query finds the person
    finally:
        timer.stop()
        w.Widget.close_all()  # stops the live refresh of the spaces
        reset_session()


def test_rehearsing_a_preheated_pages_reads_writes_nothing_and_compiles_them(
        store, trainee, cohort):
    """A preheated kernel runs the page's reads for nobody before its visitor arrives,
    so their SQL is compiled (SQLAlchemy's cache, per engine) but nothing is written
    and nothing anyone wrote is kept."""
    from commonground.pages.session import _rehearse

    before = row_counts(store)
    cache = store.engine._compiled_cache
    compiled = len(cache)
    _rehearse(store)
    assert row_counts(store) == before
    assert len(cache) >= compiled + 5
