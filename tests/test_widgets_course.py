"""The facade notebooks call: sign-in, blocked pages, one widget per call."""

import pytest

from widgets import CourseNav, ModuleFooter, ReflectionBox, course

from ._db import row_counts
from ._widgets import walk


def test_personal_link_page(page_env, store, trainee):
    token = store.people.issue_link(trainee.id)
    page_env.setenv("QUERY_STRING", f"t={token}")
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "Ana Lee" in nav.outline.value
    assert f"./01_safe_environment.ipynb?t={token}" in nav.outline.value
    assert isinstance(course.reflection("welcome-why-here"), ReflectionBox)
    assert isinstance(course.footer("00_welcome"), ModuleFooter)
    assert store.progress.for_participant(trainee.id)["00_welcome"].visited


def test_invalid_link_blocks_the_page_and_writes_nothing(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", "t=revoked-or-made-up-token")
    before = row_counts(store)
    head = course.header("00_welcome")
    assert "This link is not valid" in "".join(
        getattr(w, "value", "") for w in walk(head) if isinstance(getattr(w, "value", ""), str)
    )
    assert course.reflection("welcome-why-here") is None
    assert course.footer("00_welcome") is None
    assert row_counts(store) == before


def test_self_paced_page(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "on your own" in nav.outline.value
    assert "?t=" not in nav.outline.value


def test_unknown_prompt_names_the_file(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    course.header("00_welcome")
    with pytest.raises(KeyError, match=r"content/prompts/00_welcome\.yaml"):
        course.reflection("no-such-prompt")


@pytest.mark.sqlite_only  # builds its own SQLite file
def test_newer_database_gives_a_plain_message(page_env, tmp_path):
    import sqlite3

    path = tmp_path / "newer.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.commit()
    page_env.setenv("COMMONGROUND_DB", f"sqlite:///{path}")
    head = course.header("00_welcome")
    # The trainee is told plainly; the reason (a newer version) goes to the server's log.
    assert any("whoever runs the course" in str(getattr(w, "value", "")) for w in walk(head))
    assert course.reflection("welcome-why-here") is None


def test_footer_marks_complete(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    course.header("00_welcome")
    foot = course.footer("00_welcome")
    foot.complete_button.click()
    assert foot.complete_button.disabled
    who = store.people.for_login("self", "self")
    assert store.progress.for_participant(who.id)["00_welcome"].completed


def test_names_are_escaped_in_navigation(page_env, store, cohort):
    pid = store.people.add_participant(cohort.id, "<b>Eve</b>", "<script>x</script>")
    token = store.people.issue_link(pid)
    page_env.setenv("QUERY_STRING", f"t={token}")
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "<b>Eve" not in nav.outline.value and "&lt;b&gt;Eve" in nav.outline.value
    assert "<script>" not in nav.outline.value
