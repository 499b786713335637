"""The journal model and its two exports."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from commonground import journal_html, journal_markdown, load_journal
from commonground.data import _schema as t
from commonground.data.store import utcnow
from commonground.pages.journal import format_date, format_duration, md_text

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "<svg onload=window.__pwned=2>",
    '<iframe srcdoc="<script>parent.__pwned=3</script>"></iframe>',
    "[click me](javascript:window.__pwned=4)",
    "<script>window.__pwned=5</script>",
]


@pytest.fixture
def refl(store):
    return store.reflections


def _play(store, participant_id, scenario_id, status, finished=True):
    now = utcnow()
    with store.write() as conn:
        conn.execute(t.scenario_plays.insert().values(
            participant_id=participant_id, scenario_id=scenario_id, role_id="key_worker",
            state_json="{}", status=status, started_at=now, updated_at=now,
            finished_at=now if finished else None,
        ))


@pytest.fixture
def full_journal(store, course, trainee, other_trainee, refl):
    """Ana's course so far: two modules, three reflections, feedback, a role-play."""
    refl.submit(trainee.id, "01_safe_environment", "safe-env-power", "Power sat with us.",
                "facilitator")
    refl.submit(trainee.id, "01_safe_environment", "safe-env-power", "Power sat with the "
                "funder, not the family.", "facilitator")
    refl.give_feedback(trainee.id, "safe-env-power", 2, "You named it well.", 4, 5)
    refl.release_feedback(trainee.id, "safe-env-power")
    refl.save_draft(trainee.id, "00_welcome", "welcome-why-here", "Half an idea", 0)
    refl.pass_prompt(trainee.id, "02_meeting_and_learning", "meeting-forms")
    refl.submit(other_trainee.id, "00_welcome", "welcome-why-here", "Ben's words", "cohort")
    store.progress.visit(trainee.id, "00_welcome")
    store.progress.complete(trainee.id, "01_safe_environment")
    store.progress.add_time(trainee.id, "00_welcome", 600)
    store.progress.add_time(trainee.id, "01_safe_environment", 3000)
    _play(store, trainee.id, "hot_desk", "finished")
    _play(store, trainee.id, "naming_the_elephant", "playing", finished=False)
    _play(store, other_trainee.id, "many_names_one_plan", "finished")
    return load_journal(store, trainee, course)


def test_entries_are_in_course_order_with_status(full_journal):
    assert [(e.module_id, e.prompt_id, e.status) for e in full_journal.entries] == [
        ("00_welcome", "welcome-why-here", "draft"),
        ("01_safe_environment", "safe-env-power", "submitted"),
        ("02_meeting_and_learning", "meeting-forms", "passed"),
    ]
    draft, submitted, passed = full_journal.entries
    assert draft.status_label == "Draft, not submitted" and draft.text == "Half an idea"
    assert submitted.status_label == "Submitted (version 2), shared with your facilitator"
    assert submitted.text.endswith("not the family.")
    assert [v.version for v in submitted.earlier] == [1]
    assert passed.status_label == "Passed (this counts as complete)"  # the default
    assert submitted.module_title == "Creating a safe environment"
    assert submitted.prompt_title and submitted.prompt_text


def test_only_released_feedback_is_in_the_journal(store, course, trainee, refl, full_journal):
    [fb] = full_journal.entries[1].feedback
    assert (fb.comment, fb.grade) == ("You named it well.", "4 out of 5")
    refl.give_feedback(trainee.id, "safe-env-power", 1, "not released yet")
    again = load_journal(store, trainee, course)
    assert [f.comment for f in again.entries[1].feedback] == ["You named it well."]


def test_completion_record(full_journal):
    r = full_journal.record
    assert (r.name, r.agency, r.cohort_name, r.facilitator_name) == (
        "Ana Lee", "Family Support", "Southside 2026", "Robin Facilitator"
    )
    assert [m.module_id for m in r.visited] == ["00_welcome", "01_safe_environment"]
    assert [m.module_id for m in r.completed] == ["01_safe_environment"]
    assert [(a.scenario_id, a.title) for a in r.activities] == [("hot_desk", "The hot desk")]
    assert (r.reflections_submitted, r.reflections_passed) == (1, 1)
    assert r.seconds_spent == 3600


def test_self_paced_record_has_no_name_or_cohort(store, course):
    me = store.people.for_login("self", "self", "You")
    journal = load_journal(store, me, course)
    assert journal.is_empty
    assert (journal.record.name, journal.record.cohort_name) == ("", "")
    assert "Taken on my own (self-paced)." in journal_markdown(journal)
    assert "No reflections yet." in journal_html(journal)


