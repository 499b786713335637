"""The facilitator's People section, as plain Python: who is in the cohort, how far each
has got (module by module) and when they were last seen, their link and email; and what
the facilitator can do for one person: keep their email address, send their link by
email, give them a new link, or switch their link off; and link cards to print, with a
new link for everyone or for those not seen yet (:mod:`commonground.pages.cards`).

Scoped to the facilitator's own cohort (a person of another cohort is refused, as if
not there). Nothing of anyone's writing is read here. A new link is returned once, to be
shown to the facilitator; it is stored only as a hash and never logged. Every problem is
a :class:`~commonground.errors.StoreError` in the facilitator's words, with nothing
written.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from commonground import environment
from commonground.access.link import personal_url
from commonground.data.messages import FAILED, SENDING, SENT, MessageRecord, check_address
from commonground.data.people import Participant, cohort_members
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.mail.links import KIND, LinkEmail, email_links
from commonground.mail.settings import MailError, mail_settings

from .cards import Build, CardsMade, check_base, chosen_for_cards, issue_cards, replaces_words
from .dashboard import FACILITATORS_ONLY, NotFacilitator

__all__ = ["COMPLETED", "NOT_OPENED", "OPENED", "ModuleColumn", "People", "PersonRow"]

COMPLETED, OPENED, NOT_OPENED = "Completed", "Opened", "Not yet"
LINK_WORDS = {"active": "Working", "revoked": "Switched off", "none": "None yet"}
THIS_COMPUTER = ("://127.0.0.1", "://localhost", "://[::1]")


@dataclass(frozen=True)
class ModuleColumn:
    module_id: str
    number: int | None
    title: str

    @property
    def heading(self) -> str:
        return f"Module {self.number}" if self.number is not None else self.title


@dataclass(frozen=True)
class PersonRow:
    participant_id: int
    name: str
    agency: str
    role: str
    modules: tuple[str, ...]  # per column: COMPLETED | OPENED | NOT_OPENED
    last_seen: _dt.datetime | None
    link: str  # in words: Working | Switched off | None yet
    email: str  # "" when none is known
    last_email: str  # what became of the last link email, in words ("" none)

    @property
    def completed(self) -> int:
        return sum(m == COMPLETED for m in self.modules)


def _when(moment: _dt.datetime) -> str:
    return f"{moment:%d %b %H:%M} UTC"


def email_words(record: MessageRecord | None) -> str:
    """The last link email, in words."""
    if record is None:
        return ""
    if record.status == SENT:
        return f"Sent {_when(record.finished_at or record.started_at)}"
    if record.status == SENDING:
        return "Being sent"
    assert record.status == FAILED
    return f"Not sent {_when(record.started_at)}: {record.error}"


class People:
    def __init__(self, store: Store, facilitator: Participant, base_url: str | None = None):
        if not facilitator.is_facilitator or facilitator.cohort_id is None:
            raise NotFacilitator(FACILITATORS_ONLY)
        self.store = store
        self.facilitator = facilitator
        self.cohort_id = facilitator.cohort_id
        self.base_url = base_url if base_url is not None else environment.read().public_url

    # -- what the table shows --------------------------------------------------------
    def modules(self) -> list[ModuleColumn]:
        try:
            from commonground.content.course import load_course

            return [ModuleColumn(m.id, m.number, m.title) for m in load_course().modules]
        except Exception:  # an outline problem must not hide the people
            return []

    def trainees(self) -> list[Participant]:
        return [m for m in self.store.people.members(self.cohort_id) if m.kind == "trainee"]

    def rows(self) -> list[PersonRow]:
        """Every trainee, by name, with their progress, last visit, link and email."""
        columns = self.modules()
        members = cohort_members(self.cohort_id, "trainee")
        with self.store.read():  # one snapshot
            links = {s.participant.id: s.link for s in self.store.people.link_states(
                self.cohort_id)}
            trainees = self.trainees()
            visits = self.store.progress.visits(members)
            seen = self.store.progress.last_seen(members)
            addresses = self.store.messages.addresses(self.cohort_id)
            emails = self.store.messages.latest(self.cohort_id, KIND)
        state: dict[tuple[int, str], str] = {
            (v.participant_id, v.module_id): COMPLETED if v.completed else OPENED
            for v in visits}
        return [
            PersonRow(p.id, p.display_name, p.agency, p.role,
                      tuple(state.get((p.id, c.module_id), NOT_OPENED) for c in columns),
                      seen.get(p.id), LINK_WORDS[links.get(p.id, "none")],
                      addresses.get(p.id, ""), email_words(emails.get(p.id)))
            for p in sorted(trainees, key=lambda p: (p.display_name.casefold(), p.id))
        ]

    def fingerprint(self) -> tuple:
        """Changes when the table would (for the page's live refresh)."""
        return tuple(self.rows())

    # -- adding one person -----------------------------------------------------------
    def add(self, name: str, agency: str, role: str = "", email: str = "") -> tuple[str, int]:
        """Add one trainee (the same rules as a roster's line): what to say, and their id.
        Someone already in the cohort (the same name and agency) is refused, nothing
        added."""
        name, agency = " ".join((name or "").split()), " ".join((agency or "").split())
        if not name or not agency:
            raise StoreError("Write the person's name and their agency. Nothing was added.")
        try:
            address = check_address(email, name) if (email or "").strip() else ""
        except StoreError as e:
            raise StoreError(f"{e} Nothing was added.") from None
        if self.facilitator.cohort_archived:
            raise StoreError("Your cohort is archived (read-only), so nobody can be added. "
                             "Nothing was added.")
        added, _skipped = self.store.people.add_trainees(self.cohort_id,
                                                         [(name, agency, role or "")])
        if not added:
            raise StoreError(f"{name} ({agency}) is already in your cohort. Nothing was "
                             "added.")
        [person] = [m for m in self.trainees() if (m.display_name.casefold(),
                                                     m.agency.casefold()) ==
                    (name.casefold(), agency.casefold())]
        if address:
            self.store.messages.set_address(person.id, address)
        return (f"Added {person.display_name} ({person.agency}). Send them their link by "
                "email or give them a new link below.", person.id)

    # -- one person ------------------------------------------------------------------
    def person(self, participant_id: int) -> Participant:
        """A trainee of this cohort, or :class:`StoreError`."""
        try:
            person = self.store.people.get(participant_id)
        except StoreError:
            person = None
        if person is None or person.cohort_id != self.cohort_id or person.kind != "trainee":
            raise StoreError("That person is not in your cohort (any more). Nothing was "
                             "changed.")
        return person

    def set_email(self, participant_id: int, address: str) -> str:
        person = self.person(participant_id)
        kept = self.store.messages.set_address(person.id, address)
        if kept is None:
            return f"Forgot {person.display_name}'s email address."
        return f"Kept {person.display_name}'s email address: {kept}."

    def _base(self) -> str:
        return check_base(self.base_url)

    def on_this_computer_only(self) -> bool:
        """Whether links made here open only on the server's own computer."""
        return any(host in (self.base_url or "") for host in THIS_COMPUTER)

    def send_link(self, participant_id: int) -> LinkEmail:
        """Email the person a new link (their old one stops once the email is sent); a
        double click, a missing address or a relay that fails is said, never raised."""
        person = self.person(participant_id)
        base = self._base()
        try:
            settings = mail_settings()
        except MailError as e:
            raise StoreError(str(e)) from None
        [done] = email_links(self.store, [person], base, settings=settings)
        return done

    def reissue(self, participant_id: int) -> tuple[str, str]:
        """A new link for the person, their old one stopped: (what to say, the link, to
        be shown once to the facilitator)."""
        person = self.person(participant_id)
        base = self._base()
        token = self.store.people.issue_link(person.id)
        return (f"New link for {person.display_name}; their earlier link no longer works. "
                "Give it to them privately: it signs its holder in.",
                personal_url(base, token, facilitator=False))

    def reissue_mine(self) -> tuple[str, str]:
        """A new link for the facilitator themselves (it opens this page), touching nobody
        else's: (what to say, the link, shown once)."""
        base = self._base()
        token = self.store.people.issue_link(self.facilitator.id)
        return ("Your new facilitator link is below; your earlier one no longer works (this "
                "page keeps working until you reload it). Nobody else's link changed.",
                personal_url(base, token, facilitator=True))

    # -- link cards ------------------------------------------------------------------
    def card_people(self, only_unopened: bool = False) -> list[Participant]:
        """The trainees cards would be made for: everyone, or those not seen yet."""
        return chosen_for_cards(self.store, self.cohort_id, only_unopened)

    def cards_warning(self, only_unopened: bool = False) -> str:
        """What printing cards would do, said before it is done."""
        return replaces_words(self.card_people(only_unopened))

    def link_cards(self, only_unopened: bool, build: Build,
                   asked: Sequence[int] | None = None) -> CardsMade:
        """New links for the chosen trainees on cards (the PDF made by ``build``); their
        earlier links stop only once the PDF is made. Nothing is changed on any
        failure, and a server that does not know its address is said. ``asked``: the
        people the facilitator was told about; if that changed since, nothing is made."""
        self._base()  # the address first: nothing is made without it
        people = self.card_people(only_unopened)
        if asked is not None and sorted(asked) != sorted(p.id for p in people):
            raise StoreError("Who the cards are for changed since you asked (someone "
                             "opened a module, or joined or left the cohort). Nothing was "
                             "changed: press “Print link cards (PDF)” again.")
        return issue_cards(self.store, people, self.base_url, build)

    def revoke(self, participant_id: int) -> str:
        person = self.person(participant_id)
        if not self.store.people.revoke_links(person.id):
            return f"{person.display_name} had no working link; nothing changed."
        return (f"Switched off {person.display_name}'s link: it stops working the next time "
                "a page is opened with it. Give them a new one with “New link”.")
