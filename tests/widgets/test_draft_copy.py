"""The reflection box's status line and browser-side copy (widgets/draft_copy.py), driven
by the messages its browser side (widgets/static/draft_copy.js) sends, without a browser."""

import pytest

from commonground import ReflectionModel
from commonground.pages.reflection import MAX_CHARS
from tests._widgets import walk
from widgets import ReflectionBox
from widgets.draft_copy import KEY_PREFIX, storage_key

PROMPT = "welcome-why-here"


@pytest.fixture
def new_page(store, trainee, welcome_prompt):
    """Open the box as a fresh page (a new kernel) would."""
    return lambda: ReflectionBox(store, store.people.get(trainee.id), welcome_prompt,
                                 save_wait=0.05)


@pytest.fixture
def died(new_page):
    """A page that saved some words and whose kernel then died; returns its last revision."""
    page = new_page()
    page.type("Saved before the kernel died.")
    page.flush()
    return page.model.revision


def stored(store, trainee):
    return store.reflections.get(trainee.id, PROMPT).draft_text


def test_a_ping_is_answered(new_page):
    assert new_page().status.receive({"kind": "ping"}) == [{"kind": "pong"}]


def test_each_save_is_confirmed_to_the_browser(new_page):
    box = new_page()
    assert (box.status.saved_text, box.status.saved_revision) == ("", 0)
    box.type("first words")
    assert box.status.saved_text == ""  # not saved yet: the browser keeps its copy
    box.flush()
    assert box.status.saved_text == "first words"
    assert box.status.saved_revision == box.model.revision == 1
    assert box.status.text.startswith("Saved at") and box.status.kind == "info"


def test_a_copy_from_the_earlier_page_is_saved_and_confirmed(new_page, died, store, trainee):
    box = new_page()
    kept = "Saved before the kernel died. Typed after it."
    assert box.status.receive({"kind": "restore", "text": kept, "base": died}) == []
    assert stored(store, trainee) == kept
    assert box.textarea.value == kept
    assert (box.status.saved_text, box.status.saved_revision) == (kept, died + 1)
    assert box.status.text.startswith("Saved at")
    assert box.conflict_box.children == ()


def test_a_copy_older_than_another_tabs_save_shows_both(new_page, died, store, trainee):
    other_tab = new_page()
    other_tab.type("Written in another tab meanwhile.")
    other_tab.flush()
    box = new_page()
    kept = "Saved before the kernel died. Typed after it."
    box.status.receive({"kind": "restore", "text": kept, "base": died})
    assert box.textarea.value == kept  # mine, in the box
    [theirs] = [c for c in box.conflict_box.children if hasattr(c, "value")]
    assert theirs.value == "Written in another tab meanwhile."
    assert box.status.kind == "problem" and "another tab" in box.status.text
    assert box.status.saved_text == "Written in another tab meanwhile."  # copy stays
    assert stored(store, trainee) == "Written in another tab meanwhile."  # nothing lost
    keep_mine = next(b for b in walk(box.conflict_box) if getattr(b, "description", "")
                     == "Keep my version (above)")
    keep_mine.click()
    assert stored(store, trainee) == kept and box.status.saved_text == kept


def test_text_sent_again_after_a_reconnect_is_saved(new_page, store, trainee):
    box = new_page()
    box.type("Before the connection dropped")
    box.flush()
    box.status.receive({"kind": "resend", "text": "Before the connection dropped, and during"})
    assert stored(store, trainee) == "Before the connection dropped, and during"
    assert box.status.saved_text == "Before the connection dropped, and during"


def test_a_copy_too_big_to_keep_is_not_written_and_says_so(new_page, died, store, trainee):
    box = new_page()
    box.status.receive({"kind": "restore", "text": "x" * (MAX_CHARS + 1), "base": died})
    assert stored(store, trainee) == "Saved before the kernel died."
    assert box.status.kind == "problem" and "has not been saved" in box.status.text
    assert box.status.saved_text == "Saved before the kernel died."


def test_an_archived_cohort_takes_no_copy(new_page, died, store, trainee, cohort):
    from commonground.admin import cohorts as cohort_admin

    cohort_admin.archive(store, cohort.name)
    box = new_page()
    box.status.receive({"kind": "restore", "text": "after archiving", "base": died})
    assert stored(store, trainee) == "Saved before the kernel died."
    assert "read-only" in box.status.text


@pytest.mark.parametrize("message", [
    None, "ping", ["ping"], {}, {"kind": "pong"}, {"kind": "shout", "text": "x", "base": 1},
    {"kind": "restore", "text": "no base"}, {"kind": "restore", "text": "x", "base": "1"},
    {"kind": "restore", "text": "x", "base": True}, {"kind": "restore", "text": 5, "base": 1},
    {"kind": "resend"}, {"kind": "resend", "text": None},
])
def test_other_messages_change_nothing(new_page, died, store, trainee, message):
    box = new_page()
    assert box.status.receive(message) == []
    assert stored(store, trainee) == "Saved before the kernel died."
    assert box.message.value == '<div role="status"></div>'  # no error shown either


def test_the_storage_key_names_neither_the_person_nor_their_link(store, trainee, other_trainee,
                                                                welcome_prompt, course):
    token = store.people.issue_link(trainee.id)
    key = ReflectionBox(store, trainee, welcome_prompt).status.storage_key
    assert key == storage_key(trainee.public_id, PROMPT) and key.startswith(KEY_PREFIX)
    for secret in (token, *trainee.display_name.split(), trainee.public_id):
        assert secret.lower() not in key.lower()
    assert key.endswith(f":{PROMPT}")
    assert storage_key(other_trainee.public_id, PROMPT) != key
    assert storage_key(trainee.public_id, "safe-env-power") != key


def test_the_owner_prefix_is_the_start_of_the_key(new_page):
    status = new_page().status
    assert status.storage_key.startswith(status.owner_prefix)
    assert status.owner_prefix.endswith(":")


def test_the_box_still_matches_the_model(new_page, store, trainee, welcome_prompt):
    box = new_page()
    box.type("through the test hooks")
    box.submit("private")
    again = ReflectionModel(store, trainee, welcome_prompt)
    assert again.versions[-1].text == "through the test hooks"
    assert box.status.saved_text == "through the test hooks"
