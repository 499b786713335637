"""``commonground hub sync``: cohort places between the hub's groups and the course.

``from-hub`` puts every member of a ``cohort-<slug>`` or ``facilitators-<slug>`` group in
that cohort (what each page also does for its own user, :mod:`commonground.hub.access`),
so the facilitator's dashboard lists people before they first log in. ``to-hub`` makes
both groups for every cohort and adds to them each participant who logs in to the hub
(``hub:<user>``), creating the hub user when needed.

Each direction also says who it would take away (:mod:`commonground.hub.reconcile`), and
does so only with ``--remove``: ``to-hub`` takes out of a cohort's groups the hub users
the course database does not have in that cohort (their hub account stays); ``from-hub``
ends the cohort place of people in none of its groups any more (``People.place_login``
with no cohort: they are a hub user in no cohort, as at their first login). Nobody's
writing is deleted: it stays theirs in the course database, out of the cohort's sight,
and comes back if they are put back in the group. A person whose personal link still
works keeps their place (the link is a place of its own; ``commonground cohort revoke``
ends it). Either way a person taken out of their group is refused at their next page.

It talks to the hub's REST API (``--hub-url``, default ``$JUPYTERHUB_API_URL``) with a
service token from ``$JUPYTERHUB_API_TOKEN`` (never on the command line, so it stays out
of shell history); ``deploy/jupyterhub/jupyterhub_config.py`` defines that service and
its scopes.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from ..data.store import Store
from ..errors import StoreError
from .access import hub_login
from .groups import cohort_group, cohort_slug, facilitators_group, places
from .reconcile import HubMember, group_leavers, place_leaver

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

    def get(self, path: str) -> object:
        """What the hub has at ``path`` (None: nothing there)."""
        return self._call("GET", path)

    def start_server(self, user: str) -> None:
        self._call("POST", f"/users/{quote(user)}/server")

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

    def remove_from_group(self, group: str, users: list[str]) -> None:
        if users:
            self._call("DELETE", f"/groups/{quote(group)}/users", {"users": users})


@dataclass
class SyncReport:
    placed: list[str] = field(default_factory=list)  # "user: cohort (role)"
    removed: list[str] = field(default_factory=list)  # done (with --remove)
    would_remove: list[str] = field(default_factory=list)  # left for --remove
    kept: list[str] = field(default_factory=list)  # not removed, and why
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [*self.placed, *self.removed, *(f"kept: {k}" for k in self.kept)]
        if self.would_remove:
            out += [f"would {w}" for w in self.would_remove]
            out.append(f"Nothing was taken away: {len(self.would_remove)} change(s) above "
                       "wait for you to run the same command again with --remove.")
        return [*out, *(f"not done: {p}" for p in self.problems)]


def from_hub(store: Store, api: HubAPI, remove: bool = False) -> SyncReport:
    """Place every member of a course group in their cohort; end the place of cohort
    members in none of its groups (with ``remove``; else say who)."""
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
    for member in _hub_members(store, by_slug.values()):
        decision = place_leaver(member, places(members.get(member.user, ())))
        if decision is None:
            continue
        who = f"{member.user} ({member.name})" if member.name != member.user else member.user
        if decision.action == "keep":
            report.kept.append(f"{who} in {member.cohort_name}: {decision.reason}.")
        elif remove:
            store.people.place_login(hub_login(member.user), member.user, None, "hub")
            report.removed.append(
                f"{who}: place in {member.cohort_name} ended ({decision.reason}); their "
                "writing is kept, and shows again if they are put back in the group.")
        else:
            report.would_remove.append(
                f"end the place of {who} in {member.cohort_name} ({decision.reason}).")
    return report


def _hub_members(store: Store, cohort_names: Iterable[str]) -> list[HubMember]:
    found = []
    for name in sorted(cohort_names):
        cohort = store.people.cohort(name)
        hub_users = store.people.hub_users(cohort.id)
        for state in store.people.link_states(cohort.id):
            person = state.participant
            user = hub_users.get(person.id)
            if user is not None:
                found.append(HubMember(user, person.display_name, person.public_id,
                                       cohort.name, cohort_slug(cohort.name), state.link))
    return found


def to_hub(store: Store, api: HubAPI, remove: bool = False) -> SyncReport:
    """Make each cohort's two groups and add its hub members to them; take out of them
    the hub users the course does not have there (with ``remove``; else say who)."""
    report = SyncReport()
    wanted: dict[str, set[str]] = {}
    cohort_of: dict[str, str] = {}
    for summary in store.people.summaries():
        cohort = store.people.cohort(summary.name)
        for group in (cohort_group(cohort.name), facilitators_group(cohort.name)):
            wanted[group], cohort_of[group] = set(), cohort.name
        hub_users = store.people.hub_users(cohort.id)
        for member in store.people.members(cohort.id):
            user = hub_users.get(member.id)
            if user is None:
                continue
            group = (facilitators_group if member.is_facilitator else cohort_group)(cohort.name)
            wanted[group].add(user)
    current = api.groups()
    api.ensure_users(sorted({u for users in wanted.values() for u in users}))
    for group, users in sorted(wanted.items()):
        api.ensure_group(group)
        new = sorted(users - set(current.get(group, ())))
        api.add_to_group(group, new)
        report.placed += [f"{user}: added to {group}" for user in new]
    leavers = group_leavers(wanted, current)
    for leaver in leavers:
        why = f"not in {cohort_of[leaver.group]} in that role in the course database"
        if remove:
            report.removed.append(f"{leaver.user}: taken out of {leaver.group} ({why}); "
                                  "their hub account stays.")
        else:
            report.would_remove.append(f"take {leaver.user} out of {leaver.group} ({why}).")
    if remove:
        for group in sorted({leaver.group for leaver in leavers}):
            api.remove_from_group(group, [x.user for x in leavers if x.group == group])
    return report
