"""The room in a live session (views; models in :mod:`commonground.pages.room`).

- :class:`RoomControls`, under the presenter view's screen: "Move the room to" one of the
  course's activities in words, "Pause for everyone", "Take a break" (minutes), "Carry
  on", and a line saying where the room is.
- :class:`RoomBanner`, in each module page's header: a polite live line ("The group is
  now at: … Go there", "Your facilitator has paused the group", "Break: back at 10:45")
  that invites and never moves anyone, and blocks nothing on the page. Kept live by
  :class:`widgets.spaces._live.LiveRefresh`; a self-paced learner gets none.

Test hooks: ``controls.move(key)``, ``controls.pause()``, ``controls.take_break(n)``,
``controls.carry_on()``; ``banner.value``, ``banner.live.poll_once()``.
"""

from __future__ import annotations

import html

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

from commonground.content.course import Course
from commonground.data.people import Participant
from commonground.data.store import Store
from commonground.pages.room import RoomControl, banner, banner_fingerprint, open_checkin

from ._errors import guarded, message_area
from ._static import light, shared_layout, shared_style, text_html
from .spaces._live import LiveRefresh

__all__ = ["BANNER_INTERVAL", "EMPTY", "CheckinForm", "RoomBanner", "RoomControls"]

# The banner asks more often than the shared spaces (INTERVAL): its fingerprint is one
# row read by its key, and a room that moves should see it within a second or two.
BANNER_INTERVAL = 1.0
EMPTY = '<div role="status"></div>'  # the live region is there before anything is said


class RoomControls(w.VBox):
    def __init__(self, store: Store, facilitator: Participant, course: Course):
        self.model = RoomControl(store, facilitator, course)
        self.message = message_area()
        on = guarded(self.message)
        self.heading = text_html("<h2>Move the room</h2>")
        self.where = text_html()
        self.activity = w.Dropdown(
            options=[(a.label, a.key) for a in self.model.activities],
            description="Move the room to", style={"description_width": "initial"})
        self.session = w.Text(description="Session name",
                              placeholder="for example: Session 2, modules 01 and 02",
                              style={"description_width": "initial"})
        self.start_button = w.Button(description="Start the session", button_style="primary")
        self.end_button = w.Button(description="End the session")
        self.start_button.on_click(on(lambda _b: self.start_session(str(self.session.value))))
        self.end_button.on_click(on(lambda _b: self.end_session()))
        self.move_button = w.Button(description="Move the room", button_style="primary")
        self.pause_button = w.Button(description="Pause for everyone")
        self.minutes = w.BoundedIntText(value=15, min=1, max=120,
                                        description="Break (minutes)",
                                        style={"description_width": "initial"})
        self.break_button = w.Button(description="Take a break")
        self.carry_on_button = w.Button(description="Carry on")
        self.checkin_button = w.Button(description="Ask how everyone is arriving")
        self.question = w.Text(description="Question or statement",
                               placeholder="for example: What makes a meeting feel safe?",
                               style={"description_width": "initial"})
        self.word_button = w.Button(description="Ask for one word (word cloud)")
        self.agree_button = w.Button(description="Ask agree or disagree")
        self.word_button.on_click(on(lambda _b: self.open_checkin(
            "word", str(self.question.value))))
        self.agree_button.on_click(on(lambda _b: self.open_checkin(
            "agree", str(self.question.value))))
        self.close_checkin_button = w.Button(description="Close the check-in")
        from commonground.pages.play_together import plays_together

        self.together = w.Dropdown(options=[(s.title, s.id) for s in plays_together(course)],
                                   description="Play together",
                                   style={"description_width": "initial"})
        self.together_button = w.Button(description="Start a group for it")
        self.together_button.on_click(on(lambda _b: self.start_group(
            str(self.together.value))))
        self.checkin_button.on_click(on(lambda _b: self.open_checkin()))
        self.close_checkin_button.on_click(on(lambda _b: self.close_checkin()))
        self.move_button.on_click(on(lambda _b: self.move(str(self.activity.value))))
        self.pause_button.on_click(on(lambda _b: self.pause()))
        self.break_button.on_click(on(lambda _b: self.take_break(int(self.minutes.value))))
        self.carry_on_button.on_click(on(lambda _b: self.carry_on()))
        super().__init__([
            self.heading, self.where, self.session,
            w.HBox([self.start_button, self.end_button]), self.activity, self.move_button,
            w.HBox([self.pause_button, self.carry_on_button]),
            w.HBox([self.minutes, self.break_button]),
            w.HBox([self.checkin_button, self.close_checkin_button]), self.question,
            w.HBox([self.word_button, self.agree_button]),
            w.HBox([self.together, self.together_button]), self.message,
        ])
        self.add_class("cg-room-controls")
        self._show_where()

    def _show_where(self) -> None:
        self.where.value = f'<p class="cg-note">{html.escape(self.model.status())}</p>'

    def _done(self, said: str) -> None:
        self.message.show(said, "success")
        self._show_where()

    def move(self, key: str) -> None:
        self._done(self.model.move(key))

    def start_session(self, name: str) -> None:
        self._done(self.model.start_session(name))

    def end_session(self) -> None:
        self._done(self.model.end_session())

    def pause(self) -> None:
        self._done(self.model.pause())

    def take_break(self, minutes: int) -> None:
        self._done(self.model.take_break(minutes))

    def carry_on(self) -> None:
        self._done(self.model.carry_on())

    def open_checkin(self, kind: str = "arriving", question: str = "") -> None:
        self._done(self.model.open_checkin(kind, question))

    def close_checkin(self) -> None:
        self._done(self.model.close_checkin())

    def start_group(self, scenario_id: str) -> None:
        self._done(self.model.start_group(scenario_id))


