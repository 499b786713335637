"""An LMS registered by hand on the administrator's page (its model,
:class:`commonground.pages.lms_registration.LmsRegistration`) with the fields the test LMS
(lti1p3platform) shows: its launches then work, a graded module's mark reaches it with
the token address given, and a key made on the page is served and signs."""

from __future__ import annotations

import pytest

from commonground.lti.grades import outbox_round
from commonground.pages.lms_registration import LmsRegistration
from harness.lti_platform import lti_platform, lti_tool

from .test_launch_http import _get, launch

pytestmark = pytest.mark.server


def test_an_lms_registered_on_the_page_launches_and_gets_marks(store, lti_keys):
    with lti_tool(store, lti_keys) as (tool, site), lti_platform(tool) as lms:
        page = LmsRegistration(store, tool, keys_at=lti_keys)
        refused = launch_refused(lms)
        assert "not registered" in refused
        said = page.register(name="Northside Moodle", issuer=lms.issuer,
                             client_id=lms.client_id, deployment_id=lms.deployment_id,
                             login_url=lms.auth_url, token_url=lms.token_url,
                             jwks_url=lms.jwks_url)
        assert said.startswith("Registered Northside Moodle")
        site.refresh_frames()
        done = launch(lms, who="learner", sub="sub-p", name="Pat", graded="1",
                      module="01_safe_environment")
        assert done.answer.status_code == 303, done.answer.text
        before = {k["kid"] for k in _get(f"{tool}lti/jwks").json()["keys"]}
        assert page.rotate_key().startswith("New signing key")
        [new] = [k.kid for k in page.signing_keys() if k.signs_now]
        served = {k["kid"] for k in _get(f"{tool}lti/jwks").json()["keys"]}
        assert served == before | {new} and new not in before
        # The LMS checks the token request signed with the new key against the JWKS.
        sent = outbox_round(store, lti_keys)
        assert (sent.sent, sent.failed) == (1, [])
        assert lms.scores[-1]["userId"] == "sub-p"


def launch_refused(lms) -> str:
    answer = _get(lms.start(who="learner", sub="sub-x"))
    follow = _get(answer.headers["location"])
    return follow.text
