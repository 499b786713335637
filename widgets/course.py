"""What module notebooks call: one line per widget.

    from widgets import course; course.header("01_safe_environment")
    course.reflection("safe-env-power")
    course.footer("01_safe_environment")

Each call returns the widget, which the notebook displays as the cell's result.
``header`` decides who the trainee is. If the page cannot be shown (an invalid link,
a database problem) it returns a plain message, and every later call returns None
(so nothing is displayed) and writes nothing.
"""

from __future__ import annotations

import html

import ipywidgets as w

from commonground.course import load_glossary, module_prose, terms_used
from commonground.identity import on_binder
from commonground.scenario_player import ScenarioPlayerModel, get_scenario

from . import timer
from ._session import Blocked, Ready, current_session
from ._static import text_html
from .journal import JournalPage
from .nav import CourseNav, ModuleFooter
from .reflection import ReflectionBox
from .scenario import ScenarioPlayer
from .style import STYLE

_module_id: str | None = None


def _problem(blocked: Blocked) -> w.HTML:
    return w.HTML(
        f'<div class="cg-message cg-problem cg-blocked" role="alert"><p><strong>'
        f"{html.escape(blocked.message)}</strong></p></div>"
    )


def _ready() -> Ready | None:
    """The page's session when it may show content; None on a blocked page."""
    page = current_session()
    return page if isinstance(page, Ready) else None


def header(module_id: str) -> w.VBox:
    """Sign-in, navigation and notes at the top of a module."""
    global _module_id
    _module_id = module_id
    page = current_session()
    if isinstance(page, Blocked):
        return w.VBox([w.HTML(STYLE), _problem(page)])
    course = page.course
    page.store.progress.visit(page.participant.id, module_id)
    timer.track(page.store, page.participant, module_id)
    parts: list[w.Widget] = [text_html(STYLE), CourseNav(page, module_id)]
    if page.self_paced and on_binder():
        parts.append(text_html(BINDER_BANNER))
    parts += _spaces_header(page)
    glossary = _glossary(module_id)
    if glossary:
        parts.append(glossary)
    note = course.module(module_id).content_note
    if note:
        parts.append(
            text_html(
                f'<aside class="cg-content-note" role="note"><strong>Content note.</strong> '
                f"{html.escape(note)} Take a break or skip ahead whenever you need to.</aside>"
            )
        )
    return w.VBox(parts)


BINDER_BANNER = (
    '<aside class="cg-banner" role="note"><strong>This is a temporary copy of the course.'
    "</strong> Your work is kept only while this Binder session lives: it is gone once the "
    "session closes or times out. Before you leave, open "
    '<a href="./my_journal.ipynb">My journal</a> and download it.</aside>'
)


def _glossary(module_id: str) -> w.HTML | None:
    """The plain-language meanings of the sector words this module uses, folded."""
    entries = terms_used(module_prose(module_id), load_glossary())
    if not entries:
        return None
    items = "".join(
        f"<dt>{html.escape(e.term)}"
        + (f" ({html.escape(e.expansion)})" if e.expansion else "")
        + f"</dt><dd>{html.escape(e.meaning)}</dd>"
        for e in entries
    )
    return text_html(
        f'<details class="cg-glossary"><summary>Words used in this module '
        f"({len(entries)})</summary><dl>{items}</dl></details>"
    )


def reflection(prompt_id: str) -> ReflectionBox | None:
    """A reflection box for a prompt in this module's prompt file."""
    page = _ready()
    if page is None:
        return None
    prompt = page.course.prompt(prompt_id, _module_id_or_fail())
    return ReflectionBox(page.store, page.participant, prompt)


def scenario(scenario_id: str) -> ScenarioPlayer | None:
    """A branching role-play from content/scenarios/<scenario_id>.yaml."""
    page = _ready()
    if page is None:
        return None
    model = ScenarioPlayerModel(page.store, page.participant, get_scenario(scenario_id))
    return ScenarioPlayer(model)


def support_note() -> w.Widget | None:
    """The support lines (content/support_lines.yaml): the same list in every module."""
    if _ready() is None:
        return None
    from .support import SupportNote

    return SupportNote()


def jargon_wall() -> w.Widget | None:
    """The cohort's jargon wall (a self-paced learner's own), refreshed live."""
    page = _ready()
    if page is None:
        return None
    from .spaces import JargonWallView

    return JargonWallView(page.store, page.participant)


def elephant_box() -> w.Widget | None:
    """The anonymous elephant box: only the facilitator reads it."""
    page = _ready()
    if page is None:
        return None
    from .spaces import ElephantBoxView

    return ElephantBoxView(page.store, page.participant)


def agreement() -> w.Widget | None:
    """The cohort's safe-space agreement: endorse, suggest; the facilitator finalises."""
    page = _ready()
    if page is None:
        return None
    from .spaces import AgreementView

    return AgreementView(page.store, page.participant)


def evaluation() -> w.Widget | None:
    """The anonymous course evaluation form (end of module 07)."""
    page = _ready()
    if page is None:
        return None
    from commonground.evaluation_form import load_evaluation_form

    from .evaluation import evaluation_widget

    return evaluation_widget(page.store, page.participant, load_evaluation_form())


def _spaces_header(page: Ready) -> list[w.Widget]:
    """The agreed group agreement (folded) and, for a facilitator, their dashboard link."""
    from .spaces import agreed_banner

    parts: list[w.Widget] = []
    banner = agreed_banner(page.store, page.participant)
    if banner is not None:
        parts.append(banner)
    if page.participant.is_facilitator:
        href = html.escape(f"./facilitator_dashboard.ipynb{page.link_query}")
        parts.append(w.HTML(
            f'<p class="cg-banner" role="note">You are signed in as this cohort\'s '
            f'facilitator. <a href="{href}">Open the facilitator dashboard</a>.</p>'
        ))
    return parts


def footer(module_id: str) -> ModuleFooter | None:
    """Previous and next module, and "mark this module complete"."""
    page = _ready()
    if page is None:
        return None
    return ModuleFooter(page, module_id)


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
    return w.VBox([w.HTML(STYLE), w.HTML(
        f'<p class="cg-banner" role="note"><a href="{href}">Back to the course</a> '
        "(the welcome page and the course outline)</p>"
    )])


def journal_page() -> w.VBox:
    """The "My journal" page (modules/my_journal.ipynb): every reflection, feedback,
    the completion record and the downloads. Not a course module: no time is counted."""
    page = current_session()
    if isinstance(page, Blocked):
        return w.VBox([w.HTML(STYLE), _problem(page)])
    return w.VBox([w.HTML(STYLE), JournalPage(page)])
