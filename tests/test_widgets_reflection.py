"""The reflection view, driven through its test hooks (no browser, no kernel)."""

import pytest

from commonground import ReflectionModel
from widgets import ReflectionBox


@pytest.fixture
def box(store, trainee, welcome_prompt):
    return ReflectionBox(store, trainee.id, welcome_prompt, save_wait=0.05)


def stored(box):
    return ReflectionModel(box.model.store, box.model.participant_id, box.model.prompt).text


def test_typing_saves_after_a_pause(box):
    box.type("typed words")
    assert "Saving" in box.status.value
    box.flush()
    assert "Saved at" in box.status.value
    assert stored(box) == "typed words"


def test_debounced_save_happens_without_flush(box):
    import time

    box.type("eventually saved")
    for _ in range(100):
        if stored(box) == "eventually saved":
            break
        time.sleep(0.02)
    assert stored(box) == "eventually saved"


def test_submit_shows_confirmation(box):
    box.type("My reflection")
    box.submit(visibility="facilitator")
    assert "Submitted (version 1, facilitator)" in box.message.value
    assert box.model.versions[-1].visibility == "facilitator"


def test_empty_submit_shows_a_plain_message(box):
    box.submit()
    assert 'role="alert"' in box.message.value
    assert "nothing to submit" in box.message.value


def test_pass_is_always_possible(box):
    box.pass_prompt()
    assert "passed" in box.message.value
    assert box.model.status == "passed"


def test_unexpected_error_goes_to_the_page(box, monkeypatch):
    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(box.model, "submit", boom)
    box.type("x")
    box.submit()
    assert "something went wrong" in box.message.value
    assert "RuntimeError" in box.message.value


def test_trainee_text_is_never_html_in_status(box):
    box.type("<img src=x onerror=alert(1)>")
    box.flush()
    assert "<img" not in box.status.value


def test_widgets_are_labelled(box):
    assert box.textarea.description.startswith("Your reflection:")
    assert box.visibility.description
    assert box.submit_button.tooltip and box.pass_button.tooltip


def test_conflict_shows_both_texts(box, store, trainee, welcome_prompt):
    other = ReflectionBox(store, trainee.id, welcome_prompt, save_wait=0.05)
    box.type("tab one")
    box.flush()
    other.type("tab two")
    other.flush()
    shown = [c for c in other.conflict_box.children if hasattr(c, "value")]
    assert shown and shown[0].value == "tab one"
    assert other.textarea.value == "tab two"
