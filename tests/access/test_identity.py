import pytest

from commonground import INVALID_LINK_MESSAGE, resolve_identity
from commonground.access.link import token_from_query
from commonground.data import _schema as t
from commonground.data.tokens import hash_token
from tests._db import row_counts


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


# -- sign-in cookies and self-paced browsers (commonground serve) -----------------------
LEARNER_A, LEARNER_B = "a" * 20 + "-browser-one", "b" * 20 + "-browser-two"


def _env(**cookies) -> dict[str, str]:
    jar = "; ".join(f"{k}={v}" for k, v in cookies.items())
    return {"COMMONGROUND_SELF_PACED": "browser", "HTTP_COOKIE": jar}


def test_the_sign_in_cookie_signs_the_trainee_in_without_a_token_in_links(store, trainee,
                                                                          token):
    who = resolve_identity(store, "", environ=_env(cg_link=token, cg_learner=LEARNER_A))
    assert who.mode == "link" and who.participant.id == trainee.id
    assert who.link_query == ""  # the cookie keeps them signed in: links carry nothing


def test_a_reissued_link_ends_the_cookie_session(store, trainee, token):
    store.people.issue_link(trainee.id)
    who = resolve_identity(store, "", environ=_env(cg_link=token))
    assert who.mode == "invalid" and who.message == INVALID_LINK_MESSAGE


def test_each_browser_without_a_link_is_its_own_learner(store):
    a = resolve_identity(store, "", environ=_env(cg_learner=LEARNER_A))
    b = resolve_identity(store, "", environ=_env(cg_learner=LEARNER_B))
    again = resolve_identity(store, "", environ=_env(cg_learner=LEARNER_A))
    assert a.mode == b.mode == "self"
    assert a.participant.id != b.participant.id
    assert again.participant.id == a.participant.id  # the same browser finds its work
    with store.read() as conn:
        logins = {r.login for r in conn.execute(t.participants.select())}
    assert LEARNER_A not in " ".join(logins)  # only a hash of the cookie is kept


@pytest.mark.parametrize("cookie", ["", "cg_learner=short", "cg_learner=", "garbage;;=\x01"])
def test_a_browser_that_keeps_no_cookie_gets_a_plain_message(store, cookie):
    before = row_counts(store)
    who = resolve_identity(store, "", environ={"COMMONGROUND_SELF_PACED": "browser",
                                                "HTTP_COOKIE": cookie})
    assert who.mode == "invalid" and "cookies" in who.message
    assert row_counts(store) == before


def test_links_only_servers_ask_for_a_link(store):
    before = row_counts(store)
    who = resolve_identity(store, "", environ={"COMMONGROUND_SELF_PACED": "closed",
                                                "HTTP_COOKIE": f"cg_learner={LEARNER_A}"})
    assert who.mode == "invalid" and "personal link" in who.message
    assert row_counts(store) == before


def test_a_capital_t_is_still_a_link(store, trainee, token):
    assert resolve_identity(store, f"T={token}", environ={}).participant.id == trainee.id


@pytest.mark.parametrize(
    "query", ["t={tok}&t=other-token-1234567890", "t={tok}&T=another-one-1234567"]
)
def test_two_different_tokens_in_one_address_are_refused(store, trainee, token, query):
    before = row_counts(store)
    who = resolve_identity(store, query.format(tok=token), environ={})
    assert who.mode == "invalid" and "two different personal codes" in who.message
    assert row_counts(store) == before


def test_the_same_token_twice_is_fine(store, trainee, token):
    assert resolve_identity(store, f"t={token}&T={token}", environ={}).mode == "link"
