"""What ``commonground hub sync`` would take away, worked out without a hub or a store.

``to-hub``: each course group (``cohort-<slug>``, ``facilitators-<slug>`` of a cohort the
course has) should hold exactly the cohort's hub users of that role; the others in it
are :func:`group_leavers`. ``from-hub``: a cohort member who logs in to the hub
(``hub:<user>``) and is in none of that cohort's groups any more is a :func:`place_leaver`,
unless the groups place them in another cohort (the sync moves them there), their
personal link still brings them in (a link is a place of its own: ``commonground cohort
revoke`` ends it), or their link is already switched off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .groups import Place

__all__ = ["GroupLeaver", "HubMember", "PlaceDecision", "group_leavers", "place_leaver"]


@dataclass(frozen=True)
class GroupLeaver:
    """A hub user in a course group that the course database does not put there."""

    user: str
    group: str


def group_leavers(wanted: Mapping[str, Iterable[str]],
                  current: Mapping[str, Iterable[str]]) -> list[GroupLeaver]:
    """Who to take out of each course group in ``wanted`` (group: the users it should
    hold): those in it now (``current``) and not wanted. Groups not in ``wanted`` are not
    the course's and are left alone."""
    return [GroupLeaver(user, group)
            for group in sorted(wanted)
            for user in sorted(set(current.get(group, ())) - set(wanted[group]))]


@dataclass(frozen=True)
class HubMember:
    """A cohort member who logs in to the hub, as the course database has them."""

    user: str
    name: str
    public_id: str
    cohort_name: str
    slug: str
    link: str  # active | revoked | none


@dataclass(frozen=True)
class PlaceDecision:
    """``end`` (take them out of the cohort) or ``keep``, with the reason in plain words."""

    member: HubMember
    action: str  # end | keep
    reason: str


def place_leaver(member: HubMember, places: list[Place]) -> PlaceDecision | None:
    """What to do with a cohort member's place, given the course places their hub groups
    give them now; None when the groups still (or newly) account for them."""
    if any(p.slug == member.slug for p in places):
        return None  # still in one of the cohort's groups
    if len(places) == 1:
        return None  # the groups place them in another cohort: the sync moves them
    if len(places) > 1:
        return PlaceDecision(member, "keep", "in the groups of more than one cohort; "
                             "leave them in one and sync again")
    if member.link == "revoked":
        return None  # already refused at every page
    if member.link == "active":
        return PlaceDecision(
            member, "keep", "not in the cohort's hub groups, but their personal link still "
            "brings them in; to end that, run: commonground cohort revoke "
            f"{member.cohort_name!r} {member.public_id}")
    return PlaceDecision(member, "end", "not in the cohort's hub groups any more")
