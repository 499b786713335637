"""Registering an LMS by hand, and the course's signing keys: what the ``commonground lti``
commands and the course administrator's page both do, in one place.

A registration is the fields an LMS administrator copies from their LMS: its issuer, the
client id it gave the course, a deployment id, and its login (authorisation), token and
key set (JWKS) addresses. Every registration is checked before any is saved
(:func:`register`); a problem is a :class:`~commonground.errors.StoreError` in the
administrator's words, and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonground.data.lti_platforms import Platform, check_url
from commonground.data.store import Store
from commonground.errors import StoreError

from . import keys

__all__ = ["FIELDS", "NEEDED", "KeyState", "check", "describe", "key_states",
           "read_platform_file", "register", "rotate_key"]

FIELDS = ("issuer", "client_id", "login_url", "jwks_url", "token_url", "deployment_ids",
          "name")
NEEDED = {"issuer": "issuer", "client_id": "client id", "login_url": "login address",
          "jwks_url": "key set (JWKS) address"}


@dataclass(frozen=True)
class KeyState:
    kid: str
    signs_now: bool


def describe(platform: Platform) -> str:
    deployments = ", ".join(platform.deployment_ids) or "none yet"
    return (f"{platform.id}. {platform.shown_name}: issuer {platform.issuer}, client id "
            f"{platform.client_id}, deployments: {deployments}")


def read_platform_file(path: Path) -> list[dict[str, Any]]:
    """The registrations in a JSON file (a list of them, or one), checked for shape."""
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise StoreError(f"{path} is not a JSON file ({e}). Nothing was saved.") from None
    items = found if isinstance(found, list) else [found]
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise StoreError(f"Registration {n} in {path} is not a set of fields such as "
                             '{"issuer": ..., "client_id": ...}. Nothing was saved.')
        unknown = set(item) - set(FIELDS)
        if unknown:
            raise StoreError(f"Registration {n} in {path} has fields the course does not "
                             f"know: {', '.join(sorted(unknown))} (it knows "
                             f"{', '.join(sorted(FIELDS))}). Nothing was saved.")
        if not isinstance(item.get("deployment_ids", []), list):
            raise StoreError(f"In registration {n} of {path}, deployment_ids is a list, "
                             'such as ["1"]. Nothing was saved.')
    return items


def check(item: Mapping[str, Any], option: bool = False) -> None:
    """Refuse a registration that leaves out a field it needs (``option``: name the
    command's option, ``--jwks-url``, as the commands do)."""
    for field, words in NEEDED.items():
        value = str(item.get(field) or "").strip()
        if not value:
            hint = f" (--{field.replace('_', '-')})" if option else ""
            raise StoreError(f"The platform's {words} is missing{hint}. Nothing was saved.")
        if field != "client_id":
            check_url(value, f"platform's {words}")


def register(store: Store, items: Iterable[Mapping[str, Any]],
             option: bool = False) -> list[Platform]:
    """Register each platform; every one is checked before any is saved."""
    items = list(items)
    for item in items:
        check(item, option)
    done = []
    for item in items:
        done.append(store.lti.add(
            issuer=str(item["issuer"]), client_id=str(item["client_id"]),
            auth_login_url=str(item["login_url"]), jwks_url=str(item["jwks_url"]),
            auth_token_url=str(item.get("token_url") or ""),
            deployment_ids=[str(d) for d in item.get("deployment_ids") or []
                            if str(d).strip()],
            name=str(item.get("name") or "")))
    return done


def key_states(folder: Path) -> list[KeyState]:
    """The course's signing keys, oldest first; the newest signs now."""
    found = keys.keys(folder)
    return [KeyState(k.kid, n == len(found)) for n, k in enumerate(found, 1)]


def rotate_key(folder: Path) -> str:
    """A new signing key; what happened, in words."""
    old = keys.keys(folder)
    key = keys.rotate(folder)
    return (f"New signing key {key.kid}; it signs from now on."
            + (" The old key(s) are still served until you remove them (commonground lti "
               "remove-key KID)." if old else ""))
