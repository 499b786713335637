"""`commonground admin link`: a new administrator link, printed and kept in a private
file; the earlier link stops working."""

from __future__ import annotations

import re
import stat

from commonground import open_store
from commonground.admin.cli import main


def test_a_new_link_switches_the_old_one_off(tmp_path, capsys):
    db = tmp_path / "course.db"
    store = open_store(f"sqlite:///{db}")
    first = store.administrators.first_link()
    try:
        assert main(["admin", "link", "--db", str(db), "--base-url",
                     "https://course.example.org/"]) == 0
        out = capsys.readouterr().out
        [link] = re.findall(r"https://course\.example\.org/voila/render/administration\.ipynb"
                            r"\?t=([\w-]+)", out)
        kept = tmp_path / "course-administrator-link.txt"
        assert f"It is also kept in {kept}" in out
        assert link in kept.read_text(encoding="utf-8")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert store.administrators.holds(link) and not store.administrators.holds(first)
    finally:
        store.dispose()


def test_a_bad_address_is_refused(tmp_path, capsys):
    db = tmp_path / "course.db"
    open_store(f"sqlite:///{db}").dispose()
    assert main(["admin", "link", "--db", str(db), "--base-url", "course.example.org"]) == 2
    assert "is not a web address" in capsys.readouterr().err
    assert not (tmp_path / "course-administrator-link.txt").exists()
