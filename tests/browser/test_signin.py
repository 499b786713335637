"""Signing in on a shared server, in Chromium: a personal link leaves the address bar and
the log, and two strangers without links never see each other's writing."""

from __future__ import annotations

import re

import pytest

from commonground import open_store
from harness.browser import course_server

pytestmark = pytest.mark.browser

LABEL = "Your reflection: What brings you here"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`commonground serve` on 127.0.0.1 with its own database and log."""
    tmp = tmp_path_factory.mktemp("signin")
    url = f"sqlite:///{tmp / 'course.db'}"
    log = tmp / "serve.log"
    with course_server(url, log) as base:
        yield base, url, log


@pytest.fixture
def ana(server):
    _, url, _ = server
    store = open_store(url)
    cohort = store.people.create_cohort(f"Signin {id(store)}", "Robin")
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    yield store, pid, store.people.issue_link(pid)
    store.dispose()


def _box(page):
    box = page.get_by_label(LABEL)
    box.wait_for()
    return box


def test_a_personal_link_leaves_the_address_bar_links_and_log(server, page, ana):
    base, _, log = server
    store, pid, token = ana
    page.goto(f"{base}/?t={token}")
    _box(page)
    assert page.get_by_text("Signed in as Ana Lee").count() == 1
    assert "t=" not in page.url and token not in page.url
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    assert hrefs and not [h for h in hrefs if token in h]
    page.get_by_role("link", name=re.compile("^Next:")).click()
    page.get_by_text("Signed in as Ana Lee").wait_for()  # the cookie, not the URL
    assert "01_safe_environment" in page.url and "t=" not in page.url
    assert token not in log.read_text(encoding="utf-8")
    assert "t=***" in log.read_text(encoding="utf-8")
    # A reissued link ends every session made with the old one, at the next page.
    store.people.issue_link(pid)
    page.reload()
    page.get_by_text("This link is not valid").wait_for()
    assert page.get_by_label(LABEL).count() == 0


def test_two_strangers_without_links_never_see_each_others_writing(server, browser):
    base, url, _ = server
    words = {"first": "Only the first stranger wrote this.",
             "second": "Only the second stranger wrote this."}
    contexts = {who: browser.new_context() for who in words}
    try:
        pages = {who: ctx.new_page() for who, ctx in contexts.items()}
        for who, page in pages.items():
            page.set_default_timeout(90_000)
            page.goto(base + "/")
            _box(page).fill(words[who])
            page.get_by_role("button", name="Submit reflection").first.click()
            page.get_by_text("Submitted (version 1").wait_for()
        for who, page in pages.items():
            other = words["second" if who == "first" else "first"]
            page.goto(base + "/")
            assert _box(page).input_value() == words[who]
            assert other not in page.content()
            page.goto(base + "/voila/render/my_journal.ipynb")
            page.get_by_text(words[who]).first.wait_for()
            assert other not in page.content()
            assert "cg_cookies" not in page.url
    finally:
        for ctx in contexts.values():
            ctx.close()
    store = open_store(url)
    try:
        assert len(store.people.self_paced()) == 2
    finally:
        store.dispose()


def test_a_browser_that_keeps_no_cookies_is_not_sent_round_in_circles(server):
    """Without cookies the redirects end (at a page whose kernel then explains, see
    test_identity.py): a plain HTTP client that never sends a cookie back."""
    import urllib.request

    base, _, _ = server
    seen = []

    class _Count(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):
            seen.append(newurl)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    opener = urllib.request.build_opener(_Count)  # no cookie processor: nothing kept
    with opener.open(base + "/", timeout=60) as response:
        assert response.status == 200
    assert len(seen) == 2 and seen[-1].endswith("00_welcome.ipynb?cg_cookies=1")
