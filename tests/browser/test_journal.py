"""The reflection journal end to end: `commonground serve` + headless Chromium.

Autosave and restore, submitting with each visibility and changing it later, the My
journal page with both downloads (their contents checked), and hostile text that must
stay text on the page and in both exports.
"""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from commonground import open_store, shared_reflections
from commonground.data import _schema as t
from commonground.data.store import utcnow
from tests.pages.test_journal import HOSTILE

pytestmark = pytest.mark.browser

WELCOME_LABEL = "Your reflection: What brings you here"
SAVED = re.compile(r"Saved at \d\d:\d\d")


@pytest.fixture
def store(served):
    s = open_store(served[1])
    yield s
    s.dispose()


def _trainee(store, name="Ana Lee", agency="Family Support"):
    cohort = store.people.create_cohort(f"Cohort {utcnow().timestamp()}", "Robin Ng")
    pid = store.people.add_participant(cohort.id, name, agency, "Case worker")
    return store.people.get(pid), store.people.issue_link(pid)


def _versions(store, participant_id):
    with store.read() as conn:
        rows = conn.execute(
            t.reflection_versions.select()
            .join(t.reflections)
            .where(t.reflections.c.participant_id == participant_id)
            .order_by(t.reflection_versions.c.version)
        )
        return [(r.version, r.text, r.visibility) for r in rows]


def _download(page, link_name, keyboard=False):
    link = page.get_by_role("link", name=link_name)
    with page.expect_download() as info:
        if keyboard:
            link.focus()
            page.keyboard.press("Enter")
        else:
            link.click()
    download = info.value
    return download.suggested_filename, open(download.path(), encoding="utf-8").read()


def test_autosave_restore_and_submit_with_each_visibility(served, page, store):
    base, _ = served
    person, token = _trainee(store)
    for name in ("Ben Cho", "Cat Diaz"):  # enough people for a reflection to be anonymous
        store.people.add_participant(person.cohort_id, name, "Housing")
    page.goto(f"{base}/voila/render/00_welcome.ipynb?t={token}")
    box = page.get_by_label(WELCOME_LABEL)
    box.fill("We met at the school gate and it changed everything.")
    page.get_by_text(SAVED).wait_for()
    page.reload()
    box = page.get_by_label(WELCOME_LABEL)
    assert box.input_value() == "We met at the school gate and it changed everything."

    choices = {"private": "Private: only you", "facilitator": "Facilitator: your facilitator",
               "cohort": "Cohort, anonymously"}
    for n, (visibility, label) in enumerate(choices.items(), start=1):
        box.fill(f"Version {n} of my reflection.")
        page.get_by_label(label).first.check()
        page.get_by_role("button", name="Submit reflection").first.click()
        page.get_by_text(f"Submitted (version {n}, {visibility}").wait_for()
    assert _versions(store, person.id) == [
        (1, "Version 1 of my reflection.", "private"),
        (2, "Version 2 of my reflection.", "facilitator"),
        (3, "Version 3 of my reflection.", "cohort"),
    ]
    shared = shared_reflections(store, person.cohort_id, "welcome-why-here")
    assert [s.text for s in shared] == ["Version 3 of my reflection."]

    # Un-share later: it leaves the cohort's view at once, with no new version.
    page.get_by_label(choices["private"]).first.check()
    page.get_by_role("button", name="Change who can see it").click()
    page.get_by_text("Done: your reflection is now private").wait_for()
    assert shared_reflections(store, person.cohort_id, "welcome-why-here") == []
    assert len(_versions(store, person.id)) == 3

    page.get_by_text("Your submitted versions (3)").click()
    page.get_by_text("Version 1 of my reflection.").wait_for()


def _seed_journal(store, person):
    r = store.reflections
    r.submit(person.id, "01_safe_environment", "safe-env-power",
             "Power sat with the funder.\nNot with the family.", "facilitator")
    r.give_feedback(person.id, "safe-env-power", 1, "Clear and honest.", 4, 5)
    r.release_feedback(person.id, "safe-env-power")
    r.save_draft(person.id, "00_welcome", "welcome-why-here", "Still thinking.", 0)
    r.pass_prompt(person.id, "02_meeting_and_learning", "meeting-forms")
    store.progress.complete(person.id, "00_welcome")
    store.progress.add_time(person.id, "00_welcome", 1500)
    now = utcnow()
    with store.write() as conn:
        conn.execute(t.scenario_plays.insert().values(
            participant_id=person.id, scenario_id="hot_desk", role_id="key_worker",
            state_json="{}", status="finished", started_at=now, updated_at=now, finished_at=now,
        ))


