"""The personal-link door of the hub (commonground.hub.authenticator) and the user
server's arguments (commonground.hub.server), without starting a hub: a link logs in
its holder under their pseudonym, a bad or switched-off link logs in nobody, and no log
line shows a token."""

from __future__ import annotations

import logging

import pytest

from commonground.hub.authenticator import LinkAuthenticator, _MaskTokens
from commonground.hub.server import hub_argv
from harness.kernel_client import run_async


@pytest.fixture
def door(db_url):
    return LinkAuthenticator(db_url=db_url)


def test_a_link_logs_in_its_holder_as_their_pseudonym(door, store, trainee):
    token = store.people.issue_link(trainee.id)
    auth = run_async(door.authenticate(None, {"cg_link_token": token}))
    assert auth == {"name": trainee.public_id, "cg_link_token": True}
    assert run_async(door.check_allowed(trainee.public_id, auth)) is True
    assert store.people.existing_login(f"hub:{trainee.public_id}").id == trainee.id


@pytest.mark.parametrize("token", ["", "short", "x" * 40, "<script>"])
def test_a_bad_link_logs_in_nobody(door, store, trainee, token):
    store.people.issue_link(trainee.id)
    assert run_async(door.authenticate(None, {"cg_link_token": token})) is None


def test_a_switched_off_link_logs_in_nobody_and_ends_the_hub_login(door, store, trainee):
    token = store.people.issue_link(trainee.id)
    run_async(door.authenticate(None, {"cg_link_token": token}))

    class User:
        name = trainee.public_id

    assert run_async(door.refresh_user(User())) is True
    store.people.revoke_links(trainee.id)
    assert run_async(door.authenticate(None, {"cg_link_token": token})) is None
    assert run_async(door.refresh_user(User())) is False


def test_log_lines_show_no_token():
    record = logging.LogRecord("tornado.access", logging.INFO, __file__, 1,
                               "%d GET %s", (200, "/hub/link?t=SECRETtoken123456&next=/x"), None)
    _MaskTokens().filter(record)
    assert record.getMessage() == "200 GET /hub/link?t=***&next=/x"


def test_the_user_server_listens_where_the_hub_says_behind_its_oauth():
    argv = hub_argv({"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:53011/user/ana/",
                     "JUPYTERHUB_SERVICE_PREFIX": "/user/ana/"})
    assert {"--Voila.ip=127.0.0.1", "--Voila.port=53011", "--Voila.base_url=/user/ana/",
            "--Voila.identity_provider_class="
            "jupyterhub.singleuser.extension.JupyterHubIdentityProvider"} <= set(argv)
    assert "--KernelProvisionerFactory.default_provisioner_name=commonground-fork" not in argv


def test_the_user_server_is_started_by_the_hub_only():
    with pytest.raises(SystemExit, match="JUPYTERHUB_SERVICE_URL is not set"):
        hub_argv({})


def test_only_a_checked_lms_launch_logs_in_an_lms_person(door, store, trainee):
    from commonground.hub.lti import LTI_KEY, HubArrival
    from commonground.lti.launch import Arrival

    user = "lti-" + "b" * 40
    # What the hub's login form could post is text: it logs nobody in as an LMS person.
    assert run_async(door.authenticate(None, {LTI_KEY: user})) is None
    assert run_async(door.check_allowed(user, {"name": user})) is False
    arrival = HubArrival(Arrival(trainee.id, "", "00_welcome.ipynb", False, 1), user)
    auth = run_async(door.authenticate(None, {LTI_KEY: arrival}))
    assert auth == {"name": user, LTI_KEY: True}
    assert run_async(door.check_allowed(user, auth)) is True
