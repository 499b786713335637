"""Several course services on one hub, each holding a set of cohorts.

When one machine is not enough, the course runs as several ``commonground hub service``
processes on hosts of their own, each registered with the hub as an external service
(``COMMONGROUND_HUB_SERVICES`` in ``deploy/jupyterhub/jupyterhub_config.py``) and each
holding some cohorts. :func:`parse_services` reads that setting; :func:`service_for`
says which service a hub user lands on: the one holding the cohort their hub groups
give them or, without a course group, the cohort their personal link is for. Anyone
else (a hub administrator in no cohort, a person in no cohort) lands on the first
service, whose door explains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from .access import hub_login
from .groups import cohort_slug, places

if TYPE_CHECKING:
    from ..data.store import Store

__all__ = ["CourseService", "cohort_of", "landing_service", "parse_services", "service_for",
           "services_by_cohort"]

_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True)
class CourseService:
    """One course service: its hub service name, its address and the cohorts (by slug)
    it holds."""

    name: str
    url: str
    cohorts: tuple[str, ...]


def parse_services(text: str) -> list[CourseService]:
    """``name=http://host:port=slug-a,slug-b;name2=…`` as a list, or a ``ValueError``
    that says in an administrator's words what is wrong."""
    found: list[CourseService] = []
    seen: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(";"))):
        name, _, rest = item.partition("=")
        url, _, slugs = rest.rpartition("=")
        name = name.strip()
        if not _NAME.fullmatch(name):
            raise ValueError(f"course service {item!r}: its name must be lower-case letters, "
                             "digits and hyphens, as in north=http://10.0.0.3:9970=cohort-a")
        address = urlparse(url.strip())
        if address.scheme not in ("http", "https") or not address.hostname or not address.port:
            raise ValueError(f"course service {name}: {url.strip()!r} is not an address such "
                             "as http://10.0.0.3:9970")
        cohorts = tuple(s.strip() for s in slugs.split(",") if s.strip())
        if not cohorts:
            raise ValueError(f"course service {name}: it holds no cohort (put the cohorts' "
                             "short names after the address, e.g. =northside-2027)")
        for slug in cohorts:
            if slug in seen:
                raise ValueError(f"cohort {slug} is held by two course services, {seen[slug]} "
                                 f"and {name}: a cohort is held by one service")
            seen[slug] = name
        if any(s.name == name for s in found):
            raise ValueError(f"two course services are called {name}")
        found.append(CourseService(name, url.strip().rstrip("/"), cohorts))
    return found


def services_by_cohort(services: Iterable[CourseService]) -> dict[str, str]:
    """Each cohort's slug and the name of the service that holds it."""
    return {slug: s.name for s in services for slug in s.cohorts}


def cohort_of(store: Store, user: str, groups: Iterable[str]) -> str | None:
    """The slug of the cohort the hub user ``user`` takes part in: by their one course
    group, else by the cohort their personal link placed them in; None when neither."""
    found = places(groups)
    if len(found) == 1:
        return found[0].slug
    if found:
        return None  # in two cohorts' groups: the door explains
    known = store.people.existing_login(hub_login(user))
    if known is None or not known.in_cohort or not known.cohort_name:
        return None
    return cohort_slug(known.cohort_name)


def service_for(slug: str | None, by_cohort: Mapping[str, str], default: str) -> str:
    """The service a person of cohort ``slug`` lands on."""
    return by_cohort.get(slug or "", default)


def landing_service(url: str, user: str, groups: Iterable[str], by_cohort: Mapping[str, str],
                    default: str) -> str:
    """The service the hub user ``user`` lands on, read from the course database at
    ``url`` (for the hub's landing page and its personal-link login alike)."""
    from ..data.store import open_store

    store = open_store(url)
    try:
        slug = cohort_of(store, user, groups)
    finally:
        store.dispose()
    return service_for(slug, by_cohort, default)
