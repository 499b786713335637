"""The facilitator dashboard's People section (view of :mod:`commonground.pages.people`).

A table of the cohort's trainees (progress by module, last seen, link, email), then one
person at a time: choose them, and keep their email address, send their link by email,
give them a new link (shown once, here only) or switch their link off. Every control is
a labelled ipywidget, reachable by keyboard; the table scrolls sideways inside its own
box on a narrow screen.

Link cards: "Print link cards (PDF)" for everyone or only those not seen yet asks
first, saying whose links it replaces; "Yes, make the cards" issues the new links and
gives the PDF as a download here (a ``data:`` link, shown once).

Test hooks: ``view.choose(participant_id)``, ``view.save_email(address)``,
``view.send_link()``, ``view.reissue()``, ``view.revoke()``, ``view.reissue_mine()``,
``view.add(name, agency, role, email)``, ``view.upload_roster(filename, data)``,
``view.ask_cards(only_unopened)``, ``view.make_cards()``, ``view.cancel_cards()``,
``view.draw()``,
``view.table``, ``view.new_link``, ``view.cards_link``.
"""

from __future__ import annotations

import base64
import datetime as _dt
from collections.abc import Sequence

import ipywidgets as w

from commonground import Participant, Store
from commonground.pages.cards import CardLine
from commonground.pages.people import People, PersonRow
from commonground.templates import render

from ._errors import MessageArea, guarded

__all__ = ["PeopleSection"]

INTRO = (
    "Your trainees, how far each has got and when they last opened a module. Choose a "
    "person to keep their email address, send them their link by email, give them a new "
    "link or switch theirs off. Nobody's writing is shown here."
)
THIS_COMPUTER_ONLY = (
    "Links made here start with {base}, which opens only on the course server's own "
    "computer. To give trainees links that work on their phones, ask whoever runs the "
    "course to start it with --public-url and the address trainees open."
)


def _seen(row: PersonRow, now: _dt.datetime) -> str:
    if row.last_seen is None:
        return "Not seen yet"
    if row.last_seen.date() == now.date():
        return f"Today {row.last_seen:%H:%M} UTC"
    return f"{row.last_seen:%d %b %H:%M} UTC"


def _actions(*buttons: w.Button) -> w.HBox:
    row = w.HBox(list(buttons))
    row.add_class("cg-people-actions")
    return row


