"""The LMSs on the course administrator's page (model): registering an LMS by hand, the
LMSs registered, the course's own LTI addresses and signing keys, and rotating the key.

What it does is :mod:`commonground.lti.registry`'s, the same as the ``commonground lti``
commands: every field is checked before anything is saved, and a problem is a
:class:`~commonground.errors.StoreError` in the administrator's words, with nothing
written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commonground.data.lti_platforms import Platform
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.lti.registry import KeyState, check, key_states, rotate_key
from commonground.lti.registry import register as register_platforms
from commonground.lti.settings import Addresses, key_folder

__all__ = ["LmsRegistration", "Registered"]


@dataclass(frozen=True)
class Registered:
    """One LMS as the administrator sees it."""

    name: str
    issuer: str
    client_id: str
    deployments: str
    login_url: str
    token_url: str
    jwks_url: str


def _registered(p: Platform) -> Registered:
    return Registered(p.shown_name, p.issuer, p.client_id,
                      ", ".join(p.deployment_ids) or "none yet", p.auth_login_url,
                      p.auth_token_url or "none: marks cannot be sent", p.jwks_url)


class LmsRegistration:
    def __init__(self, store: Store, base_url: str = "", keys_at: Path | None = None):
        self.store = store
        self.base_url = base_url
        self.keys_at = keys_at if keys_at is not None else key_folder(
            store.engine.url.render_as_string())

    def platforms(self) -> list[Registered]:
        return [_registered(p) for p in self.store.lti.all()]

    def addresses(self) -> Addresses | None:
        """The course's LTI addresses, to give an LMS (None: the course's public address
        is not known)."""
        return Addresses(self.base_url) if self.base_url else None

    def signing_keys(self) -> list[KeyState]:
        return key_states(self.keys_at)

    def register(self, *, issuer: str, client_id: str, deployment_id: str, login_url: str,
                 token_url: str, jwks_url: str, name: str = "") -> str:
        """Register an LMS from the fields its administrator copied; what happened."""
        fields = {"issuer": issuer, "client_id": client_id, "login_url": login_url,
                  "token_url": token_url, "jwks_url": jwks_url, "name": name,
                  "deployment_ids": [deployment_id]}
        check(fields)  # in the form's order: the first problem is said first
        if not (deployment_id or "").strip():
            raise StoreError("The deployment id is missing: the LMS shows it beside the "
                             "client id. Nothing was saved.")
        if not (token_url or "").strip():
            raise StoreError("The platform's token address is missing: without it, marks "
                             "cannot reach the LMS's gradebook. The LMS shows it as the "
                             "access token URL. Nothing was saved.")
        [platform] = register_platforms(self.store, [fields])
        return (f"Registered {platform.shown_name}: the course takes its launches from now "
                f"on (deployment {', '.join(platform.deployment_ids)}).")

    def rotate_key(self) -> str:
        return rotate_key(self.keys_at)
