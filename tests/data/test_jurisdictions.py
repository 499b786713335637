"""A cohort's jurisdictions (``cohort_jurisdictions``): chosen by its facilitator, one or
more (a partnership across a border), kept per cohort, and refused while archived."""

from __future__ import annotations

import pytest

from commonground.admin.cohorts import archive, purge
from commonground.errors import StoreError
from tests._cohorts import other_cohort_trainee
from tests._db import row_counts


def test_none_chosen_until_a_facilitator_chooses(store, cohort):
    assert store.jurisdictions.codes(cohort.id) == ()
    assert store.jurisdictions.codes(None) == ()  # a self-paced learner


def test_a_border_partnership_chooses_two_in_the_usual_order(store, cohort):
    assert store.jurisdictions.choose(cohort.id, ["vic", "NSW", "Vic"]) == ("NSW", "VIC")
    assert store.jurisdictions.codes(cohort.id) == ("NSW", "VIC")


def test_choosing_again_replaces_and_an_empty_choice_clears(store, cohort):
    store.jurisdictions.choose(cohort.id, ["NSW", "VIC"])
    store.jurisdictions.choose(cohort.id, ["QLD"])
    assert store.jurisdictions.codes(cohort.id) == ("QLD",)
    store.jurisdictions.choose(cohort.id, [])
    assert store.jurisdictions.codes(cohort.id) == ()


def test_each_cohort_has_its_own(store, cohort):
    other = other_cohort_trainee(store)
    store.jurisdictions.choose(cohort.id, ["NT"])
    assert store.jurisdictions.codes(other.cohort_id) == ()


def test_an_unknown_code_changes_nothing(store, cohort):
    store.jurisdictions.choose(cohort.id, ["SA"])
    with pytest.raises(ValueError, match="'Narnia' is not a state or territory code"):
        store.jurisdictions.choose(cohort.id, ["WA", "Narnia"])
    assert store.jurisdictions.codes(cohort.id) == ("SA",)


def test_an_archived_cohort_keeps_its_choice(store, cohort):
    store.jurisdictions.choose(cohort.id, ["TAS"])
    archive(store, cohort.name)
    before = row_counts(store)
    with pytest.raises(StoreError, match="read-only"):
        store.jurisdictions.choose(cohort.id, ["ACT"])
    assert row_counts(store) == before
    assert store.jurisdictions.codes(cohort.id) == ("TAS",)


def test_purging_a_cohort_deletes_its_choice(store, cohort):
    other = other_cohort_trainee(store)
    store.jurisdictions.choose(cohort.id, ["NSW", "VIC"])
    store.jurisdictions.choose(other.cohort_id, ["WA"])
    report = purge(store, cohort.name, cohort.name)
    assert report.deleted.get("cohort_jurisdictions") == 2 and not report.remaining
    assert store.jurisdictions.codes(cohort.id) == ()
    assert store.jurisdictions.codes(other.cohort_id) == ("WA",)
