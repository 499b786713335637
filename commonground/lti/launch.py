"""An LMS launch: checking its ``id_token``, and deciding who signs in, in which cohort,
at which page.

:func:`check` takes the ``id_token`` and ``state`` the LMS posted, and the ``state`` the
browser's cookie holds, and refuses (:class:`Refused`, in plain words) anything but a
launch this course started, signed by the platform's own key (fetched from its JWKS),
for this course's client id (``aud``, ``azp``), not expired, from one of its
deployments, with the nonce of its login, and used once. Every check reads; only the
last step, using the login's state and nonce, writes, so a refused launch writes
nothing. JOSE is PyJWT's; nothing here parses a token itself.

:func:`arrive` then makes the LMS course (``context``) a cohort on its first launch,
makes the person (keyed by the platform's ``sub``, never by email or name) a trainee
(``Learner``) or the cohort's facilitator (``Instructor``, ``TeachingAssistant``,
``Administrator``), gives them a sign-in token and names the page they land on: the
facilitator's dashboard, or the module the link names (its ``module`` custom parameter,
or its target address), else the welcome page.

Both block (the database, the JWKS fetch): the server runs them in a thread.
"""

from __future__ import annotations

import hashlib
import json
import re
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

from commonground.access.link import DASHBOARD
from commonground.data.lti_platforms import Platform
from commonground.data.store import Store
from commonground.errors import StoreError

__all__ = [
    "CLAIM",
    "DEEP_LINKING",
    "DEEP_LINKING_SETTINGS",
    "WELCOME",
    "Arrival",
    "Checked",
    "Refused",
    "arrive",
    "check",
    "display_name",
    "fetch_jwks",
    "kind_for",
    "lti_login",
    "page_for",
]

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DEEP_LINKING = "LtiDeepLinkingRequest"
DEEP_LINKING_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"
MESSAGES = ("LtiResourceLinkRequest", DEEP_LINKING)
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
WELCOME = "00_welcome"
LEEWAY = 5  # seconds of clock difference allowed between the LMS and the course
FACILITATOR_ROLES = {"Instructor", "TeachingAssistant", "Administrator"}
TRAINEE_ROLES = {"Learner", "Student"}
_MODULE = re.compile(r"^[0-9A-Za-z_-]{1,64}$")

AGAIN = "Please open the course again from your LMS."


class Refused(Exception):
    """A launch the course will not accept; its message is for the person, in words."""


@dataclass(frozen=True)
class Checked:
    platform: Platform
    claims: dict[str, Any]
    state: str
    fetched_keys: str  # the platform's JWKS, when it was fetched for this launch ("" if not)


@dataclass(frozen=True)
class Arrival:
    participant_id: int
    token: str  # the new sign-in token, for the course's cookie (never shown, never logged)
    page: str  # the notebook to land on, e.g. "01_safe_environment.ipynb"
    facilitator: bool
    cohort_id: int


def fetch_jwks(url: str) -> str:
    """A platform's public keys (its JWKS) from its address, as JSON text."""
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read(1_000_000).decode("utf-8"))


def _audiences(claims: Mapping[str, Any]) -> list[str]:
    aud = claims.get("aud")
    return [aud] if isinstance(aud, str) else [a for a in aud or [] if isinstance(a, str)]


def _role_names(roles: Iterable[Any]) -> set[str]:
    """The roles' last words: ``…/membership#Instructor`` -> ``Instructor``,
    ``…/membership/Instructor#TeachingAssistant`` -> ``TeachingAssistant``."""
    return {re.split(r"[#/]", str(r))[-1] for r in roles}


def kind_for(roles: Iterable[Any]) -> str | None:
    """``facilitator``, ``trainee`` or None (a role the course has no place for)."""
    names = _role_names(roles)
    if names & FACILITATOR_ROLES:
        return "facilitator"
    if names & TRAINEE_ROLES:
        return "trainee"
    return None


def lti_login(issuer: str, context_id: str, sub: str) -> str:
    """The login a person of an LMS course signs in as: their ``sub`` on that issuer in
    that course, as a digest (no name, no email)."""
    digest = hashlib.sha256(f"{issuer}\n{context_id}\n{sub}".encode()).hexdigest()[:40]
    return f"lti:{digest}"


