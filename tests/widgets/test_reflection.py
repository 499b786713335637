"""The reflection view, driven through its test hooks, and once in a real kernel."""

import time

import pytest

from commonground import ReflectionModel
from tests._widgets import walk
from widgets import ReflectionBox
from widgets.shared_reflections import CohortReflections


@pytest.fixture
def box(store, trainee, welcome_prompt):
    return ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05)


def stored(box):
    return ReflectionModel(box.model.store, box.model.participant, box.model.prompt).text


def test_typing_saves_after_a_pause(box):
    box.type("typed words")
    assert "Saving" in box.status.text
    box.flush()
    assert "Saved at" in box.status.text
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


def test_the_status_line_is_plain_text_set_as_text(box):
    from pathlib import Path

    import widgets

    box.type("<img src=x onerror=alert(1)>")
    box.flush()
    assert box.status.text.startswith("Saved at") and "<" not in box.status.text
    script = (Path(widgets.__file__).parent / "static" / "draft_copy.js").read_text()
    assert "textContent" in script and "innerHTML" not in script.replace(
        "Nothing here uses innerHTML", "")


def test_widgets_are_labelled(box):
    assert box.textarea.description.startswith("Your reflection:")
    assert box.visibility.description
    assert box.submit_button.tooltip and box.pass_button.tooltip


def test_conflict_shows_both_texts(box, store, trainee, welcome_prompt):
    other = ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05)
    box.type("tab one")
    box.flush()
    other.type("tab two")
    other.flush()
    shown = [c for c in other.conflict_box.children if hasattr(c, "value")]
    assert shown and shown[0].value == "tab one"
    assert other.textarea.value == "tab two"


def _texts(widget):
    from widgets.reflection import _walk

    return "".join(str(getattr(c, "value", "")) for c in _walk(widget))


def test_after_submit_the_sharing_controls_appear(box):
    assert box.after_submit.layout.display == "none"
    box.type("words")
    box.submit(visibility="cohort")
    assert box.after_submit.layout.display is None
    assert "shared with your cohort" in box.sharing.value


def test_change_visibility_later(box, trainee):
    from commonground import shared_reflections

    box.type("shared for now")
    box.submit(visibility="cohort")
    box.change_visibility("private")
    assert "now private" in box.message.value
    assert box.model.visibility == "private"
    assert shared_reflections(box.model.store, trainee.cohort_id, "welcome-why-here") == []


def test_history_lists_versions_as_text(box):
    box.type("<b>first</b>")
    box.submit(visibility="private")
    box.type("second")
    box.submit(visibility="facilitator")
    assert "Your submitted versions (2)" in box.history.value
    assert "&lt;b&gt;first&lt;/b&gt;" in box.history.value and "<b>first" not in box.history.value
    assert box.history.value.index("Version 2") < box.history.value.index("Version 1")


def test_withdraw_asks_first_and_can_be_cancelled(box):
    box.type("keep me")
    box.submit(visibility="private")
    box.withdraw(confirm=False)
    assert "Nothing was deleted" in box.message.value
    assert stored(box) == "keep me" and box.model.versions


def test_withdraw_confirmed_deletes_and_clears_the_box(box):
    box.type("delete me")
    box.submit(visibility="facilitator")
    box.withdraw_button.click()
    assert 'role="alert"' in _texts(box.confirm_box)
    box.withdraw(confirm=True)
    assert box.textarea.value == ""
    assert "withdrawn and deleted" in box.message.value
    record = box.model.store.reflections.get(box.model.participant_id, "welcome-why-here")
    assert record.versions == ()
    assert box.after_submit.layout.display == "none"


def test_released_feedback_shows_under_the_reflection(store, trainee, welcome_prompt):
    first = ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05)
    first.type("please comment")
    first.submit(visibility="facilitator")
    store.reflections.give_feedback(trainee.id, "welcome-why-here", 1, "<i>Well</i> put", 3, 4)
    assert ReflectionBox(store, trainee, welcome_prompt).feedback.value == ""
    store.reflections.release_feedback(trainee.id, "welcome-why-here")
    shown = ReflectionBox(store, trainee, welcome_prompt).feedback.value
    assert "Feedback" in shown and "Grade: 3 out of 4" in shown
    assert "&lt;i&gt;Well&lt;/i&gt; put" in shown and "<i>" not in shown


def test_self_paced_box_offers_only_private(store, welcome_prompt):
    me = store.people.for_login("self", "self", "You")
    box = ReflectionBox(store, me, welcome_prompt)
    assert [value for _label, value in box.visibility.options] == ["private"]
    assert "on your own" in box.on_your_own.value


def test_conflict_widgets_are_not_rebuilt_on_every_keystroke(box, store, trainee, welcome_prompt):
    other = ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05)
    box.type("tab one")
    box.flush()
    other.type("tab two")
    other.flush()
    shown = other.conflict_box.children
    other.type("tab two, more")
    assert other.conflict_box.children is shown


