"""Small helpers (not fixtures) for cohort and shared-space tests: a second cohort, a
facilitator, a self-paced learner."""

from __future__ import annotations

from commonground.admin.cohorts import ensure_facilitator


def facilitator_of(store, cohort):
    return store.people.get(ensure_facilitator(store, cohort))


def other_cohort_trainee(store, name="Xi Wu", agency="Health", cohort_name="Northside 2026"):
    cohort = store.people.create_cohort(cohort_name, "Sam Facilitator")
    return store.people.get(store.people.add_participant(cohort.id, name, agency, "Nurse"))


def self_paced(store, login="self"):
    return store.people.for_login(login, "self" if login == "self" else "hub", "You")

