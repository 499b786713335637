"""The organisation's course administrator's link: the owner of the table
``administrators``.

The course administrator is a role above facilitators: they create cohorts, name their
facilitators, archive, export and purge. They sign in with a link, like everyone else,
whose token is stored only as a hash (:mod:`commonground.data.tokens`). One administrator
link works at a time: :meth:`Administrators.issue_link` switches every earlier one off.
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
            if conn.execute(select(func.count()).select_from(t.administrators)).scalar():
                return None
            return _issue(conn)

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
    conn.execute(update(a).where(a.c.revoked_at.is_(None)).values(revoked_at=now))
    conn.execute(a.insert().values(token_hash=hash_token(token), created_at=now))
    return token
