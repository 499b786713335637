"""Printing link cards: a new personal link for each chosen trainee, laid out on cards.

Links are stored only as hashes, so a card needs a link made now, and making one
replaces the person's earlier link (as sending it by email or ``cohort links`` does).
The cards are made first, with the new links not yet switched on; only once the PDF is
made (and, for the command, written) are the new links switched on, for everyone at
once, in one transaction. When anything fails, no link changes: everyone's earlier link
still works. Nothing here logs; the links are only in the PDF.

How the cards look is the pack's (:mod:`commonground.pack.link_cards`), handed in as
``build``: pages do not import the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from commonground.access.link import masked, personal_url
from commonground.data.people import Participant, cohort_members
from commonground.data.store import Store
from commonground.data.tokens import new_token
from commonground.errors import StoreError

__all__ = ["NO_ADDRESS", "Build", "CardLine", "CardsMade", "check_base", "chosen_for_cards",
           "issue_cards", "replaces_words"]

CardLine = tuple[str, str, str]  # name, agency, link
Build = Callable[[Sequence[CardLine]], bytes]  # the cards' PDF

NO_ADDRESS = (
    "This course server does not know the address trainees open, so it cannot make "
    "their links. Ask whoever runs it to start it with --public-url (for example "
    "https://course.example.org/). No link was changed.")


@dataclass(frozen=True)
class CardsMade:
    pdf: bytes
    count: int
    words: str  # what to tell the facilitator


def check_base(base_url: str | None) -> str:
    """The address links start with, or :class:`StoreError` (:data:`NO_ADDRESS`)."""
    base = (base_url or "").strip()
    if not base.startswith(("https://", "http://")):
        raise StoreError(NO_ADDRESS)
    return base


def chosen_for_cards(store: Store, cohort_id: int, only_unopened: bool = False
                     ) -> list[Participant]:
    """The cohort's trainees (by name) to make cards for: everyone, or only those not
    seen yet (who have not opened a module with their link)."""
    with store.read():
        trainees = [m for m in store.people.members(cohort_id) if m.kind == "trainee"]
        seen = store.progress.last_seen(cohort_members(cohort_id, "trainee")) if (
            only_unopened) else {}
    return sorted((p for p in trainees if p.id not in seen),
                  key=lambda p: (p.display_name.casefold(), p.id))


def replaces_words(people: Sequence[Participant]) -> str:
    """What printing cards for these people does to their links, said before it is done."""
    n = len(people)
    if not n:
        return "There is nobody to make cards for. Nothing was changed."
    who = "this person" if n == 1 else f"these {n} people"
    names = ", ".join(p.display_name for p in people[:6])
    if n > 6:
        names += f" and {n - 6} more"
    return (f"Printing cards makes a new link for {who} ({names}). Their earlier links stop "
            "working, including any sent by email or handed out before, so give everyone "
            "their new card.")


def issue_cards(store: Store, people: Sequence[Participant], base_url: str | None,
                build: Build, keep: Callable[[bytes], None] | None = None) -> CardsMade:
    """New links for ``people`` on cards: the PDF is made by ``build`` (and handed to
    ``keep``, when given, to be written somewhere) before the new links are switched on.
    Any failure is :class:`StoreError` in words, with no link changed."""
    base = check_base(base_url)
    if not people:
        raise StoreError(replaces_words(people))
    tokens = {p.id: new_token() for p in people}  # switched on only once the cards exist
    lines = [(p.display_name, p.agency, personal_url(base, tokens[p.id], p.is_facilitator))
             for p in people]
    try:
        pdf = build(lines)
        if keep is not None:
            keep(pdf)
    except Exception as e:  # any failure: say it, change nothing
        reason = masked(str(e)).strip() or type(e).__name__
        raise StoreError(f"The cards could not be made ({reason}). No link was changed: "
                         "everyone's earlier link still works.") from None
    try:
        store.people.replace_links(tokens)
    except StoreError as e:
        raise StoreError(f"The cards were made, but their links could not be switched on "
                         f"({e}). No link was changed: throw the cards away and try "
                         "again.") from None
    n = len(people)
    return CardsMade(pdf, n, (
        f"Made {n} link card{'' if n == 1 else 's'}. The earlier links of "
        f"{'this person' if n == 1 else f'these {n} people'} no longer work: give each "
        "person their card, and keep the PDF private (each card signs its holder in)."))
