"""The player view, driven through its hooks (no browser)."""

import pytest

from commonground.scenario_player import ScenarioPlayerModel, get_scenario
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
