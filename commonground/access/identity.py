"""Who is the trainee? One function decides.

Order: JupyterHub (``JUPYTERHUB_USER``, except on Binder); then a personal cohort link,
from the page URL (``?t=<token>``, where the page is served without ``commonground
serve``, as on Binder) or from the sign-in cookie ``commonground serve`` sets when a
link is first opened (:mod:`commonground.server.signin`); else self-paced.

Self-paced depends on where the course runs (``COMMONGROUND_SELF_PACED``, set by
``commonground serve``): ``browser`` gives each browser its own learner, kept apart by a
random cookie (only its hash is stored); ``closed`` asks for a personal link; unset (a
single-learner set-up such as Binder or a laptop's own Jupyter) means one local learner.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass

from commonground import environment
from commonground.data.people import Participant
from commonground.data.store import Store

from .link import CONFLICTING_LINK_MESSAGE, LEARNER_COOKIE, read_link, with_token

__all__ = [
    "BROWSER_COOKIE_MISSING",
    "INVALID_LINK_MESSAGE",
    "LINKS_ONLY_MESSAGE",
    "Identity",
    "on_binder",
    "resolve_identity",
]

SELF_LOGIN = "self"

INVALID_LINK_MESSAGE = (
    "This link is not valid. It may have been mistyped, replaced by a newer link, "
    "or switched off. Please ask your facilitator for your personal link."
)
LINKS_ONLY_MESSAGE = (
    "This course is for people with a personal link. Please open the link your "
    "facilitator sent you; if you do not have one, ask them for it."
)
BROWSER_COOKIE_MISSING = (
    "Your browser is not keeping this site's cookies, so the course cannot keep your "
    "work apart from other visitors' and has not opened. Allow cookies for this site "
    "(or leave private browsing), then open the page again."
)


@dataclass(frozen=True)
class Identity:
    mode: str  # "hub" | "link" | "self" | "invalid"
    participant: Participant | None = None
    token: str | None = None  # only when it came in the page URL (no sign-in cookie)
    message: str | None = None

    @property
    def valid(self) -> bool:
        return self.participant is not None

    @property
    def link_query(self) -> str:
        """What to append to course links so the trainee stays signed in: nothing when
        the sign-in cookie does that."""
        return with_token("", self.token) if self.token else ""


def on_binder(environ: Mapping[str, str] | None = None) -> bool:
    """True on mybinder.org (or a BinderHub): a temporary, single-learner session."""
    env = os.environ if environ is None else environ
    return any(k in env for k in ("BINDER_REQUEST", "BINDER_LAUNCH_HOST", "BINDER_REPO_URL"))


def learner_login(cookie: str) -> str:
    """The stored login of a self-paced browser: a hash, never the cookie itself."""
    return "self:" + hashlib.sha256(cookie.encode("utf-8")).hexdigest()[:40]


def resolve_identity(
    store: Store, query_string: str | None = None, environ: Mapping[str, str] | None = None
) -> Identity:
    env = os.environ if environ is None else environ
    hub_user = env.get("JUPYTERHUB_USER")
    if hub_user and not on_binder(env):  # Binder runs JupyterHub, but with throwaway users
        return Identity("hub", store.people.for_login(f"hub:{hub_user}", "hub", hub_user))
    link = read_link(query_string, env.get("HTTP_COOKIE"))
    if link.conflict:
        return Identity("invalid", message=CONFLICTING_LINK_MESSAGE)
    if link.token is not None:
        holder = store.people.for_token(link.token)
        if holder is None:
            return Identity("invalid", message=INVALID_LINK_MESSAGE)
        return Identity("link", holder, token=link.token if link.from_address else None)
    cookies = link.cookies
    mode = environment.read(env).self_paced
    if mode == "closed":
        return Identity("invalid", message=LINKS_ONLY_MESSAGE)
    if mode == "browser":
        learner = cookies.get(LEARNER_COOKIE, "")
        if len(learner) < 16:
            return Identity("invalid", message=BROWSER_COOKIE_MISSING)
        return Identity("self", store.people.for_login(learner_login(learner), "self", "You"))
    return Identity("self", store.people.for_login(SELF_LOGIN, "self", "You"))
