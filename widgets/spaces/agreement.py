"""The safe-space agreement (view) and the folded agreed version for module headers.
Rules and storage: commonground.spaces.Agreement.

Test hooks: ``view.suggest(text, anonymous=)``, ``view.endorse(item_id)``,
``view.finalise(lines)``, ``view.refresh()``, ``view.shown_text()``.
"""

from __future__ import annotations

import ipywidgets as w

from commonground import Participant, Store
from commonground.data.anonymity import WAITING
from commonground.spaces import AgreedVersion, Agreement, AgreementItem
from commonground.spaces.agreement import ITEM_LIMIT
from commonground.templates import render

from .._errors import guarded
from .._fields import text_area, text_field
from .._static import light, text_html
from ._common import (
    ARCHIVED_NOTE,
    SHOWN_AT_ONCE,
    SpaceView,
    note,
    posting_choice,
    show_earlier_button,
)
from ._live import INTERVAL


def _agreed_html(agreed: AgreedVersion, summary: str, folded: bool = True) -> str:
    return render("spaces/agreed.html", summary=summary, folded=folded,
                  agreed=f"{agreed.agreed_at:%d %b %Y}", items=agreed.items)


def agreed_banner(store: Store, participant: Participant) -> w.HTML | None:
    """The agreed version, folded, for the top of every module; None until agreed."""
    model = Agreement(store, participant)
    agreed = model.agreed()
    if agreed is None:
        return None
    summary = "Your agreement" if model.self_paced else "Our group agreement"
    return text_html(_agreed_html(agreed, summary))


class _ItemRow(w.HBox):
    def __init__(self, view: AgreementView, item_id: int):
        self.item_id = item_id
        self.info = text_html()
        self.endorse_button = light(w.Button, )
        self.endorse_button.on_click(guarded(view.message)(
            lambda _b: view._toggle_endorse(self.item_id)
        ))
        # Endorsing is the trainees'; their facilitator agrees the wording instead.
        super().__init__([self.info] if view.model.is_facilitator
                         else [self.info, self.endorse_button])
        self.add_class("cg-entry")

    def show(self, item: AgreementItem, can_write: bool, self_paced: bool) -> None:
        if item.starting_point:
            source = "A starting point from the course"
        elif item.mine:
            source = "Suggested by you" + (", anonymously" if item.author is None else "")
        else:
            source = f"Suggested by {item.author}" if item.author else "Suggested anonymously"
        count = "" if self_paced else (
            f" · {item.endorsements} endorsement{'' if item.endorsements == 1 else 's'}"
        )
        self.info.value = render("spaces/agreement_item.html", item=item, source=source,
                                 endorsements=count, waiting=WAITING)
        short = item.text if len(item.text) <= 40 else item.text[:39] + "…"
        self.endorse_button.description = (
            "Take back my endorsement" if item.i_endorse else "I endorse this"
        )
        self.endorse_button.tooltip = f"Endorse: {short}"
        self.endorse_button.disabled = not can_write or bool(item.notice)  # taken off


