"""Signing in without a token in the address bar, for ``commonground serve``.

When a page is opened with a personal link (``…?t=<token>``), the server puts the token
in an HttpOnly cookie and sends the browser straight on to the same address without it,
so the token does not stay in the address bar, in links the trainee copies, or in the
page's history entry. A visitor without a link gets a random cookie of their own, so two
strangers on one server are two self-paced learners. Voila hands the ``Cookie`` header to
each page's kernel (``http_header_envs``), where :func:`commonground.access.identity.
resolve_identity` reads it. The request log shows ``t=***`` instead of any token.

Cookies are ``SameSite=Lax``, not ``Strict``: a link opened from an email or a chat is a
navigation from another site, after which browsers withhold ``Strict`` cookies from the
redirect that follows, and the trainee would arrive signed out.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from commonground.access.identity import LEARNER_COOKIE, LINK_COOKIE, TOKEN_PARAM

__all__ = ["LINK_DAYS", "Plan", "masked", "plan"]

LINK_DAYS = 14  # a signed-in browser stays signed in this long (or until the link changes)
LEARNER_DAYS = 365
RETRY_PARAM = "cg_cookies"  # marks the one redirect made to set a cookie, so none loops
_TOKEN_IN_URL = re.compile(r"(?i)([?&]t=)[^&#\s]*")


@dataclass(frozen=True)
class Plan:
    """What to do with a page request: set these cookies, then go to ``redirect`` (or,
    when it is None, serve the page)."""

    cookies: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (value, days)
    redirect: str | None = None


def _query(args: Mapping[str, list[str]], drop: set[str]) -> str:
    kept = [(k, v) for k, values in args.items() if k.lower() not in drop for v in values]
    return ("?" + urlencode(kept)) if kept else ""


def plan(path: str, args: Mapping[str, list[str]], cookies: Mapping[str, str]) -> Plan:
    """Decide, from the request's path, query arguments and cookies."""
    tokens = {v.strip() for k, values in args.items() if k.lower() == TOKEN_PARAM
              for v in values}
    if len(tokens) > 1:
        return Plan()  # the page itself says the address holds two different codes
    clean = path + _query(args, {TOKEN_PARAM, RETRY_PARAM})
    if tokens:
        return Plan({LINK_COOKIE: (tokens.pop(), LINK_DAYS)}, clean)
    if LINK_COOKIE in cookies or len(cookies.get(LEARNER_COOKIE, "")) >= 16:
        return Plan({}, clean if RETRY_PARAM in args else None)
    if RETRY_PARAM in args:
        return Plan()  # the cookie did not stick: the page explains (no redirect loop)
    retry = path + _query({**args, RETRY_PARAM: ["1"]}, {TOKEN_PARAM})
    return Plan({LEARNER_COOKIE: (secrets.token_urlsafe(24), LEARNER_DAYS)}, retry)


def masked(uri: str) -> str:
    """A request URI fit for a log: any personal-link token replaced by ``***``."""
    return _TOKEN_IN_URL.sub(r"\1***", uri)