def test_nothing_of_another_trainee_reaches_the_journal(full_journal):
    md, page = journal_markdown(full_journal), journal_html(full_journal)
    for text in ("Ben", "Housing", "Many names for one plan"):
        assert text not in md and text not in page


def test_a_prompt_no_longer_in_the_course_is_still_listed(store, course, trainee, refl):
    refl.submit(trainee.id, "99_retired", "old-prompt", "kept words", "private")
    [entry] = load_journal(store, trainee, course).entries
    assert (entry.module_label, entry.prompt_title, entry.text) == (
        "A module that is no longer in the course",
        "A reflection question that is no longer in the course", "kept words"
    )


def test_a_role_plays_answer_is_listed_with_its_part_and_question(store, course, trainee,
                                                                   refl):
    from commonground.scenario.debrief import prompt_id

    question = prompt_id("traumatised_organisation", "facilitator", "ending_business_only")
    refl.submit(trainee.id, "03_trauma_informed", question, "Ask, then ask again.", "private")
    refl.submit(trainee.id, "03_trauma_informed", "scenario-traumatised_organisation",
                "An answer from before parts were told apart.", "private")
    journal = load_journal(store, trainee, course)
    asked = {e.text: (e.prompt_title, e.prompt_text) for e in journal.entries}
    assert asked["Ask, then ask again."] == (
        "After the role-play, as Tom, partnership facilitator: Coming back to a team under "
        "strain",
        "How do you tell the difference between giving someone space and leaving them to it?")
    title, text = asked["An answer from before parts were told apart."]
    assert title == "After the role-play: Coming back to a team under strain" and text == ""
    assert question not in journal_markdown(journal) and question not in journal_html(journal)


def test_markdown_export_has_date_module_prompt_text_feedback(full_journal):
    md = journal_markdown(full_journal)
    assert md.startswith("# My reflection journal: Common Ground\n")
    assert "### Module 1: Creating a safe environment:" in md
    assert "> Power sat with the funder, not the family." in md
    assert "*Prompt:*" in md
    assert format_date(full_journal.entries[1].date) in md
    assert "**Feedback.** Your facilitator, on version 2. Grade: 4 out of 5:" in md
    assert "> You named it well." in md
    assert "*Earlier version 1," in md and "> Power sat with us." in md
    assert "- Cohort: Southside 2026" in md and "- Facilitator: Robin Facilitator" in md
    assert "- Time spent in the modules: 1 hour" in md
    assert ("- Role-play: The hot desk: played as Sam, key worker (youth housing service); "
            "finished") in md


def test_html_export_is_a_printable_page(full_journal):
    page = journal_html(full_journal)
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page
    assert "default-src 'none'" in page  # no script can run in it
    assert "Power sat with the funder, not the family." in page
    assert "You named it well." in page and "4 out of 5" in page
    assert "Modules completed: 1 of 8" in page


def test_exports_carry_no_personal_link(store, course, trainee, refl):
    token = store.people.issue_link(trainee.id)
    refl.submit(trainee.id, "00_welcome", "welcome-why-here", "words", "private")
    journal = load_journal(store, trainee, course)
    assert token not in journal_markdown(journal) and token not in journal_html(journal)
    assert "href" not in journal_html(journal)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_escaped_in_html_export(store, course, trainee, refl, hostile):
    refl.submit(trainee.id, "00_welcome", "welcome-why-here", hostile, "facilitator")
    refl.give_feedback(trainee.id, "welcome-why-here", 1, hostile)
    refl.release_feedback(trainee.id, "welcome-why-here")
    page = journal_html(load_journal(store, trainee, course))
    for tag in ("<img", "<svg", "<iframe", "<script", 'href="javascript'):
        assert tag not in page


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_stays_text_when_the_markdown_is_rendered(store, course, trainee, refl,
                                                               hostile):
    refl.submit(trainee.id, "00_welcome", "welcome-why-here", hostile, "private")
    md = journal_markdown(load_journal(store, trainee, course))
    rendered = MarkdownIt("commonmark", {"html": True}).render(md)  # the most permissive
    for tag in ("<img", "<svg", "<iframe", "<script", "<a "):
        assert tag not in rendered


@pytest.mark.parametrize(
    "text", ["# not a heading", "1. not a list", "*not em* and _not_ `code`", "a\\b <c> [d]"]
)
def test_markdown_escaping_keeps_the_words_exactly(text):
    rendered = MarkdownIt("commonmark").render(md_text(text))
    from html import unescape

    assert unescape(rendered.removeprefix("<p>").removesuffix("</p>\n")) == text


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(0, "less than a minute"), (59, "less than a minute"), (60, "1 minute"),
     (3600, "1 hour"), (3720, "1 hour 2 minutes"), (7260, "2 hours 1 minute")],
)
def test_durations_in_words(seconds, words):
    assert format_duration(seconds) == words
