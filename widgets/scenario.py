"""The scenario player (view). Rules and storage live in commonground.ScenarioPlayerModel.

Test hooks, like ``Button.click()``: ``player.start(role)``, ``player.choose(choice_id)``,
``player.back()``, ``player.leave()``, ``player.resume()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

import ipywidgets as w

from commonground.content.course import load_course
from commonground.pages.scenario import RoleSummary, ScenarioPlayerModel
from commonground.scenario import Scenario, View
from commonground.templates import Markup, render

from ._errors import guarded, message_area
from ._static import light, shared_layout, text_html
from .reflection import ReflectionBox


def _choice_button(label: str, tooltip: str = "") -> w.Button:
    button = light(w.Button, description=label, tooltip=tooltip or label)
    button.add_class("cg-choice")
    return button


def seat_label(name: str, agency: str) -> str:
    """A seat as one line without brackets inside brackets: "Dee, worker (chairing):
    A family support service (voluntary)"."""
    return f"{name}: {agency}" if agency else name


def _plain_href(module_id: str) -> str:
    return f"./{escape(module_id)}.ipynb"


class ScenarioPlayer(w.VBox):
    """A role-play. Built in two steps, like the reflection box: ``ScenarioPlayer(None,
    scenario=...)`` draws what the scenario alone decides (title, summary, content
    notes); :meth:`bind` gives it the trainee's play. ``ScenarioPlayer(model)`` does both."""

    model: ScenarioPlayerModel

    def __init__(self, model: ScenarioPlayerModel | None,
                 href: Callable[[str], str] = _plain_href, *, scenario: Scenario | None = None):
        self._href = href
        self.message = message_area()
        self._on = guarded(self.message)
        s = model.scenario if model is not None else scenario
        if s is None:
            raise TypeError("ScenarioPlayer needs a model or a scenario")
        self.intro = text_html(render("scenario/intro.html", scenario=s))
        self.stage = light(w.VBox)
        self.stage.add_class("cg-scenario-stage")
        self.show_meters = light(w.Checkbox,
            value=False, description="Show how things are going (meters)", indent=False
        )
        super().__init__([self.intro, self.stage, self.message], layout=shared_layout())
        self.add_class("cg-scenario")
        self._last_node: str | None = None
        self._focus_step = False  # the next drawing marks its heading for focus
        self._seats = self._make_seats(s)
        if model is not None:
            self.bind(model, href)
        else:  # a first visit's lobby, from the scenario alone: bind changes it only for
            self.stage.children = self._seats  # a trainee who has played before

    def bind(self, model: ScenarioPlayerModel, href: Callable[[str], str] | None = None) -> None:
        """Play ``model`` (this trainee's saved place, if any) from here on."""
        self.model = model
        if href is not None:
            self._href = href
        self.show_meters.observe(self._on(lambda _c: self._render()), names="value")
        self._render()

    # -- test hooks ---------------------------------------------------------------------
    def start(self, role_id: str) -> None:
        self._act(lambda: self.model.start(role_id), focus=True)

    def choose(self, choice_id: str) -> None:
        def act() -> None:
            play = self.model.play
            assert play is not None, "choices are shown only during a play"
            self._last_node = play.node.id
            self.model.choose(choice_id)

        self._act(act, focus=True)

    def back(self) -> None:
        self._act(self.model.back, focus=True)

    def leave(self) -> None:
        self._act(self.model.leave)
        self.message.show("You have left the role-play. Your place is saved: "
                          "choose Continue when you want to come back.")

    def resume(self) -> None:
        self._act(self.model.resume, focus=True)

    def _act(self, fn: Callable[[], object], focus: bool = False) -> None:
        self._on(fn)()
        self._focus_step = focus and self.model.playing
        self._on(self._render)()
        self._focus_step = False

    # -- drawing ------------------------------------------------------------------------
    def _render(self) -> None:
        view = self.model.view()  # None when not playing
        if view is not None:
            children = self._ending(view) if view.is_ending else self._moment(view)
        else:
            children = self._lobby()
        self.stage.children = tuple(children)

    def _lobby(self) -> list[w.Widget]:
        m = self.model
        parts: list[w.Widget] = []
        if m.notice:
            parts.append(text_html(f'<p role="status">{escape(m.notice)}</p>'))
        if m.has_saved_play():
            cont = light(w.Button, description="Continue where you left off",
                         button_style="primary", tooltip="Continue your saved role-play")
            cont.on_click(lambda _b: self.resume())
            parts.append(cont)
        done = m.finished_roles()
        self.role_picker.value = (m.unplayed_roles(done) or [m.roles[0].id])[0]
        parts += self._seats
        compare = self._comparison(done)
        if compare:
            parts.append(compare)
        return parts

    def _make_seats(self, scenario: Scenario) -> tuple[w.Widget, ...]:
        """The lobby's choice of role, the chosen role's brief and the start button: made
        once, kept from one drawing of the lobby to the next."""
        self.role_picker = light(w.RadioButtons,
            options=[(seat_label(r.name, r.agency), r.id) for r in scenario.roles.values()],
            description="Choose whose shoes to stand in:",
        )
        brief = text_html()

        def show_brief(_change: object = None) -> None:
            role = scenario.roles[self.role_picker.value]
            brief.value = render("scenario/brief.html", role=role)

        self.role_picker.observe(self._on(show_brief), names="value")
        show_brief()
        begin = light(w.Button, description="Start the role-play",
                      tooltip="Start as the chosen role")
        begin.on_click(lambda _b: self.start(self.role_picker.value))
        return (self.role_picker, brief, begin)

    def _toolbar(self, view: View) -> w.Widget:
        role = self.model.scenario.roles[view.role]
        leave = light(w.Button, description="Leave for now", icon="pause",
                         tooltip="Stop here; your place is saved")
        leave.on_click(lambda _b: self.leave())
        items: list[w.Widget] = [
            text_html(f'<p class="cg-playing">Playing as <strong>{escape(role.name)}</strong>'
                   f" · step {view.step + 1}</p>"),
            leave,
        ]
        if view.can_go_back:
            back = light(w.Button, description="Go back one step", icon="undo",
                            tooltip="Undo your last choice")
            back.on_click(lambda _b: self.back())
            items.append(back)
        bar = light(w.HBox, items)
        bar.add_class("cg-actions")
        return bar

    def _feedback(self, view: View) -> list[w.Widget]:
        parts = []
        if view.feedback:
            parts.append(text_html(render("scenario/feedback.html", feedback=view.feedback)))
        if self._last_node:
            counts = self.model.cohort_counts(self._last_node)
            if counts:
                parts.append(text_html(render("scenario/counts.html", counts=counts)))
        return parts

    def _meters(self, view: View) -> list[w.Widget]:
        parts: list[w.Widget] = [self.show_meters]
        if self.show_meters.value and view.meters:
            parts.append(text_html(render("scenario/meters.html", meters=view.meters)))
        return parts

    def _moment(self, view: View) -> list[w.Widget]:
        text = text_html(render("scenario/step.html",
                                title=view.title or f"Step {view.step + 1}", text=view.text,
                                focus=self._focus_step))
        buttons = []
        for choice in view.choices:
            b = _choice_button(choice.label)
            b.on_click(lambda _b, cid=choice.id: self.choose(cid))
            buttons.append(b)
        choices = light(w.VBox, buttons)
        choices.add_class("cg-choices")
        return [self._toolbar(view), *self._feedback(view), text,
                text_html("<p><strong>What do you do?</strong></p>"), choices,
                *self._meters(view)]

    def _ending(self, view: View) -> list[w.Widget]:
        m = self.model
        debrief = text_html(render("scenario/ending.html", view=view, focus=self._focus_step,
                                   see_also=self._see_also(view.see_also),
                                   step_out=m.step_out()))
        parts: list[w.Widget] = [*self._feedback(view), debrief]
        prompt = m.after_play_prompt()
        if prompt is not None:
            self.reflection_box = ReflectionBox(m.store, m.participant, prompt)
            parts.append(self.reflection_box)
        again = light(w.Button, description="Play again (choose a role)",
                         tooltip="Go back to the roles and play again, perhaps as someone else")
        again.on_click(lambda _b: self.leave_ending())
        parts.append(again)
        compare = self._comparison()
        if compare:
            parts.append(compare)
        return parts

    def _see_also(self, module_ids: Iterable[str]) -> list[tuple[Markup, int, str]]:
        """The modules an ending points to: address (escaped already), number, title."""
        modules = {m.id: m for m in load_course().modules}
        return [(Markup(self._href(mid)), modules[mid].number, modules[mid].title)
                for mid in module_ids if mid in modules]

    def leave_ending(self) -> None:
        self.model.leave()
        self._last_node = None
        self._on(self._render)()

    def _comparison(self, done: list[RoleSummary] | None = None) -> w.Widget | None:
        done = self.model.finished_roles() if done is None else done
        if len(done) < 2:
            if done and self.model.unplayed_roles(done):
                return text_html("<p>Play again from another role to compare, side by side, "
                              "what each person knew and decided.</p>")
            return None
        return text_html(render("scenario/compare.html", done=done))
