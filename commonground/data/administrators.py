"""The organisation's course administrator's link: the owner of the table
``administrators``.

The course administrator is a role above facilitators: they create cohorts, name their
facilitators, archive, export and purge. They sign in with a link, like everyone else,
whose token is stored only as a hash (:mod:`commonground.data.tokens`). One administrator
link works at a time: :meth:`Administrators.issue_link` switches every earlier one off.
On JupyterHub the hub's administrators are course administrators too: the hub's door
signs each in with a sign-in of their own (:meth:`hub_session`, kept with their hub
login), which the link's renewal leaves alone.
``commonground serve`` makes the first one at its first start (:meth:`first_link`);
``commonground admin link`` makes a new one. Reading the token from a request is
:mod:`commonground.access.link`'s job; this module only says whether a token is the
administrator's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select, update

from . import _schema as t
from ._db import utcnow
from .tokens import hash_token, looks_like_token, new_token

if TYPE_CHECKING:
    from ._db import Database

__all__ = ["Administrators"]


class Administrators:
    def __init__(self, store: Database):
        self.store = store

    def issue_link(self) -> str:
        """A new administrator token; every earlier administrator link stops working.
        Only its hash is kept, so it must be handed out now."""
        with self.store.write() as conn:
            return _issue(conn)

    def first_link(self) -> str | None:
        """The first administrator token, made now when no administrator link was ever
        made; None when one was (it is not made again: ``commonground admin link``)."""
        with self.store.write() as conn:
            links = select(func.count()).select_from(t.administrators).where(
                t.administrators.c.login.is_(None))
            if conn.execute(links).scalar():
                return None
            return _issue(conn)

    def hub_session(self, login: str, keep: int = 5) -> str:
        """A new sign-in token for the hub administrator ``login`` (``hub:<user>``; the
        hub's door makes it when the hub says they are an administrator): their ``keep``
        newest work, beside the administrator link, which is not touched."""
        a = t.administrators
        now = utcnow()
        token = new_token()
        with self.store.write() as conn:
            conn.execute(a.insert().values(token_hash=hash_token(token), created_at=now,
                                           login=login))
            live = conn.execute(
                select(a.c.id).where(a.c.login == login, a.c.revoked_at.is_(None))
                .order_by(a.c.created_at.desc(), a.c.id.desc())).scalars().all()
            if len(live) > keep:
                conn.execute(update(a).where(a.c.id.in_(live[keep:])).values(revoked_at=now))
        return token

    def end_hub_sessions(self, login: str) -> int:
        """Switch off every sign-in of ``login`` (no longer a hub administrator)."""
        a = t.administrators
        with self.store.write() as conn:
            return conn.execute(update(a).where(a.c.login == login, a.c.revoked_at.is_(None))
                                .values(revoked_at=utcnow())).rowcount

    def login_of(self, token: str | None) -> str | None:
        """The hub login whose working sign-in ``token`` is; None for anything else (the
        administrator link included). Reads only."""
        if not token or not looks_like_token(token):
            return None
        a = t.administrators
        query = select(a.c.login).where(a.c.token_hash == hash_token(token),
                                         a.c.revoked_at.is_(None), a.c.login.is_not(None))
        with self.store.read() as conn:
            return conn.execute(query).scalar()

    def holds(self, token: str | None) -> bool:
        """Whether ``token`` is the working administrator link's. Reads only."""
        if not token or not looks_like_token(token):
            return False
        a = t.administrators
        query = select(a.c.id).where(a.c.token_hash == hash_token(token),
                                     a.c.revoked_at.is_(None))
        with self.store.read() as conn:
            return conn.execute(query).first() is not None


def _issue(conn: Connection) -> str:
    a = t.administrators
    now = utcnow()
    token = new_token()
    conn.execute(update(a).where(a.c.revoked_at.is_(None), a.c.login.is_(None))
                 .values(revoked_at=now))
    conn.execute(a.insert().values(token_hash=hash_token(token), created_at=now))
    return token
