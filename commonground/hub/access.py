"""Who may open the course on their hub server, decided at every page.

A hub user is the participant who signs in as ``hub:<user>``
(:func:`commonground.access.identity.resolve_identity`). At each page their hub groups
(:mod:`commonground.hub.groups`) put them in their cohort, as a trainee or its
facilitator, before the page's kernel reads who they are. Without a course group they
may still come in through a personal link (:mod:`commonground.hub.authenticator`) while
that link works. A person whose link was switched off (``cohort revoke``) is refused,
whatever their groups. Anyone else is told plainly why the course does not open, and
nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..data.people import Participant
from ..data.store import Store
from .groups import cohort_slug, places

__all__ = [
    "LINK_SWITCHED_OFF_MESSAGE",
    "NOT_PLACED_MESSAGE",
    "TWO_COHORTS_MESSAGE",
    "UNKNOWN_COHORT_MESSAGE",
    "Entry",
    "enter",
    "hub_login",
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


def hub_login(user: str) -> str:
    return f"hub:{user}"


@dataclass(frozen=True)
class Entry:
    """The participant to show the course to, or the plain reason why not."""

    participant: Participant | None
    message: str | None = None


def enter(store: Store, user: str, groups: Iterable[str]) -> Entry:
    """Place ``user`` by their hub groups and say whether the course opens for them."""
    found = places(groups)
    login = hub_login(user)
    known = store.people.existing_login(login)
    link = store.people.link_state(known.id) if known is not None else "none"
    if link == "revoked":  # switching a person's link off ends their access, group or not
        return Entry(None, LINK_SWITCHED_OFF_MESSAGE)
    if len(found) > 1:
        names = ", ".join(p.slug for p in found)
        return Entry(None, TWO_COHORTS_MESSAGE.format(names=names))
    if found:
        place = found[0]
        by_slug = {cohort_slug(c.name): c.name for c in store.people.summaries()}
        if place.slug not in by_slug:
            prefix = "facilitators-" if place.kind == "facilitator" else "cohort-"
            return Entry(None, UNKNOWN_COHORT_MESSAGE.format(group=prefix + place.slug))
        cohort = store.people.cohort(by_slug[place.slug])
        return Entry(store.people.place_login(login, user, cohort.id, place.kind))
    if known is None or not known.in_cohort or link != "active":
        return Entry(None, NOT_PLACED_MESSAGE)  # no group: only a personal link that works
    return Entry(known)
