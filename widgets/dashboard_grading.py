"""The facilitator dashboard's "Grading with nbgrader" section (view).

Two buttons: **Prepare grading** runs the cycle's machine steps (check the assignments,
export what trainees shared with the facilitator, autograde the modules with new
submissions) and **Bring grades back** imports the grades given in formgrader and shows
them to trainees. Each runs as a child process (:class:`commonground.grading.cycle.
CycleRunner`); this view polls its state every second, in a thread, so the page never
waits, and shows each step in words, then a link to formgrader: on JupyterHub the
cohort's formgrader service, standalone the one the course server runs behind the
facilitator's sign-in (``/commonground/formgrader/``).

Test hooks: ``view.prepare()``, ``view.bring_back()``, ``view.poll()``, ``view.wait(s)``,
``view.state``.
"""

from __future__ import annotations

import threading
import time

import ipywidgets as w

from commonground.grading.cycle import CycleRunner, CycleState, GradingError
from commonground.templates import render

from ._errors import MessageArea, guarded

__all__ = ["FORMGRADER_PATH", "GradingSection", "formgrader_address"]

FORMGRADER_PATH = "../../commonground/formgrader/formgrader"  # from <base>voila/render/: any prefix
POLL = 1.0  # seconds between looks at a run's state

INTRO = (
    "To grade reflections in nbgrader's formgrader. First prepare grading: the course "
    "puts the reflections trainees shared with you into nbgrader and autogrades them, in "
    "the background. Then grade and comment in formgrader (trainees appear there under a "
    "code, never their name). Last, bring the grades back: trainees see your comments "
    "under their reflection at once. Feedback you give on this page needs none of this."
)
LABELS = {"waiting": "waiting", "running": "under way", "done": "done",
          "failed": "did not work", "skipped": "nothing to do"}


def formgrader_address(cohort_name: str, on_hub: bool) -> str:
    """Where the facilitator grades: the cohort's formgrader service on JupyterHub
    (``formgrader-<cohort's slug>``, as deploy/kubernetes names it), else the course
    server's own."""
    if on_hub:
        from commonground.hub.groups import cohort_slug

        return f"/services/formgrader-{cohort_slug(cohort_name)}/formgrader"
    return FORMGRADER_PATH


class GradingSection(w.VBox):
    def __init__(self, runner: CycleRunner, message: MessageArea, formgrader: str):
        self.runner = runner
        self.message = message
        self.formgrader = formgrader
        on = guarded(message)
        self.prepare_button = w.Button(
            description="Prepare grading in nbgrader", icon="cogs",
            tooltip="Export what trainees shared with you and autograde it, in the background")
        self.release_button = w.Button(
            description="Bring grades back and show them to trainees", icon="reply",
            tooltip="Import the grades and comments you gave in formgrader")
        self.prepare_button.on_click(on(lambda _b: self.prepare()))
        self.release_button.on_click(on(lambda _b: self.bring_back()))
        self.progress = w.HTML()
        self.state: CycleState | None = None
        self._polling: threading.Thread | None = None
        self._stop = threading.Event()
        buttons = w.HBox([self.prepare_button, self.release_button])
        buttons.add_class("cg-grading-buttons")
        super().__init__([
            w.HTML(render("dashboard/heading.html", title="Grading with nbgrader",
                          note=INTRO)),
            buttons, self.progress,
        ])
        self.add_class("cg-grading")
        self.poll()
        if self.state is not None and self.state.running:  # a run from before a reload
            self._watch()

    # -- test hooks ----------------------------------------------------------------
    def prepare(self) -> None:
        self._start("prepare")

    def bring_back(self) -> None:
        self._start("release")

    def poll(self) -> CycleState | None:
        """Read the run's state and draw it."""
        self.state = self.runner.state()
        self._draw()
        return self.state

    def wait(self, timeout: float = 120) -> CycleState | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.poll()
            if state is None or not state.running:
                return state
            time.sleep(0.3)
        return self.poll()

    # -- the rest ------------------------------------------------------------------
    def _start(self, kind: str) -> None:
        try:
            self.state = self.runner.start(kind)
        except GradingError as e:
            self.message.show(str(e), "problem")
            return
        self.message.show("Grading started. You can carry on: its progress shows here."
                          if kind == "prepare" else "Bringing the grades back…")
        self._draw()
        self._watch()

    def _watch(self) -> None:
        if self._polling is not None and self._polling.is_alive():
            return
        self._stop.clear()
        self._polling = threading.Thread(target=self._poll_until_done, daemon=True,
                                         name="grading-progress")
        self._polling.start()

    def _poll_until_done(self) -> None:
        while not self._stop.wait(POLL):
            try:
                state = self.poll()
            except Exception:  # a half-moved file: look again next time
                continue
            if state is None or not state.running:
                return

    def _draw(self) -> None:
        state = self.state
        running = state is not None and state.running
        self.prepare_button.disabled = self.release_button.disabled = running
        ready = state is not None and not running and (bool(state.ready)
                                                       or state.kind == "release")
        self.progress.value = render("dashboard/grading_state.html", state=state,
                                     labels=LABELS,
                                     formgrader=self.formgrader if ready else "")

    def close(self) -> None:
        self._stop.set()
        super().close()