def test_journal_page_and_both_downloads(served, page, store):
    base, _ = served
    person, token = _trainee(store)
    _seed_journal(store, person)
    page.goto(f"{base}/voila/render/my_journal.ipynb?t={token}")
    page.get_by_role("heading", name="Take your journal with you").wait_for()
    assert page.get_by_text("Clear and honest.").count() == 1
    link = page.get_by_role("link", name="Open “What brings you here” in its module")
    assert link.get_attribute("href") == "./00_welcome.ipynb"  # the cookie signs them in

    name, md = _download(page, "Download my journal as Markdown")
    assert re.fullmatch(r"my-journal-\d{4}-\d\d-\d\d\.md", name)
    for expected in (
        "# My reflection journal: Common Ground",
        "- Name: Ana Lee (Family Support)",
        "- Facilitator: Robin Ng",
        "- Modules completed: 1 of 8",
        "- Activities done: 1",
        "- Role-play: The hot desk: played as Sam, key worker (youth housing service); finished",
        "- Reflections submitted: 1",
        "- Time spent in the modules: 25 minutes",
        "### Module 1: Creating a safe environment:",
        "> Power sat with the funder.\\\n> Not with the family.",
        "**Feedback.** Your facilitator, on version 1. Grade: 4 out of 5:",
        "> Clear and honest.",
        "*Draft, not submitted.",
        "> Still thinking.",
        "*Passed (this counts as complete).",
    ):
        assert expected in md
    assert token not in md

    name, page_html = _download(page, "Download my journal as a printable page", keyboard=True)
    assert re.fullmatch(r"my-journal-\d{4}-\d\d-\d\d\.html", name)
    assert page_html.startswith("<!DOCTYPE html>")
    for expected in ("Ana Lee", "Robin Ng", "Creating a safe environment",
                     "Power sat with the funder.<br>Not with the family.", "Clear and honest.",
                     "4 out of 5", "The hot desk", "@media print"):
        assert expected in page_html
    assert token not in page_html


NO_SCRIPT_RAN = """() => ({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  imgs: document.querySelectorAll('img[src="x"]').length,
  svgs: document.querySelectorAll('svg[onload]').length,
  iframes: document.querySelectorAll('iframe[srcdoc]').length,
  js: document.querySelectorAll('a[href^="javascript:"]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
})"""
CLEAN = {"pwned": None, "imgs": 0, "svgs": 0, "iframes": 0, "js": 0, "scripts": 0}


def test_hostile_text_runs_no_script_on_the_page_or_in_the_exports(served, page, store):
    base, _ = served
    person, token = _trainee(store, name=HOSTILE[0], agency=HOSTILE[1])
    prompts = [("00_welcome", "welcome-why-here"), ("01_safe_environment", "safe-env-power"),
               ("01_safe_environment", "safe-env-ingredients"),
               ("02_meeting_and_learning", "meeting-forms"),
               ("02_meeting_and_learning", "meeting-learning-together")]
    for (module, prompt), hostile in zip(prompts, HOSTILE, strict=True):
        store.reflections.submit(person.id, module, prompt, hostile, "facilitator")
        store.reflections.give_feedback(person.id, prompt, 1, hostile)
        store.reflections.release_feedback(person.id, prompt)
    page.on("dialog", lambda d: pytest.fail(f"a script opened a dialog: {d.message}"))

    page.goto(f"{base}/voila/render/my_journal.ipynb?t={token}")
    page.get_by_role("heading", name="Take your journal with you").wait_for()
    page.wait_for_timeout(1000)  # give any injected handler time to fire
    assert page.evaluate(NO_SCRIPT_RAN) == CLEAN
    assert page.get_by_text(HOSTILE[0]).count() >= 2  # shown as text: reflection, feedback

    _, md = _download(page, "Download my journal as Markdown")
    _, exported = _download(page, "Download my journal as a printable page")
    without_csp = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", exported)
    assert without_csp != exported
    rendered_md = MarkdownIt("commonmark", {"html": True}).render(md)
    for document in (exported, without_csp, rendered_md):
        other = page.context.new_page()
        other.set_content(document)
        other.wait_for_timeout(500)
        assert other.evaluate(NO_SCRIPT_RAN) == CLEAN
        assert other.get_by_text(HOSTILE[2]).count() >= 1
        other.close()
