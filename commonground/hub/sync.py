"""``commonground hub sync``: cohort places between the hub's groups and the course.

``from-hub`` puts every member of a ``cohort-<slug>`` or ``facilitators-<slug>`` group in
that cohort (what each page also does for its own user, :mod:`commonground.hub.access`),
so the facilitator's dashboard lists people before they first log in. ``to-hub`` makes
both groups for every cohort and adds to them each participant who logs in to the hub
(``hub:<user>``), creating the hub user when needed. Neither direction takes anyone out
of a group or a cohort: take a person out of their group on the hub, and they are
refused at their next page.

It talks to the hub's REST API (``--hub-url``, default ``$JUPYTERHUB_API_URL``) with a
service token from ``$JUPYTERHUB_API_TOKEN`` (never on the command line, so it stays out
of shell history); ``deploy/jupyterhub/jupyterhub_config.py`` defines that service and
its scopes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import quote

from ..errors import StoreError
from ..store import Store
from .access import hub_login
from .groups import cohort_group, cohort_slug, facilitators_group, places

__all__ = ["HubAPI", "SyncReport", "from_hub", "to_hub"]

_PAGE = 200


class HubAPI:
    """The few calls of JupyterHub's REST API that sync needs."""

    def __init__(self, api_url: str, token: str):
        if not api_url or not token:
            raise StoreError("commonground hub sync needs the hub's API address (--hub-url or "
                             "$JUPYTERHUB_API_URL) and a service token in $JUPYTERHUB_API_TOKEN.")
        self.api_url, self._token = api_url.rstrip("/"), token

    def _call(self, method: str, path: str, body: object | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.api_url + path, data=data, method=method, headers={
            "Authorization": f"token {self._token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise StoreError(f"The hub refused {method} {path} ({e.code}): "
                             f"{e.read(500).decode('utf-8', 'replace')}") from None
        except urllib.error.URLError as e:
            raise StoreError(f"Could not reach the hub at {self.api_url} ({e.reason}).") from None
        return json.loads(text) if text else None

    def groups(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        offset = 0
        while True:
            page = self._call("GET", f"/groups?offset={offset}&limit={_PAGE}") or []
            assert isinstance(page, list)
            found.update({g["name"]: list(g.get("users", [])) for g in page})
            if len(page) < _PAGE:
                return found
            offset += _PAGE

    def ensure_group(self, name: str) -> None:
        if self._call("GET", f"/groups/{quote(name)}") is None:
            self._call("POST", f"/groups/{quote(name)}")

    def ensure_users(self, names: list[str]) -> None:
        missing = [n for n in names if self._call("GET", f"/users/{quote(n)}") is None]
        if missing:
            self._call("POST", "/users", {"usernames": missing})

    def add_to_group(self, group: str, users: list[str]) -> None:
        if users:
            self._call("POST", f"/groups/{quote(group)}/users", {"users": users})


@dataclass
class SyncReport:
    placed: list[str] = field(default_factory=list)  # "user: cohort (role)"
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [*self.placed, *(f"not done: {p}" for p in self.problems)]


def from_hub(store: Store, api: HubAPI) -> SyncReport:
    """Place every member of a course group in their cohort."""
    members: dict[str, set[str]] = {}
    for group, users in api.groups().items():
        for user in users:
            members.setdefault(user, set()).add(group)
    by_slug = {cohort_slug(c.name): c.name for c in store.people.summaries()}
    report = SyncReport()
    for user in sorted(members):
        found = places(members[user])
        if not found:
            continue
        if len(found) > 1:
            report.problems.append(f"{user} is in the groups of {len(found)} cohorts "
                                   f"({', '.join(p.slug for p in found)}); leave them in one.")
            continue
        place = found[0]
        if place.slug not in by_slug:
            report.problems.append(f"{user}: no cohort has the slug {place.slug!r}.")
            continue
        cohort = store.people.cohort(by_slug[place.slug])
        store.people.place_login(hub_login(user), user, cohort.id, place.kind)
        report.placed.append(f"{user}: {cohort.name} ({place.kind})")
    return report


def to_hub(store: Store, api: HubAPI) -> SyncReport:
    """Make each cohort's two groups and add its hub members to them."""
    report = SyncReport()
    for summary in store.people.summaries():
        cohort = store.people.cohort(summary.name)
        wanted: dict[str, list[str]] = {cohort_group(cohort.name): [],
                                        facilitators_group(cohort.name): []}
        for member in store.people.members(cohort.id):
            user = store.people.hub_user_of(member.id)
            if user is None:
                continue
            group = (facilitators_group if member.is_facilitator else cohort_group)(cohort.name)
            wanted[group].append(user)
            report.placed.append(f"{user}: {group}")
        api.ensure_users(sorted({u for users in wanted.values() for u in users}))
        for group, users in wanted.items():
            api.ensure_group(group)
            api.add_to_group(group, sorted(users))
    return report
