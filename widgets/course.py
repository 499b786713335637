"""What module notebooks call: one line per widget.

    from widgets import course; course.header("01_safe_environment")
    course.reflection("safe-env-power")
    course.footer("01_safe_environment")

Each call returns the widget, which the notebook displays as the cell's result.
``header`` decides who the trainee is. If the page cannot be shown (an invalid link,
a database problem) it returns a plain message, and every later call returns None
(so nothing is displayed) and writes nothing.

On a page got ready for a room (a preheated kernel: the notebook runs before anyone asks
for it) every call builds what its content alone decides (prompts, role-play summaries,
the support lines, the glossary) and shows nothing yet; ``footer``, the last cell of
every module, then waits for the page request, decides who it is for, and fills each
part in (or hides it, on a blocked page). So what is left to do once the trainee
arrives is their own data, not the page.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w

from commonground import Course, load_course
from commonground.access.identity import on_binder
from commonground.config import content_dir
from commonground.content.course import load_glossary, module_prose, terms_used
from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
from commonground.pages.session import Blocked, Ready, current_session, preheated, session_started
from commonground.templates import render

from . import timer
from ._static import light, shared_layout, text_html
from .journal import JournalPage
from .live_room import RoomBanner
from .nav import CourseNav, ModuleFooter, module_href
from .reflection import ReflectionBox
from .scenario import ScenarioPlayer

log = logging.getLogger("commonground.widgets")

V = TypeVar("V", bound=w.Widget)
_Bind = Callable[[Any, Ready], None]

HIDDEN = "cg-hidden"  # course.css: not shown, nor read out
_module_id: str | None = None
# While a preheated page waits for its visitor: each view built so far, and how to fill
# it in once the page knows who it is for (the header first).
_pending: list[tuple[w.Widget, _Bind]] | None = None


def _problem(blocked: Blocked) -> w.HTML:
    return text_html(render("course/blocked.html", message=blocked.message))


def _ready() -> Ready | None:
    """The page's session when it may show content; None on a blocked page."""
    page = current_session()
    return page if isinstance(page, Ready) else None


def _view(build: Callable[[Course], V], bind: Callable[[V, Ready], None]) -> V | None:
    """``build(course)`` filled in by ``bind(view, page)``: at once when the page knows
    who it is for (None on a blocked page), or after the request on a preheated page."""
    if _pending is not None:
        view = build(load_course(content_dir()))
        _pending.append((view, bind))
        return view
    page = _ready()
    if page is None:
        return None
    view = build(page.course)
    bind(view, page)
    return view


def _later(make: Callable[[Ready], w.Widget]) -> w.Widget | None:
    """A view that needs to know who is looking before it can be built at all: on a
    preheated page an empty box now, ``make(page)`` inside it after the request."""
    if _pending is None:
        page = _ready()
        return None if page is None else make(page)

    def fill(box: w.VBox, page: Ready) -> None:
        box.children = (make(page),)

    return _view(lambda _course: light(w.VBox), fill)


def _bind_pending() -> None:
    """Wait for this preheated page's request, then fill in (or hide) every view."""
    global _pending
    pending, _pending = _pending or [], None
    page = current_session()  # a preheated kernel waits here for its visitor
    if isinstance(page, Blocked):
        for view, _bind in pending:
            if isinstance(view, ModuleHeader):
                view.block(page)
            else:
                view.add_class(HIDDEN)
        return
    failed: Exception | None = None
    for view, bind in pending:
        try:
            bind(view, page)
        except Exception as e:  # the rest of the page still works; the cell says what broke
            log.exception("filling in part of a preheated page failed")
            view.add_class(HIDDEN)
            failed = failed or e
    if failed is not None:
        raise failed


class ModuleHeader(w.VBox):
    """The top of a module: navigation, then (once it knows who is looking) the Binder
    banner, the group agreement and the facilitator's link, then the glossary.

    A module's content note is the notebook's own (before the material it is about,
    with the support lines after it: tests/content/test_content.py); the outline's one-line
    ``content_note`` is for the pre-course email, so it is not said twice here."""

    def __init__(self, module_id: str):
        self.module_id = module_id
        self.room: RoomBanner | None = None  # the live session's banner, in a cohort
        self.nav = CourseNav(None, module_id)
        self.notes: list[w.Widget] = []
        glossary = _glossary(module_id)
        if glossary:
            self.notes.append(glossary)
        self._shown: tuple[w.Widget, ...] = (self.nav, *self.notes)
        super().__init__(self._shown, layout=shared_layout())

    def bind(self, page: Ready) -> None:
        page.store.progress.visit(page.participant.id, self.module_id)
        timer.track(page.store, page.participant, self.module_id)
        self.nav.bind(page)
        parts: list[w.Widget] = [self.nav]
        if page.self_paced and on_binder():
            parts.append(text_html(render("course/binder_banner.html")))
        room = _room_banner(page, self.module_id)
        if room is not None:
            self.room = room
            parts += [room, room.checkin]
        children = (*parts, *_spaces_header(page), *self.notes)
        if children != self._shown:  # often the same: then no message
            self.children = self._shown = children

    def block(self, blocked: Blocked) -> None:
        """Only the message: the page cannot be shown."""
        self.children = (_problem(blocked),)


def header(module_id: str) -> w.VBox:
    """Sign-in, navigation and notes at the top of a module."""
    global _module_id, _pending
    _module_id, _pending = module_id, None
    if preheated() and not session_started():
        try:  # an outline that cannot be read: the page says so below, at once
            load_course(content_dir())
        except Exception:
            log.debug("the outline could not be read ahead", exc_info=True)
        else:
            head = ModuleHeader(module_id)
            _pending = [(head, ModuleHeader.bind)]
            return head
    page = current_session()
    if isinstance(page, Blocked):
        return light(w.VBox, [_problem(page)])
    head = ModuleHeader(module_id)
    head.bind(page)
    return head