def page_for(claims: Mapping[str, Any], kind: str, modules: Iterable[str]) -> str:
    """The notebook a launch lands on."""
    if kind == "facilitator":
        return DASHBOARD
    known = set(modules)
    custom = claims.get(CLAIM + "custom") or {}
    named = str(custom.get("module", "")).strip() if isinstance(custom, dict) else ""
    if named.endswith(".ipynb"):
        named = named[:-6]
    if _MODULE.match(named) and named in known:
        return f"{named}.ipynb"
    path = urlsplit(str(claims.get(CLAIM + "target_link_uri", ""))).path
    stem = path.rsplit("/", 1)[-1].removesuffix(".ipynb")
    if "/voila/render/" in path and stem in known:
        return f"{stem}.ipynb"
    return f"{WELCOME}.ipynb"


def _unverified(id_token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        header = jwt.get_unverified_header(id_token)
        claims = jwt.decode(id_token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise Refused("What the LMS sent is not a sign-in the course can read. "
                      + AGAIN) from None
    return header, claims


def _platform(store: Store, claims: Mapping[str, Any]) -> Platform:
    issuer = str(claims.get("iss", ""))
    known = [p for p in store.lti.all() if p.issuer == issuer]
    if not known:
        raise Refused("This sign-in comes from a learning system the course is not "
                      "registered with. Ask your course administrator to register it.")
    for audience in _audiences(claims):
        for platform in known:
            if platform.client_id == audience:
                return platform
    raise Refused(f"This sign-in from {known[0].shown_name} was meant for another tool, "
                  "not this course. Ask your LMS administrator to check the course's "
                  "registration.")


def _key(platform: Platform, kid: str | None,
         fetch: Callable[[str], str]) -> tuple[Any, str]:
    """The platform's public key for ``kid``, from the keys kept for it or, when they
    do not have it, fetched anew; and the JWKS fetched ("" when none was)."""
    fetched = ""
    for attempt in range(2):
        text = platform.platform_keys if attempt == 0 else fetched
        if attempt == 1:
            try:
                fetched = text = fetch(platform.jwks_url)
            except (OSError, ValueError):
                raise Refused(f"The course could not reach {platform.shown_name} to check "
                              "this sign-in. Please try again in a minute.") from None
        try:
            keyset = jwt.PyJWKSet.from_json(text) if text else None
        except (jwt.PyJWTError, ValueError, TypeError):
            keyset = None
        if keyset is None:
            continue
        for key in keyset.keys:
            if kid is None or key.key_id == kid:
                return key.key, fetched
    raise Refused(f"This sign-in was not signed with any key of {platform.shown_name}. "
                  + AGAIN)


def check(store: Store, id_token: str, state: str, cookie_state: str | None,
          fetch: Callable[[str], str] = fetch_jwks) -> Checked:
    """The launch's claims, checked; :class:`Refused` otherwise (nothing written)."""
    if not id_token or not state:
        raise Refused("The LMS did not send a sign-in. " + AGAIN)
    header, unverified = _unverified(id_token)
    platform = _platform(store, unverified)
    login = store.lti.login_state(state)
    if login is None or login.platform_id != platform.id:
        raise Refused("This sign-in did not start at this course. " + AGAIN)
    if login.used:
        raise Refused("This sign-in has already been used, and each is used once. " + AGAIN)
    if not login.fresh:
        raise Refused("This sign-in took too long to finish. " + AGAIN)
    if cookie_state != state:
        raise Refused("This sign-in started in another browser or window, so the course "
                      "cannot be sure it is yours. " + AGAIN)
    key, fetched = _key(platform, header.get("kid"), fetch)
    try:
        claims: dict[str, Any] = jwt.decode(
            id_token, key, algorithms=["RS256"], audience=platform.client_id,
            issuer=platform.issuer, leeway=LEEWAY,
            options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]})
    except jwt.ExpiredSignatureError:
        raise Refused("This sign-in has expired. " + AGAIN) from None
    except jwt.InvalidSignatureError:
        raise Refused(f"This sign-in was not signed by {platform.shown_name}, so the "
                      "course cannot trust it. " + AGAIN) from None
    except jwt.MissingRequiredClaimError as e:
        raise Refused(f"The LMS left out part of the sign-in ({e.claim}). The course needs "
                      "to know who you are, so it cannot sign you in.") from None
    except jwt.PyJWTError:
        raise Refused("This sign-in is not valid for this course. " + AGAIN) from None
    audiences = _audiences(claims)
    azp = claims.get("azp")
    if (azp is not None and azp != platform.client_id) or (len(audiences) > 1 and azp is None):
        raise Refused("This sign-in was meant for another tool, not this course. " + AGAIN)
    if claims.get("nonce") != login.nonce:
        raise Refused("This sign-in does not belong to the course's login. " + AGAIN)
    deployment = str(claims.get(CLAIM + "deployment_id", ""))
    if deployment not in platform.deployment_ids:
        raise Refused(f"This link comes from a deployment of {platform.shown_name} the "
                      "course does not know. Ask your course administrator to add it.")
    message = claims.get(CLAIM + "message_type")
    if claims.get(CLAIM + "version") != "1.3.0" or message not in MESSAGES:
        raise Refused("The LMS sent a kind of launch this course does not take. " + AGAIN)
    kind = kind_for(claims.get(CLAIM + "roles") or [])
    if message == DEEP_LINKING:
        settings = claims.get(DEEP_LINKING_SETTINGS)
        if not isinstance(settings, dict) or not str(
                settings.get("deep_link_return_url", "")).startswith(("https://", "http://")):
            raise Refused("The LMS did not say where to send the chosen modules. " + AGAIN)
        if kind != "facilitator":
            raise Refused("Only a teacher of the LMS course can add the course's modules "
                          "to it.")
    elif not isinstance(claims.get(CLAIM + "context"), dict) or not claims[
            CLAIM + "context"].get("id"):
        raise Refused("This link is not inside an LMS course, so the course cannot tell "
                      "which group you belong to. Open it from your course's page in the LMS.")
    if kind is None:
        raise Refused("Your role in this LMS course is neither a teacher's nor a "
                      "learner's, so the course has no place for you. Ask your LMS "
                      "administrator.")
    if not store.lti.use_login(state):
        raise Refused("This sign-in has already been used, and each is used once. " + AGAIN)
    return Checked(platform, claims, state, fetched)


