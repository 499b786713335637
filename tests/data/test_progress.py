"""Progress: time spent on each module (visits and completion are covered by the facade)."""

import pytest


def test_time_adds_up_per_module(store, trainee):
    store.progress.add_time(trainee.id, "00_welcome", 45)
    store.progress.add_time(trainee.id, "00_welcome", 30)
    store.progress.add_time(trainee.id, "01_safe_environment", 10)
    assert store.progress.seconds_spent(trainee.id) == {
        "00_welcome": 75, "01_safe_environment": 10
    }


def test_time_on_an_unvisited_module_records_the_visit(store, trainee):
    store.progress.add_time(trainee.id, "02_meeting_and_learning", 50)
    assert store.progress.for_participant(trainee.id)["02_meeting_and_learning"].visited


@pytest.mark.parametrize("seconds", [0, -5])
def test_no_time_is_no_change(store, trainee, seconds):
    store.progress.add_time(trainee.id, "00_welcome", seconds)
    assert store.progress.seconds_spent(trainee.id) == {}


def test_time_is_kept_per_participant(store, trainee, other_trainee):
    store.progress.add_time(trainee.id, "00_welcome", 40)
    assert store.progress.seconds_spent(other_trainee.id) == {}
