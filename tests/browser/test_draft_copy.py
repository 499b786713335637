"""No typed word lost when the kernel dies (widgets/static/draft_copy.js), in Chromium:
the page says "Not saved" within seconds, keeps the text in this tab's sessionStorage
(never localStorage), and saves it once a reload brings a new kernel."""

from __future__ import annotations

import re
import time

import psutil
import pytest

from commonground import open_store
from harness.kernel_client import kernel_processes

pytestmark = pytest.mark.browser

LABEL = "Your reflection: What brings you here"
PROMPT = "welcome-why-here"
LOST = "Not saved: connection lost — your text is kept in this tab"
COPIES = "Object.keys(window.{0}).filter(k => k.startsWith('cg-draft:'))"


@pytest.fixture
def linked(served):
    """A trainee in a cohort with a personal link: (participant id, token, store)."""
    _, url = served
    store = open_store(url)
    cohort = store.people.create_cohort(f"Cohort {id(store)}", "Robin")
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    yield pid, store.people.issue_link(pid), store
    store.dispose()


@pytest.fixture
def kernel_ids(page):
    """The id of each kernel the page opened a websocket to, in order."""
    ids: list[str] = []
    page.on("websocket", lambda ws: ids.extend(re.findall(r"/api/kernels/([0-9a-f-]{36})",
                                                          ws.url)))
    return ids


def _kill_kernel(kernel_id: str) -> float:
    """SIGKILL the page's kernel process; returns when."""
    kernel = kernel_processes(psutil.process_iter())[kernel_id]
    kernel.kill()
    kernel.wait(timeout=10)
    return time.monotonic()


def _saved_then_killed(page, kernel_ids, base, token, first):
    page.goto(f"{base}/?t={token}")
    box = page.get_by_label(LABEL)
    box.fill(first)
    page.get_by_role("status").filter(has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for()
    assert "t=" not in page.url and page.evaluate(COPIES.format("sessionStorage")) == []
    return box, _kill_kernel(kernel_ids[-1])


def _stored(store, pid):
    record = store.reflections.get(pid, PROMPT)
    return record.draft_text if record else None


def test_words_typed_after_the_kernel_died_are_saved_after_a_reload(served, page, linked,
                                                                    kernel_ids):
    base, _ = served
    pid, token, store = linked
    first, more = "Typed and saved.", " Typed after the kernel died, every word."
    box, killed = _saved_then_killed(page, kernel_ids, base, token, first)
    box.press_sequentially(more)
    status = page.get_by_role("status").filter(has_text=LOST).first
    status.wait_for(timeout=6_000)
    assert time.monotonic() - killed < 6.5
    assert "Saved at" not in page.locator(".cg-draft-copy").first.inner_text()
    [key] = page.evaluate(COPIES.format("sessionStorage"))
    assert page.evaluate(COPIES.format("localStorage")) == []
    assert token not in key and "Ana" not in key and key.endswith(f":{PROMPT}")
    assert page.evaluate(f"JSON.parse(sessionStorage.getItem('{key}')).text") == first + more
    assert _stored(store, pid) == first  # the dead kernel never saw the rest

    page.reload()  # a new kernel: the kept copy goes to it, and is then deleted
    page.get_by_role("status").filter(has_text=re.compile(r"Saved at \d\d:\d\d")).wait_for()
    page.wait_for_function(f"{COPIES.format('sessionStorage')}.length === 0", timeout=20_000)
    assert page.get_by_label(LABEL).input_value() == first + more
    assert _stored(store, pid) == first + more
    assert len(set(kernel_ids)) == 2


def test_closing_the_tab_leaves_no_copy_anywhere(served, page, linked, kernel_ids, browser):
    base, _ = served
    pid, token, store = linked
    box, _ = _saved_then_killed(page, kernel_ids, base, token, "Saved.")
    box.press_sequentially(" Unsaved, on a shared computer.")
    page.get_by_role("status").filter(has_text=LOST).first.wait_for(timeout=6_000)
    assert len(page.evaluate(COPIES.format("sessionStorage"))) == 1
    context = page.context
    page.close()
    same_browser = context.new_page()  # another tab of the same browser profile
    same_browser.goto(f"{base}/voila/static/")  # this origin, without starting a kernel
    assert same_browser.evaluate(COPIES.format("sessionStorage")) == []
    assert same_browser.evaluate(COPIES.format("localStorage")) == []
    fresh = browser.new_context()
    try:
        other = fresh.new_page()
        other.goto(f"{base}/voila/static/")
        assert other.evaluate(COPIES.format("sessionStorage")) == []
        assert other.evaluate(COPIES.format("localStorage")) == []
    finally:
        fresh.close()
    assert _stored(store, pid) == "Saved."
