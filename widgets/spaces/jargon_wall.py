"""The jargon wall (view). Rules and storage: commonground.spaces.JargonWall.

Test hooks: ``wall.add(term, meaning, field, anonymous=, same_as=)``,
``wall.didnt_know(post_id)``, ``wall.other_name(post_id)``, ``wall.hide(post_id)``,
``wall.refresh()``, ``wall.shown_text()``.
"""

from __future__ import annotations

import ipywidgets as w

from commonground import Participant, Store
from commonground.data.anonymity import WAITING
from commonground.spaces import JargonEntry, JargonWall, Moderation
from commonground.spaces.jargon import FIELD_LIMIT, MEANING_LIMIT, TERM_LIMIT
from commonground.templates import render

from .._errors import guarded
from .._fields import text_area, text_field
from .._static import light, shared_layout, text_html
from ._common import (
    ARCHIVED_NOTE,
    SHOWN_AT_ONCE,
    SpaceView,
    note,
    posting_choice,
    show_earlier_button,
    text,
    who,
)
from ._live import INTERVAL

NEW_TERM = "(a new term)"
NEW = 0  # the "new term" choice (post ids start at 1)


def _short(term: str, limit: int = 30) -> str:
    return term if len(term) <= limit else term[: limit - 1] + "…"


class _EntryRow(w.VBox):
    def __init__(self, view: JargonWallView, entry: JargonEntry):
        self.entry_id = entry.id
        self.info = text_html()
        # Shared layout and style: a wall of a hundred rows adds no layout of its own.
        auto = shared_layout(width="auto")
        self.didnt_know_button = light(w.Button, layout=auto)
        self.other_name_button = light(w.Button, icon="plus", layout=auto)
        self.hide_button = light(w.Button, layout=auto)
        on = guarded(view.message)
        self.didnt_know_button.on_click(on(lambda _b: view._toggle_didnt_know(self.entry_id)))
        self.other_name_button.on_click(on(lambda _b: view._start_other_name(self.entry_id)))
        self.hide_button.on_click(on(lambda _b: view._toggle_hidden(self.entry_id)))
        self._buttons = [self.didnt_know_button, self.other_name_button]
        if view.model.viewer.is_facilitator:
            self._buttons.append(self.hide_button)
        self.buttons = light(w.HBox, self._buttons)
        super().__init__([self.info, self.buttons], layout=shared_layout())
        self.add_class("cg-entry")

    def show(self, e: JargonEntry, can_write: bool) -> None:
        if e.mine:
            added = "by you, anonymously" if e.author is None else "by you"
        else:
            added = who(e.author)
        name = _short(e.term)
        self.info.value = render("spaces/jargon_entry.html", entry=e, added=added,
                                 waiting=WAITING)
        self.didnt_know_button.description = (
            f"Take back “I didn’t know {name}”" if e.i_didnt_know
            else f"I didn’t know {name}"
        )
        self.didnt_know_button.tooltip = "Say that this term was new to you (only a count is shown)"
        self.other_name_button.description = f"We call {name} something else"
        self.other_name_button.tooltip = "Add the name your field uses for the same thing"
        self.hide_button.description = f"Show {name} again" if e.hidden else f"Hide {name}"
        self.hide_button.tooltip = ("Hidden posts vanish from other trainees' pages within "
                                    "seconds; their author is told")
        # Taken off the wall (only its author sees it, with the notice): no buttons at all.
        self.buttons.children = () if e.notice else tuple(self._buttons)
        for b in self._buttons:
            b.disabled = not can_write


