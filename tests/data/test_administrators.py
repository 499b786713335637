"""The administrators table's owner: one working administrator link, stored as a hash."""

from __future__ import annotations

from commonground.data.tokens import hash_token


def test_first_link_once_then_new_links_replace_it(store):
    admins = store.administrators
    assert not admins.holds(None) and not admins.holds("")
    first = admins.first_link()
    assert first is not None and admins.holds(first)
    assert admins.first_link() is None  # made once, at the first start only
    assert admins.holds(first)
    newer = admins.issue_link()
    assert admins.holds(newer) and not admins.holds(first)
    assert not admins.holds(hash_token(newer))  # the stored hash is not a link
    assert not admins.holds("short")
