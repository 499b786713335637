"""Pulling an LMS course's roster into its cohort (LTI Names and Role Provisioning).

A cohort made from an LMS course knows where the LMS keeps that course's roster (its
launches say so). :func:`pull_roster` reads it (with an access token, as for marks) and
gives each active member the course has not seen a place (teachers as facilitators,
learners as trainees, keyed by the LMS's ``sub``, as at a launch); people of the cohort
the roster no longer has (or marks inactive) are only *listed*, for the facilitator to
remove: nobody is deleted here.
"""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commonground.data.store import Store
from commonground.errors import StoreError

from .grades import access_token, post_to
from .launch import display_name, kind_for, lti_login

__all__ = ["NRPS_SCOPE", "Pulled", "get_json", "pull_roster"]

NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
MEDIA = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
PAGES = 50  # pages of a roster read at most
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


@dataclass
class Pulled:
    added: list[str] = field(default_factory=list)  # names of the people given a place
    known: int = 0  # active members who already had one
    left: list[str] = field(default_factory=list)  # names no longer on the LMS's roster

    def summary(self) -> str:
        parts = [f"{len(self.added)} new from the LMS" + (
            f" ({', '.join(self.added)})" if self.added else ""),
                 f"{self.known} already here"]
        if self.left:
            parts.append(f"no longer in the LMS course: {', '.join(self.left)} (remove them "
                         "yourself if they have left)")
        return "; ".join(parts) + "."


def get_json(url: str, headers: dict[str, str]) -> tuple[dict[str, Any], str]:
    """A JSON answer and its ``Link`` header."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=15) as answer:
        return json.loads(answer.read(5_000_000)), answer.headers.get("Link", "")


def pull_roster(store: Store, cohort_id: int, keys_at: Path,
                get: Callable[[str, dict[str, str]], tuple[dict[str, Any], str]] = get_json,
                post: Callable[[str, bytes, dict[str, str]], dict[str, Any]] = post_to,
                ) -> Pulled:
    """Bring the cohort's LMS roster in; what changed, for the facilitator."""
    sources = store.lti.rosters(cohort_id)
    if not sources:
        raise StoreError("This cohort's LMS has not said where its roster is (it needs "
                         "Names and Role Provisioning turned on for the course's tool, and "
                         "one launch from the LMS course since).")
    done = Pulled()
    for issuer, context_id, platform_id, url in sources:
        platform = store.lti.get(platform_id)
        try:
            token = access_token(platform, keys_at, post, NRPS_SCOPE)
            members: list[dict[str, Any]] = []
            page: str | None = url
            for _ in range(PAGES):
                if page is None:
                    break
                found, link = get(page, {"Accept": MEDIA, "Authorization": f"Bearer {token}"})
                members += [m for m in found.get("members", []) if isinstance(m, dict)]
                following = _NEXT.search(link)
                page = following[1] if following else None
        except (OSError, ValueError) as e:
            raise StoreError(f"The course could not read the roster from "
                             f"{platform.shown_name} ({type(e).__name__}). Nothing was "
                             "changed; please try again later.") from None
        known = store.lti.people_of(issuer, context_id)
        active: set[str] = set()
        for member in members:
            sub = str(member.get("user_id", ""))
            kind = kind_for(member.get("roles") or [])
            if not sub or kind is None or member.get("status", "Active") != "Active":
                continue
            active.add(sub)
            if sub in known:
                done.known += 1
                continue
            name = display_name(member)
            person = store.people.place_login(lti_login(issuer, context_id, sub), name,
                                              cohort_id, kind)
            store.lti.link_person(issuer, sub, context_id, person.id)
            done.added.append(name)
        done.left += [store.people.get(pid).display_name
                      for sub, pid in sorted(known.items()) if sub not in active]
    return done