def _glossary(module_id: str) -> w.HTML | None:
    """The plain-language meanings of the sector words this module uses, folded."""
    entries = terms_used(module_prose(module_id), load_glossary())
    if not entries:
        return None
    return text_html(render("course/glossary.html", entries=entries))


def reflection(prompt_id: str) -> ReflectionBox | None:
    """A reflection box for a prompt in this module's prompt file."""
    module_id = _module_id_or_fail()
    return _view(lambda c: ReflectionBox(None, None, c.prompt(prompt_id, module_id)),
                 lambda box, page: box.bind(page.store, page.participant))


def scenario(scenario_id: str) -> ScenarioPlayer | None:
    """A branching role-play from content/scenarios/<scenario_id>.yaml."""
    play = get_scenario(scenario_id)

    def bind(player: ScenarioPlayer, page: Ready) -> None:
        player.bind(ScenarioPlayerModel(page.store, page.participant, play),
                    href=lambda mid: module_href(mid, page))

    return _view(lambda _c: ScenarioPlayer(None, scenario=play), bind)


def support_note() -> w.Widget | None:
    """The support lines (content/support_lines.yaml): the same list in every module."""
    from .support import SupportNote

    return _view(lambda _c: SupportNote(), lambda _note, _page: None)


def law_panel() -> w.Widget | None:
    """The law where the trainee's cohort works (content/jurisdictions.yaml), side by side
    for a cohort across a border; a picker where none is chosen (a self-paced learner),
    which keeps the person's pick for next time."""
    from commonground.pages.law import law_panel as panel_for
    from commonground.pages.law import remember_pick

    from .law import LawPanelView

    def view(page: Ready) -> LawPanelView:
        panel = panel_for(page.store, page.participant)
        store, person = page.store, page.participant
        if store is None or person is None:
            return LawPanelView(panel)
        return LawPanelView(panel, lambda code: remember_pick(store, person, panel, code))

    return _later(view)


def jargon_wall() -> w.Widget | None:
    """The cohort's jargon wall (a self-paced learner's own), refreshed live."""
    from .spaces import JargonWallView

    return _later(lambda page: JargonWallView(page.store, page.participant))


def elephant_box() -> w.Widget | None:
    """The anonymous elephant box: only the facilitator reads it."""
    from .spaces import ElephantBoxView

    return _later(lambda page: ElephantBoxView(page.store, page.participant))


def agreement() -> w.Widget | None:
    """The cohort's safe-space agreement: endorse, suggest; the facilitator finalises."""
    from .spaces import AgreementView

    return _later(lambda page: AgreementView(page.store, page.participant))


def evaluation() -> w.Widget | None:
    """The anonymous course evaluation form (end of module 07)."""
    from commonground.content.evaluation_form import load_evaluation_form

    from .evaluation import evaluation_widget

    return _later(lambda page: evaluation_widget(page.store, page.participant,
                                                 load_evaluation_form()))


def _room_banner(page: Ready, module_id: str) -> RoomBanner | None:
    """Where the cohort's room is in a live session, kept live (none when self-paced)."""
    if page.participant.cohort_id is None:
        return None
    return RoomBanner(page.store, page.participant, module_id, page.link_query)


def _spaces_header(page: Ready) -> list[w.Widget]:
    """The agreed group agreement (folded) and, for a facilitator, their dashboard link."""
    from .spaces import agreed_banner

    parts: list[w.Widget] = []
    banner = agreed_banner(page.store, page.participant)
    if banner is not None:
        parts.append(banner)
    if page.participant.is_facilitator:
        href = html.escape(f"./facilitator_dashboard.ipynb{page.link_query}")
        parts.append(text_html(
            f'<p class="cg-banner" role="note">You are signed in as this cohort\'s '
            f'facilitator. <a href="{href}">Open the facilitator dashboard</a>.</p>'
        ))
    return parts


def footer(module_id: str) -> ModuleFooter | None:
    """Previous and next module, and "mark this module complete". The last cell of a
    module: on a preheated page, where the page waits for its visitor."""
    view = _view(lambda _c: ModuleFooter(None, module_id), ModuleFooter.bind)
    if _pending is not None:
        _bind_pending()
        return view if isinstance(current_session(), Ready) else None
    return view


def _module_id_or_fail() -> str:
    if _module_id is None:
        raise RuntimeError("Call course.header(<module id>) in the first cell of the module.")
    return _module_id


def page_top() -> w.VBox:
    """The top of a page that is not a module (modules/who_sees_what.ipynb): the style
    and a way back to the course. Such a page shows only general information, so it is
    shown to every visitor; nothing is recorded."""
    page = current_session()
    query = page.link_query if isinstance(page, Ready) else ""
    href = html.escape(f"./00_welcome.ipynb{query}")
    return light(w.VBox, [text_html(
        f'<p class="cg-banner" role="note"><a href="{href}">Back to the course</a> '
        "(the welcome page and the course outline)</p>"
    )])


def journal_page() -> w.VBox:
    """The "My journal" page (modules/my_journal.ipynb): every reflection, feedback,
    the completion record and the downloads. Not a course module: no time is counted."""
    page = current_session()
    if isinstance(page, Blocked):
        return light(w.VBox, [_problem(page)])
    return light(w.VBox, [JournalPage(page)])
