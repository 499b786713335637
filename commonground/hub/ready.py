"""``commonground hub ready COHORT``: start every cohort member's hub server before a
session, so that nobody waits for theirs when the room opens the course at once.

On one machine, ``commonground serve`` gets a module ready for the room by preheating
kernels in its one server (:mod:`commonground.server.room`). On the hub each person has a
server of their own, so the equivalent is to start those servers ahead, through the hub's
REST API (the ``commonground-sync`` service's token, as for ``hub sync``). Each server
then costs its memory from the start (README.md, "Sizing"), and the hub's idle culler
stops it again after ``COMMONGROUND_HUB_CULL`` seconds without a visit: run it within that
time before the session.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import quote

from ..data.store import Store
from .groups import cohort_group, facilitators_group
from .sync import HubAPI

__all__ = ["ReadyReport", "cohort_hub_users", "start_servers"]

_POLL = 1.0  # seconds between looks at the servers still starting


@dataclass
class ReadyReport:
    started: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)  # already running
    not_on_hub: list[str] = field(default_factory=list)  # no hub account yet
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        out = [f"{user}: started" for user in self.started]
        out += [f"{user}: already running" for user in self.running]
        out += [f"{user}: not on the hub yet (no hub account: they have not logged in, and "
                "`commonground hub sync to-hub` has not made one), so not started"
                for user in self.not_on_hub]
        out += [f"not done: {p}" for p in self.problems]
        out.append(f"{len(self.started) + len(self.running)} server(s) ready after "
                   f"{self.seconds:.0f} s.")
        return out


def cohort_hub_users(store: Store, api: HubAPI, cohort_name: str) -> list[str]:
    """The cohort's people on the hub: its two groups' members and the cohort members
    who log in to the hub."""
    cohort = store.people.cohort(cohort_name)
    groups = api.groups()
    users = {u for g in (cohort_group(cohort.name), facilitators_group(cohort.name))
             for u in groups.get(g, [])}
    return sorted(users | set(store.people.hub_users(cohort.id).values()))


def _state(api: HubAPI, user: str) -> str:
    """``missing`` (no hub account), ``ready``, ``pending`` or ``stopped``."""
    model = api.get(f"/users/{quote(user)}")
    if not isinstance(model, dict):
        return "missing"
    server = (model.get("servers") or {}).get("")
    if not server:
        return "stopped"
    return "ready" if server.get("ready") else "pending"


def start_servers(api: HubAPI, users: list[str], wait: float) -> ReadyReport:
    """Start each user's server (those not running yet) and wait up to ``wait`` seconds
    until all are ready."""
    report, begun = ReadyReport(), time.monotonic()
    starting = []
    for user in users:
        state = _state(api, user)
        if state == "missing":
            report.not_on_hub.append(user)
        elif state == "ready":
            report.running.append(user)
        else:
            if state == "stopped":
                api.start_server(user)
            starting.append(user)
    while starting and time.monotonic() - begun < wait:
        time.sleep(_POLL)
        ready = [u for u in starting if _state(api, u) == "ready"]
        report.started += ready
        starting = [u for u in starting if u not in ready]
    report.problems += [f"{user}: the server had not started after {wait:.0f} s; see the "
                        "hub's log" for user in starting]
    report.seconds = time.monotonic() - begun
    return report
