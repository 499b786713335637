"""The organisation's course administrator's page, as plain Python: every cohort's state,
and what the administrator does: create a cohort, name its facilitators (each given a
link, shown once; a new one can be made at any time without touching anyone else's),
archive it, export it (the same CSV files as ``commonground cohort export``) and purge it
(typing its name to confirm, as ``commonground cohort purge`` asks). Its ``lms``
(:class:`~commonground.pages.lms_registration.LmsRegistration`) registers an LMS by hand
and rotates the course's signing key, as ``commonground lti`` does.

The administrator runs cohorts; they do not read anyone's writing here. The page shows
names of cohorts and facilitators and counts of trainees, never a trainee's name or
words (the export, made only on request, is what the CLI's export holds). Each action
calls the cohort tools the commands use (:mod:`commonground.admin.cohorts`, the owners in
:mod:`commonground.data`); every problem is a :class:`~commonground.errors.StoreError` in
the administrator's words, with nothing written.

Who may open it is decided by :func:`commonground.access.administrator.administrator_refusal`
(the administrator's link, read by :mod:`commonground.access.link`), in
:func:`administration_session`.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from commonground import environment
from commonground.access.administrator import administrator_refusal
from commonground.access.link import personal_url
from commonground.admin import cohorts as tools
from commonground.data.people import LinkState, Participant, cohort_members
from commonground.data.store import Store, open_store
from commonground.errors import StoreError

from .cards import check_base
from .lms_registration import LmsRegistration
from .session import DATABASE_PROBLEM, NEEDS_ATTENTION, Blocked, page_query_string

__all__ = [
    "LINK_WORDS",
    "Administration",
    "CohortState",
    "ExportFile",
    "NewLink",
    "administration_session",
]

log = logging.getLogger("commonground.widgets")

LINK_WORDS = {"active": "working", "revoked": "switched off", "none": "none yet"}


@dataclass(frozen=True)
class CohortState:
    """One cohort as the administrator sees it."""

    name: str
    facilitators: tuple[str, ...]
    trainees: int
    links_working: int
    last_activity: _dt.datetime | None  # when a member last opened a module
    archived: bool
    starts_on: str | None = None
    ends_on: str | None = None

    @property
    def state(self) -> str:
        return "Archived (read-only)" if self.archived else "Open"

    @property
    def last_activity_words(self) -> str:
        return f"{self.last_activity:%d %b %Y}" if self.last_activity else "Nobody yet"

    @property
    def facilitator_words(self) -> str:
        return ", ".join(self.facilitators) or "None named yet"

    @property
    def dates(self) -> str:
        if self.starts_on and self.ends_on:
            return f"{self.starts_on} to {self.ends_on}"
        return f"from {self.starts_on}" if self.starts_on else (
            f"until {self.ends_on}" if self.ends_on else "")


@dataclass(frozen=True)
class NewLink:
    """A facilitator's new link, to be shown to the administrator once."""

    name: str
    url: str
    words: str


@dataclass(frozen=True)
class ExportFile:
    filename: str
    data: bytes


def _date_words(value: str) -> str | None:
    return value.strip() or None


