"""The certificate on My journal in Chromium, at 390 px and by keyboard alone: a cohort
trainee's carries their name on record; a self-paced learner types the name to print."""

from __future__ import annotations

import pytest

from commonground import open_store
from tests._pack import pages_text

pytestmark = pytest.mark.browser


@pytest.fixture
def store(served):
    s = open_store(served[1])
    yield s
    s.dispose()


def _download_by_keyboard(page, tmp_path):
    page.get_by_role("button", name="Make my certificate (PDF)").focus()
    page.keyboard.press("Enter")
    link = page.get_by_role("link", name="Download my certificate (PDF)")
    link.wait_for()
    with page.expect_download() as info:
        link.focus()
        page.keyboard.press("Enter")
    download = info.value
    assert download.suggested_filename.startswith("certificate-")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return pages_text(path)


def test_a_cohort_trainee_downloads_their_own_certificate(served, store, page, tmp_path):
    base, _ = served
    cohort = store.people.create_cohort("Certificate cohort", "Robin Ng")
    pid = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Case worker")
    store.progress.complete(pid, "00_welcome")
    token = store.people.issue_link(pid)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/voila/render/my_journal.ipynb?t={token}")
    page.get_by_role("button", name="Make my certificate (PDF)").wait_for()
    assert page.get_by_label("Name to print on your certificate").count() == 0 or \
        not page.get_by_label("Name to print on your certificate").is_visible()
    [text] = _download_by_keyboard(page, tmp_path)
    assert "Ana Lee" in text and "Certificate of completion" in text
    assert "Cohort: Certificate cohort" in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_self_paced_learner_types_the_name_to_print(served, page, tmp_path):
    base, _ = served
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/voila/render/00_welcome.ipynb")
    page.get_by_role("button", name="Mark this module complete").click()
    page.get_by_text("This module is marked complete.").wait_for()
    page.goto(f"{base}/voila/render/my_journal.ipynb")
    name = page.get_by_label("Name to print on your certificate")
    name.wait_for()
    page.get_by_role("button", name="Make my certificate (PDF)").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Type the name to print on your certificate first").wait_for()
    name.focus()
    page.keyboard.type("Sam Taylor")
    [text] = _download_by_keyboard(page, tmp_path)
    assert "Sam Taylor" in text and "typed by the learner" in text
