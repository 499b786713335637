"""Who may open the course on their hub server, decided at every page.

A hub user is the participant who signs in as ``hub:<user>``
(:func:`commonground.access.identity.resolve_identity`). At each page their hub groups
(:mod:`commonground.hub.groups`) put them in their cohort, as a trainee or its
facilitator, before the page's kernel reads who they are. Without a course group they
may still come in through a personal link (:mod:`commonground.hub.authenticator`) while
that link works. A person an LMS launch logged in to the hub (a hub user
``lti-<digest>``, :mod:`commonground.hub.lti`) is in the cohort of their LMS course, as
the launch placed them, whatever hub groups say. A person whose link was switched off
(``cohort revoke``) is refused, whatever their groups. Anyone else is told plainly why
the course does not open, and nothing is written.

When the course is several hub services, each holding some cohorts
(:mod:`commonground.hub.services`), a service's door refuses, in plain words and writing
nothing, a person whose cohort another service holds.

When the course is one hub service for everyone (:mod:`commonground.hub.service`),
:func:`door` decides the same at every page, then which of the course's own sign-ins
the browser must hold for it: the person's (as an LMS launch signs them in), or, on the
administration page, a hub administrator's. A browser holding anyone else's sign-in is
signed in again as the hub user it came with.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..data.people import Participant
from ..data.store import Store
from .groups import cohort_slug, places

__all__ = [
    "ADMINISTRATION",
    "ELSEWHERE_MESSAGE",
    "LINK_SWITCHED_OFF_MESSAGE",
    "LTI_USER_PREFIX",
    "NOT_HUB_ADMIN_MESSAGE",
    "NOT_PLACED_MESSAGE",
    "TWO_COHORTS_MESSAGE",
    "UNKNOWN_COHORT_MESSAGE",
    "Door",
    "Entry",
    "course_login",
    "door",
    "enter",
    "hub_login",
    "lti_hub_user",
]

NOT_PLACED_MESSAGE = (
    "You are logged in, but you are not in a cohort of this course, so it has not opened. "
    "If you should be, please ask your facilitator to add you to your cohort."
)
LINK_SWITCHED_OFF_MESSAGE = (
    "Your personal link has been switched off or replaced, so the course has not opened. "
    "Please ask your facilitator for your new personal link."
)
TWO_COHORTS_MESSAGE = (
    "You are in the hub groups of more than one cohort ({names}), and a person takes "
    "part in one cohort at a time, so the course has not opened. Please ask the hub's "
    "administrator to leave you in one of them."
)
UNKNOWN_COHORT_MESSAGE = (
    "Your hub group {group} names a cohort the course does not have, so the course has "
    "not opened. Please ask the hub's administrator to check the group's name."
)
ELSEWHERE_MESSAGE = (
    "Your cohort takes the course on another of this hub's course services, so it has "
    "not opened here. Please open the course from the hub's home page, or with your "
    "personal link: either takes you to your cohort's own."
)

NOT_HUB_ADMIN_MESSAGE = (
    "This page is for the course's administrators, who are this hub's administrators, "
    "and you are not one of them. If you run a cohort, open the course from the hub's "
    "home page to reach your dashboard."
)
ADMINISTRATION = "administration.ipynb"


def hub_login(user: str) -> str:
    return f"hub:{user}"


LTI_USER_PREFIX = "lti-"


def lti_hub_user(login: str) -> str:
    """The hub user an LMS launch logs in (:mod:`commonground.hub.lti`), from the
    person's login ``lti:<digest>`` (:func:`commonground.lti.launch.lti_login`, their
    platform's ``sub``, never a name or email): ``lti-<digest>``."""
    if not login.startswith("lti:"):
        raise ValueError("not an LMS person's login")
    return LTI_USER_PREFIX + login.removeprefix("lti:")


def course_login(user: str) -> str:
    """The course login of hub user ``user``: ``lti:<digest>`` for a person an LMS
    launch logged in, else ``hub:<user>``."""
    if user.startswith(LTI_USER_PREFIX):
        return "lti:" + user.removeprefix(LTI_USER_PREFIX)
    return hub_login(user)


@dataclass(frozen=True)
class Entry:
    """The participant to show the course to, or the plain reason why not."""

    participant: Participant | None
    message: str | None = None


def enter(store: Store, user: str, groups: Iterable[str],
          holds: frozenset[str] | None = None) -> Entry:
    """Place ``user`` by their hub groups and say whether the course opens for them
    (``holds``: the slugs of the cohorts this course service holds; None: every one)."""
    found = places(groups)
    login = course_login(user)
    known = store.people.existing_login(login)
    link = store.people.link_state(known.id, sessions=False) if known is not None else "none"
    if link == "revoked":  # switching a person's link off ends their access, group or not
        return Entry(None, LINK_SWITCHED_OFF_MESSAGE)
    if login != hub_login(user):  # placed by their LMS launch, not by hub groups
        if known is None or not known.in_cohort:
            return Entry(None, NOT_PLACED_MESSAGE)
        return Entry(known)
    if len(found) > 1:
        names = ", ".join(p.slug for p in found)
        return Entry(None, TWO_COHORTS_MESSAGE.format(names=names))
    if found:
        place = found[0]
        by_slug = {cohort_slug(c.name): c.name for c in store.people.summaries()}
        if place.slug not in by_slug:
            prefix = "facilitators-" if place.kind == "facilitator" else "cohort-"
            return Entry(None, UNKNOWN_COHORT_MESSAGE.format(group=prefix + place.slug))
        if holds is not None and place.slug not in holds:
            return Entry(None, ELSEWHERE_MESSAGE)  # before anything is written
        cohort = store.people.cohort(by_slug[place.slug])
        return Entry(store.people.place_login(login, user, cohort.id, place.kind))
    if known is None or not known.in_cohort or link != "active":
        return Entry(None, NOT_PLACED_MESSAGE)  # no group: only a personal link that works
    if holds is not None and cohort_slug(known.cohort_name or "") not in holds:
        return Entry(None, ELSEWHERE_MESSAGE)
    return Entry(known)


@dataclass(frozen=True)
class Door:
    """What the hub's door does with a page request: refuse it (``message``), sign the
    browser in with ``token`` and load the page again, send it to the administration
    page (``administration``), or, with nothing set, let the page open."""

    message: str | None = None
    token: str | None = None
    administration: bool = False


def door(store: Store, user: str, groups: Iterable[str], admin: bool, page: str,
         token: str | None, holds: frozenset[str] | None = None) -> Door:
    """The hub user ``user`` (with their groups and the hub's ``admin`` flag) asks for
    ``page`` (a notebook's file name) holding the course sign-in ``token``, on a course
    service holding the cohorts ``holds`` (None: every cohort)."""
    login = hub_login(user)
    if page == ADMINISTRATION:
        if not admin:
            store.administrators.end_hub_sessions(login)
            return Door(NOT_HUB_ADMIN_MESSAGE)
        if store.administrators.login_of(token) == login:
            return Door()
        return Door(token=store.administrators.hub_session(login))
    entry = enter(store, user, groups, holds)
    if entry.participant is None:
        if admin and entry.message == NOT_PLACED_MESSAGE:
            return Door(administration=True)  # in no cohort: the course is theirs to run
        return Door(entry.message)
    holder = store.people.for_token(token) if token else None
    if holder is not None and holder.id == entry.participant.id:
        return Door()
    return Door(token=store.people.session_link(entry.participant.id))
