"""Where the course administrator's link is kept, and who is refused the page."""

from __future__ import annotations

import stat

from commonground.access.administrator import (
    NOT_ADMINISTRATOR,
    ON_THE_HUB,
    administrator_refusal,
    first_administrator_link,
    link_file,
    new_administrator_link,
)


def test_link_file_beside_sqlite_and_private(tmp_path, store, db_url):
    url = f"sqlite:///{tmp_path / 'course.db'}"
    assert link_file(url) == tmp_path / "course-administrator-link.txt"
    made = first_administrator_link(store, url, "http://127.0.0.1:8866/")
    assert made is not None
    link, kept = made
    assert link.startswith("http://127.0.0.1:8866/voila/render/administration.ipynb?t=")
    assert link in kept.read_text(encoding="utf-8")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert first_administrator_link(store, url, "http://127.0.0.1:8866/") is None
    newer, again = new_administrator_link(store, url, "https://course.example.org/")
    assert again == kept and newer in kept.read_text(encoding="utf-8")
    assert link not in kept.read_text(encoding="utf-8")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_who_is_refused(store):
    token = store.administrators.issue_link()
    assert administrator_refusal(store, f"t={token}", None, {}) is None
    assert administrator_refusal(store, "", f"cg_link={token}", {}) is None
    assert administrator_refusal(store, "", None, {}) == NOT_ADMINISTRATOR
    assert administrator_refusal(store, f"t={token}", None,
                                 {"JUPYTERHUB_USER": "amy"}) == ON_THE_HUB
    assert "two different" in administrator_refusal(store, f"t={token}&T=other", None, {})
