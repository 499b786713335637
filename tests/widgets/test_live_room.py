"""The room's views: the controls under the presenter view, and the banner in a module
page's header that follows the room live (a polite status line with a link that keeps
the person's link), shown to a cohort's pages only."""

from __future__ import annotations

import pytest

from commonground.errors import StoreError
from tests._cohorts import facilitator_of, self_paced
from widgets import course as course_facade
from widgets.live_room import EMPTY, RoomBanner, RoomControls
from widgets.presenter import PresenterView


def test_the_controls_move_the_room_and_the_banner_follows(store, cohort, trainee, course):
    lead = facilitator_of(store, cohort)
    controls = RoomControls(store, lead, course)
    assert controls.activity.description == "Move the room to"
    assert all("_" not in label for label, _key in controls.activity.options)
    page = RoomBanner(store, trainee, "00_welcome", "?t=abc", live=False)
    assert page.value == EMPTY
    controls.move("03_trauma_informed/scenario:traumatised_organisation")
    assert "Coming back to a team under strain" in controls.message.value
    assert page.live.poll_once()
    assert 'role="status"' in page.value
    assert "The group is now at: Role-play — Coming back to a team under strain." in page.value
    assert 'href="./03_trauma_informed.ipynb?t=abc"' in page.value
    assert not page.live.poll_once()  # nothing changed: nothing sent
    controls.pause()
    assert page.live.poll_once() and "paused the group" in page.value
    controls.take_break(10)
    assert page.live.poll_once() and "Break: back at" in page.value
    controls.carry_on()
    assert page.live.poll_once() and "Go there" in page.value
    assert "The room is at" in controls.where.value
    page.close()


def test_the_buttons_say_what_they_did(store, cohort, course):
    controls = RoomControls(store, facilitator_of(store, cohort), course)
    controls.break_button.click()
    assert "A break until" in controls.message.value
    with pytest.raises(StoreError, match="Choose one of the course's activities"):
        controls.move("no such activity")  # the hook; the buttons show it on the page
    controls.activity.value = controls.activity.options[0][1]
    controls.move_button.click()
    assert "Module 0" in controls.message.value


def test_the_presenter_view_has_the_controls(store, cohort):
    view = PresenterView(store, facilitator_of(store, cohort), live=False)
    assert isinstance(view.room, RoomControls) and view.room in view.children
    view.close()


def test_the_module_header_shows_the_banner_to_a_cohort_only(page_env, store, cohort,
                                                             trainee):
    facilitator_of(store, cohort)
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    head = course_facade.header("00_welcome")
    assert isinstance(head.room, RoomBanner) and head.room in head.children
    head.room.close()


def test_a_self_paced_header_has_no_banner(page_env, store):
    self_paced(store)
    head = course_facade.header("00_welcome")
    assert getattr(head, "room", None) is None


def test_a_check_in_on_the_trainees_page_and_the_presenter_view(store, cohort, course):
    lead = facilitator_of(store, cohort)
    people = [store.people.get(store.people.add_participant(cohort.id, f"{n} Lee", "Health"))
              for n in ("Ana", "Ben", "Cat")]
    controls = RoomControls(store, lead, course)
    pages = [RoomBanner(store, p, "00_welcome", "", live=False) for p in people]
    assert all(p.checkin.children == () for p in pages)
    controls.open_checkin()
    assert "how they are arriving" in controls.message.value
    for page in pages:
        assert page.live.poll_once() and page.form is not None
        assert page.checkin.children == (page.form,)
    presenter = PresenterView(store, lead, live=False)
    slide = next(s for s in presenter.screen.slides if s["title"] == "How are you arriving?")
    assert slide["bars"] == [] and "once enough people" in slide["note"]
    pages[0].form.send(4, "Curious")
    assert "without your name" in pages[0].form.message.value
    pages[1].form.skip()
    pages[2].form.send(2, "")
    assert presenter.live.poll_once()
    slide = next(s for s in presenter.screen.slides if s["title"] == "How are you arriving?")
    assert slide["bars"] == [], "two people answered: still hidden"
    pages[1].form = None  # as if the page were opened again: the form is back
    pages[1].refresh()
    pages[1].form.send(4, "curious")
    assert presenter.live.poll_once()
    slide = next(s for s in presenter.screen.slides if s["title"] == "How are you arriving?")
    assert [b[1] for b in slide["bars"]] == [0, 1, 0, 2, 0]
    assert "In a word: curious (2)." in slide["note"]
    text = str(presenter.screen.slides)
    assert not any(n in text for n in ("Ana", "Ben", "Cat"))
    controls.close_checkin()
    assert pages[0].live.poll_once() and pages[0].checkin.children == ()
    presenter.close()
    for page in pages:
        page.close()


def test_a_failed_answer_says_so_on_the_page(store, cohort, trainee, course):
    controls = RoomControls(store, facilitator_of(store, cohort), course)
    controls.open_checkin()
    page = RoomBanner(store, trainee, "00_welcome", "", live=False)
    page.form.word.value = "two words"
    page.form.send_button.click()
    assert "One word" in page.form.message.value and not page.form.done


def test_the_session_buttons_start_and_end_it_and_the_presenter_shows_it(store, cohort,
                                                                          trainee, course):
    from commonground.pages.presenter import Presenter
    from commonground.pages.room import banner

    lead = facilitator_of(store, cohort)
    controls = RoomControls(store, lead, course)
    controls.session.value = "Day one"
    controls.start_button.click()
    assert "Started: Day one." in controls.message.value
    assert "Day one is running." in controls.where.value
    assert banner(store, trainee, "00_welcome").text.startswith("Day one has started.")
    welcome = Presenter(store, lead, course).slides()[0]
    assert welcome.title == "Day one" and welcome.note.startswith("Southside 2026.")
    controls.session.value = "\x07"
    controls.start_button.click()
    assert "control character" in controls.message.value
    controls.end_button.click()
    assert "The session has ended" in controls.message.value
    assert Presenter(store, lead, course).slides()[0].title == "Southside 2026"
