"""A cohort's jurisdictions (``cohort_jurisdictions``): chosen by its facilitator, one or
more (a partnership across a border), kept per cohort, and refused while archived; and a
person's own pick (``participant_jurisdiction``) where nobody chose for them."""

from __future__ import annotations

import pytest

from commonground.admin.cohorts import archive, purge
from commonground.content.jurisdictions import NATIONAL
from commonground.errors import StoreError
from tests._cohorts import other_cohort_trainee, self_paced
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


def test_a_persons_own_pick_is_kept_for_them_alone(store, trainee):
    learner = self_paced(store)
    assert store.jurisdictions.own(learner.id) is None
    assert store.jurisdictions.pick_own(learner.id, "wa") == "WA"
    assert store.jurisdictions.own(learner.id) == "WA"
    assert store.jurisdictions.own(trainee.id) is None  # nobody else's pick changes
    assert store.jurisdictions.pick_own(learner.id, NATIONAL) is None  # the overview
    assert store.jurisdictions.own(learner.id) is None


def test_an_unknown_own_pick_writes_nothing(store, trainee):
    store.jurisdictions.pick_own(trainee.id, "SA")
    before = row_counts(store)
    with pytest.raises(ValueError, match="'Narnia' is not a state or territory code"):
        store.jurisdictions.pick_own(trainee.id, "Narnia")
    assert row_counts(store) == before and store.jurisdictions.own(trainee.id) == "SA"


def test_an_archived_cohort_keeps_a_members_pick(store, cohort, trainee):
    store.jurisdictions.pick_own(trainee.id, "TAS")
    archive(store, cohort.name)
    with pytest.raises(StoreError, match="read-only"):
        store.jurisdictions.pick_own(trainee.id, "ACT")
    assert store.jurisdictions.own(trainee.id) == "TAS"


def test_purging_a_cohort_deletes_its_members_picks(store, cohort, trainee):
    store.jurisdictions.pick_own(trainee.id, "NT")
    report = purge(store, cohort.name, cohort.name)
    assert report.deleted.get("participant_jurisdiction") == 1 and not report.remaining
