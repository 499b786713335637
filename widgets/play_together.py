"""The "Play together" view (model: :mod:`commonground.pages.play_together`): under a
role-play written for seats played at the same time, a trainee starts a group or joins one
with its code on a seat, sees the scene, votes with their group, sees what the group chose
and after how long a talk, and waits at a meeting point for the other seats. Kept live
(a vote or a move anywhere in the group redraws every member's page within a second or so).

Test hooks: ``view.start(seat)``, ``view.join(code, seat)``, ``view.vote(choice_id)``,
``view.decide(choice_id)``, ``view.take_reader()``, ``view.live.poll_once()``,
``view.model.screen()``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.pages.play_together import PlayTogether, Screen
from commonground.scenario import Scenario
from commonground.templates import render

from ._errors import guarded, message_area
from ._static import light, text_html
from .spaces._live import LiveRefresh

__all__ = ["INTERVAL", "PlayTogetherView"]

INTERVAL = 1.0  # one row read by its key, like the room's banner


def _button(label: str, primary: bool = False) -> w.Button:
    button = light(w.Button, description=label, tooltip=label,
                   button_style="primary" if primary else "")
    button.add_class("cg-choice")
    return button


class PlayTogetherView(w.VBox):
    def __init__(self, store: Store, person: Participant, scenario: Scenario,
                 live: bool = True, interval: float = INTERVAL):
        self.message = message_area()
        self._on = guarded(self.message)
        self.heading = text_html(render("scenario/intro.html", scenario=scenario) +
            "<h3>Play together</h3><p>Play this role-play with others in your group, each "
            "on your own device: one small group for each seat, all at the same time. Each "
            "of you votes; the group's choice moves you all on, and what one seat decides "
            "changes what the others face. Joining is optional.</p>")
        self.stage = light(w.VBox)
        super().__init__([self.heading, self.stage, self.message])
        self.add_class("cg-together")
        if person.cohort_id is None or person.kind != "trainee":
            self.model: PlayTogether | None = None
            self.stage.children = (text_html(
                '<p class="cg-note">Playing together is for a cohort\'s trainees in a live '
                "session. On your own, play the role-play from any seat above.</p>"),)
            self.live = LiveRefresh(lambda: (), lambda: None, interval)
            return
        self.model = PlayTogether(store, person, scenario)
        self._outside = self._make_outside()
        self.live = LiveRefresh(self.model.fingerprint, self.refresh, interval)
        self.refresh()
        self.live.mark_current()
        if live:
            self.live.start()

    # -- test hooks -----------------------------------------------------------------------
    def start(self, seat: str) -> None:
        def act() -> None:
            assert self.model is not None
            code = self.model.start(seat)
            self.message.show(f"Your group's code is {code}. Give it to the people on the "
                              "other seats.", "success")
        self._act(act)

    def join(self, code: str, seat: str) -> None:
        self._act(lambda: self._model().join(code, seat))

    def vote(self, choice_id: str) -> None:
        self._act(lambda: self._model().vote(choice_id))

    def decide(self, choice_id: str) -> None:
        self._act(lambda: self._model().decide(choice_id))

    def take_reader(self) -> None:
        self._act(lambda: self._model().take_reader())

    def another_group(self) -> None:
        self._act(lambda: self._model().another_group())

    def _model(self) -> PlayTogether:
        assert self.model is not None
        return self.model

    def _act(self, fn: Callable[[], object]) -> None:
        self.message.clear()
        self._on(fn)()
        self._on(self.refresh)()
        self.live.mark_current()

    # -- drawing --------------------------------------------------------------------------
    def refresh(self) -> None:
        screen = self._model().screen()
        if screen.kind == "outside":
            self.stage.children = self._outside
            return
        parts: list[w.Widget] = [text_html(render("scenario/together.html", screen=screen))]
        view = screen.view
        if view is not None and view.feedback:
            parts.append(text_html(render("scenario/feedback.html", feedback=view.feedback)))
        if screen.kind == "ended" and view is not None:
            parts.append(text_html(render("scenario/ending.html", view=view, focus=False,
                                          see_also=[], step_out=screen.step_out)))
            again = _button("Play again in another group")
            again.on_click(lambda _b: self.another_group())
            parts.append(again)
        elif screen.kind == "deciding" and view is not None:
            parts.append(text_html(render("scenario/step.html", title=view.title or
                                          f"Step {view.step + 1}", text=view.text,
                                          focus=False)))
            parts += self._votes(screen)
        self.stage.children = tuple(parts)

    def _votes(self, screen: Screen) -> list[w.Widget]:
        parts: list[w.Widget] = [text_html(
            "<p><strong>What does your group do?</strong> Vote for one (you can change "
            "your vote until the group has chosen).</p>")]
        buttons = []
        for choice in screen.choices:
            votes = f"{choice.votes} vote{'' if choice.votes == 1 else 's'}"
            mine = ", including yours" if choice.mine else ""
            b = _button(f"{choice.label} ({votes}{mine})")
            b.on_click(lambda _b, cid=choice.id: self.vote(cid))
            buttons.append(b)
        box = light(w.VBox, buttons)
        box.add_class("cg-choices")
        parts.append(box)
        if screen.tied:
            if screen.i_read:
                parts.append(text_html("<p role=\"status\"><strong>Your group is tied.</strong> "
                                       "You are the group's reader: decide between them.</p>"))
                for choice in screen.tied:
                    b = _button(f"Decide: {choice.label}", primary=True)
                    b.on_click(lambda _b, cid=choice.id: self.decide(cid))
                    parts.append(b)
            else:
                parts.append(text_html("<p role=\"status\"><strong>Your group is tied.</strong>"
                                       " Your group's reader decides, or someone can change "
                                       "their vote.</p>"))
        if not screen.i_read:
            reader = _button("Be the group's reader (decides a tie)")
            reader.on_click(lambda _b: self.take_reader())
            parts.append(reader)
        return parts

    def _make_outside(self) -> tuple[w.Widget, ...]:
        model = self._model()
        seat = light(w.RadioButtons, options=[(name, sid) for sid, name in model.seats],
                     description="Your seat:")
        code = light(w.Text, description="Group code", placeholder="for example ACD34")
        join = _button("Join the group", primary=True)
        begin = _button("Start a new group on this seat")
        join.on_click(lambda _b: self.join(str(code.value), str(seat.value)))
        begin.on_click(lambda _b: self.start(str(seat.value)))
        self.seat_picker, self.code_field = seat, code
        return (seat, code, join, text_html("<p>No code yet? Start a group and give its "
                                            "code to the others.</p>"), begin)

    def close(self) -> None:
        self.live.stop()
        super().close()
