"""The course administrator's page (modules/administration.ipynb): ``administration.page()``.

Opened with the administrator's link (``commonground serve`` prints the first one;
``commonground admin link`` makes a new one). Anyone else, a trainee's or a
facilitator's link included, gets a plain message and no data. Rules and storage:
:mod:`commonground.pages.administration`.

Test hooks: ``view.create(name, starts, ends, facilitator)``, ``view.choose(cohort)``,
``view.name_facilitator(name)``, ``view.new_link(participant_id)``,
``view.archive(archived)``, ``view.export()``, ``view.purge(typed)``, ``view.refresh()``;
``view.table``, ``view.link``, ``view.downloads``, ``view.message``; the LMSs:
``view.lms`` (:class:`widgets.administration_lms.LmsSection`, its own hooks).
"""

from __future__ import annotations

import base64

import ipywidgets as w

from commonground.errors import StoreError
from commonground.pages.administration import (
    LINK_WORDS,
    Administration,
    NewLink,
    administration_session,
)
from commonground.pages.session import Blocked
from commonground.templates import render

from ._errors import guarded, message_area
from ._facilitator import message_page
from .administration_lms import LmsSection

__all__ = ["AdministrationView", "page"]

CSV_MIME = "data:text/csv;charset=utf-8;base64,"


def page() -> w.Widget:
    """The administration page, or a plain message for anyone who is not the course
    administrator."""
    session = administration_session()
    if isinstance(session, Blocked):
        return message_page(session.message)
    return AdministrationView(session)


def _heading(title: str, note: str, level: int = 2) -> w.HTML:
    return w.HTML(render("dashboard/heading.html" if level == 2 else "dashboard/heading3.html",
                         title=title, note=note))


