"""The one reader of a personal link (commonground.access.link): every door's rule."""

from __future__ import annotations

import pytest

from commonground.access.link import (
    CONFLICTING_LINK_MESSAGE,
    ConflictingTokens,
    address_without,
    cookies_from_header,
    has_token,
    masked,
    read_link,
    token_from_query,
    with_token,
)


@pytest.mark.parametrize(("query", "expected"), [
    ("t=abc", "abc"),
    ("T=abc", "abc"),  # the name in any case
    ("t=", ""),  # an empty token is a (bad) token, not none
    ("t=abc&t=abc", "abc"),  # the same token twice is one token
    ("t=%20abc%20", "abc"),  # spaces from a pasted link are not part of it
    ("x=1", None),
    ("", None),
    (None, None),
    ({"t": [b"abc"], "x": [b"1"]}, "abc"),  # a web framework's parsed arguments
])
def test_token_from_query(query, expected):
    assert token_from_query(query) == expected


@pytest.mark.parametrize("query", ["t=a&t=b", "t=a&T=b", {"t": [b"a", b"b"]}])
def test_two_different_tokens_are_refused(query):
    with pytest.raises(ConflictingTokens, match="two different personal codes"):
        token_from_query(query)
    assert has_token(query)


def test_the_address_wins_over_the_cookie():
    both = read_link("t=from-address", "cg_link=from-cookie")
    assert (both.token, both.from_address) == ("from-address", True)
    cookie = read_link("x=1", "cg_link=from-cookie; _xsrf=1")
    assert (cookie.token, cookie.from_address) == ("from-cookie", False)
    assert cookie.cookies == {"cg_link": "from-cookie", "_xsrf": "1"}
    assert read_link(None, None) == read_link("", "")
    assert read_link("", "").token is None


def test_a_conflict_gives_no_token_even_with_a_cookie():
    conflict = read_link("t=a&t=b", "cg_link=c")
    assert conflict.conflict and conflict.token is None
    assert CONFLICTING_LINK_MESSAGE.startswith("This web address holds two")


def test_parsed_cookies_count_as_the_header_would():
    assert read_link({}, cookies={"cg_link": "c"}).token == "c"
    assert cookies_from_header('bad"cookie') == {}  # malformed: no cookies, no error


def test_address_without_the_token():
    assert address_without("/p", "t=abc&x=1&T=b&y=2") == "/p?x=1&y=2"
    assert address_without("/p", {"t": [b"a"], "cg_cookies": [b"1"]}, "CG_COOKIES") == "/p"
    assert address_without("/p", None) == "/p"
    assert not has_token("x=1")


def test_with_token_and_masked():
    link = with_token("https://course.example.org/", "s3cr3t-Token_x")
    assert link == "https://course.example.org/?t=s3cr3t-Token_x"
    assert masked(f"GET {link}&x=1 200") == "GET https://course.example.org/?t=***&x=1 200"
    assert masked("GET /voila?x=1&T=abc#top") == "GET /voila?x=1&T=***#top"
    assert masked("nothing here") == "nothing here"


@pytest.mark.parametrize(("line", "expected"), [
    ("GET /?t=s3cr3t&x=1", "GET /?t=***&x=1"),
    ("GET /voila?x=1&T=s3cr3t#top", "GET /voila?x=1&T=***#top"),
    ("GET /?%74=s3cr3t", "GET /?%74=***"),  # the name percent-encoded ('t')
    ("GET /?x=1&%54=s3cr3t", "GET /?x=1&%54=***"),  # ('T')
    ('<a href="/?x=1&amp;t=s3cr3t">', '<a href="/?x=1&amp;t=***">'),  # in HTML
    ("GET /? t = s3cr3t", "GET /? t = ***"),  # odd spacing
    ("GET /?+t=s3cr3t", "GET /?+t=***"),  # a space written as +
    ("GET /?t%3Ds3cr3t", "GET /?t%3D***"),  # '=' percent-encoded
    ("GET /?t=", "GET /?t=***"),
    ("GET /?token=keep&at=keep", "GET /?token=keep&at=keep"),  # other names are left
])
def test_masked_hides_the_token_in_every_form_a_log_may_hold(line, expected):
    assert masked(line) == expected


def test_a_spaced_name_is_read_as_it_is_masked():
    assert token_from_query("%20t%20=abc") == "abc"
    assert token_from_query({" T ": [b"abc"]}) == "abc"
