"""Reading a personal link from a request: the one place that does.

A personal link carries its token in the address (``…?t=<token>``; the name is not
case-sensitive) or, once ``commonground serve`` has signed the browser in, in the
``cg_link`` cookie. Every door reads it here, with one rule:

- a token in the address wins over the cookie (the address is what the person opened);
- an empty ``t=`` is a (bad) token, not "no token";
- two *different* tokens in one address are refused (:class:`ConflictingTokens`): the
  course cannot tell whose page to show; the same token twice is one token;
- surrounding spaces (a link pasted from an email) are not part of the token, nor of
  its name.

:func:`masked` hides a token in any form a log line may hold it: ``t=``, ``T=``, a
percent-encoded name (``%74=``), HTML's ``&amp;t=``, spaces around the name or ``=``.

The doors: standalone sign-in (:mod:`commonground.server.signin`), the hub's link login
and its course pages (:mod:`commonground.hub`), a page's identity
(:mod:`commonground.access.identity`), the course administrator's page
(:mod:`commonground.access.administrator`) and the room's facilitator check
(:mod:`widgets.room`). The administrator's link is a personal link like any other
(the same ``t=``, the same cookie); what it opens is decided by whose token it is.
``tests/test_architecture.py`` fails if another module reads ``t=`` or the cookie itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qsl, unquote_plus, urlencode

__all__ = [
    "ADMINISTRATION",
    "CONFLICTING_LINK_MESSAGE",
    "DASHBOARD",
    "LEARNER_COOKIE",
    "LINK_COOKIE",
    "TOKEN_PARAM",
    "ConflictingTokens",
    "LinkRequest",
    "address_without",
    "administration_url",
    "cookies_from_header",
    "dashboard_url",
    "has_token",
    "link_url",
    "masked",
    "personal_url",
    "read_link",
    "token_from_query",
    "with_token",
]

TOKEN_PARAM = "t"
DASHBOARD = "facilitator_dashboard.ipynb"  # the page a facilitator's link opens
ADMINISTRATION = "administration.ipynb"  # the page the course administrator's link opens
LINK_COOKIE = "cg_link"  # the personal-link token, set by commonground serve
LEARNER_COOKIE = "cg_learner"  # a self-paced browser's own random id

CONFLICTING_LINK_MESSAGE = (
    "This web address holds two different personal codes, so the course cannot tell "
    "whose page to show. Please open your personal link exactly as your facilitator "
    "sent it."
)

# A query parameter in a URI or in HTML: what leads it, its name, "=", its value.
_PARAMETER = re.compile(r"(?P<lead>(?:&amp;|[?&;])[ \t+]*)(?P<name>[^=&#\s;?]{1,12}?)"
                        r"(?P<eq>[ \t+]*(?:=|%3[dD])[ \t+]*)(?P<value>[^&#\s;\"'<>]*)")

Args = Mapping[str, Iterable[str | bytes]]  # tornado's query_arguments, or parse_qs's


class ConflictingTokens(ValueError):
    """The address holds two different personal-link tokens."""

    def __init__(self) -> None:
        super().__init__(CONFLICTING_LINK_MESSAGE)


def _text(value: str | bytes) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value


def _is_token_param(name: str) -> bool:
    return name.strip().lower() == TOKEN_PARAM


def _as_args(query: str | Args | None) -> dict[str, list[str]]:
    if query is None:
        return {}
    if isinstance(query, str):
        args: dict[str, list[str]] = {}
        for k, v in parse_qsl(query, keep_blank_values=True):
            args.setdefault(k, []).append(v)
        return args
    return {k: [_text(v) for v in values] for k, values in query.items()}


def has_token(query: str | Args | None) -> bool:
    """Whether the address carries a ``t=`` at all (even an empty or conflicting one)."""
    return any(_is_token_param(k) for k in _as_args(query))


def token_from_query(query: str | Args | None) -> str | None:
    """The personal-link token in an address's query (a query string, or parsed
    arguments), or None when there is none. Raises :class:`ConflictingTokens` when it
    holds two different tokens."""
    values = {v.strip() for k, vs in _as_args(query).items() if _is_token_param(k)
              for v in vs}
    if len(values) > 1:
        raise ConflictingTokens
    return values.pop() if values else None


def cookies_from_header(header: str | None) -> dict[str, str]:
    """A request's ``Cookie`` header as names and values (nothing, when it is malformed)."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header or "")
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


@dataclass(frozen=True)
class LinkRequest:
    """What a request says about a personal link: ``token`` is the one to use (None when
    there is none), ``from_address`` whether it came from the address rather than the
    cookie, ``conflict`` when the address held two different tokens (then ``token`` is
    None and the request must be refused with :data:`CONFLICTING_LINK_MESSAGE`)."""

    token: str | None = None
    from_address: bool = False
    conflict: bool = False
    cookies: dict[str, str] = field(default_factory=dict)


def read_link(query: str | Args | None, cookie_header: str | None = None,
              cookies: Mapping[str, str] | None = None) -> LinkRequest:
    """The personal link a request carries, by the rule in this module's docstring.
    Pass the ``Cookie`` header, or cookies already parsed by the web framework."""
    jar = dict(cookies) if cookies is not None else cookies_from_header(cookie_header)
    try:
        from_address = token_from_query(query)
    except ConflictingTokens:
        return LinkRequest(conflict=True, cookies=jar)
    if from_address is not None:
        return LinkRequest(from_address, from_address=True, cookies=jar)
    return LinkRequest(jar.get(LINK_COOKIE), cookies=jar)


def address_without(path: str, query: str | Args | None, *drop: str) -> str:
    """``path`` with the query minus any personal-link token (and the other names in
    ``drop``, any case): where to send a browser so that no token stays in its address."""
    gone = {TOKEN_PARAM, *(d.lower() for d in drop)}
    kept = [(k, v) for k, values in _as_args(query).items() if k.lower() not in gone
            for v in values]
    return path + ("?" + urlencode(kept) if kept else "")


def with_token(address: str, token: str) -> str:
    """A personal link: ``address`` with the token as its query (``…?t=<token>``)."""
    return f"{address}?{TOKEN_PARAM}={token}"


def link_url(base_url: str, token: str) -> str:
    """A trainee's personal link: the course's front address with their token."""
    return with_token(f"{base_url.rstrip('/')}/", token)


def dashboard_url(base_url: str, token: str) -> str:
    """A facilitator's personal link: it opens their dashboard."""
    return with_token(f"{base_url.rstrip('/')}/voila/render/{DASHBOARD}", token)


def administration_url(base_url: str, token: str) -> str:
    """The course administrator's link: it opens the administration page."""
    return with_token(f"{base_url.rstrip('/')}/voila/render/{ADMINISTRATION}", token)


def personal_url(base_url: str, token: str, facilitator: bool) -> str:
    """The link a person is given: the dashboard's for a facilitator, else the course's."""
    return dashboard_url(base_url, token) if facilitator else link_url(base_url, token)


def _mask(found: re.Match[str]) -> str:
    if not _is_token_param(unquote_plus(found["name"])):
        return found[0]
    return found["lead"] + found["name"] + found["eq"] + "***"


def masked(text: str) -> str:
    """Text fit for a log: any personal-link token in an address replaced by ``***``."""
    return _PARAMETER.sub(_mask, text)
