"""The facilitator dashboard: facilitators only, one cohort, people's choices honoured,
small groups never reported."""

from __future__ import annotations

import html

import pytest

from commonground.data.lti_marks import Outgoing
from commonground.data.plays import Plays
from commonground.pages.dashboard import MIN_CELL, Dashboard, NotFacilitator
from commonground.spaces import ElephantBox, JargonWall
from tests._cohorts import facilitator_of, other_cohort_trainee, self_paced
from tests._db import row_counts
from widgets import dashboard


@pytest.fixture
def facilitator(store, cohort):
    return facilitator_of(store, cohort)


def _trainees(store, cohort, agency, n, start=0):
    return [store.people.add_participant(cohort.id, f"{agency} {i}", agency)
            for i in range(start, start + n)]


def _choose(store, participant_id, choice, node="proposal", scenario="hot_desk"):
    plays = Plays(store)
    play = plays.start(participant_id, scenario, "key_worker", {})
    plays.record_step(play, participant_id, node, choice, {})


@pytest.mark.parametrize("who", ["trainee", "self-paced", "other cohort's trainee"])
def test_only_facilitators(store, trainee, who):
    person = {"trainee": lambda: trainee, "self-paced": lambda: self_paced(store),
              "other cohort's trainee": lambda: other_cohort_trainee(store)}[who]()
    with pytest.raises(NotFacilitator, match="facilitators only"):
        Dashboard(store, person)


def test_participation_by_module_and_agency(store, cohort, trainee, other_trainee, facilitator):
    store.progress.complete(trainee.id, "00_welcome")
    store.progress.visit(other_trainee.id, "00_welcome")
    store.progress.complete(facilitator.id, "00_welcome")  # facilitators are not counted
    board = Dashboard(store, facilitator)
    welcome = next(m for m in board.by_module() if m.module_id == "00_welcome")
    assert (welcome.trainees, welcome.visited, welcome.completed) == (2, 2, 1)
    rows = {(a.agency, a.module_id): a for a in board.by_agency()}
    assert rows[("Family Support", "00_welcome")].completed == 1
    assert rows[("Housing", "00_welcome")].completed == 0
    assert rows[("Housing", "01_safe_environment")].visited == 0


def test_awaiting_feedback_is_only_what_is_shared_with_the_facilitator(
    store, cohort, trainee, other_trainee, facilitator
):
    r = store.reflections
    r.submit(trainee.id, "00_welcome", "welcome-why-here", "v1 for you", "facilitator")
    r.submit(trainee.id, "00_welcome", "welcome-why-here", "v2 for you", "facilitator")
    r.submit(trainee.id, "01_safe_environment", "safe-env-power", "private words", "private")
    r.submit(other_trainee.id, "00_welcome", "welcome-why-here", "cohort words", "cohort")
    outsider = other_cohort_trainee(store)
    r.submit(outsider.id, "00_welcome", "welcome-why-here", "other cohort", "facilitator")
    board = Dashboard(store, facilitator)
    [item] = board.awaiting_feedback()
    assert (item.name, item.version, item.text) == ("Ana Lee", 2, "v2 for you")
    board.give_feedback(item, "Thank you, this is clear.")
    assert board.awaiting_feedback() == []
    [fb] = r.get(trainee.id, "welcome-why-here").feedback  # released to the trainee
    assert fb.comment == "Thank you, this is clear." and fb.version == 2


def test_scenario_choices_need_three_people_per_cell(store, cohort, facilitator):
    housing = _trainees(store, cohort, "Housing", MIN_CELL)
    health = _trainees(store, cohort, "Health", MIN_CELL - 1)
    for pid in housing + health:
        _choose(store, pid, "sam_volunteers")
    _choose(store, housing[0], "sam_volunteers")  # playing again is still one person
    result = Dashboard(store, facilitator).scenario_choices()
    assert [(c.agency, c.people) for c in result.cells] == [("Housing", MIN_CELL)]
    assert result.withheld == 1
    [cell] = result.cells
    assert cell.choice_id == "sam_volunteers" and cell.scenario  # labels from the file


def test_dashboard_view_renders_tables_plots_and_downloads(store, cohort, trainee, other_trainee,
                                                          facilitator):
    for pid in _trainees(store, cohort, "Housing", MIN_CELL):
        _choose(store, pid, "sam_asks_questions")
        store.progress.complete(pid, "00_welcome")
    store.reflections.submit(trainee.id, "00_welcome", "welcome-why-here",
                             "<img src=x onerror=alert(1)>", "facilitator")
    JargonWall(store, trainee).add("ITP", anonymous=True)
    ElephantBox(store, trainee).add("The elephant")
    view = dashboard.DashboardView(store, facilitator, live=False)
    try:
        assert view.module_plot.png.startswith(b"\x89PNG")
        assert view.agency_plot.png.startswith(b"\x89PNG")
        assert view.choices_plot.png.startswith(b"\x89PNG")
        assert "participation_by_module.csv" in view.participation_downloads.value
        assert "Housing" in view.choices.value
        feedback = view.feedback_box.children[0].children[0].value
        assert "&lt;img src=x" in feedback and "<img" not in feedback
        queue = " ".join(getattr(row, "children", [row])[0].value
                         for row in view.queue_box.children)
        assert "ITP" in queue and "Ana Lee" not in queue
        assert "Anonymous posts and reflections" in queue  # they stand apart
        view.hide(JargonWall(store, trainee).entries()[0].id)
        assert JargonWall(store, other_trainee).entries() == []
        assert JargonWall(store, trainee).entries()[0].notice  # its author is told
        view.send_feedback(0, "Thanks")
        assert "Feedback sent to Ana Lee" in view.message.value
        view.export_button.click()
        assert 'download="cohort_export.xlsx"' in view.export_link.value
    finally:
        view.close()