class JargonWallView(SpaceView):
    model: JargonWall

    def __init__(self, store: Store, participant: Participant, live: bool = True,
                 interval: float = INTERVAL):
        self._rows: dict[int, _EntryRow] = {}
        self._heads: dict[int, w.HTML] = {}
        self._shown = SHOWN_AT_ONCE  # groups drawn: the newest, more on request
        self._anonymous_head = text_html(render("spaces/anonymous_group.html",
                                                what="Terms added anonymously"))
        super().__init__(JargonWall(store, participant), live, interval)

    def _build(self) -> None:
        m = self.model
        intro = (
            "You are taking the course on your own, so this wall is just for you. In a "
            "cohort, everyone in the cohort shares one wall."
            if m.self_paced else
            "Everyone in your cohort sees this wall. Adding to it is optional, and asking "
            "about a term is always welcome."
        )
        self.heading = text_html(self.heading_html("Jargon wall", intro))
        self.status = text_html()
        self.entries = light(w.VBox)
        self.term = text_field(
            description="Term or acronym:", placeholder="e.g. ITP",
        )
        self.meaning = text_area(
            description="Plain-language meaning (optional):",
            placeholder="What it means, in everyday words",
        )
        self.field = text_field(
            description="Field it comes from (optional):",
            placeholder="e.g. mental health, housing",
        )
        self.same_as = light(w.Dropdown,
            options=[(NEW_TERM, NEW)], value=NEW,
            description="Another name for:",
        )
        self.anonymous = posting_choice(m.self_paced)
        self.add_button = light(w.Button,
            description="Add to the wall", button_style="primary", icon="plus",
            tooltip="Put this term on the wall",
        )
        self.add_button.on_click(guarded(self.message)(lambda _b: self._add()))
        self.form = w.VBox([
            text_html("<h4>Add a term</h4>"), self.term, self.meaning, self.field, self.same_as,
            self.anonymous, self.add_button,
        ])
        self.children = (self.heading, self.status, self.entries, self.form, self.message)

    # -- test hooks ----------------------------------------------------------------
    def add(self, term: str, meaning: str = "", field: str = "", *, anonymous: bool = False,
            same_as: int | None = None) -> None:
        self.term.value, self.meaning.value, self.field.value = term, meaning, field
        self.anonymous.value = anonymous
        self.same_as.value = same_as or NEW
        self.add_button.click()

    def didnt_know(self, post_id: int) -> None:
        self._rows[post_id].didnt_know_button.click()

    def other_name(self, post_id: int) -> None:
        self._rows[post_id].other_name_button.click()

    def hide(self, post_id: int) -> None:
        self._rows[post_id].hide_button.click()

    def show_earlier(self) -> None:
        self._shown += SHOWN_AT_ONCE
        self.refresh()

    def shown_text(self) -> str:
        return "\n".join(
            c.value if isinstance(c, w.HTML) else c.info.value for c in self.entries.children
            if isinstance(c, (w.HTML, _EntryRow))
        )

    # -- callbacks -----------------------------------------------------------------
    def _add(self) -> None:
        self.model.add(self.term.value, self.meaning.value, self.field.value,
                       anonymous=bool(self.anonymous.value), same_as=self.same_as.value or None)
        added = self.term.value.strip()
        self.term.value = self.meaning.value = self.field.value = ""
        self.same_as.value = NEW
        self.refresh()
        self.message.show(f"Added “{added}” to the wall.")

    def _toggle_didnt_know(self, post_id: int) -> None:
        entry = self._entry(post_id)
        self.model.mark_didnt_know(post_id, not entry.i_didnt_know)
        self.refresh()
        self.message.clear()

    def _start_other_name(self, post_id: int) -> None:
        entry = self._entry(post_id)
        self.same_as.value = self._group_of.get(post_id, NEW)
        self.term.value = ""
        self.message.show(
            f"Type the name your field uses for “{entry.term}” in the Term box below, then "
            "press Add to the wall."
        )
        self.term.focus()

    def _toggle_hidden(self, post_id: int) -> None:
        entry = self._entry(post_id)
        Moderation(self.model.store, self.model.participant).hide(
            post_id, not entry.hidden
        )
        self.refresh()

    def _entry(self, post_id: int) -> JargonEntry:
        for e in self._current:
            if e.id == post_id:
                return e
        raise KeyError(post_id)

    # -- drawing -------------------------------------------------------------------
    def _render(self) -> None:
        groups = self.model.groups()
        archived = self.archived
        can_write = not archived
        self._current = [e for g in groups for e in g.entries]
        # What "another name for" points at: a term of the group everyone can see (not one
        # of this trainee's the facilitator took off the wall).
        heads = {g.id: next((e.id for e in g.entries if not e.notice), NEW) for g in groups}
        self._group_of = {e.id: heads[g.id] for g in groups for e in g.entries}
        children: list[w.Widget] = []
        hidden = max(0, len(groups) - self._shown)
        if hidden:
            more = show_earlier_button(hidden, "terms")
            more.on_click(guarded(self.message)(lambda _b: self.show_earlier()))
            children.append(more)
        apart = False  # the groups of anonymous terms only stand apart, after the others
        for g in groups[hidden:]:
            if g.anonymous and not apart:
                apart = True
                children.append(self._anonymous_head)
            if len(g.entries) > 1:
                head = self._heads.setdefault(g.id, text_html())
                names = " · ".join(text(n) for n in g.names)
                head.value = (
                    f'<h4 class="cg-group-head">Different names for the same thing: {names}</h4>'
                )
                children.append(head)
            for e in g.entries:
                row = self._rows.get(e.id) or self._rows.setdefault(e.id, _EntryRow(self, e))
                row.show(e, can_write)
                children.append(row)
        if not children:
            children.append(text_html(note("The wall is empty so far. Add the first term below.")))
        self.entries.children = tuple(children)
        # "Another name for" offers the terms on show (each row's "We call … something
        # else" picks its own): a wall of a thousand terms sends no thousand options.
        options = [(NEW_TERM, NEW)] + [(_short(" / ".join(g.names), 80), heads[g.id])
                                       for g in groups[hidden:] if heads[g.id] != NEW]
        keep = self.same_as.value
        if options != list(self.same_as.options):
            self.same_as.options = options
        self.same_as.value = keep if any(v == keep for _, v in options) else NEW
        self.form.layout.display = "none" if archived else None
        self.status.value = note(ARCHIVED_NOTE, "status") if archived else ""
        limits = (TERM_LIMIT, MEANING_LIMIT, FIELD_LIMIT)
        self.term.tooltip = f"Up to {limits[0]} characters"
        self.meaning.tooltip = f"Up to {limits[1]} characters"
        self.field.tooltip = f"Up to {limits[2]} characters"
