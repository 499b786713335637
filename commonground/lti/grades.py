"""Completion back in the LMS's gradebook (LTI Assignment and Grade Services).

A trainee who opens a graded module from an LMS (its launch names the LMS's column, a
``lineitem``, and lets the course send scores) has that module tracked
(:func:`track_launch`). The server's outbox round (:func:`outbox_round`, every few
seconds under ``commonground serve``, in a thread) queues a new mark whenever a tracked
module's mark changes (:func:`commonground.lti.marks.module_mark`: the trainee completing
it, a facilitator releasing feedback on its reflections, from the dashboard or from
nbgrader) and sends the marks that are due: an access token from the LMS (OAuth 2 client
credentials, with an assertion signed by the course's key), then the score. A failure is
recorded in words and tried again later and later (:mod:`commonground.data.lti_marks`).
Where the cohort says so (``lms_keeps_complete``), a module complete in the LMS stays
complete. Nothing a trainee wrote is ever sent; a facilitator's comment only where they
chose.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import jwt

from commonground.data.lti_marks import Mark, Outgoing, replaces
from commonground.data.lti_platforms import Platform
from commonground.data.reflections import Assessed, assessed
from commonground.data.store import Store

from . import keys
from .launch import Arrival, Checked
from .marks import module_mark

__all__ = ["AGS", "SCORE_SCOPE", "Sent", "access_token", "outbox_round", "post_to",
           "queue_changes", "score_body", "scores_url", "track_launch"]

AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
TIMEOUT = 15


@dataclass
class Sent:
    queued: int = 0
    sent: int = 0
    failed: list[str] = field(default_factory=list)


def track_launch(store: Store, checked: Checked, arrival: Arrival) -> bool:
    """Follow the launched module for the LMS's gradebook, when the launch asks for it."""
    endpoint = checked.claims.get(AGS)
    if arrival.facilitator or not isinstance(endpoint, dict):
        return False
    lineitem = str(endpoint.get("lineitem", ""))
    scopes = endpoint.get("scope") or []
    if not lineitem.startswith(("https://", "http://")) or SCORE_SCOPE not in scopes:
        return False
    module = arrival.page.removesuffix(".ipynb")
    store.lti_marks.track(arrival.participant_id, module, checked.platform.id,
                          str(checked.claims["sub"]), lineitem)
    _queue(store, [m for m in store.lti_marks.tracked_for(arrival.participant_id)
                   if m.module_id == module], arrival.participant_id)
    return True


def _queue(store: Store, marks: list[Mark], person: int | None = None) -> int:
    """Queue those of ``marks`` (all tracked, or one ``person``'s) whose mark changed: a
    few reads for all of them, and a write only for a mark that changed."""
    who = store.lti_marks.tracked_people(None if person is None else [person])
    with store.read():  # one snapshot of their progress, reflections and cohorts
        done = {(v.participant_id, v.module_id) for v in store.progress.visits(who)
                if v.completed}
        shared: dict[int, list[Assessed]] = {}
        for record in assessed(store, who):
            shared.setdefault(record.participant_id, []).append(record)
        cohorts = store.people.cohorts_of(who)
        settings = {cohort: store.assessment.settings(cohort)
                    for cohort in set(cohorts.values())}
    queued = 0
    for mark in marks:
        rules = settings.get(cohorts.get(mark.participant_id))
        if rules is None:
            continue  # gone since it was read
        wanted = module_mark(mark.module_id, (mark.participant_id, mark.module_id) in done,
                             shared.get(mark.participant_id, ()), rules)
        if replaces(mark.outgoing, wanted, rules.lms_keeps_complete):
            queued += store.lti_marks.queue(mark.participant_id, mark.module_id, wanted,
                                            keep_complete=rules.lms_keeps_complete)
    return queued


def queue_changes(store: Store) -> int:
    """Queue a mark for every tracked module whose mark changed."""
    marks = store.lti_marks.tracked()
    return _queue(store, marks) if marks else 0


def scores_url(lineitem: str) -> str:
    """The LMS's address for a column's scores: the line item's, with ``/scores``."""
    parts = urlsplit(lineitem)
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + "/scores"))


def post_to(url: str, data: bytes, headers: dict[str, str]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
        body = answer.read(1_000_000)
    return json.loads(body) if body.strip() else {}


def access_token(platform: Platform, keys_at: Path,
                 post: Callable[[str, bytes, dict[str, str]], dict[str, Any]],
                 scope: str = SCORE_SCOPE) -> str:
    """An access token from the LMS (OAuth 2 client credentials, with an assertion signed
    by the course's current key) for ``scope``."""
    signing = keys.current_key(keys_at)
    now = int(time.time())
    assertion = jwt.encode(
        {"iss": platform.client_id, "sub": platform.client_id, "aud": platform.auth_token_url,
         "iat": now, "exp": now + 300, "jti": secrets.token_urlsafe(16)},
        signing.private_pem(), algorithm="RS256", headers={"kid": signing.kid})
    answer = post(platform.auth_token_url, urlencode({
        "grant_type": "client_credentials", "client_assertion_type": ASSERTION,
        "client_assertion": assertion, "scope": scope}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"})
    token = answer.get("access_token")
    if not isinstance(token, str) or not token:
        raise ValueError("the LMS gave no access token")
    return token


def score_body(mark: Mark, outgoing: Outgoing) -> dict[str, Any]:
    """The score as the LMS takes it (``application/vnd.ims.lis.v1.score+json``)."""
    body: dict[str, Any] = {
        "userId": mark.sub, "activityProgress": outgoing.activity,
        "gradingProgress": outgoing.grading,
        "timestamp": _dt.datetime.now(_dt.UTC).isoformat()}
    if outgoing.score_given is not None:
        body["scoreGiven"] = outgoing.score_given
        body["scoreMaximum"] = outgoing.score_maximum
    if outgoing.comment:
        body["comment"] = outgoing.comment
    return body


def _why(error: Exception, platform: Platform) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"{platform.shown_name} answered {error.code}"
    if isinstance(error, OSError):
        return f"{platform.shown_name} could not be reached"
    return f"{platform.shown_name} gave an answer the course could not use"


def outbox_round(store: Store, keys_at: Path,
                 post: Callable[[str, bytes, dict[str, str]], dict[str, Any]] = post_to) -> Sent:
    """Queue changed marks, then send those due; each try recorded."""
    done = Sent(queued=queue_changes(store))
    tokens: dict[int, str | Exception] = {}
    for mark in store.lti_marks.due():
        platform = store.lti.get(mark.platform_id)
        if mark.platform_id not in tokens:
            try:
                tokens[mark.platform_id] = access_token(platform, keys_at, post)
            except (OSError, ValueError) as e:
                tokens[mark.platform_id] = e
        token = tokens[mark.platform_id]
        try:
            if isinstance(token, Exception):
                raise token
            outgoing = mark.outgoing
            if outgoing is None:
                continue
            post(scores_url(mark.lineitem_url), json.dumps(score_body(mark, outgoing)).encode(),
                 {"Content-Type": "application/vnd.ims.lis.v1.score+json",
                  "Authorization": f"Bearer {token}"})
        except (OSError, ValueError) as e:
            reason = _why(e, platform)
            store.lti_marks.failed(mark, reason)
            done.failed.append(reason)
            continue
        store.lti_marks.sent(mark)
        done.sent += 1
    return done
