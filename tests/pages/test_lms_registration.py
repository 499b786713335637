"""The LMSs on the administrator's page (model, no kernel): registering an LMS by hand
with every field checked (bad input said in words, nothing written), the LMSs listed, the
course's addresses to give an LMS, and a new signing key. The same rules as
``commonground lti add-platform`` (``commonground.lti.registry``). With the test LMS, a
registration made here takes its launches: ``tests/lti/test_registration_page.py``."""

from __future__ import annotations

import stat

import pytest

from commonground.errors import StoreError
from commonground.pages.lms_registration import LmsRegistration
from tests._db import row_counts

BASE = "https://course.example.org/"
MOODLE = {"name": "Moodle", "issuer": "https://moodle.example.org", "client_id": "abc123",
          "deployment_id": "4", "login_url": "https://moodle.example.org/mod/lti/auth.php",
          "token_url": "https://moodle.example.org/mod/lti/token.php",
          "jwks_url": "https://moodle.example.org/mod/lti/certs.php"}


@pytest.fixture
def lms(store, tmp_path):
    return LmsRegistration(store, BASE, keys_at=tmp_path / "lti-keys")


def test_an_lms_registered_by_hand_is_listed(store, lms):
    assert lms.platforms() == []
    said = lms.register(**MOODLE)
    assert said == ("Registered Moodle: the course takes its launches from now on "
                    "(deployment 4).")
    [moodle] = lms.platforms()
    assert (moodle.name, moodle.client_id, moodle.deployments, moodle.token_url) == (
        "Moodle", "abc123", "4", MOODLE["token_url"])
    [platform] = store.lti.all()
    assert platform.deployment_ids == ("4",) and platform.jwks_url == MOODLE["jwks_url"]
    at = lms.addresses()
    assert at is not None and at.login == "https://course.example.org/lti/login"
    assert LmsRegistration(store, "", keys_at=lms.keys_at).addresses() is None


@pytest.mark.parametrize(("field", "value", "words"), [
    ("issuer", "", "The platform's issuer is missing. Nothing was saved."),
    ("issuer", "moodle.example.org", "must be a web address starting https://"),
    ("client_id", " ", "The platform's client id is missing. Nothing was saved."),
    ("deployment_id", "", "The deployment id is missing"),
    ("login_url", "ftp://moodle.example.org/auth", "must be a web address"),
    ("token_url", "", "The platform's token address is missing"),
    ("jwks_url", "", "key set (JWKS) address is missing"),
    ("jwks_url", "https://moodle.example.org/certs\x00", "is not a web address"),
    ("client_id", "x" * 400, "too long or holds a control character"),
])
def test_bad_input_is_said_in_words_and_writes_nothing(store, lms, field, value, words):
    before = row_counts(store)
    with pytest.raises(StoreError, match=words.replace("(", r"\(").replace(")", r"\)")):
        lms.register(**{**MOODLE, field: value})
    assert row_counts(store) == before


def test_the_same_lms_twice_is_refused(store, lms):
    lms.register(**MOODLE)
    before = row_counts(store)
    with pytest.raises(StoreError, match="already registered"):
        lms.register(**{**MOODLE, "deployment_id": "5"})
    assert row_counts(store) == before


def test_a_new_signing_key_signs_and_the_old_one_is_still_served(lms):
    assert lms.signing_keys() == []
    assert lms.rotate_key().startswith("New signing key")
    said = lms.rotate_key()
    assert "old key(s) are still served" in said
    old, new = lms.signing_keys()
    assert (old.signs_now, new.signs_now) == (False, True) and new.kid in said
    for path in lms.keys_at.glob("key-*.pem"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
