"""LMS registrations and what a launch uses once (commonground.data.lti_platforms)."""

from __future__ import annotations

import pytest

from commonground.errors import StoreError

GOOD = dict(issuer="https://moodle.example.org", client_id="abc123",
            auth_login_url="https://moodle.example.org/mod/lti/auth.php",
            jwks_url="https://moodle.example.org/mod/lti/certs.php",
            auth_token_url="https://moodle.example.org/mod/lti/token.php",
            deployment_ids=["7"], name="Moodle")


def test_a_platform_is_registered_and_found_by_issuer_and_client_id(store):
    platform = store.lti.add(**GOOD)
    assert store.lti.find("https://moodle.example.org", "abc123") == platform
    assert store.lti.find("https://moodle.example.org") == platform  # its only one
    assert store.lti.find("https://moodle.example.org", "other") is None
    assert platform.deployment_ids == ("7",) and platform.origin == "https://moodle.example.org"
    assert store.lti.add_deployment(platform.id, "8").deployment_ids == ("7", "8")


@pytest.mark.parametrize(("change", "words"), [
    ({"issuer": "moodle.example.org"}, "must be a web address starting https://"),
    ({"issuer": ""}, "issuer is missing"),
    ({"client_id": "  "}, "client id is missing"),
    ({"jwks_url": "ftp://x.example/keys"}, "key set (JWKS) address must be a web address"),
    ({"auth_login_url": "https://lms.example/a b"}, "is not a web address"),
    ({"deployment_ids": ["ok", "bad\x07"]}, "control character"),
])
def test_bad_registrations_are_refused_in_words_and_save_nothing(store, change, words):
    with pytest.raises(StoreError, match="Nothing was saved") as refused:
        store.lti.add(**{**GOOD, **change})
    assert words in str(refused.value)
    assert store.lti.all() == []


def test_the_same_registration_twice_is_refused(store):
    store.lti.add(**GOOD)
    with pytest.raises(StoreError, match=r"already registered .* add-deployment"):
        store.lti.add(**GOOD)
    assert len(store.lti.all()) == 1


def test_a_logins_state_and_nonce_are_used_once(store):
    platform = store.lti.add(**GOOD)
    state, nonce = store.lti.start_login(platform.id)
    seen = store.lti.login_state(state)
    assert (seen.platform_id, seen.nonce, seen.used, seen.fresh) == (platform.id, nonce,
                                                                      False, True)
    assert store.lti.use_login(state) is True
    assert store.lti.use_login(state) is False
    assert store.lti.login_state(state).used
    assert store.lti.login_state("never-made") is None


def test_an_lms_course_is_one_cohort_and_a_person_is_their_sub(store):
    cohort = store.people.create_cohort("Northside")
    assert store.lti.link_context("https://lms.example", "c1", cohort.id) == cohort.id
    other = store.people.create_cohort("Other")
    assert store.lti.link_context("https://lms.example", "c1", other.id) == cohort.id
    pid = store.people.add_participant(cohort.id, "Ana")
    store.lti.link_person("https://lms.example", "sub-1", "c1", pid)
    store.lti.link_person("https://lms.example", "sub-1", "c1", pid)
    assert store.lti.person("https://lms.example", "sub-1", "c1") == pid
    assert store.lti.person("https://lms.example", "sub-2", "c1") is None


def test_session_links_keep_the_newest_few_working(store, cohort):
    pid = store.people.add_participant(cohort.id, "Ana")
    tokens = [store.people.session_link(pid, keep=2) for _ in range(3)]
    assert [store.people.for_token(t) is not None for t in tokens] == [False, True, True]