@pytest.mark.parametrize("link", ["trainee", "self-paced", "invalid"])
def test_page_refuses_everyone_but_the_facilitator(page_env, store, trainee, link):
    store.reflections.submit(trainee.id, "00_welcome", "welcome-why-here", "Kestrel-42",
                             "facilitator")
    query = {"trainee": f"t={store.people.issue_link(trainee.id)}", "self-paced": "",
             "invalid": "t=not-a-real-token-123456"}[link]
    page_env.setenv("QUERY_STRING", query)
    before = row_counts(store)
    page = dashboard.page()
    assert not isinstance(page, dashboard.DashboardView)
    shown = " ".join(getattr(c, "value", "") for c in page.children)
    assert "facilitators only" in shown or "not valid" in shown
    assert "Kestrel-42" not in shown and "Ana Lee" not in shown
    if link != "self-paced":  # a first self-paced visit creates its learner
        assert row_counts(store) == before


def test_page_for_the_facilitator(page_env, store, facilitator):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(facilitator.id)}")
    page = dashboard.page()
    try:
        assert isinstance(page, dashboard.DashboardView)
        assert "Southside 2026" in page.title.value
    finally:
        page.close()


LONG = ("Very Long Agency Name " * 9).strip()  # 197 characters: near the 200 limit


@pytest.mark.parametrize(
    "agency",
    ["$x^2$", "\\$", "$\\frac$", "under_score", "a $ b $ c $", LONG, "خدمات الإسكان",
     "שירותי דיור"],
    ids=["mathtext", "escaped-dollar", "bad-mathtext", "underscore", "odd-dollars", "long",
         "arabic", "hebrew"],
)
def test_agency_names_are_drawn_as_plain_text(store, cohort, facilitator, agency):
    for pid in _trainees(store, cohort, agency, MIN_CELL):
        _choose(store, pid, "sam_asks_questions")
        store.progress.complete(pid, "00_welcome")
    view = dashboard.DashboardView(store, facilitator, live=False)
    try:
        for plot in (view.module_plot, view.agency_plot, view.choices_plot):
            assert plot.png.startswith(b"\x89PNG")
        for plot in (view.agency_plot, view.choices_plot):
            alt = plot.value.split('alt="', 1)[1].split('"', 1)[0]
            assert html.unescape(alt).count(agency.strip()) == 1  # the name, as text
    finally:
        view.close()


def test_a_role_plays_answers_are_graded_and_moderated_with_their_own_question(
        store, cohort, trainee, other_trainee, third_trainee, facilitator):
    """Two parts at one ending are two questions: each answer is shown with its own, for
    feedback and in the moderation list."""
    from commonground.scenario.debrief import prompt_id

    tom = prompt_id("traumatised_organisation", "facilitator", "ending_integrated")
    lena = prompt_id("traumatised_organisation", "returning_worker", "ending_integrated")
    plays = Plays(store)
    for person in (trainee, other_trainee, third_trainee):  # all three were asked Lena's
        play = plays.start(person.id, "traumatised_organisation", "returning_worker", {})
        plays.record_step(play, person.id, "kath_after", "lena_invites_team", {},
                          ending_id="ending_integrated")
    store.reflections.submit(trainee.id, "03_trauma_informed", tom, "For you, as Tom.",
                             "facilitator")
    for person in (other_trainee, third_trainee):
        store.reflections.submit(person.id, "03_trauma_informed", lena,
                                 f"Shared by {person.id}, as Lena.", "cohort")
    view = dashboard.DashboardView(store, facilitator, live=False)
    try:
        feedback = html.unescape(view.feedback_box.children[0].children[0].value)
        assert "After the role-play, as Tom, partnership facilitator" in feedback
        assert "what helped: being asked to open up" in feedback  # the ending's question
        queue = html.unescape(" ".join(getattr(row, "children", [row])[0].value
                                       for row in view.queue_box.children))
        assert queue.count("as Lena, case worker (homelessness service)") == 2
        assert "as Tom" not in queue
    finally:
        view.close()


def test_marks_waiting_for_an_lms_are_said_in_words(store, cohort, trainee, facilitator):
    board = Dashboard(store, facilitator)
    assert board.marks_waiting() == []
    lms = store.lti.add(issuer="https://moodle.example.org", client_id="c",
                        auth_login_url="https://moodle.example.org/auth",
                        jwks_url="https://moodle.example.org/certs", name="Moodle")
    store.lti_marks.track(trainee.id, "01_safe_environment", lms.id, "sub-1",
                          "https://moodle.example.org/lineitems/1")
    before = board.fingerprint()
    store.lti_marks.queue(trainee.id, "01_safe_environment",
                          Outgoing(1.0, 1.0, "Completed", "FullyGraded"))
    assert board.marks_waiting() == ["1 mark waiting to reach Moodle"]
    assert board.fingerprint() != before  # the dashboard redraws
    other = store.people.add_participant(cohort.id, "Ben")
    store.lti_marks.track(other, "01_safe_environment", lms.id, "sub-2",
                          "https://moodle.example.org/lineitems/1")
    store.lti_marks.queue(other, "01_safe_environment",
                          Outgoing(0.0, 1.0, "InProgress", "Pending"))
    assert board.marks_waiting() == ["2 marks waiting to reach Moodle"]
