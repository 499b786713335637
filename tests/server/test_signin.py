"""What `commonground serve` does with a page request before the page is built."""

from __future__ import annotations

import pytest

from commonground.access.link import masked
from commonground.server.signin import LINK_DAYS, Plan, plan

PAGE = "/voila/render/01_safe_environment.ipynb"
TOKEN = "Tok3n-Tok3n-Tok3n-Tok3n-Tok3n-12"
LEARNER = "L" * 32


def test_a_link_becomes_a_cookie_and_leaves_the_address():
    todo = plan(PAGE, {"t": [TOKEN], "x": ["1"]}, {})
    assert todo == Plan({"cg_link": (TOKEN, LINK_DAYS)}, PAGE + "?x=1")


def test_a_new_link_replaces_the_cookie_of_an_earlier_one():
    todo = plan(PAGE, {"T": [TOKEN]}, {"cg_link": "an-older-token-000000000"})
    assert todo.cookies["cg_link"][0] == TOKEN and todo.redirect == PAGE


def test_two_different_tokens_are_left_for_the_page_to_refuse():
    assert plan(PAGE, {"t": [TOKEN, "another-token-00000000000"]}, {}) == Plan()


@pytest.mark.parametrize("cookies", [{"cg_link": TOKEN}, {"cg_learner": LEARNER}])
def test_a_signed_in_browser_is_served_as_it_is(cookies):
    assert plan(PAGE, {}, cookies) == Plan()


def test_a_new_visitor_gets_a_browser_of_their_own_then_a_clean_address():
    first = plan(PAGE, {}, {})
    [(name, (value, _days))] = first.cookies.items()
    assert name == "cg_learner" and len(value) >= 30
    assert first.redirect == PAGE + "?cg_cookies=1"
    assert plan(PAGE, {}, {}).cookies["cg_learner"][0] != value  # random each time
    back = plan(PAGE, {"cg_cookies": ["1"]}, {"cg_learner": value})
    assert back == Plan({}, PAGE)


def test_a_browser_that_refuses_cookies_is_not_sent_round_in_circles():
    assert plan(PAGE, {"cg_cookies": ["1"]}, {}) == Plan()  # the page explains


@pytest.mark.parametrize(
    ("uri", "logged"),
    [
        (f"/?t={TOKEN}", "/?t=***"),
        (f"{PAGE}?x=1&t={TOKEN}&y=2", f"{PAGE}?x=1&t=***&y=2"),
        (f"{PAGE}?T={TOKEN}", f"{PAGE}?T=***"),
        (f"{PAGE}?format=1", f"{PAGE}?format=1"),
    ],
)
def test_the_log_never_shows_a_token(uri, logged):
    assert masked(uri) == logged