class Administration:
    def __init__(self, store: Store, base_url: str | None = None):
        self.store = store
        self.base_url = base_url if base_url is not None else environment.read().public_url
        self.lms = LmsRegistration(store, self.base_url)  # the LMSs (LTI), and the keys

    # -- reading -----------------------------------------------------------------------
    def cohorts(self) -> list[CohortState]:
        """Every cohort, by name, with its facilitators, trainees, working links, last
        activity and whether it is archived."""
        people = self.store.people
        out = []
        with self.store.read():  # one snapshot
            for summary in people.summaries():
                cohort = people.cohort(summary.name)
                members = people.link_states(cohort.id)
                seen = self.store.progress.last_seen(cohort_members(cohort.id))
                facilitators = tuple(s.participant.display_name for s in members
                                     if s.participant.is_facilitator)
                out.append(CohortState(
                    summary.name, facilitators, summary.trainees, summary.active_links,
                    max(seen.values(), default=None), summary.archived, summary.starts_on,
                    summary.ends_on))
        return out

    def cohort_names(self) -> list[str]:
        return [s.name for s in self.store.people.summaries()]

    def facilitators(self, cohort_name: str) -> list[LinkState]:
        """The cohort's facilitators, each with the state of their link."""
        cohort = self.store.people.cohort(cohort_name)
        return [s for s in self.store.people.link_states(cohort.id)
                if s.participant.is_facilitator]

    # -- doing -------------------------------------------------------------------------
    def create_cohort(self, name: str, starts_on: str = "", ends_on: str = "",
                      facilitator: str = "") -> tuple[str, NewLink | None]:
        """A new cohort, and its first facilitator with their link when named: (what to
        say, the link to show once or None). A facilitator's name is checked before the
        cohort is made, so a bad one creates nothing."""
        facilitator = " ".join((facilitator or "").split())
        if facilitator:
            self._base()  # links need the course's address: refused before anything is made
        cohort = self.store.people.create_cohort(name, "", _date_words(starts_on),
                                                 _date_words(ends_on))
        said = f"Created the cohort {cohort.name}."
        if not facilitator:
            return said + " Name its facilitator below.", None
        try:
            link = self.name_facilitator(cohort.name, facilitator)
        except StoreError as e:
            return f"{said} Its facilitator was not named: {e}", None
        return f"{said} {link.words}", link

    def name_facilitator(self, cohort_name: str, name: str) -> NewLink:
        """Name a facilitator of the cohort and make their link (shown once)."""
        base = self._base()
        cohort = self.store.people.cohort(cohort_name)
        pid = self.store.people.add_facilitator(cohort.id, name)
        person = self.store.people.get(pid)
        return self._link_for(person, base, first=True)

    def new_link(self, cohort_name: str, participant_id: int) -> NewLink:
        """A new link for one facilitator of the cohort (their earlier one stops working;
        nobody else's changes)."""
        base = self._base()
        mine = {s.participant.id: s.participant for s in self.facilitators(cohort_name)}
        if participant_id not in mine:
            raise StoreError("Choose one of this cohort's facilitators. Nothing was changed.")
        person, _url = tools.reissue_link(self.store, cohort_name,
                                          mine[participant_id].public_id, base)
        return self._link_for(person, base, first=False, url=_url)

    def _link_for(self, person: Participant, base: str, first: bool,
                  url: str | None = None) -> NewLink:
        if url is None:
            url = personal_url(base, self.store.people.issue_link(person.id), facilitator=True)
        lead = (f"{person.display_name} is a facilitator of {person.cohort_name}. Their link "
                "is below" if first else
                f"A new link for {person.display_name} is below; their earlier link no "
                "longer works. Nobody else's link changed")
        return NewLink(person.display_name, url, lead + ": it opens their facilitator's "
                       "page. Copy it now and give it to them privately; it is shown only "
                       "this once.")

    def archive(self, cohort_name: str, archived: bool = True) -> str:
        cohort = tools.archive(self.store, cohort_name, archived)
        if cohort.archived:
            return (f"{cohort.name} is archived (read-only): its people can still read "
                    "everything with their links, but nothing new can be saved.")
        return f"{cohort.name} is open again: its trainees can write and post."

    def export(self, cohort_name: str) -> list[ExportFile]:
        """The cohort's export as the CSV files ``commonground cohort export`` writes
        (read back here to be downloaded; nothing is left on the server)."""
        with tempfile.TemporaryDirectory() as tmp:
            written = tools.export(self.store, cohort_name, Path(tmp) / "export")
            return [ExportFile(path.name, path.read_bytes()) for path in written]

    def purge(self, cohort_name: str, typed: str) -> str:
        """Delete everything of the cohort once ``typed`` is its name exactly."""
        cohort = self.store.people.cohort(cohort_name)
        report = tools.purge(self.store, cohort.name, typed)
        if report.remaining:
            left = ", ".join(f"{n} in {table}" for table, n in report.remaining.items())
            raise StoreError(f"The purge of {cohort.name} left records behind ({left}). "
                             "Please report this to whoever runs the server.")
        total = sum(report.deleted.values())
        said = (f"Deleted the cohort {cohort.name} and all its data ({total:,} records). "
                "Checked: nothing of it remains.")
        if not report.compacted:
            said += (" The database could not be compacted just now, so deleted text may "
                     "stay on the server's disk until the next purge.")
        return said

    def _base(self) -> str:
        return check_base(self.base_url)


def administration_session() -> Administration | Blocked:
    """The administration page's session: the model for the course administrator, or
    the plain message anyone else is shown (having read and written nothing of
    anyone's)."""
    try:
        store = open_store()
    except StoreError as e:
        log.error("the course database cannot be used: %s", e)
        return Blocked(NEEDS_ATTENTION)
    except SQLAlchemyError:
        log.exception("opening the course database failed")
        return Blocked(DATABASE_PROBLEM)
    try:
        refusal = administrator_refusal(store, page_query_string(),
                                        os.environ.get("HTTP_COOKIE"), os.environ)
    except SQLAlchemyError:
        log.exception("reading who this page is for failed")
        refusal = DATABASE_PROBLEM
    if refusal is not None:
        store.dispose()
        return Blocked(refusal)
    return Administration(store)
