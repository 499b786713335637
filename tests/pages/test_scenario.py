"""The player model: start, choose, save, resume, leave, compare roles, cohort counts."""

import pytest

from commonground.pages.scenario import ScenarioPlayerModel, get_scenario


@pytest.fixture
def hot_desk():
    return get_scenario("hot_desk")


@pytest.fixture
def player(store, trainee, hot_desk):
    return ScenarioPlayerModel(store, trainee, hot_desk)


def play_to_end(model, pick=0):
    while not model.view().is_ending:
        choices = [c for c in model.view().choices if not c.step_back] or model.view().choices
        model.choose(choices[pick % len(choices)].id)
    return model.view()


def reopen(model):
    return ScenarioPlayerModel(model.store, model.participant, model.scenario)


def test_nothing_playing_at_first(player):
    assert not player.playing
    assert not player.has_saved_play()


def test_progress_is_restored_on_reload(player):
    player.start("key_worker")
    first = player.view().choices[0].id
    player.choose(first)
    here = player.view()
    again = reopen(player)
    assert again.playing
    assert again.view().node_id == here.node_id
    assert again.play.chosen == [first]


def test_every_choice_is_logged(player, store, trainee):
    player.start("key_worker")
    end = play_to_end(player)
    steps = player.plays.steps(trainee.id, player.play_id)
    assert len(steps) == end.step
    assert [s.choice_id for s in steps] == player.play.chosen


def test_leave_keeps_the_place(player):
    player.start("host_manager")
    player.choose(player.view().choices[0].id)
    node = player.view().node_id
    player.leave()
    assert not player.playing
    assert player.has_saved_play()
    assert player.resume().node_id == node


def test_compare_after_two_roles(player):
    player.start("key_worker")
    play_to_end(player)
    assert [r.role_id for r in player.finished_roles()] == ["key_worker"]
    assert player.unplayed_roles() == ["host_manager"]
    player.leave()
    player.start("host_manager")
    play_to_end(player, pick=1)
    done = player.finished_roles()
    assert [r.role_id for r in done] == ["key_worker", "host_manager"]
    assert all(r.choices and r.ending_title and r.brief for r in done)


def test_cohort_counts_need_three_others(store, cohort, hot_desk, trainee):
    me = ScenarioPlayerModel(store, trainee, hot_desk)
    me.start("key_worker")
    node = me.view().node_id
    first = me.view().choices[0].id
    me.choose(first)
    assert me.cohort_counts(node) is None
    others = []
    for i in range(3):
        pid = store.people.add_participant(cohort.id, f"Other {i}", "Health")
        model = ScenarioPlayerModel(store, store.people.get(pid), hot_desk)
        model.start("key_worker")
        model.choose(model.view().choices[i % 2].id)
        others.append(model)
        counts = me.cohort_counts(node)
        assert (counts is None) == (i < 2)
    counts = dict(me.cohort_counts(node))
    assert sum(counts.values()) == 3  # me excluded, counts only
    labels = {c.label for c in hot_desk.nodes[node].choices}
    assert set(counts) <= labels


def test_other_cohorts_do_not_count(store, hot_desk, trainee):
    other = store.people.create_cohort("Elsewhere")
    for i in range(4):
        pid = store.people.add_participant(other.id, f"E{i}", "Housing")
        m = ScenarioPlayerModel(store, store.people.get(pid), hot_desk)
        m.start("key_worker")
        m.choose(m.view().choices[0].id)
    me = ScenarioPlayerModel(store, trainee, hot_desk)
    me.start("key_worker")
    node = me.view().node_id
    me.choose(me.view().choices[0].id)
    assert me.cohort_counts(node) is None


def test_self_paced_has_no_cohort_counts(store, hot_desk):
    learner = store.people.for_login("self", "self")
    me = ScenarioPlayerModel(store, learner, hot_desk)
    me.start("key_worker")
    node = me.view().node_id
    me.choose(me.view().choices[0].id)
    assert me.cohort_counts(node) is None


def test_edited_scenario_starts_afresh_with_a_notice(player, store, trainee):
    player.start("key_worker")
    with store.write() as conn:
        from commonground.data import _schema as t

        conn.execute(t.scenario_plays.update().values(state_json='{"format": 99}'))
    again = reopen(player)
    assert not again.playing
    assert "updated since you last played" in again.notice


def test_unknown_scenario_names_the_file():
    with pytest.raises(KeyError, match=r"content/scenarios/nope\.yaml"):
        get_scenario("nope")


def test_archived_cohort_cannot_start_a_play(store, cohort, trainee, hot_desk):
    from commonground import StoreError
    from commonground.admin import cohorts as cohort_admin

    cohort_admin.archive(store, cohort.name)
    model = ScenarioPlayerModel(store, store.people.get(trainee.id), hot_desk)
    with pytest.raises(StoreError, match="read-only"):
        model.start("key_worker")


def test_each_seat_at_each_ending_asks_its_own_question(store, trainee):
    from commonground.scenario.titles import after_play, prompt_heading
    from tests._walks import walks

    scenario = get_scenario("traumatised_organisation")
    asked = {}
    for role, ending in (("returning_worker", "ending_integrated"),
                         ("facilitator", "ending_integrated"),
                         ("facilitator", "ending_business_only")):
        model = ScenarioPlayerModel(store, trainee, scenario)
        model.start(role)
        assert model.after_play_prompt() is None  # nothing is asked before the end
        for choice in next(w.choices for w in walks(scenario, role) if w.ending == ending):
            model.choose(choice)
        prompt = model.after_play_prompt()
        assert prompt.text == scenario.nodes[ending].ending.reflection
        assert prompt.module_id == scenario.module
        assert prompt.title.startswith(f"After the role-play, as {scenario.roles[role].name}")
        asked[(role, ending)] = prompt.id
        assert after_play(prompt.id) == prompt  # its stored id says which it was
        assert prompt_heading(prompt.id, "") == f"{prompt.title}: {prompt.text}"
    assert len(set(asked.values())) == 3  # two seats at one ending are two questions
    assert after_play("welcome-why-here") is None
    assert prompt_heading(f"scenario-{scenario.id}", "") == (
        f"After the role-play: {scenario.title}")


def test_the_person_at_the_centre_steps_out_of_the_role_at_the_end(store, trainee):
    from tests._walks import walks

    scenario = get_scenario("first_care_team_meeting")
    for role in ("tania", "family_worker"):
        walk = next(walks(scenario, role))
        model = ScenarioPlayerModel(store, trainee, scenario)
        model.start(role)
        assert model.step_out() is None  # nothing before the end
        for choice in walk.choices:
            model.choose(choice)
        out = model.step_out()
        if role == "tania":
            assert out is not None and "Tania" in out.intro
        else:
            assert out is None
