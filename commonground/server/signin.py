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
from typing import TYPE_CHECKING

from commonground.access.link import (
    LEARNER_COOKIE,
    LINK_COOKIE,
    Args,
    address_without,
    read_link,
)

if TYPE_CHECKING:
    from tornado.web import RequestHandler

__all__ = ["LINK_DAYS", "Plan", "plan", "put_cookies", "signed_in"]

LINK_DAYS = 14  # a signed-in browser stays signed in this long (or until the link changes)
LEARNER_DAYS = 365
_COOKIE_SAFE = re.compile(r"[A-Za-z0-9_./~-]*")
RETRY_PARAM = "cg_cookies"  # marks the one redirect made to set a cookie, so none loops


@dataclass(frozen=True)
class Plan:
    """What to do with a page request: set these cookies, then go to ``redirect`` (or,
    when it is None, serve the page)."""

    cookies: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (value, days)
    redirect: str | None = None


def plan(path: str, args: Args, cookies: Mapping[str, str]) -> Plan:
    """Decide, from the request's path, query arguments and cookies."""
    link = read_link(args, cookies=cookies)
    if link.conflict:
        return Plan()  # the page itself says the address holds two different codes
    clean = address_without(path, args, RETRY_PARAM)
    if link.from_address and link.token is not None:
        return Plan({LINK_COOKIE: (link.token, LINK_DAYS)}, clean)
    if LINK_COOKIE in cookies or len(cookies.get(LEARNER_COOKIE, "")) >= 16:
        return Plan({}, clean if RETRY_PARAM in args else None)
    if RETRY_PARAM in args:
        return Plan()  # the cookie did not stick: the page explains (no redirect loop)
    retry = address_without(path, {**args, RETRY_PARAM: ["1"]})
    return Plan({LEARNER_COOKIE: (secrets.token_urlsafe(24), LEARNER_DAYS)}, retry)


def put_cookies(handler: RequestHandler, cookies: Mapping[str, tuple[str, float]],
                path: str, *, framed: bool = False) -> None:
    """Set a plan's cookies on a response: HttpOnly, ``SameSite=Lax``, ``Secure`` over
    HTTPS. ``framed`` (a page an LMS shows in its frame, on another site): ``SameSite=None;
    Secure; Partitioned``, which browsers keep inside another site's frame, for that site
    alone, even where they block other third-party cookies (and keep over plain HTTP only
    on this computer's own addresses)."""
    for name, (value, days) in cookies.items():
        if not framed:
            handler.set_cookie(name, value, path=path, expires_days=days, httponly=True,
                               samesite="Lax", secure=handler.request.protocol == "https")
            continue
        # Python's cookie writer (before 3.14) cannot say Partitioned: written here. An
        # unpartitioned cookie of the same name (an earlier personal link's, say) goes
        # first, so that the browser never holds two and sends the older.
        if not _COOKIE_SAFE.fullmatch(f"{name}{value}{path}"):
            raise ValueError("a cookie's name, value and path are URL-safe characters")
        handler.add_header("Set-Cookie", f"{name}=; Path={path}; Max-Age=0; HttpOnly; "
                           "SameSite=Lax")
        handler.add_header("Set-Cookie", f"{name}={value}; Path={path}; "
                           f"Max-Age={round(days * 86400)}; HttpOnly; Secure; "
                           "SameSite=None; Partitioned")


def signed_in(token: str) -> Plan:
    """The plan that signs a browser in with a sign-in token made for it elsewhere (an
    LMS launch): the same cookie a personal link sets, for as long."""
    return Plan({LINK_COOKIE: (token, LINK_DAYS)})
