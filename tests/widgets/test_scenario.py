"""The player view, driven through its hooks (no browser)."""

import pytest

from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
from widgets.scenario import ScenarioPlayer


@pytest.fixture
def player(store, trainee):
    return ScenarioPlayer(ScenarioPlayerModel(store, trainee, get_scenario("information_sharing")))


def texts(widget):
    out = [getattr(widget, "value", "") if isinstance(getattr(widget, "value", ""), str) else ""]
    out += [getattr(widget, "description", "") or ""]
    for child in getattr(widget, "children", ()):
        out.append(texts(child))
    return "\n".join(out)


def test_content_note_before_start(player):
    assert "Content note" in player.intro.value
    assert "Start the role-play" in texts(player)


def test_person_at_the_centre_is_playable(player):
    labels = [label for label, _ in player.role_picker.options]
    assert any("Mel" in label for label in labels)


def test_play_to_an_ending_with_debrief_and_reflection(player):
    player.start("family_worker")
    for _ in range(40):
        view = player.model.view()
        if view.is_ending:
            break
        player.choose(view.choices[0].id)
    page = texts(player)
    assert "Debrief" in page
    assert "Play again" in page
    assert player.reflection_box.textarea.description.startswith("Your reflection")


def test_leave_is_always_there_while_playing(player):
    player.start("mel")
    assert "Leave for now" in texts(player)
    player.leave()
    assert "Continue where you left off" in texts(player)


def test_bad_choice_goes_to_the_page(player):
    player.start("mel")
    player.choose("no-such-choice")
    assert 'role="alert"' in player.message.value


@pytest.mark.parametrize(("name", "agency", "label"), [
    ("Dee, worker (chairing)", "A service (voluntary, twelve weeks)",
     "Dee, worker (chairing): A service (voluntary, twelve weeks)"),
    ("Mel", "", "Mel"),
])
def test_seat_labels_never_nest_brackets(name, agency, label):
    from widgets.scenario import seat_label

    assert seat_label(name, agency) == label


def test_every_seat_label_has_brackets_one_deep():
    from commonground.pages.scenario import get_scenario
    from widgets.scenario import seat_label

    for sid in ("first_care_team_meeting", "hot_desk", "information_sharing",
                "many_names_one_plan", "naming_the_elephant", "traumatised_organisation"):
        for role in get_scenario(sid).roles.values():
            depth = deepest = 0
            for c in seat_label(role.name, role.agency):
                depth += (c == "(") - (c == ")")
                deepest = max(deepest, depth)
            assert deepest <= 1, (sid, role.id)


def test_see_also_names_modules_by_number_and_title(player):
    player.start(player.model.roles[0].id)
    for _ in range(40):
        view = player.model.view()
        if view.is_ending and view.see_also:
            break
        if view.is_ending:  # an ending without "see also": play again
            player.leave_ending()
            player.start(player.model.roles[0].id)
            continue
        player.choose(view.choices[-1].id)
    html = next(c.value for c in player.stage.children if "cg-ending" in getattr(c, "value", ""))
    assert "See also: " in html and "Module 5: Philosophical differences" in html
    assert "05_philosophical_differences</" not in html and "See also: 05_" not in html


# -- each seat's after-play question keeps its own answers --------------------------------
def _path_to(scenario, role, ending):
    from tests._walks import walks

    return next(w.choices for w in walks(scenario, role) if w.ending == ending)


def _answer(store, person, role, ending, text):
    """Play traumatised_organisation from ``role`` to ``ending`` on the page and share the
    answer to its question with the cohort; returns the page's player."""
    scenario = get_scenario("traumatised_organisation")
    page = ScenarioPlayer(ScenarioPlayerModel(store, person, scenario))
    page.start(role)
    for choice in _path_to(scenario, role, ending):
        page.choose(choice)
    page.reflection_box.type(text)
    page.reflection_box.submit("cohort")
    return page


def _cohort_answers(page) -> str:
    page.reflection_box.cohort_shared.refresh()  # what the live refresh shows seconds later
    return page.reflection_box.cohort_shared.value


def test_ben_as_tom_never_sees_anas_answer_to_lenas_question(store, cohort, trainee,
                                                             other_trainee):
    """Lena's ending asks "What is one small, optional way …"; Tom's asks "How do you tell
    the difference between giving someone space and leaving them to it?". Each pool holds
    only its own seat's answers to its own question."""
    more = [store.people.get(store.people.add_participant(cohort.id, name, "Health"))
            for name in ("Cat Diaz", "Dev Rao", "Eve Moss", "Fay Ode")]
    cat, dev, eve, fay = more
    lena, tom = ("returning_worker", "ending_quiet_support"), ("facilitator",
                                                               "ending_business_only")
    _answer(store, trainee, *lena, "ANA answers LENA-QUESTION")
    _answer(store, cat, *lena, "CAT answers LENA-QUESTION")
    _answer(store, dev, *lena, "DEV answers LENA-QUESTION")
    _answer(store, eve, *tom, "EVE answers TOM-QUESTION")
    _answer(store, fay, *tom, "FAY answers TOM-QUESTION")
    ben = _answer(store, other_trainee, *tom, "BEN answers TOM-QUESTION")
    assert "giving someone space and leaving them to it" in texts(ben.reflection_box)
    shown = _cohort_answers(ben)
    assert "EVE answers" in shown and "FAY answers" in shown and "BEN answers" in shown
    assert "LENA-QUESTION" not in shown
    ana = ScenarioPlayer(ScenarioPlayerModel(store, trainee,
                                             get_scenario("traumatised_organisation")))
    assert "TOM-QUESTION" not in _cohort_answers(ana)
    assert "ANA answers" in _cohort_answers(ana) and "CAT answers" in _cohort_answers(ana)


def test_an_after_play_pool_waits_for_three_who_were_asked(store, cohort, trainee,
                                                          other_trainee, third_trainee):
    """Only people who finished Tom's seat at that ending were asked its question: two
    of them are no cover, however large the cohort."""
    for name in ("Dev Rao", "Eve Moss", "Fay Ode", "Gus Hill"):
        store.people.add_participant(cohort.id, name, "Health")
    tom = ("facilitator", "ending_business_only")
    _answer(store, trainee, *tom, "ANA answers TOM-QUESTION")
    ben = _answer(store, other_trainee, *tom, "BEN answers TOM-QUESTION")
    assert "ANA answers" not in _cohort_answers(ben)
    assert "Only you can see this for now" in ben.reflection_box.sharing.value
    cat = _answer(store, third_trainee, *tom, "CAT answers TOM-QUESTION")
    assert "ANA answers" in _cohort_answers(cat) and "BEN answers" in _cohort_answers(cat)
