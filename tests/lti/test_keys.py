"""The course's own LTI signing keys (commonground.lti.keys)."""

from __future__ import annotations

import stat

import jwt
import pytest

from commonground.errors import StoreError
from commonground.lti import keys


def test_the_key_is_made_once_readable_by_the_server_alone(tmp_path):
    folder = tmp_path / "lti-keys"
    first = keys.current_key(folder)
    assert stat.S_IMODE(first.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert keys.current_key(folder) == first
    served = keys.jwks(folder)["keys"]
    assert [k["kid"] for k in served] == [first.kid]
    assert {"n", "e"} <= set(served[0]) and "d" not in served[0]


def test_what_the_key_signs_checks_against_the_served_keys(tmp_path):
    key = keys.current_key(tmp_path)
    signed = jwt.encode({"iss": "course"}, key.private_pem(), algorithm="RS256",
                        headers={"kid": key.kid})
    public = jwt.PyJWKSet.from_dict(keys.jwks(tmp_path))[key.kid].key
    assert jwt.decode(signed, public, algorithms=["RS256"]) == {"iss": "course"}


def test_rotating_keeps_serving_the_old_key_until_it_is_removed(tmp_path):
    old = keys.current_key(tmp_path)
    new = keys.rotate(tmp_path)
    assert keys.current_key(tmp_path) == new
    assert [k["kid"] for k in keys.jwks(tmp_path)["keys"]] == [old.kid, new.kid]
    with pytest.raises(StoreError, match="signs with now; rotate first"):
        keys.remove_key(tmp_path, new.kid)
    with pytest.raises(StoreError, match="no key 'nope'"):
        keys.remove_key(tmp_path, "nope")
    keys.remove_key(tmp_path, old.kid)
    assert [k["kid"] for k in keys.jwks(tmp_path)["keys"]] == [new.kid]
