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
from commonground.templates import Markup, render

from ._errors import guarded, message_area
from ._static import light, shared_layout, text_html


def module_href(module_id: str, page: Ready) -> str:
    """A relative link to a course page that keeps the trainee signed in (escaped, for
    an attribute)."""
    return f"./{html.escape(module_id)}.ipynb{html.escape(page.link_query)}"


def _href(module_id: str, page: Ready) -> Markup:
    """:func:`module_href` for a template: escaped already."""
    return Markup(module_href(module_id, page))


def outline(page: Ready, current_id: str | None,
            progress: Mapping[str, ModuleProgress] | None = None) -> str:
    """The course outline: one item per module, the list giving its number (0, 1, …)."""
    modules = []
    for m in page.course.modules:
        state = progress.get(m.id) if progress else None
        mark = "completed" if state and state.completed else "visited" if state else ""
        modules.append((_href(m.id, page), m.title, m.id == current_id, mark))
    return render("nav/outline.html", modules=modules)


def header_links(page: Ready, here: str = "") -> str:
    """The links every page header carries: My journal (except on it) and "Who sees what"."""
    return render("nav/links.html",
                  journal=None if here == "my_journal" else _href("my_journal", page),
                  who_sees_what=_href("who_sees_what", page))


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
        self.outline.value = render(
            "nav/header.html", course=self.course,
            person=None if self.page.self_paced else self.page.participant,
            number=current.number, total=total, done=done,
            links=Markup(header_links(self.page)),
            outline=Markup(outline(self.page, self.module_id, progress)),
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
        self.links.value = render(
            "nav/footer.html",
            previous=(_href(prev.id, page), prev.title) if prev else None,
            next=(_href(nxt.id, page), nxt.title) if nxt else None,
            accessibility=_href("accessibility", page),
            references=_href("references", page),
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