def _cohort_name(context: Mapping[str, Any]) -> str:
    name = " ".join(str(context.get("title") or context.get("label") or "").split())
    return name[:150] or "Course from the LMS"


def _cohort(store: Store, platform: Platform, context: Mapping[str, Any]) -> int:
    context_id = str(context["id"])
    found = store.lti.context_cohort(platform.issuer, context_id)
    if found is not None:
        return int(found)
    base = _cohort_name(context)
    names = [base, f"{base} ({platform.shown_name})",
             *(f"{base} ({platform.shown_name} {n})" for n in range(2, 50))]
    taken = {c.name for c in store.people.summaries()}
    for name in names:
        if name in taken:
            continue
        try:
            cohort = store.people.create_cohort(name)
        except StoreError:
            continue  # made at the same moment by another launch, or by somebody else
        return store.lti.link_context(platform.issuer, context_id, cohort.id)
    raise Refused("The course could not make a group for this LMS course. Ask your "
                  "course administrator.")


def display_name(claims: Mapping[str, Any]) -> str:
    """A person's name as the LMS gives it (launch claims, or a roster's member)."""
    name = claims.get("name") or " ".join(
        str(claims.get(k, "")) for k in ("given_name", "family_name")).strip()
    return " ".join(str(name or "Participant from the LMS").split())[:200]


def arrive(store: Store, checked: Checked, modules: Iterable[str]) -> Arrival:
    """Sign the person of a checked launch in: their cohort, their place, a token."""
    claims, platform = checked.claims, checked.platform
    if checked.fetched_keys:
        store.lti.set_keys(platform.id, json.dumps(json.loads(checked.fetched_keys)))
    context = claims[CLAIM + "context"]
    cohort_id = _cohort(store, platform, context)
    kind = kind_for(claims.get(CLAIM + "roles") or []) or "trainee"
    sub = str(claims["sub"])
    person = store.people.place_login(lti_login(platform.issuer, str(context["id"]), sub),
                                      display_name(claims), cohort_id, kind)
    store.lti.link_person(platform.issuer, sub, str(context["id"]), person.id)
    service = claims.get(NRPS)
    if isinstance(service, dict) and str(service.get("context_memberships_url", "")).startswith(
            ("https://", "http://")):
        store.lti.set_roster(platform.issuer, str(context["id"]), platform.id,
                             str(service["context_memberships_url"]))
    token = store.people.session_link(person.id)
    return Arrival(person.id, token, page_for(claims, kind, modules), kind == "facilitator",
                   cohort_id)
