"""The page's session: who the trainee is and the open store, decided once per kernel."""

from __future__ import annotations

import os
from dataclasses import dataclass

from commonground import (
    Course,
    DataFileError,
    Identity,
    Store,
    StoreError,
    load_course,
    open_store,
    resolve_identity,
)


def page_query_string() -> str:
    """The page URL's query string. With preheated kernels the notebook runs before
    anyone asks for it, so wait for the request (Voila's documented way)."""
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        from voila.utils import get_query_string

        return get_query_string() or ""
    return os.environ.get("QUERY_STRING", "")


@dataclass
class Session:
    course: Course | None
    store: Store | None
    identity: Identity | None
    problem: str | None = None  # why the page cannot show its content

    @property
    def ok(self) -> bool:
        return self.problem is None and self.identity is not None and self.identity.valid

    @property
    def participant(self):
        return self.identity.participant if self.identity else None


def start_session() -> Session:
    try:
        course = load_course()
    except DataFileError as e:
        return Session(None, None, None, f"The course outline has a problem: {e}")
    try:
        store = open_store()
    except StoreError as e:
        return Session(course, None, None, str(e))
    identity = resolve_identity(store, page_query_string())
    if not identity.valid:
        return Session(course, store, identity, identity.message)
    return Session(course, store, identity)


_current: Session | None = None


def current_session() -> Session:
    global _current
    if _current is None:
        _current = start_session()
    return _current


def reset_session() -> None:
    """Forget the session (tests; a new page always starts a new kernel)."""
    global _current
    _current = None