# -- a real kernel, killed after "Saved" ------------------------------------------------------
KERNEL_CODE = """
from commonground import load_course, open_store
from widgets import ReflectionBox
store = open_store({db_url!r})
prompt = load_course().prompt("welcome-why-here", "00_welcome")
box = ReflectionBox(store, store.people.get({pid}), prompt, save_wait=0.3)
"""


def _run(client, code):
    out = []

    def keep(msg):
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        elif msg["msg_type"] == "error":
            out.append("\n".join(msg["content"]["traceback"]))

    reply = client.execute_interactive(code, timeout=60, output_hook=keep)
    assert reply["content"]["status"] == "ok", "".join(out)
    return "".join(out)


def _kernel(tmp_path, name):
    from jupyter_client import KernelManager

    # ipc, as `commonground serve` uses: no TCP ports to collide, files in tmp_path.
    return KernelManager(kernel_name="python3", transport="ipc", ip=str(tmp_path / name))


def test_text_survives_killing_the_kernel_after_saved(db_url, store, trainee, tmp_path):
    import os
    import signal

    text = "Written just before the kernel died. <ok> ünïcode"
    setup = KERNEL_CODE.format(db_url=db_url, pid=trainee.id)
    env = {**os.environ, "COMMONGROUND_DB": db_url}

    first = _kernel(tmp_path, "first")
    first.start_kernel(env=env)
    client = first.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        _run(client, setup)
        # Type, then wait (without flushing) until the box itself says "Saved at".
        status = _run(client, f"""
import time
box.type({text!r})
deadline = time.monotonic() + 20
while "Saved at" not in box.status.text and time.monotonic() < deadline:
    time.sleep(0.05)
print(box.status.text)
""")
        assert "Saved at" in status
        first.signal_kernel(signal.SIGKILL)  # a crash: no shutdown, no clean-up
        deadline = time.monotonic() + 10
        while first.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not first.is_alive()
    finally:
        client.stop_channels()
        first.cleanup_resources()

    second = _kernel(tmp_path, "second")
    second.start_kernel(env=env)
    client = second.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        _run(client, setup)
        assert _run(client, "print(repr(box.textarea.value))").strip() == repr(text)
    finally:
        client.stop_channels()
        second.shutdown_kernel(now=True)


def test_cohort_shared_reflections_are_anonymous_text(store, trainee, other_trainee,
                                                       third_trainee, welcome_prompt):
    mine = ReflectionBox(store, trainee, welcome_prompt, save_wait=0.05)
    mine.type('<img src=x onerror="alert(1)"> Ana Lee wrote this')
    mine.submit(visibility="cohort")
    theirs = ReflectionBox(store, other_trainee, welcome_prompt, save_wait=0.05)
    shown = theirs.cohort_shared.value
    assert "&lt;img src=x" in shown and "<img" not in shown
    assert "Family Support" not in shown  # no agency; the name appears only as typed
    assert "(1)" in shown
    mine.change_visibility("private")
    theirs.cohort_shared.refresh()
    assert "(0)" in theirs.cohort_shared.value
    for box in (mine, theirs):
        box.cohort_shared.stop()


def test_self_paced_has_no_cohort_panel(store, welcome_prompt):
    learner = store.people.for_login("self", "self")
    box = ReflectionBox(store, learner, welcome_prompt)
    assert box.cohort_shared is None
    assert not any(isinstance(c, CohortReflections) for c in walk(box))


def test_archived_cohort_box_is_read_only(store, cohort, trainee, welcome_prompt):
    from commonground.admin import cohorts as cohort_admin

    ReflectionBox(store, trainee, welcome_prompt).type("kept")
    cohort_admin.archive(store, cohort.name)
    box = ReflectionBox(store, store.people.get(trainee.id), welcome_prompt)  # a new page
    assert box.textarea.disabled and box.submit_button.disabled
    assert "read-only" in box.status.text


def test_withdrawing_in_an_archived_cohort_says_plainly_that_it_still_deletes(
        store, cohort, trainee, welcome_prompt):
    from commonground.admin import cohorts as cohort_admin

    first = ReflectionBox(store, trainee, welcome_prompt)
    first.type("Mine to take back.")
    first.submit("private")
    cohort_admin.archive(store, cohort.name)
    box = ReflectionBox(store, store.people.get(trainee.id), welcome_prompt)
    box.withdraw_button.click()
    [warning] = [c for c in walk(box.confirm_box) if "Withdraw this reflection?" in
                 str(getattr(c, "value", ""))]
    assert "withdrawing still works" in warning.value
    box.confirm_box.children = ()
    box.withdraw(confirm=True)
    assert store.reflections.get(trainee.id, welcome_prompt.id).versions == ()


def test_the_box_leaves_the_optional_promise_to_the_module(box):
    """Said once: the module's text says writing is optional; the box does not repeat it,
    and wears the card's label instead."""
    heading = box.heading.value
    assert "saved as you type and only you" not in heading
    assert '<span class="cg-kind">Reflection</span>' in heading
