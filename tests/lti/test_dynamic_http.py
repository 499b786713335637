"""LTI Dynamic Registration over HTTP: the LMS administrator pastes the course's one
address; the course reads the LMS's settings, registers itself and keeps the platform,
whose launches then work. The LMS side is the test LMS (harness.lti_platform)."""

from __future__ import annotations

import logging
import re
import time
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest

from commonground.lti.dynamic import registration_invite
from harness.lti_platform import REGISTRATION_TOKEN, lti_platform, lti_tool

from .test_launch_http import _get, launch

pytestmark = pytest.mark.server


@pytest.fixture
def unregistered(store, lti_keys):
    keys_at = lti_keys
    with lti_tool(store, keys_at) as (tool, site), lti_platform(tool) as lms:
        yield lms, registration_invite(keys_at), site


def _register(lms, invite: str, token: str = REGISTRATION_TOKEN):
    query = urlencode({"invite": invite, "registration_token": token,
                       "openid_configuration": f"{lms.url}/.well-known/openid-configuration"})
    return _get(f"{lms.tool}lti/register?{query}")


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _access_log():
    """What the server's request log says, wherever other tests left logging (Jupyter's
    apps configure it, and may switch the access logger off or stop it propagating)."""
    access = logging.getLogger("tornado.access")
    kept, was = _Kept(), (access.level, access.disabled)
    access.addHandler(kept)
    access.setLevel(logging.INFO)
    access.disabled = False
    try:
        yield kept.lines
    finally:
        access.removeHandler(kept)
        access.setLevel(was[0])
        access.disabled = was[1]


def test_one_address_registers_the_course_and_its_launches_then_work(store, unregistered):
    lms, invite, _ = unregistered
    with _access_log() as lines:
        answer = _register(lms, invite)
        for _ in range(50):  # the server logs a request just after it has answered it
            if lines:
                break
            time.sleep(0.05)
    logged = "\n".join(lines)
    assert "/lti/register" in logged  # the page, without its invitation or the LMS's token
    assert invite not in logged and REGISTRATION_TOKEN not in logged
    assert answer.status_code == 200 and "Common Ground is now registered with Testlms" in (
        answer.text)
    # It asks the LMS to close its dialog (its one script, allowed by its nonce).
    assert "org.imsglobal.lti.close" in answer.text
    nonce = re.search(r"script-src 'nonce-([^']+)'", answer.text).group(1)
    assert f'<script nonce="{nonce}">' in answer.text
    [platform] = store.lti.all()
    assert (platform.issuer, platform.deployment_ids) == (lms.issuer, ("dynamic-deployment",))
    assert platform.client_id.startswith("dynamic-") and platform.jwks_url == lms.jwks_url
    [sent] = lms.registrations
    # The services the course needs are asked for and given (an LMS such as Moodle
    # turns on only those asked for): marks to the gradebook, the roster, the picker.
    assert lms.granted == [{"scopes": [
        "https://purl.imsglobal.org/spec/lti-ags/scope/score",
        "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
        "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
        "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"],
        "deep_linking": True}]
    # The LMS shows this page inside its own (Moodle: a frame of "Manage tools"),
    # before the course knows it: its site may frame this page, and no other.
    assert answer.headers["content-security-policy"] == f"frame-ancestors 'self' {lms.url}"
    assert sent["initiate_login_uri"] == f"{lms.tool}lti/login"
    assert sent["redirect_uris"] == [f"{lms.tool}lti/launch"]
    assert sent["jwks_uri"] == f"{lms.tool}lti/jwks"
    # The LMS now launches with what it gave the course.
    lms.client_id, lms.deployment_id = platform.client_id, "dynamic-deployment"
    done = launch(lms, who="learner", sub="dyn-1", module="01_safe_environment")
    assert done.answer.status_code == 303
    assert _get(f"{lms.tool}lti/jwks").headers["content-security-policy"] == (
        f"frame-ancestors 'self' {lms.url}")


def test_without_the_administrators_invitation_nothing_is_registered(store, unregistered):
    lms, _, _ = unregistered
    answer = _register(lms, "guessed-invitation")
    assert answer.status_code == 403 and "commonground lti registration-url" in answer.text
    assert answer.headers["content-security-policy"] == "frame-ancestors 'self'"
    assert store.lti.all() == [] and lms.registrations == []


def test_an_lms_that_refuses_the_registration_is_said_in_words(store, unregistered):
    lms, invite, _ = unregistered
    answer = _register(lms, invite, token="not-the-lms-token")
    assert answer.status_code == 400
    assert "The LMS refused the course&#x27;s registration (it answered 401)" in answer.text
    assert store.lti.all() == []
    nonsense = urlencode({"invite": invite, "openid_configuration": "nonsense"})
    bad = _get(f"{lms.tool}lti/register?{nonsense}")
    assert bad.status_code == 400 and "Nothing was registered." in bad.text
