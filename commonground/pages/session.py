"""The page's session, decided once per kernel: either the page is :class:`Ready` (the
course, the open store and the participant, read once) or it is :class:`Blocked` (the
plain message to show instead of the page, having written nothing)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import TypeAlias

from sqlalchemy.exc import SQLAlchemyError

from commonground.access.identity import Identity, resolve_identity
from commonground.config import content_dir
from commonground.content.course import Course, load_course
from commonground.content.datafile import DataFileError
from commonground.data.people import Participant
from commonground.data.store import Store, open_store
from commonground.errors import StoreError
from commonground.spaces import Viewer, viewer_for

__all__ = [
    "DATABASE_PROBLEM",
    "NEEDS_ATTENTION",
    "Blocked",
    "PageSession",
    "Ready",
    "current_session",
    "page_query_string",
    "preheated",
    "reset_session",
    "session_started",
    "start_session",
]

log = logging.getLogger("commonground.widgets")

NEEDS_ATTENTION = (
    "The course cannot use its database until whoever runs the course has looked at it "
    "(the reason is in the server's log), so this page cannot be shown. Nothing was saved "
    "or changed. Please let your facilitator know."
)
DATABASE_PROBLEM = (
    "The course database cannot be read just now, so this page cannot be shown. Nothing "
    "was saved or changed. Please try again in a minute, and let your facilitator know "
    "if it keeps happening."
)


@dataclass(frozen=True)
class Ready:
    """A page that can show its content: everything its views need."""

    course: Course
    store: Store
    identity: Identity  # how they signed in (for links that keep them signed in)
    participant: Participant  # read once, when the page opened

    @property
    def viewer(self) -> Viewer:
        """Who is looking, for the shared spaces."""
        return viewer_for(self.participant)

    @property
    def self_paced(self) -> bool:
        return self.identity.mode == "self"

    @property
    def link_query(self) -> str:
        """What to append to course links so the trainee stays signed in."""
        return self.identity.link_query


@dataclass(frozen=True)
class Blocked:
    """A page that must not show its content (an invalid link, a broken outline, a
    database problem): only this message, in plain words."""

    message: str


PageSession: TypeAlias = Ready | Blocked


def preheated() -> bool:
    """Whether this kernel was started ahead of its page request (Voila's preheating)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False"


def page_query_string() -> str:
    """The page URL's query string. With preheated kernels the notebook runs before
    anyone asks for it (and has built the page: widgets.course), so wait for the
    request (Voila's documented way, without importing Voila)."""
    if preheated():
        from .request import wait_for_request  # not voila.utils: 40 MB lighter

        wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def _rehearse(store: Store) -> None:
    """Make, for nobody (ids no row has), the reads a module page makes once it knows
    whom it is for, so that a preheated kernel has compiled their SQL before its
    visitor arrives (SQLAlchemy caches it per engine): in a room of 30 that is the
    largest part of what each visitor would otherwise wait for. Reads only, and what
    they find (nothing) is dropped. A problem is left for the page to report."""
    from commonground.data.people import Participant
    from commonground.data.reflections import shared_reflections
    from commonground.spaces.agreement import Agreement

    nobody = Participant(id=0, public_id="", kind="trainee", display_name="", cohort_id=0)
    try:
        store.people.for_token("A" * 32)
        store.progress.for_participant(nobody.id)
        store.reflections.get(nobody.id, "")
        shared_reflections(store, 0, "")
        store.plays.current(nobody.id, "")
        Agreement(store, nobody).agreed()
    except Exception:
        log.debug("rehearsing the page's reads failed", exc_info=True)


def start_session() -> PageSession:
    try:
        course = load_course(content_dir())  # the folder as the cache key, not None
    except DataFileError as e:
        return Blocked(f"The course outline has a problem: {e}")
    try:
        store = open_store()
    except StoreError as e:  # too old, too new, not a course database: for whoever runs it
        log.error("the course database cannot be used: %s", e)
        return Blocked(NEEDS_ATTENTION)
    except SQLAlchemyError:
        log.exception("opening the course database failed")
        return Blocked(DATABASE_PROBLEM)
    if preheated():
        _rehearse(store)
    try:
        identity = resolve_identity(store, page_query_string())
    except SQLAlchemyError:
        log.exception("reading who this page is for failed")
        store.dispose()
        return Blocked(DATABASE_PROBLEM)
    if identity.participant is None:
        store.dispose()
        return Blocked(identity.message or "This page cannot be shown.")
    return Ready(course, store, identity, identity.participant)


_current: PageSession | None = None


def current_session() -> PageSession:
    global _current
    if _current is None:
        _current = start_session()
    return _current


def session_started() -> bool:
    """Whether this kernel already knows whom its page is for (or why it is blocked)."""
    return _current is not None


def reset_session() -> None:
    """Forget the session (tests; a new page always starts a new kernel)."""
    global _current
    if isinstance(_current, Ready):
        _current.store.dispose()  # closes pooled connections; the engine stays usable
    _current = None
