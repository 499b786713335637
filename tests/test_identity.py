import pytest

from commonground import INVALID_LINK_MESSAGE, resolve_identity
from commonground import _schema as t
from commonground.identity import token_from_query
from commonground.tokens import hash_token

from ._db import row_counts


@pytest.fixture
def token(store, trainee):
    return store.people.issue_link(trainee.id)


def test_personal_link_signs_the_trainee_in(store, trainee, token):
    who = resolve_identity(store, f"t={token}", environ={})
    assert who.mode == "link"
    assert who.participant.id == trainee.id
    assert who.link_query == f"?t={token}"


def test_only_the_hash_is_stored(store, trainee, token):
    with store.read() as conn:
        stored = [r.token_hash for r in conn.execute(t.links.select())]
    assert stored == [hash_token(token)]
    assert token not in stored


@pytest.mark.parametrize(
    "query",
    ["t=not-a-real-token-at-all", "t=", "t=%3Cscript%3E", "t=" + "A" * 500, "x=1&t=short"],
)
def test_bad_links_are_invalid_and_write_nothing(store, trainee, query):
    before = row_counts(store)
    who = resolve_identity(store, query, environ={})
    assert who.mode == "invalid"
    assert not who.valid
    assert who.message == INVALID_LINK_MESSAGE
    assert row_counts(store) == before


def test_revoked_link_is_invalid(store, trainee, token):
    assert store.people.revoke_links(trainee.id) == 1
    assert resolve_identity(store, f"t={token}", environ={}).mode == "invalid"


def test_reissued_link_replaces_the_old_one(store, trainee, token):
    fresh = store.people.issue_link(trainee.id)
    assert resolve_identity(store, f"t={token}", environ={}).mode == "invalid"
    assert resolve_identity(store, f"t={fresh}", environ={}).participant.id == trainee.id


def test_tokens_are_unique_and_long(store, trainee, other_trainee):
    tokens = {store.people.issue_link(trainee.id) for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(tok) >= 32 for tok in tokens)


def test_jupyterhub_user_comes_first(store, token):
    who = resolve_identity(store, f"t={token}", environ={"JUPYTERHUB_USER": "kim"})
    assert who.mode == "hub"
    again = resolve_identity(store, "", environ={"JUPYTERHUB_USER": "kim"})
    assert again.participant.id == who.participant.id
    assert who.participant.display_name == "kim"


def test_no_link_means_self_paced(store):
    who = resolve_identity(store, "", environ={})
    assert who.mode == "self"
    assert resolve_identity(store, None, environ={}).participant.id == who.participant.id
    assert who.link_query == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", None), ("a=1", None), ("t=abc", "abc"), ("t=", ""), ("a=1&t=xyz&b=2", "xyz")],
)
def test_token_from_query(query, expected):
    assert token_from_query(query) == expected


def test_binder_is_self_paced_even_with_a_hub_user(store):
    env = {"JUPYTERHUB_USER": "jovyan-abc123", "BINDER_REQUEST": "v2/gh/x/y/main"}
    assert resolve_identity(store, "", environ=env).mode == "self"