class AdministrationView(w.VBox):
    def __init__(self, model: Administration):
        self.model = model
        self.message = message_area()
        on = guarded(self.message)
        self.refresh_button = w.Button(description="Refresh now", icon="refresh",
                                       tooltip="Read every cohort again from the database")
        self.refresh_button.on_click(on(lambda _b: self.refresh()))
        self.table = w.HTML()

        # -- create a cohort -----------------------------------------------------------
        self.new_name = w.Text(description="Cohort's name:", continuous_update=False,
                               placeholder="e.g. Southside March 2027")
        self.new_starts = w.Text(description="Starts (optional):", continuous_update=False,
                                 placeholder="2027-03-15")
        self.new_ends = w.Text(description="Ends (optional):", continuous_update=False,
                               placeholder="2027-05-30")
        self.new_facilitator = w.Text(description="Its facilitator (optional):",
                                      continuous_update=False, placeholder="e.g. Robin Ng")
        self.create_button = w.Button(description="Create the cohort", icon="plus",
                                      button_style="primary",
                                      tooltip="Create it, and give its facilitator a link")
        self.create_button.on_click(on(lambda _b: self.create(
            self.new_name.value, self.new_starts.value, self.new_ends.value,
            self.new_facilitator.value)))

        # -- one cohort ----------------------------------------------------------------
        self.cohort = w.Dropdown(description="Cohort:", options=[])
        self.cohort.observe(on(lambda _ch: self._another_cohort()), names="value")
        self.facilitator_list = w.HTML()
        self.facilitator_name = w.Text(description="Facilitator's name:",
                                       continuous_update=False, placeholder="e.g. Robin Ng")
        self.name_button = w.Button(description="Name this facilitator", icon="user-plus",
                                    tooltip="Add them to the cohort and make their link")
        self.name_button.on_click(on(lambda _b: self.name_facilitator(
            self.facilitator_name.value)))
        self.facilitator = w.Dropdown(description="Facilitator:", options=[])
        self.link_button = w.Button(description="Make a new link", icon="link",
                                    tooltip="A new link for this facilitator, shown once; "
                                    "their earlier link stops, nobody else's changes")
        self.link_button.on_click(on(lambda _b: self.new_link(self.facilitator.value)))
        self.link = w.HTML()
        self.archive_button = w.Button(icon="archive")
        self.archive_button.on_click(on(lambda _b: self.archive(not self._archived())))
        self.export_button = w.Button(description="Prepare the export (CSV files)",
                                      icon="download",
                                      tooltip="Participation and shared posts, honouring "
                                      "every visibility choice")
        self.export_button.on_click(on(lambda _b: self.export()))
        self.downloads = w.HTML()
        self.purge_note = w.HTML()
        self.purge_typed = w.Text(description="Type the cohort's name to confirm:",
                                  continuous_update=False)
        self.purge_button = w.Button(description="Delete this cohort for good", icon="trash",
                                     button_style="danger",
                                     tooltip="Deletes everything of the cohort once its name "
                                     "is typed above")
        self.purge_button.on_click(on(lambda _b: self.purge(self.purge_typed.value)))
        self.one_cohort = w.VBox([
            self.cohort,
            _heading("Facilitators", "Each facilitator gets their own link, which opens "
                     "their facilitator's page. A link is shown once; if it is lost, make "
                     "a new one (the earlier one stops working, nobody else's changes).", 3),
            self.facilitator_list, self.facilitator_name, self.name_button,
            w.HBox([self.facilitator, self.link_button]), self.link,
            _heading("Archive", "An archived cohort is read-only: its people can still "
                     "read everything with their links, but nothing new is saved.", 3),
            self.archive_button,
            _heading("Export", "The cohort's records as CSV files for a spreadsheet.", 3),
            self.export_button, self.downloads,
            _heading("Delete the cohort", "When the cohort is over and its records are "
                     "kept elsewhere.", 3),
            self.purge_note, self.purge_typed, self.purge_button,
        ])
        self.one_cohort.add_class("cg-admin-cohort")
        self.lms = LmsSection(model.lms, self.message)
        super().__init__([
            self.refresh_button, self.message,
            _heading("Every cohort", "Each cohort's facilitators, trainees, working links, "
                     "when a member last opened a module, and whether it is archived. No "
                     "one's writing is shown here."),
            self.table,
            _heading("Create a cohort", "A name, and dates if you like. Name its "
                     "facilitator now or later: they get a link that opens their page, "
                     "where they add their trainees."),
            self.new_name, self.new_starts, self.new_ends, self.new_facilitator,
            self.create_button,
            _heading("Run a cohort", "Choose a cohort, then name its facilitators, give one "
                     "a new link, archive, export or delete it."),
            self.one_cohort,
            _heading("Learning management systems (LTI)", "The LMSs whose courses "
                     "launch Common Ground, and what to give an LMS. Only marks, "
                     "completion and a facilitator's own comment (when they choose) go "
                     "back to an LMS; nobody's writing does."),
            self.lms,
        ])
        self.add_class("cg-dashboard")
        self.add_class("cg-administration")
        self.refresh()

    # -- test hooks --------------------------------------------------------------------
    def refresh(self) -> None:
        self.table.value = render("administration/cohorts.html", cohorts=self.model.cohorts())
        names = self.model.cohort_names()
        chosen = self.cohort.value if self.cohort.value in names else (
            names[0] if names else None)
        self.cohort.options = names
        self.cohort.value = chosen
        self._draw_cohort()

    def create(self, name: str, starts: str = "", ends: str = "",
               facilitator: str = "") -> None:
        said, link = self.model.create_cohort(name, starts, ends, facilitator)
        self.new_name.value = self.new_starts.value = self.new_ends.value = ""
        self.new_facilitator.value = ""
        self.refresh()
        self.choose(" ".join(name.split()))
        self._show_link(link)
        self.message.show(said)  # last: once it shows, the page is up to date

    def choose(self, cohort: str) -> None:
        self.cohort.value = cohort

    def name_facilitator(self, name: str) -> None:
        link = self.model.name_facilitator(self._chosen(), name)
        self.facilitator_name.value = ""
        self.message.show(link.words)
        self.refresh()
        self._show_link(link)

    def new_link(self, participant_id: int | None) -> None:
        if participant_id is None:
            self.message.show("Choose a facilitator first. Nothing was changed.", "problem")
            return
        link = self.model.new_link(self._chosen(), participant_id)
        self.refresh()
        self._show_link(link)
        self.message.show(link.words)

    def archive(self, archived: bool = True) -> None:
        said = self.model.archive(self._chosen(), archived)
        self.refresh()
        self.message.show(said)

    def export(self) -> None:
        files = self.model.export(self._chosen())
        self.downloads.value = render(
            "administration/export.html", cohort=self._chosen(),
            files=[(f.filename, CSV_MIME + base64.b64encode(f.data).decode("ascii"))
                   for f in files])

    def purge(self, typed: str) -> None:
        said = self.model.purge(self._chosen(), typed)
        self.purge_typed.value = ""
        self.refresh()
        self.message.show(said)

    # -- drawing -----------------------------------------------------------------------
    def _chosen(self) -> str:
        if not self.cohort.value:
            raise StoreError("Choose a cohort first (or create one). Nothing was changed.")
        return str(self.cohort.value)

    def _archived(self) -> bool:
        return any(c.archived for c in self.model.cohorts() if c.name == self._chosen())

    def _show_link(self, link: NewLink | None) -> None:
        self.link.value = "" if link is None else render(
            "dashboard/new_link.html", name=link.name, link=link.url)

    def _another_cohort(self) -> None:
        self.link.value = ""  # a link is shown once, and only beside its own cohort
        self.downloads.value = ""
        self.purge_typed.value = ""
        self._draw_cohort()

    def _draw_cohort(self) -> None:
        name = self.cohort.value
        self.one_cohort.layout.display = None if name else "none"
        if not name:
            return
        people = self.model.facilitators(name)
        self.facilitator_list.value = render(
            "administration/facilitators.html", cohort=name,
            people=[(s.participant.display_name, LINK_WORDS[s.link]) for s in people])
        chosen = self.facilitator.value
        self.facilitator.options = [(s.participant.display_name, s.participant.id)
                                    for s in people]
        ids = [s.participant.id for s in people]
        self.facilitator.value = chosen if chosen in ids else (ids[0] if ids else None)
        state = next((c for c in self.model.cohorts() if c.name == name), None)
        archived = bool(state and state.archived)
        self.archive_button.description = ("Open it again (writable)" if archived
                                           else "Archive this cohort (read-only)")
        self.archive_button.tooltip = ("Its trainees can write and post again" if archived
                                       else "Nothing new can be saved; everything stays "
                                       "readable")
        members = (state.trainees + len(state.facilitators)) if state else 0
        self.purge_note.value = render("administration/purge.html", cohort=name,
                                       people=members)
