"""Hub groups that place people in the course: ``cohort-<slug>`` for a cohort's
trainees, ``facilitators-<slug>`` for its facilitators, where ``<slug>`` is the cohort's
name in lower case with every run of other characters made one hyphen
("Southside March 2027" is ``southside-march-2027``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "COHORT_PREFIX",
    "FACILITATORS_PREFIX",
    "Place",
    "cohort_group",
    "cohort_slug",
    "facilitators_group",
    "places",
]

COHORT_PREFIX = "cohort-"
FACILITATORS_PREFIX = "facilitators-"
_OTHER = re.compile(r"[^a-z0-9]+")


def cohort_slug(name: str) -> str:
    return _OTHER.sub("-", name.lower()).strip("-")


def cohort_group(name: str) -> str:
    return COHORT_PREFIX + cohort_slug(name)


def facilitators_group(name: str) -> str:
    return FACILITATORS_PREFIX + cohort_slug(name)


@dataclass(frozen=True)
class Place:
    """A place in a cohort that a hub group gives: the cohort's slug and the role."""

    slug: str
    kind: str  # trainee | facilitator


def places(groups: Iterable[str]) -> list[Place]:
    """The course places among a user's hub groups (other groups are not the course's),
    one per cohort, facilitator before trainee when a user is in both groups, in order of
    slug."""
    found: dict[str, str] = {}
    for group in groups:
        for prefix, kind in ((FACILITATORS_PREFIX, "facilitator"), (COHORT_PREFIX, "trainee")):
            slug = group.removeprefix(prefix) if group.startswith(prefix) else ""
            if slug and found.get(slug) != "facilitator":
                found[slug] = kind
    return [Place(slug, found[slug]) for slug in sorted(found)]
