"""Course navigation: the outline with progress at the top, previous/next at the foot.

Links are relative (``./<module>.ipynb?t=…``) so they work in standalone Voila, under
a JupyterHub or Binder base URL, and keep the trainee's personal link.
"""

from __future__ import annotations

import html

import ipywidgets as w

from ._errors import guarded, message_area
from ._session import Ready
from ._static import text_html


def module_href(module_id: str, page: Ready) -> str:
    """A relative link to a course page that keeps the trainee signed in."""
    return f"./{html.escape(module_id)}.ipynb{html.escape(page.link_query)}"


def _who(page: Ready) -> str:
    p = page.participant
    if page.self_paced:
        return "You are taking this course on your own (self-paced)."
    name = html.escape(p.display_name or "you")
    parts = [f"Signed in as <strong>{name}</strong>"]
    if p.agency:
        parts.append(f"({html.escape(p.agency)})")
    if p.cohort_name:
        parts.append(f"· cohort <strong>{html.escape(p.cohort_name)}</strong>")
    if p.is_facilitator:
        parts.append("· facilitator")
    return " ".join(parts) + "."


class CourseNav(w.VBox):
    """The header of every module: where you are, the outline, your progress."""

    def __init__(self, page: Ready, module_id: str):
        self.page, self.module_id = page, module_id
        self.store, self.course = page.store, page.course
        self.outline = text_html()
        super().__init__([self.outline])
        self.add_class("cg-nav")
        self.refresh()

    def refresh(self) -> None:
        progress = self.store.progress.for_participant(self.page.participant.id)
        current = self.course.module(self.module_id)
        items = []
        for m in self.course.modules:
            state = progress.get(m.id)
            mark = "completed" if state and state.completed else "visited" if state else ""
            label = f"{m.number}. {html.escape(m.title)}"
            extra = f' <span class="cg-progress">({mark})</span>' if mark else ""
            href = module_href(m.id, self.page)
            if m.id == self.module_id:
                link = f'<a aria-current="page" href="{href}"><strong>{label}</strong></a>'
            else:
                link = f'<a href="{href}">{label}</a>'
            items.append(f"<li>{link}{extra}</li>")
        done = sum(1 for s in progress.values() if s.completed)
        self.outline.value = (
            f'<header class="cg-header"><p class="cg-where">{html.escape(self.course.title)} · '
            f"Module {current.number} of {len(self.course.modules) - 1}"
            f" · {_who(self.page)}</p>"
            f'<p class="cg-journal-link"><a href="{module_href("my_journal", self.page)}">'
            "My journal</a>: all your reflections, feedback and downloads.</p>"
            f"<details><summary>Course outline ({done} of {len(self.course.modules)} "
            f'modules completed)</summary><nav aria-label="Course modules"><ol start="0">'
            f"{''.join(items)}</ol></nav></details></header>"
        )


class ModuleFooter(w.VBox):
    """Previous / next links and "mark this module complete"."""

    def __init__(self, page: Ready, module_id: str):
        self.page, self.module_id = page, module_id
        self.store, self.course = page.store, page.course
        prev, nxt = self.course.neighbours(module_id)
        links = []
        if prev:
            links.append(f'<a href="{module_href(prev.id, page)}" rel="prev">'
                         f"← Previous: {html.escape(prev.title)}</a>")
        if nxt:
            links.append(f'<a href="{module_href(nxt.id, page)}" rel="next">'
                         f"Next: {html.escape(nxt.title)} →</a>")
        self.links = text_html(
            f'<nav aria-label="Previous and next module" class="cg-prevnext">'
            f"{' &nbsp;|&nbsp; '.join(links)}</nav>"
        )
        self.complete_button = w.Button(
            description="Mark this module complete",
            tooltip="Record that you have finished this module",
            icon="check",
        )
        self.message = message_area()
        self.complete_button.on_click(guarded(self.message)(lambda _b: self.mark_complete()))
        super().__init__([self.complete_button, self.message, self.links])
        state = self.store.progress.for_participant(page.participant.id).get(module_id)
        if state and state.completed:
            self._show_completed()

    def mark_complete(self) -> None:
        self.store.progress.complete(self.page.participant.id, self.module_id)
        self._show_completed()

    def _show_completed(self) -> None:
        self.complete_button.description = "Module completed"
        self.complete_button.disabled = True
        self.message.show("This module is marked complete. Well done.")
