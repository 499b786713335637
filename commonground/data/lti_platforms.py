"""The learning management systems (LTI 1.3 platforms) the course is registered with, and
what their launches leave behind: the owner of the tables ``lti_platforms``, ``lti_once``,
``lti_contexts`` and ``lti_people``.

- A **platform** is one registration: the LMS's issuer and the client id it gave the
  course, its deployment ids, its login (authorisation) and token endpoints, its public
  keys' address (JWKS) and the keys last fetched from there, kept per platform.
- A login's ``state`` and ``nonce`` are used **once**: :meth:`LtiPlatforms.use_login`
  marks them used in the same statement that checks they are not, so a replayed launch
  is refused however quickly it comes.
- An LMS course (``context``) is a cohort, made at its first launch; a person of an LMS
  course is keyed by the platform's ``sub`` (with the issuer and the course), never by
  email or name.

Bad input is refused with a :class:`~commonground.errors.StoreError` in the
administrator's words, and writes nothing.
"""

from __future__ import annotations

import datetime as _dt
import json
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from commonground.errors import StoreError
from commonground.text import first_control

from . import _schema as t
from ._db import new_id, utcnow

if TYPE_CHECKING:
    from sqlalchemy import Connection, Row

    from ._db import Database

__all__ = [
    "LOGIN_MINUTES",
    "LoginState",
    "LtiPlatforms",
    "Platform",
    "check_url",
]

LOGIN_MINUTES = 10  # a login's state and nonce are good for this long
_FIELD_LIMIT = 300
_URL_LIMIT = 1000


@dataclass(frozen=True)
class Platform:
    id: int
    issuer: str
    client_id: str
    name: str
    deployment_ids: tuple[str, ...]
    auth_login_url: str
    auth_token_url: str
    jwks_url: str
    platform_keys: str  # the platform's JWKS as last fetched (JSON), or ""

    @property
    def shown_name(self) -> str:
        return self.name or urlsplit(self.issuer).hostname or self.issuer

    @property
    def origin(self) -> str:
        """Where the LMS's pages come from (scheme, host and port of its login address):
        the frame the course may be shown in."""
        parts = urlsplit(self.auth_login_url)
        return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class LoginState:
    platform_id: int
    nonce: str
    used: bool
    fresh: bool


def check_url(value: str, what: str) -> str:
    """An address an administrator gave, checked: ``http(s)://`` and a host. The
    ``StoreError`` says what is wrong in words."""
    value = (value or "").strip()
    if not value:
        raise StoreError(f"The {what} is missing. Nothing was saved.")
    if len(value) > _URL_LIMIT or first_control(value) or " " in value:
        raise StoreError(f"The {what} {value[:80]!r} is not a web address. Nothing was saved.")
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise StoreError(f"The {what} must be a web address starting https:// "
                         f"(given: {value[:80]!r}). Nothing was saved.")
    return value


