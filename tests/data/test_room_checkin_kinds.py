"""The room's other check-ins: one word for a word cloud and a quick agree or disagree,
each optional and anonymous, shown only once 3 people answered (the anonymity rule),
words trimmed, limited and kept as text."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from commonground.data import _schema as t
from commonground.errors import StoreError
from commonground.pages.presenter import Presenter
from tests._cohorts import facilitator_of
from widgets.live_room import CheckinForm, RoomBanner


def trainees(store, cohort, n):
    return [store.people.get(store.people.add_participant(cohort.id, f"Person {i}", "Agency",
                                                          "Worker")) for i in range(n)]


def checkin_slide(store, lead, course):
    return next(s for s in Presenter(store, lead, course).slides()
                if s.key.startswith("checkin:"))


def test_a_word_cloud_is_shown_only_once_three_people_answered(store, cohort, course):
    lead = facilitator_of(store, cohort)
    state = store.room.open_checkin(lead, "word", "  What makes a   meeting safe? ")
    assert (state.checkin_kind, state.checkin_question) == ("word",
                                                            "What makes a meeting safe?")
    a, b, c = trainees(store, cohort, 3)
    store.room.check_in(a, None, "  Listening ")
    store.room.check_in(b, None, "listening")
    slide = checkin_slide(store, lead, course)
    assert slide.title == "What makes a meeting safe?" and slide.items == ()
    assert "2 answered" in slide.note
    assert store.room.checkin_summary(cohort.id, state.checkin_round).words == ()
    store.room.check_in(c, None, "<b>trust</b>")
    slide = checkin_slide(store, lead, course)
    assert slide.items == ("listening (2)", "<b>trust</b>")  # text, drawn as text
    assert slide.as_dict()["items"] == ["listening (2)", "<b>trust</b>"]


def test_agree_or_disagree(store, cohort, course):
    lead = facilitator_of(store, cohort)
    store.room.open_checkin(lead, "agree", "Carmen should have asked Tania first.")
    a, b, c, d = trainees(store, cohort, 4)
    for person, agree in ((a, True), (b, True), (c, False)):
        store.room.check_in(person, None, "", agree=agree)
    slide = checkin_slide(store, lead, course)
    assert slide.title == "Carmen should have asked Tania first."
    assert [(bar.label, bar.value, bar.of) for bar in slide.bars] == [
        ("Agree", 2, 3), ("Disagree", 1, 3)]
    with pytest.raises(StoreError, match="already answered"):
        store.room.check_in(a, None, "", agree=False)
    with pytest.raises(StoreError, match="Choose agree or disagree"):
        store.room.check_in(d, 3, "")
    with store.read() as conn:  # kept without anyone's name, by the day only
        assert set(conn.execute(select(t.room_checkins)).keys()) == {
            "id", "cohort_id", "round", "answered_on", "arriving", "word", "agree"}


def test_answers_must_fit_the_kind_and_questions_are_checked(store, cohort):
    lead = facilitator_of(store, cohort)
    [a] = trainees(store, cohort, 1)
    with pytest.raises(StoreError, match="Choose a question"):
        store.room.open_checkin(lead, "word", "   ")
    with pytest.raises(StoreError, match="at most 200"):
        store.room.open_checkin(lead, "agree", "x" * 201)
    with pytest.raises(StoreError, match="kind of check-in"):
        store.room.open_checkin(lead, "poll", "Yes?")
    with pytest.raises(StoreError, match="this cohort's facilitator"):
        store.room.open_checkin(a, "word", "Why?")
    store.room.open_checkin(lead, "word", "One word for today?")
    with pytest.raises(StoreError, match="One word, please"):
        store.room.check_in(a, None, "two words")
    with pytest.raises(StoreError, match="at most 30 letters"):
        store.room.check_in(a, None, "x" * 31)
    with pytest.raises(StoreError, match="Write one word"):
        store.room.check_in(a, 4, "")
    with pytest.raises(StoreError, match="Write one word"):
        store.room.check_in(a, None, "", agree=True)
    assert not store.room.answered(a, 1)
    arriving = store.room.open_checkin(lead)
    assert arriving.checkin_question == "How are you arriving?"
    with pytest.raises(StoreError, match="Choose a number or write a word"):
        store.room.check_in(a, None, "", agree=True)


def test_the_trainees_page_asks_each_kind(store, cohort):
    lead = facilitator_of(store, cohort)
    a, b = trainees(store, cohort, 2)
    store.room.open_checkin(lead, "agree", "We <i>share</i> too little.")
    banner = RoomBanner(store, a, "01_safe_environment", "", live=False)
    form = banner.form
    assert isinstance(form, CheckinForm) and form.kind == "agree"
    assert "We &lt;i&gt;share&lt;/i&gt; too little." in form.question.value
    form.send_agree(False)
    assert form.done and store.room.answered(a, 2 - 1)
    store.room.open_checkin(lead, "word", "A word for this morning?")
    other = RoomBanner(store, b, "01_safe_environment", "", live=False)
    assert other.form is not None and other.form.kind == "word"
    other.form.send(None, "hopeful")
    assert other.form.done
    banner.close()
    other.close()