class CheckinForm(w.VBox):
    """A live check-in on a trainee's page: optional and anonymous. Its kind decides what
    it asks: how they are arriving (1 to 5, and a word), one word, or agree or disagree.
    Test hooks: ``form.send(arriving, word)``, ``form.send_agree(bool)``, ``form.skip()``."""

    def __init__(self, store: Store, person: Participant, round_: int,
                 kind: str = "arriving", question: str = ""):
        self.store, self.person, self.round, self.kind = store, person, round_, kind
        self.message = message_area()
        on = guarded(self.message)
        said = ("Optional and anonymous: the room sees only everyone's answers together, "
                "once enough people have answered.")
        self.send_button = w.Button(description="Send", button_style="primary")
        self.skip_button = w.Button(description="Skip")
        self.skip_button.on_click(on(lambda _b: self.skip()))
        self.arriving = w.ToggleButtons(options=[("1", 1), ("2", 2), ("3", 3), ("4", 4),
                                                 ("5", 5)], value=None,
                                        description="How are you arriving? (1 to 5)",
                                        style={"description_width": "initial"})
        self.word = w.Text(description="In one word (optional)",
                           style={"description_width": "initial"})
        self.agree = w.ToggleButtons(options=[("Agree", True), ("Disagree", False)],
                                     value=None, description="Agree or disagree?",
                                     style={"description_width": "initial"})
        if kind == "word":
            self.word.description = "Your word"
            self.question = text_html(f'<p class="cg-note"><strong>{html.escape(question)}'
                                      f"</strong> Answer in one word. {said}</p>")
            fields: list[w.Widget] = [self.word]
            self.send_button.on_click(on(lambda _b: self.send(None, str(self.word.value))))
        elif kind == "agree":
            self.question = text_html(f'<p class="cg-note"><strong>{html.escape(question)}'
                                      f"</strong> Do you agree or disagree? {said}</p>")
            fields = [self.agree]
            self.send_button.on_click(on(lambda _b: self.send_agree(self.agree.value)))
        else:
            self.question = text_html(
                '<p class="cg-note"><strong>How are you arriving?</strong> 1 is running on '
                f"empty, 5 is ready for anything. {said}</p>")
            fields = [self.arriving, self.word]
            self.send_button.on_click(on(lambda _b: self.send(self.arriving.value,
                                                              str(self.word.value))))
        super().__init__([self.question, *fields,
                          w.HBox([self.send_button, self.skip_button]), self.message])
        self.add_class("cg-checkin")
        self.done = False

    def send(self, arriving: int | None, word: str = "") -> None:
        self.store.room.check_in(self.person, arriving, word)
        self._finish("Thank you: your answer is in, without your name.")

    def send_agree(self, agree: bool | None) -> None:
        self.store.room.check_in(self.person, None, "", agree=agree)
        self._finish("Thank you: your answer is in, without your name.")

    def skip(self) -> None:
        self._finish("Skipped: that is fine.")

    def _finish(self, said: str) -> None:
        self.done = True
        self.message.show(said, "success")
        self.children = (self.message,)


class RoomBanner(w.HTML):
    """The room's line on a module page, kept live while the page is open."""

    def __init__(self, store: Store, person: Participant, module_id: str, link_query: str,
                 live: bool = True, interval: float = BANNER_INTERVAL):
        super().__init__(value=EMPTY, layout=shared_layout(), style=shared_style(HTMLStyle))
        self._said = EMPTY
        self.add_class("cg-room-banner")
        self.store, self.person, self.module_id = store, person, module_id
        self.link_query = link_query
        # The live check-in's form, under the banner while one is open (built only then).
        self.checkin = light(w.VBox)
        self.form: CheckinForm | None = None
        self.live = LiveRefresh(lambda: banner_fingerprint(store, person), self.refresh,
                                interval)
        self.refresh()
        self.live.mark_current()
        if live:
            self.live.start()

    def refresh(self) -> None:
        said = banner(self.store, self.person, self.module_id)
        if said is None:
            value = EMPTY
        else:
            link = ""
            if said.href_module is not None:
                href = html.escape(f"./{said.href_module}.ipynb{self.link_query}")
                link = f' <a href="{href}">Go there</a>'
            value = (f'<div class="cg-banner cg-room-{said.kind}" role="status">'
                     f"{html.escape(said.text)}{link}</div>")
        if value != self._said:  # unchanged: no message to the page
            self.value = self._said = value
        self._show_checkin()

    def _show_checkin(self) -> None:
        round_ = open_checkin(self.store, self.person)
        if self.form is not None and self.form.done and self.form.round == round_:
            return  # answered or skipped here: the thanks stay
        if round_ is None:  # none open, or answered here (the thanks go at the next change)
            if self.form is not None:
                self.checkin.children, self.form = (), None
            return
        if self.form is None or self.form.round != round_:
            state = self.store.room.state(self.person.cohort_id)
            kind, question = ((state.checkin_kind, state.checkin_question) if state
                              else ("arriving", ""))
            self.form = CheckinForm(self.store, self.person, round_, kind, question)
            self.checkin.children = (self.form,)

    def close(self) -> None:
        self.live.stop()
        super().close()