class AgreementView(SpaceView):
    model: Agreement

    def __init__(self, store: Store, participant: Participant, live: bool = True,
                 interval: float = INTERVAL, heading_level: int = 3):
        self._rows: dict[int, _ItemRow] = {}
        self._shown = SHOWN_AT_ONCE  # suggestions drawn: the newest, more on request
        self._anonymous_head = text_html(render("spaces/anonymous_group.html",
                                                what="Suggested anonymously"))
        super().__init__(Agreement(store, participant), live, interval, heading_level)

    def _build(self) -> None:
        m = self.model
        if m.self_paced:
            intro = (
                "You are taking the course on your own, so this agreement is just for you: "
                "what you would ask of a group, and promise it. In a cohort, everyone builds "
                "one agreement together and the facilitator finalises it."
            )
        elif m.is_facilitator:
            intro = (
                "Your cohort's ground rules, starting from the four ingredients of a safe "
                "environment. Trainees endorse the ones they support and suggest their own; "
                "you agree the wording below."
            )
        else:
            intro = (
                "Your cohort's ground rules, starting from the four ingredients of a safe "
                "environment. Endorse the ones you support and suggest your own; your "
                "facilitator finalises the wording. Taking part is optional."
            )
        self.heading = text_html(self.heading_html("Group agreement", intro))
        self.status = text_html()
        self.agreed = text_html()
        self.items = light(w.VBox)
        self.suggestion = text_field(
            description="Suggest a ground rule:", placeholder="e.g. What is said here stays here",
            tooltip=f"Up to {ITEM_LIMIT} characters",
        )
        self.anonymous = posting_choice(m.self_paced)
        self.suggest_button = light(w.Button,
            description="Add my suggestion" if not m.self_paced else "Add to my agreement",
            button_style="primary", icon="plus", tooltip="Add this ground rule to the list",
        )
        on = guarded(self.message)
        self.suggest_button.on_click(on(lambda _b: self._suggest()))
        self.form = w.VBox([self.suggestion, self.anonymous, self.suggest_button])
        # Trainees suggest and endorse; their facilitator agrees the wording below.
        parts = [self.heading, self.status, self.agreed, self.items]
        if not m.is_facilitator:
            parts.append(self.form)
        self.final_text = text_area(
            description="The agreed wording, one ground rule a line:",
        )
        self.fill_button = light(w.Button,
            description="Start from the list above",
            tooltip="Fill the box with the items above, most endorsed first",
        )
        self.finalise_button = light(w.Button,
            description="Make this my agreement" if m.self_paced else "Finalise the agreement",
            button_style="success", icon="check",
            tooltip="It appears, folded, at the top of every module",
        )
        self.fill_button.on_click(on(lambda _b: self._fill()))
        self.finalise_button.on_click(on(lambda _b: self._finalise()))
        self.finalise_box = w.VBox([
            text_html("<h4>Agree the wording</h4>" + note(
                "When it is agreed, the agreement appears, folded, at the top of every "
                "module" + ("." if m.self_paced else " for everyone in the cohort.")
            )),
            self.final_text, light(w.HBox, [self.fill_button, self.finalise_button]),
        ])
        if m.can_finalise:
            parts.append(self.finalise_box)
        self.children = (*parts, self.message)

    # -- test hooks ----------------------------------------------------------------
    def suggest(self, value: str, *, anonymous: bool = False) -> None:
        self.suggestion.value = value
        self.anonymous.value = anonymous
        self.suggest_button.click()

    def endorse(self, item_id: int) -> None:
        self._rows[item_id].endorse_button.click()

    def finalise(self, lines: list[str] | None = None) -> None:
        if lines is not None:
            self.final_text.value = "\n".join(lines)
        self.finalise_button.click()

    def show_earlier(self) -> None:
        self._shown += SHOWN_AT_ONCE
        self.refresh()

    def shown_text(self) -> str:
        return "\n".join([self.agreed.value, *(r.info.value for r in self.items.children
                                               if isinstance(r, _ItemRow))])

    # -- callbacks -----------------------------------------------------------------
    def _suggest(self) -> None:
        self.model.suggest(self.suggestion.value, anonymous=bool(self.anonymous.value))
        self.suggestion.value = ""
        self.refresh()
        self.message.show("Added your suggestion to the list.")

    def _toggle_endorse(self, item_id: int) -> None:
        item = next(i for i in self._current if i.id == item_id)
        self.model.endorse(item_id, not item.i_endorse)
        self.refresh()
        self.message.clear()

    def _fill(self) -> None:
        ranked = sorted(
            (i for i in self._current if not i.hidden), key=lambda i: -i.endorsements
        )
        self.final_text.value = "\n".join(i.text for i in ranked)

    def _finalise(self) -> None:
        agreed = self.model.finalise(self.final_text.value.splitlines())
        self.refresh()
        self.message.show(
            f"Agreed: {len(agreed.items)} ground rules. They now appear, folded, at the top "
            "of every module."
        )

    # -- drawing -------------------------------------------------------------------
    def _render(self) -> None:
        m = self.model
        archived = self.archived
        self._current = m.items()
        self.status.value = note(ARCHIVED_NOTE, "status") if archived else ""
        self.form.layout.display = "none" if archived else None
        self.finalise_box.layout.display = "none" if archived else None
        agreed = m.agreed()
        self.agreed.value = (
            _agreed_html(agreed, "The agreed version", folded=False)
            if agreed else note("Not agreed yet: the list below is still being worked on.")
        )
        rows: list[w.Widget] = []
        # The course's starting points always; of the suggestions, the newest.
        starts = [i for i in self._current if i.starting_point]
        suggestions = [i for i in self._current if not i.starting_point]
        hidden = max(0, len(suggestions) - self._shown)
        for item in starts + suggestions[hidden:]:
            if item.anonymous and self._anonymous_head not in rows:  # they stand apart
                rows.append(self._anonymous_head)
            row = self._rows.get(item.id) or self._rows.setdefault(item.id, _ItemRow(self, item.id))
            row.show(item, not archived, m.self_paced)
            rows.append(row)
        if hidden:  # between the starting points and the newest suggestions
            more = show_earlier_button(hidden, "suggestions")
            more.on_click(guarded(self.message)(lambda _b: self.show_earlier()))
            rows.insert(len(starts), more)
        self.items.children = tuple(rows)
        if m.can_finalise and not self.final_text.value:
            self.final_text.value = "\n".join(agreed.items) if agreed else ""