def _field(value: str, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise StoreError(f"The {what} is missing. Nothing was saved.")
    if len(value) > _FIELD_LIMIT or first_control(value):
        raise StoreError(f"The {what} {value[:80]!r} is too long or holds a control "
                         "character. Nothing was saved.")
    return value


def _platform(row: Row) -> Platform:
    return Platform(
        id=row.id, issuer=row.issuer, client_id=row.client_id, name=row.name,
        deployment_ids=tuple(json.loads(row.deployment_ids or "[]")),
        auth_login_url=row.auth_login_url, auth_token_url=row.auth_token_url,
        jwks_url=row.jwks_url, platform_keys=row.platform_keys or "")


def _utc(value: _dt.datetime) -> _dt.datetime:
    # SQLite gives back naive times; every time here was written in UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=_dt.UTC)


class LtiPlatforms:
    def __init__(self, store: Database):
        self.store = store

    # -- registrations -------------------------------------------------------
    def add(self, *, issuer: str, client_id: str, auth_login_url: str, jwks_url: str,
            auth_token_url: str = "", deployment_ids: tuple[str, ...] | list[str] = (),
            name: str = "") -> Platform:
        """Register a platform. Refuses a second registration of the same issuer and
        client id (add a deployment to it instead)."""
        issuer = check_url(issuer, "platform's issuer")
        client_id = _field(client_id, "client id")
        values = dict(
            issuer=issuer, client_id=client_id,
            name=(name or "").strip()[:200],
            auth_login_url=check_url(auth_login_url, "platform's login address"),
            jwks_url=check_url(jwks_url, "platform's key set (JWKS) address"),
            auth_token_url=(check_url(auth_token_url, "platform's token address")
                            if (auth_token_url or "").strip() else ""),
            deployment_ids=json.dumps(sorted({_field(d, "deployment id")
                                              for d in deployment_ids})),
            platform_keys="", created_at=utcnow())
        p = t.lti_platforms
        with self.store.write() as conn:
            if conn.execute(select(p.c.id).where(p.c.issuer == issuer,
                                                 p.c.client_id == client_id)).first():
                raise StoreError(
                    f"This course is already registered with {issuer} as client "
                    f"{client_id!r}. To add a deployment to it: commonground lti "
                    "add-deployment. Nothing was saved.")
            platform_id = new_id(conn.execute(p.insert().values(**values)))
        return self.get(platform_id)

    def add_deployment(self, platform_id: int, deployment_id: str) -> Platform:
        deployment_id = _field(deployment_id, "deployment id")
        p = t.lti_platforms
        with self.store.write() as conn:
            row = conn.execute(select(p).where(p.c.id == platform_id)).first()
            if row is None:
                raise StoreError(f"There is no platform number {platform_id}. "
                                 "See them with: commonground lti list")
            ids = sorted({*json.loads(row.deployment_ids or "[]"), deployment_id})
            conn.execute(update(p).where(p.c.id == platform_id)
                         .values(deployment_ids=json.dumps(ids)))
        return self.get(platform_id)

    def get(self, platform_id: int) -> Platform:
        p = t.lti_platforms
        with self.store.read() as conn:
            row = conn.execute(select(p).where(p.c.id == platform_id)).first()
        if row is None:
            raise StoreError(f"There is no platform number {platform_id}. "
                             "See them with: commonground lti list")
        return _platform(row)

    def all(self) -> list[Platform]:
        p = t.lti_platforms
        with self.store.read() as conn:
            return [_platform(r) for r in conn.execute(select(p).order_by(p.c.id))]

    def find(self, issuer: str, client_id: str | None = None) -> Platform | None:
        """The registration for an issuer (and client id; without one, the issuer's only
        registration), or None."""
        p = t.lti_platforms
        query = select(p).where(p.c.issuer == (issuer or "").strip())
        if client_id:
            query = query.where(p.c.client_id == client_id)
        with self.store.read() as conn:
            rows = conn.execute(query).all()
        return _platform(rows[0]) if len(rows) == 1 else None

    def set_keys(self, platform_id: int, jwks: str) -> None:
        """Keep the platform's public keys (its JWKS, as JSON) as just fetched."""
        p = t.lti_platforms
        with self.store.write() as conn:
            conn.execute(update(p).where(p.c.id == platform_id).values(platform_keys=jwks))

    def remove(self, platform_id: int) -> None:
        p = t.lti_platforms
        with self.store.write() as conn:
            if not conn.execute(delete(p).where(p.c.id == platform_id)).rowcount:
                raise StoreError(f"There is no platform number {platform_id}. "
                                 "See them with: commonground lti list")

    # -- what a sign-in uses once --------------------------------------------
    def start_login(self, platform_id: int) -> tuple[str, str]:
        """A fresh login ``state`` and ``nonce`` for a platform's sign-in, kept until
        :meth:`use_login`."""
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        with self.store.write() as conn:
            self._forget_old(conn)
            conn.execute(t.lti_once.insert().values(
                key=state, kind="login", platform_id=platform_id, nonce=nonce,
                created_at=utcnow()))
        return state, nonce

    def login_state(self, state: str) -> LoginState | None:
        """What a login's ``state`` names (None: never made here), read only."""
        o = t.lti_once
        with self.store.read() as conn:
            row = conn.execute(select(o).where(o.c.key == (state or "")[:100],
                                               o.c.kind == "login")).first()
        if row is None or row.platform_id is None:
            return None
        fresh = utcnow() - _utc(row.created_at) < _dt.timedelta(minutes=LOGIN_MINUTES)
        return LoginState(row.platform_id, row.nonce, row.used_at is not None, fresh)

    def use_login(self, state: str) -> bool:
        """Mark a login's state and nonce used; False when it already was (a replay)."""
        o = t.lti_once
        with self.store.write() as conn:
            done = conn.execute(update(o).where(o.c.key == state, o.c.kind == "login",
                                                o.c.used_at.is_(None))
                                .values(used_at=utcnow())).rowcount
        return bool(done)

    def keep_once(self, kind: str, platform_id: int, payload: str) -> str:
        """Keep ``payload`` (JSON) for one later use under a new random key."""
        key = secrets.token_urlsafe(24)
        with self.store.write() as conn:
            self._forget_old(conn)
            conn.execute(t.lti_once.insert().values(key=key, kind=kind, platform_id=platform_id,
                                                    payload=payload, created_at=utcnow()))
        return key

    def peek_once(self, kind: str, key: str) -> tuple[int, str] | None:
        """The platform and payload kept under ``key`` (None: unknown, used or too old)."""
        o = t.lti_once
        with self.store.read() as conn:
            row = conn.execute(select(o).where(o.c.key == (key or "")[:100], o.c.kind == kind,
                                               o.c.used_at.is_(None))).first()
        if row is None or row.platform_id is None or utcnow() - _utc(
                row.created_at) >= _dt.timedelta(minutes=LOGIN_MINUTES * 3):
            return None
        return int(row.platform_id), str(row.payload)

    def use_once(self, kind: str, key: str) -> bool:
        """Mark what is kept under ``key`` used; False when it already was."""
        o = t.lti_once
        with self.store.write() as conn:
            return bool(conn.execute(update(o).where(o.c.key == key, o.c.kind == kind,
                                                     o.c.used_at.is_(None))
                                     .values(used_at=utcnow())).rowcount)

    def _forget_old(self, conn: Connection) -> None:
        old = utcnow() - _dt.timedelta(days=1)
        conn.execute(delete(t.lti_once).where(t.lti_once.c.created_at < old))

    # -- LMS courses and people ----------------------------------------------
    def context_cohort(self, issuer: str, context_id: str) -> int | None:
        c = t.lti_contexts
        with self.store.read() as conn:
            return conn.execute(select(c.c.cohort_id).where(
                c.c.issuer == issuer, c.c.context_id == context_id)).scalar()

    def link_context(self, issuer: str, context_id: str, cohort_id: int) -> int:
        """Record that an LMS course is this cohort; the cohort it already is, when
        another launch was first."""
        c = t.lti_contexts
        try:
            with self.store.write() as conn:
                conn.execute(c.insert().values(issuer=issuer, context_id=context_id,
                                               cohort_id=cohort_id, memberships_url=""))
        except IntegrityError:
            pass
        found = self.context_cohort(issuer, context_id)
        assert found is not None
        return int(found)

    def set_roster(self, issuer: str, context_id: str, platform_id: int, url: str) -> None:
        """Where an LMS course's roster is (its launch's Names and Role service)."""
        c = t.lti_contexts
        with self.store.write() as conn:
            conn.execute(update(c).where(c.c.issuer == issuer, c.c.context_id == context_id,
                                         c.c.memberships_url != url[:1000])
                         .values(platform_id=platform_id, memberships_url=url[:1000]))

    def from_lms(self, cohort_id: int) -> bool:
        """Whether the cohort is an LMS course's (made or joined by a launch)."""
        c = t.lti_contexts
        with self.store.read() as conn:
            return conn.execute(select(c.c.cohort_id).where(c.c.cohort_id == cohort_id)
                                .limit(1)).first() is not None

    def rosters(self, cohort_id: int) -> list[tuple[str, str, int, str]]:
        """The LMS courses of a cohort whose roster the course can read: (issuer,
        context id, platform id, roster address)."""
        c = t.lti_contexts
        with self.store.read() as conn:
            rows = conn.execute(select(c).where(c.c.cohort_id == cohort_id,
                                                c.c.platform_id.is_not(None),
                                                c.c.memberships_url != ""))
            return [(r.issuer, r.context_id, int(r.platform_id), r.memberships_url)
                    for r in rows]

    def people_of(self, issuer: str, context_id: str) -> dict[str, int]:
        """The LMS's id (``sub``) -> participant, for the people of an LMS course."""
        lp = t.lti_people
        with self.store.read() as conn:
            rows = conn.execute(select(lp.c.sub, lp.c.participant_id).where(
                lp.c.issuer == issuer, lp.c.context_id == context_id))
            return {r.sub: int(r.participant_id) for r in rows}

    def person(self, issuer: str, sub: str, context_id: str) -> int | None:
        """The participant a person of an LMS course signs in as (None: not yet)."""
        lp = t.lti_people
        with self.store.read() as conn:
            return conn.execute(select(lp.c.participant_id).where(
                lp.c.issuer == issuer, lp.c.sub == sub,
                lp.c.context_id == context_id)).scalar()

    def link_person(self, issuer: str, sub: str, context_id: str, participant_id: int) -> None:
        lp = t.lti_people
        try:
            with self.store.write(participant=participant_id) as conn:
                conn.execute(lp.insert().values(issuer=issuer, sub=sub, context_id=context_id,
                                                participant_id=participant_id))
        except IntegrityError:
            pass  # another launch of theirs recorded it first