class PeopleSection(w.VBox):
    def __init__(self, store: Store, facilitator: Participant, message: MessageArea,
                 base_url: str | None = None):
        self.model = People(store, facilitator, base_url)
        self.message = message
        on = guarded(message)
        note = INTRO
        if self.model.on_this_computer_only():
            note += " " + THIS_COMPUTER_ONLY.format(base=self.model.base_url)
        self.table = w.HTML()
        self.person = w.Dropdown(description="Person:", options=[], value=None)
        self.email = w.Text(description="Email address:", placeholder="name@example.org",
                            continuous_update=False)
        self.save_button = w.Button(description="Save address", icon="check",
                                    tooltip="Keep this email address for the chosen person")
        self.send_button = w.Button(description="Send link by email", icon="paper-plane",
                                    tooltip="Email the chosen person a new personal link; "
                                    "their old link stops once the email is sent")
        self.reissue_button = w.Button(description="New link", icon="link",
                                       tooltip="Make a new link for the chosen person to "
                                       "give them yourself; their old link stops at once")
        self.revoke_button = w.Button(description="Switch off link", icon="ban",
                                      tooltip="Their link stops working at their next page")
        self.new_link = w.HTML()
        self.new_name = w.Text(description="Name:", continuous_update=False)
        self.new_agency = w.Text(description="Agency:", continuous_update=False)
        self.new_role = w.Text(description="Role (optional):", continuous_update=False)
        self.new_email = w.Text(description="Email (optional):", continuous_update=False,
                                placeholder="name@example.org")
        self.add_button = w.Button(description="Add this trainee", icon="user-plus",
                                   tooltip="Add them to your cohort (no link yet)")
        self.roster = w.FileUpload(accept=".csv,text/csv,.xlsx", multiple=False,
                                   description="Add from a roster (CSV or Excel)",
                                   tooltip="A CSV file or an Excel workbook (.xlsx) with the "
                                   "columns name, agency, and optionally role and email")
        self.roster_problems = w.HTML()
        self.roster.observe(on(lambda _ch: self._uploaded()), names="value")
        self.add_button.on_click(on(lambda _b: self.add(
            self.new_name.value, self.new_agency.value, self.new_role.value,
            self.new_email.value)))
        self.mine_button = w.Button(description="A new link for me", icon="key",
                                    tooltip="Make a new facilitator link for yourself, shown "
                                    "once here; your old one stops, nobody else's changes")
        self.mine_button.on_click(on(lambda _b: self.reissue_mine()))
        self.cards_choice = w.RadioButtons(
            description="Cards for:", value=False,
            options=[("Everyone", False),
                     ("Only those not seen yet (they have not opened a module)", True)])
        self.cards_button = w.Button(description="Print link cards (PDF)", icon="print",
                                     tooltip="A PDF of cards, one per trainee, each with a "
                                     "new personal link; asks you first")
        self.cards_yes = w.Button(description="Yes, make the cards", icon="check",
                                  button_style="warning",
                                  tooltip="Make new links for these people (their earlier "
                                  "links stop) and the PDF to print")
        self.cards_cancel = w.Button(description="Cancel", icon="times",
                                     tooltip="Make no cards; nobody's link changes")
        self.cards_confirm = w.VBox()
        self.cards_confirm.add_class("cg-cards-ask")
        self.cards_link = w.HTML()
        self.cards_button.on_click(on(lambda _b: self.ask_cards(self.cards_choice.value)))
        self.cards_yes.on_click(on(lambda _b: self.make_cards()))
        self.cards_cancel.on_click(on(lambda _b: self.cancel_cards()))
        self.cards_choice.observe(on(lambda _ch: self.cancel_cards()), names="value")
        self._cards_for: bool | None = None
        self._cards_asked: list[int] = []
        self.save_button.on_click(on(lambda _b: self.save_email(self.email.value)))
        self.send_button.on_click(on(lambda _b: self.send_link()))
        self.reissue_button.on_click(on(lambda _b: self.reissue()))
        self.revoke_button.on_click(on(lambda _b: self.revoke()))
        self.person.observe(on(lambda _ch: self._another_person()), names="value")
        self._rows: dict[int, PersonRow] = {}
        actions = w.HBox([self.send_button, self.reissue_button, self.revoke_button])
        actions.add_class("cg-people-actions")
        address = w.HBox([self.email, self.save_button])
        address.add_class("cg-people-actions")
        super().__init__([
            w.HTML(render("dashboard/heading.html", title="People", note=note)),
            self.table, self.person, address, actions, self.new_link,
            w.HTML(render("dashboard/heading3.html", title="Add a trainee",
                          note="One person at a time, or many from a roster: a CSV file "
                          "whose first line reads name,agency,role,email (role and email "
                          "may be left empty).")),
            self.new_name, self.new_agency, self.new_role, self.new_email, self.add_button,
            self.roster, self.roster_problems,
            w.HTML(render("dashboard/heading3.html", title="Your own link",
                          note="Lost your facilitator link? Make a new one here: only yours "
                          "changes.")),
            self.mine_button,
            w.HTML(render("dashboard/heading3.html", title="Link cards to print",
                          note="For a room where people arrive on phones: an A4 PDF with "
                          "one card per trainee (their name, a QR code of their link, the "
                          "link written out, how to keep it private). Printing cards gives "
                          "each of those people a new link: their earlier one stops.")),
            self.cards_choice, self.cards_button, self.cards_confirm, self.cards_link,
        ])
        self.add_class("cg-people")
        self.draw()

    # -- test hooks --------------------------------------------------------------------
    def choose(self, participant_id: int) -> None:
        self.person.value = participant_id

    def save_email(self, address: str) -> None:
        self.message.show(self.model.set_email(self._chosen(), address))
        self.draw()

    def send_link(self) -> None:
        done = self.model.send_link(self._chosen())
        self.message.show(done.words, "info" if done.sent else "problem")
        self.draw()

    def reissue(self) -> None:
        chosen = self._chosen()
        words, link = self.model.reissue(chosen)
        self.new_link.value = render("dashboard/new_link.html",
                                     name=self._rows[chosen].name, link=link)
        self.message.show(words)
        self.draw(keep_link=True)

    def add(self, name: str, agency: str, role: str = "", email: str = "") -> None:
        words, added = self.model.add(name, agency, role, email)
        for field in (self.new_name, self.new_agency, self.new_role, self.new_email):
            field.value = ""
        self.message.show(words)
        self.draw()
        self.person.value = added  # ready for their link

    def upload_roster(self, filename: str, data: bytes) -> None:
        """Add everyone in an uploaded roster (the same rules and messages as
        ``commonground cohort add``), or list its problems with their lines and add
        nobody."""
        from commonground.admin.roster import add_roster, read_uploaded_roster
        from commonground.content.datafile import DataFileError

        try:
            rows = read_uploaded_roster(filename, data)
        except DataFileError as e:
            self.roster_problems.value = render("dashboard/roster_problems.html",
                                                problems=[str(p) for p in e.problems])
            self.message.show(f"Nothing was added: {filename} has problems (listed under "
                              "the roster button).", "problem")
            return
        if self.model.facilitator.cohort_archived:
            from commonground import StoreError

            raise StoreError("Your cohort is archived (read-only), so nobody can be added. "
                             "Nothing was added.")
        done = add_roster(self.model.store, self.model.cohort_id, rows)
        self.roster_problems.value = ""
        words = f"Added {done.added} trainee(s) from {filename}."
        if done.skipped:
            words += (f" Skipped {len(done.skipped)} already in your cohort (the same name "
                      "and agency).")
        if done.emailed:
            words += f" Kept {done.emailed} email address(es)."
        self.message.show(words)
        self.draw()

    def _uploaded(self) -> None:
        files = self.roster.value
        if not files:
            return
        upload = files[0]
        self.roster.value = ()  # the next choice of the same file is a change too
        self.upload_roster(str(upload["name"]), bytes(upload["content"]))

    def reissue_mine(self) -> None:
        words, link = self.model.reissue_mine()
        self.new_link.value = render("dashboard/new_link.html", name="", link=link)
        self.message.show(words)

    def revoke(self) -> None:
        self.message.show(self.model.revoke(self._chosen()))
        self.draw()

    def ask_cards(self, only_unopened: bool = False) -> None:
        """Say whose links printing cards replaces, and ask (nothing is changed yet)."""
        self.cards_link.value = ""
        people = self.model.card_people(only_unopened)
        warning = self.model.cards_warning(only_unopened)
        if not people:
            self.cancel_cards()
            self.message.show(warning)
            return
        self._cards_for = only_unopened
        self._cards_asked = [p.id for p in people]
        self.cards_confirm.children = (
            w.HTML(render("dashboard/cards_confirm.html", warning=warning)),
            _actions(self.cards_yes, self.cards_cancel))

    def cancel_cards(self) -> None:
        self._cards_for = None
        self.cards_confirm.children = ()

    def make_cards(self) -> None:
        """Make the cards asked for: new links, then the PDF as a download."""
        from commonground.pack.link_cards import cards_pdf

        if self._cards_for is None:
            from commonground import StoreError

            raise StoreError("Choose who the cards are for and press “Print link cards "
                             "(PDF)” first. Nothing was changed.")
        only_unopened, title = self._cards_for, self.model.facilitator.cohort_name or ""
        asked = self._cards_asked
        self.cancel_cards()

        def build(lines: Sequence[CardLine]) -> bytes:
            return cards_pdf(lines, title=f"Link cards: {title}" if title else "Link cards")

        made = self.model.link_cards(only_unopened, build, asked)
        href = "data:application/pdf;base64," + base64.b64encode(made.pdf).decode("ascii")
        self.cards_link.value = render("dashboard/cards_download.html", href=href,
                                       filename="link_cards.pdf", count=made.count)
        self.message.show(made.words)
        self.draw(keep_link=True)

    # -- drawing -----------------------------------------------------------------------
    def _chosen(self) -> int:
        if self.person.value is None:
            from commonground import StoreError

            raise StoreError("Choose a person first (the Person list). Nothing was changed.")
        return int(self.person.value)

    def draw(self, keep_link: bool = False) -> None:
        rows = self.model.rows()
        now = _dt.datetime.now(_dt.UTC)
        self._rows = {r.participant_id: r for r in rows}
        self.table.value = render("dashboard/people.html", rows=rows,
                                  columns=self.model.modules(),
                                  seen={r.participant_id: _seen(r, now) for r in rows})
        chosen = self.person.value
        options = [(f"{r.name} ({r.agency})" if r.agency else r.name, r.participant_id)
                   for r in rows]
        if [o[1] for o in self.person.options] != [o[1] for o in options] or [
                o[0] for o in self.person.options] != [o[0] for o in options]:
            self.person.options = options
            self.person.value = chosen if chosen in self._rows else None
        if not keep_link:
            self.new_link.value = ""  # a new link is shown once, then gone
            self.cards_link.value = ""
        self._show_person()

    def _another_person(self) -> None:
        self.new_link.value = ""  # one person's new link is not left beside another's
        self._show_person()

    def _show_person(self) -> None:
        row = self._rows.get(self.person.value) if self.person.value is not None else None
        self.email.value = row.email if row else ""
        for button in (self.save_button, self.send_button, self.reissue_button,
                       self.revoke_button):
            button.disabled = row is None
