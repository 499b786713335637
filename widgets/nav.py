"""Course navigation: the outline with progress at the top, previous/next at the foot.

Links are relative (``./<module>.ipynb?t=…``) so they work in standalone Voila, under
a JupyterHub or Binder base URL, and keep the trainee's personal link.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w

from commonground.data.progress import ModuleProgress
from commonground.pages.session import Ready

from ._errors import guarded, message_area
from ._static import light, shared_layout, text_html


def module_href(module_id: str, page: Ready) -> str:
    """A relative link to a course page that keeps the trainee signed in."""
    return f"./{html.escape(module_id)}.ipynb{html.escape(page.link_query)}"


def _who(page: Ready) -> str:
    p = page.participant
    if page.self_paced:
        return "Taking the course on your own (self-paced)"
    name = html.escape(p.display_name or "you")
    parts = [f"Signed in as <strong>{name}</strong>"]
    if p.agency:
        parts.append(html.escape(p.agency))
    if p.cohort_name:
        parts.append(f"cohort {html.escape(p.cohort_name)}")
    if p.is_facilitator:
        parts.append("facilitator")
    return " · ".join(parts)


def outline(page: Ready, current_id: str | None,
            progress: Mapping[str, ModuleProgress] | None = None) -> str:
    """The course outline: one item per module, the list giving its number (0, 1, …)."""
    items = []
    for m in page.course.modules:
        state = progress.get(m.id) if progress else None
        mark = "completed" if state and state.completed else "visited" if state else ""
        extra = f' <span class="cg-progress">({mark})</span>' if mark else ""
        href = module_href(m.id, page)
        title = html.escape(m.title)
        if m.id == current_id:
            link = f'<a aria-current="page" href="{href}"><strong>{title}</strong></a>'
        else:
            link = f'<a href="{href}">{title}</a>'
        items.append(f"<li>{link}{extra}</li>")
    return f'<nav aria-label="Course modules"><ol start="0">{"".join(items)}</ol></nav>'


def header_links(page: Ready, here: str = "") -> str:
    """The links every page header carries: My journal (except on it) and "Who sees what"."""
    journal = (
        "" if here == "my_journal" else
        f'<li><a href="{module_href("my_journal", page)}">My journal</a>: your reflections, '
        "feedback and downloads</li>"
    )
    return (
        f'<ul class="cg-header-links">{journal}'
        f'<li><a href="{module_href("who_sees_what", page)}">Who sees what</a>: who can read '
        "what you write</li></ul>"
    )


class CourseNav(w.VBox):
    """The header of every module: course title, where you are, progress, the outline.
    ``CourseNav(None, module_id)`` is built and empty until :meth:`bind`."""

    page: Ready

    def __init__(self, page: Ready | None, module_id: str):
        self.module_id = module_id
        self.outline = text_html()
        super().__init__([self.outline], layout=shared_layout())
        self.add_class("cg-nav")
        if page is not None:
            self.bind(page)

    def bind(self, page: Ready) -> None:
        self.page, self.store, self.course = page, page.store, page.course
        self.refresh()

    def refresh(self) -> None:
        progress = self.store.progress.for_participant(self.page.participant.id)
        current = self.course.module(self.module_id)
        total = len(self.course.modules)
        done = sum(1 for s in progress.values() if s.completed)
        self.outline.value = (
            f'<header class="cg-header"><p class="cg-masthead">'
            f'<span class="cg-course-title">{html.escape(self.course.title)}</span>'
            f'<span class="cg-who">{_who(self.page)}</span></p>'
            f'<p class="cg-module-progress"><span>Module {current.number} of {total - 1}'
            f" · {done} of {total} completed</span>"
            f'<progress max="{total}" value="{done}" aria-label="Modules completed">'
            f"{done} of {total}</progress></p>"
            f"{header_links(self.page)}"
            f"<details><summary>Course outline</summary>"
            f"{outline(self.page, self.module_id, progress)}</details></header>"
        )


class ModuleFooter(w.VBox):
    """Previous / next links and "mark this module complete". ``ModuleFooter(None,
    module_id)`` is built without links until :meth:`bind`."""

    page: Ready

    def __init__(self, page: Ready | None, module_id: str):
        self.module_id = module_id
        self.links = text_html()
        self.complete_button = light(w.Button,
            description="Mark this module complete",
            tooltip="Record that you have finished this module",
            icon="check",
        )
        self.message = message_area()
        super().__init__([self.complete_button, self.message, self.links],
                         layout=shared_layout())
        self.add_class("cg-footer")
        if page is not None:
            self.bind(page)

    def bind(self, page: Ready) -> None:
        self.page, self.store, self.course = page, page.store, page.course
        prev, nxt = self.course.neighbours(self.module_id)
        links = []
        if prev:
            links.append(f'<a href="{module_href(prev.id, page)}" rel="prev">'
                         f"← Previous: {html.escape(prev.title)}</a>")
        if nxt:
            links.append(f'<a href="{module_href(nxt.id, page)}" rel="next">'
                         f"Next: {html.escape(nxt.title)} →</a>")
        self.links.value = (
            f'<nav aria-label="Previous and next module" class="cg-prevnext">'
            f"{''.join(links)}</nav>"
            f'<p class="cg-footer-links"><a href="{module_href("accessibility", page)}">'
            "Accessibility</a>: what was tested, known limits, other formats</p>"
        )
        self.complete_button.on_click(guarded(self.message)(lambda _b: self.mark_complete()))
        state = self.store.progress.for_participant(page.participant.id).get(self.module_id)
        if state and state.completed:
            self._show_completed()

    def mark_complete(self) -> None:
        self.store.progress.complete(self.page.participant.id, self.module_id)
        self._show_completed()

    def _show_completed(self) -> None:
        self.complete_button.description = "Module completed"
        self.complete_button.disabled = True
        self.message.show("This module is marked complete. Well done.")
