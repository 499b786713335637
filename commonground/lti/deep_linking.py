"""LTI Deep Linking: a teacher chooses modules from the LMS's "add an activity" picker,
and the LMS gets one link per module back (with a line item in its gradebook where the
teacher wants it graded: complete = 1 of 1).

:func:`offer` keeps what the LMS asked (where to send the choice, its ``data``, the
deployment) for one use; :func:`answer` checks the teacher's choice and makes the signed
``LtiDeepLinkingResponse`` (PyJWT, the course's current key), which the teacher's browser
posts to the LMS. A choice is sent once; bad choices are refused in words.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from commonground.data.store import Store
from commonground.errors import StoreError

from . import keys
from .launch import CLAIM, DEEP_LINKING_SETTINGS, Checked
from .settings import Addresses

__all__ = ["CONTENT_ITEMS", "Answer", "answer", "offer"]

CONTENT_ITEMS = "https://purl.imsglobal.org/spec/lti-dl/claim/content_items"
DATA = "https://purl.imsglobal.org/spec/lti-dl/claim/data"
KIND = "deeplink"


@dataclass(frozen=True)
class Answer:
    return_url: str
    signed: str  # the signed response, posted by the teacher's browser (a form field)
    count: int
    lms: str  # the LMS's name, in words


def offer(store: Store, checked: Checked) -> str:
    """Keep the LMS's request for the teacher's choice; the key the picker page posts."""
    settings = checked.claims[DEEP_LINKING_SETTINGS]
    payload = {"return_url": str(settings["deep_link_return_url"]),
               "data": settings.get("data"),
               "deployment_id": str(checked.claims.get(CLAIM + "deployment_id", "")),
               "multiple": settings.get("accept_multiple", True) is not False}
    return store.lti.keep_once(KIND, checked.platform.id, json.dumps(payload))


def answer(store: Store, key: str, chosen: list[str], graded: list[str],
           titles: Mapping[str, str], addresses: Addresses, keys_at: Any) -> Answer:
    """The signed answer for the teacher's choice (module ids, in the course's order)."""
    kept = store.lti.peek_once(KIND, key)
    if kept is None:
        raise StoreError("This choice has already been sent to the LMS, or took too long. "
                         "Please start again from the LMS's activity picker.")
    platform_id, text = kept
    payload = json.loads(text)
    chosen = list(dict.fromkeys([*chosen, *graded]))  # a graded module is an added one
    unknown = [c for c in chosen if c not in titles]
    if unknown or not chosen:
        raise StoreError("Choose at least one of the course's modules." if not unknown else
                         "The course has no such module. Please choose from the list.")
    if len(chosen) > 1 and not payload["multiple"]:
        raise StoreError("This LMS takes one module at a time. Please choose one.")
    platform = store.lti.get(platform_id)
    ordered = [m for m in titles if m in set(chosen)]
    items = []
    for module in ordered:
        item: dict[str, Any] = {"type": "ltiResourceLink", "title": titles[module],
                                "url": addresses.tool, "custom": {"module": module}}
        if module in graded:
            item["lineItem"] = {"scoreMaximum": 1, "label": titles[module],
                                "resourceId": module, "tag": "completion"}
        items.append(item)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": platform.client_id, "aud": platform.issuer, "iat": now, "exp": now + 600,
        "nonce": secrets.token_urlsafe(16),
        CLAIM + "deployment_id": payload["deployment_id"],
        CLAIM + "message_type": "LtiDeepLinkingResponse", CLAIM + "version": "1.3.0",
        CONTENT_ITEMS: items}
    if payload.get("data") is not None:
        claims[DATA] = payload["data"]
    signing = keys.current_key(keys_at)
    signed = jwt.encode(claims, signing.private_pem(), algorithm="RS256",
                        headers={"kid": signing.kid})
    if not store.lti.use_once(KIND, key):
        raise StoreError("This choice has already been sent to the LMS. Please start again "
                         "from the LMS's activity picker.")
    return Answer(payload["return_url"], signed, len(items), platform.shown_name)
