"""The dashboard's room section without a server behind it, and where the facilitator's
proof comes from (the server side is tests/server/test_room.py)."""

from __future__ import annotations

import pytest

from commonground.content.course import load_course
from widgets.room import NOT_SERVED, RoomView, facilitator_link_token

TOKEN = "A" * 43


@pytest.mark.parametrize(("cookie", "query", "expected"), [
    (f"cg_link={TOKEN}; _xsrf=x", "", TOKEN),
    ("", f"t={TOKEN}", TOKEN),
    (f"cg_link={TOKEN}", "t=other", "other"),  # the address wins, as for the page's
    # own identity (commonground.access.link: one rule for every door)
    ("", "", None),
    ('bad"cookie', "t=a&t=b", None),  # two different tokens in the address: none
])
def test_the_facilitator_link_token(monkeypatch, cookie, query, expected):
    monkeypatch.setenv("HTTP_COOKIE", cookie)
    monkeypatch.setenv("QUERY_STRING", query)
    assert facilitator_link_token() == expected


@pytest.mark.parametrize("served", [False, True])
def test_without_commonground_serve_or_a_link_it_only_explains(monkeypatch, served):
    monkeypatch.delenv("HTTP_COOKIE", raising=False)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    if served:  # served, but the page has no link to prove who is asking
        monkeypatch.setenv("COMMONGROUND_SERVE_URL", "http://127.0.0.1:9/")
    else:
        monkeypatch.delenv("COMMONGROUND_SERVE_URL", raising=False)
    view = RoomView(load_course(), 12)
    assert NOT_SERVED in view.children[-1].value
    assert not hasattr(view, "button")
