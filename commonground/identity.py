"""Who is the trainee? One function decides.

Order: JupyterHub (``JUPYTERHUB_USER``, except on Binder), then a personal cohort link
(``?t=<token>`` in the page URL), else self-paced mode (one local learner, no sign-in).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from .people import Participant
from .store import Store

TOKEN_PARAM = "t"
SELF_LOGIN = "self"

INVALID_LINK_MESSAGE = (
    "This link is not valid. It may have been mistyped, replaced by a newer link, "
    "or switched off. Please ask your facilitator for your personal link."
)


@dataclass(frozen=True)
class Identity:
    mode: str  # "hub" | "link" | "self" | "invalid"
    participant: Participant | None = None
    token: str | None = None
    message: str | None = None

    @property
    def valid(self) -> bool:
        return self.participant is not None

    @property
    def link_query(self) -> str:
        """What to append to course links so the trainee stays signed in."""
        return f"?{TOKEN_PARAM}={self.token}" if self.token else ""


def on_binder(environ: Mapping[str, str] | None = None) -> bool:
    """True on mybinder.org (or a BinderHub): a temporary, single-learner session."""
    env = os.environ if environ is None else environ
    return any(k in env for k in ("BINDER_REQUEST", "BINDER_LAUNCH_HOST", "BINDER_REPO_URL"))


def token_from_query(query_string: str | None) -> str | None:
    """The personal-link token in a page's query string, or None when there is none.
    An empty ``t=`` counts as a (bad) token, not as no token."""
    values = parse_qs(query_string or "", keep_blank_values=True).get(TOKEN_PARAM)
    return values[0].strip() if values else None


def resolve_identity(
    store: Store, query_string: str | None = None, environ: Mapping[str, str] | None = None
) -> Identity:
    env = os.environ if environ is None else environ
    hub_user = env.get("JUPYTERHUB_USER")
    if hub_user and not on_binder(env):  # Binder runs JupyterHub, but with throwaway users
        return Identity("hub", store.people.for_login(f"hub:{hub_user}", "hub", hub_user))
    token = token_from_query(query_string)
    if token is not None:
        holder = store.people.for_token(token)
        if holder is None:
            return Identity("invalid", message=INVALID_LINK_MESSAGE)
        return Identity("link", holder, token=token)
    return Identity("self", store.people.for_login(SELF_LOGIN, "self", "You"))
