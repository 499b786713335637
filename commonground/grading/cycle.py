"""The grading cycle's machine steps, run for the facilitator from the dashboard (or
``commonground grading cycle`` in a terminal), in the background, with progress.

Two runs, each a child process so that the dashboard's kernel never waits on nbgrader:

- **prepare** (:func:`prepare`): check the assignments match the prompts (bringing them
  up to date if not), make sure nbgrader's exchange folder exists, export the cohort's
  shared reflections, and autograde each module with new or changed submissions;
- **release** (:func:`release`): bring the grades and comments given in formgrader back
  and show them to the trainees.

Each step is written, as it happens, to a small JSON state file in the course folder
(:class:`CycleState`: steps and a message in the facilitator's words, never a name, a
pseudonym or an id). :class:`CycleRunner` starts the child process and reads that file;
the page polls it. nbgrader's own log goes to a file beside it (pseudonyms only), for an
administrator. A run that stopped without saying so (killed, out of memory) is reported
as such, and only one run per cohort goes at a time.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..content.course import Course, load_course
from ..data.store import Store
from ..errors import StoreError
from ..scenario import titles
from ._paths import GradingError
from .folders import cohort_folder, course_folder, make_cohort_folder

__all__ = [
    "EXCHANGE",
    "CycleRunner",
    "CycleState",
    "GradingError",
    "Step",
    "autograde",
    "exchange_dir",
    "nbgrader_env",
    "prepare",
    "release",
    "state_path",
]

EXCHANGE = "exchange"  # nbgrader's exchange folder, inside the course folder
STATE_DIR = ".commonground"  # the runs' state and logs, inside the course folder
AUTOGRADE_TIMEOUT = 1800  # seconds for one module's autograde

PREPARE_STEPS = (
    "Check the assignments match the prompts",
    "Export the reflections shared with you",
    "Autograde in nbgrader",
)
RELEASE_STEPS = (
    "Bring your grades and comments back from formgrader",
    "Show them to the trainees",
)


@dataclass(frozen=True)
class Step:
    name: str  # in words
    status: str = "waiting"  # waiting | running | done | failed | skipped
    detail: str = ""


@dataclass(frozen=True)
class CycleState:
    """Where a run is, in words (the page shows it; the file holds it)."""

    kind: str  # prepare | release
    phase: str = "running"  # running | done | failed
    steps: tuple[Step, ...] = ()
    message: str = ""
    ready: tuple[str, ...] = ()  # assignments ready to grade in formgrader (prepare)
    problems: tuple[str, ...] = ()  # what could not be done, in words
    started_at: str = ""
    finished_at: str = ""
    pid: int = 0

    @property
    def running(self) -> bool:
        return self.phase == "running"

    def step(self, index: int, status: str, detail: str = "") -> CycleState:
        steps = list(self.steps)
        steps[index] = replace(steps[index], status=status, detail=detail)
        return replace(self, steps=tuple(steps))

    def finish(self, phase: str, message: str, *, ready: tuple[str, ...] | None = None,
               problems: tuple[str, ...] = ()) -> CycleState:
        return replace(self, phase=phase, message=message, finished_at=_now(),
                       ready=self.ready if ready is None else ready, problems=problems)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> CycleState:
        data = json.loads(text)
        data["steps"] = tuple(Step(**s) for s in data.get("steps", ()))
        for key in ("ready", "problems"):
            data[key] = tuple(data.get(key, ()))
        return cls(**data)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _fresh(kind: str) -> CycleState:
    names = PREPARE_STEPS if kind == "prepare" else RELEASE_STEPS
    return CycleState(kind, steps=tuple(Step(n) for n in names), started_at=_now(),
                      pid=os.getpid())


# -- where things are --------------------------------------------------------------------
def _folder(course_dir: Path | str | None) -> Path:
    return course_folder(course_dir)


def state_path(course_dir: Path | str | None, cohort_name: str) -> Path:
    """The state file of a cohort's runs (named by a digest: no cohort name on disk)."""
    digest = hashlib.sha256(cohort_name.encode("utf-8")).hexdigest()[:16]
    return _folder(course_dir) / STATE_DIR / f"cycle-{digest}.json"


def exchange_dir(course_dir: Path | str | None) -> Path:
    """nbgrader's exchange folder for this course folder, created (only its owner may
    read it) if missing: formgrader warns "The exchange directory ... does not exist"
    without one, though the course never hands work out through it."""
    path = _folder(course_dir) / EXCHANGE
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def nbgrader_env() -> dict[str, str]:
    """nbgrader runs ``alembic`` from PATH: the folder of this Python comes first."""
    here = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": here + os.pathsep + os.environ.get("PATH", "")}


def _write(path: Path | None, state: CycleState) -> CycleState:
    if path is not None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        part.write_text(state.to_json(), encoding="utf-8")
        part.replace(path)  # the page never reads half a file
    return state


# -- the runs (in the child process) -----------------------------------------------------
def autograde(course_dir: Path | str | None, assignment: str,
              log: Path | None = None) -> str | None:
    """Run ``nbgrader autograde`` for one assignment in its own process. Returns None,
    or what went wrong in nbgrader's words (its error lines)."""
    folder = _folder(course_dir)
    argv = [sys.executable, "-m", "nbgrader", "autograde", assignment,
            f"--Exchange.root={exchange_dir(folder)}",
            "--Execute.enabled=False"]  # Markdown only: no kernel to start (or stop)
    try:
        done = subprocess.run(argv, cwd=folder, env=nbgrader_env(), capture_output=True,
                              text=True, timeout=AUTOGRADE_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return f"it took longer than {AUTOGRADE_TIMEOUT // 60} minutes and was stopped"
    output = done.stdout + done.stderr
    if log is not None:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"\n$ nbgrader autograde {assignment}\n{output}")
    if done.returncode == 0:
        return None
    errors = [line.strip() for line in output.splitlines()
              if "ERROR" in line or "CRITICAL" in line or "Error:" in line]
    return "; ".join(errors[-3:]) or f"it stopped with exit code {done.returncode}"


def _module_words(assignment: str, course: Course) -> str:
    from .generate import SCORED

    return titles.module_label(assignment.removesuffix(SCORED), course)


def prepare(store: Store, cohort_name: str, course_dir: Path | str | None = None,
            state_file: Path | None = None, course: Course | None = None,
            on_step: Callable[[CycleState], None] | None = None) -> CycleState:
    """The machine steps of the cycle, writing the state as each step starts and ends."""
    from .export import export_cohort
    from .generate import assignment_drift, generate_assignments

    course = course or load_course()
    folder = _folder(course_dir)
    log = state_file.with_suffix(".log") if state_file is not None else None
    state = _fresh("prepare")

    def say(new: CycleState) -> CycleState:
        _write(state_file, new)
        if on_step is not None:
            on_step(new)
        return new

    try:
        state = say(state.step(0, "running"))
        if assignment_drift(folder, course):
            changed = generate_assignments(folder, course)
            state = say(state.step(0, "done", f"Brought {len(changed)} assignment file(s) up "
                                              "to date with the prompts."))
        else:
            state = say(state.step(0, "done", "They match."))
        exchange_dir(folder)

        state = say(state.step(1, "running"))
        report = export_cohort(store, cohort_name, folder, course=course)
        people = len({sid for sid, _ in report.written})
        state = say(state.step(1, "done", (
            f"{report.answers} reflection(s) shared with you; {len(report.written)} "
            f"submission(s) new or changed from {people} trainee(s), {report.unchanged} "
            "unchanged.")))
        ready = _autograded(folder, report.assignments)
        if report.answers == 0:
            state = say(state.step(2, "skipped", "Nothing to autograde."))
            return say(state.finish(
                "done", "Nobody in this cohort shares a reflection with you yet, so there "
                "is nothing to grade. When trainees share reflections with you, prepare "
                "again.", ready=ready))

        new = sorted({a for _, a in report.written})
        if not new:
            state = say(state.step(2, "skipped", "No new or changed submissions."))
            return say(state.finish(
                "done", "Nothing new since the last run: everything shared with you is "
                "already in formgrader.", ready=ready))
        state = say(state.step(2, "running", f"0 of {len(new)} module(s) done."))
        problems = []
        for n, assignment in enumerate(new, 1):
            problem = autograde(folder, assignment, log)
            if problem is not None:
                problems.append(f"{_module_words(assignment, course)}: nbgrader could not "
                                f"autograde it ({problem}).")
            state = say(state.step(2, "running", f"{n} of {len(new)} module(s) done: "
                                                 f"{_module_words(assignment, course)}."))
        ready = _autograded(folder, report.assignments)
        done_words = ", ".join(_module_words(a, course) for a in new)
        if problems:
            state = say(state.step(2, "failed", " ".join(problems)))
            return say(state.finish(
                "failed", "Some modules could not be autograded. The others are ready in "
                "formgrader. Ask your course administrator to look at the grading log.",
                ready=ready, problems=tuple(problems)))
        state = say(state.step(2, "done", f"Autograded {done_words}."))
        return say(state.finish("done", f"Ready to grade in formgrader: {done_words}.",
                                ready=ready))
    except (GradingError, StoreError) as e:
        running = next((i for i, s in enumerate(state.steps) if s.status == "running"), 0)
        state = state.step(running, "failed", str(e))
        return say(state.finish("failed", _plain(e), problems=(str(e),)))


def release(store: Store, cohort_name: str, course_dir: Path | str | None = None,
            state_file: Path | None = None, course: Course | None = None) -> CycleState:
    """Import the grades and comments from formgrader and show them to trainees."""
    from .feedback import import_feedback

    state = _write(state_file, _fresh("release").step(0, "running"))
    try:
        report = import_feedback(store, cohort_name, course_dir, release=True, course=course)
    except (GradingError, StoreError) as e:
        state = state.step(0, "failed", str(e))
        return _write(state_file, state.finish("failed", _plain(e), problems=(str(e),)))
    state = state.step(0, "done", (
        f"{report.imported} new or changed, {report.unchanged} unchanged; "
        f"{report.waiting} answer(s) still to grade in formgrader."
        + (f" {report.not_autograded} submission(s) not autograded yet: prepare grading "
           "first." if report.not_autograded else "")
        + (f" Kept the feedback you gave on the dashboard for {report.kept} answer(s)."
           if report.kept else "")))
    state = state.step(1, "done", f"{report.released} piece(s) of feedback shown to "
                                  "trainees now.")
    problems = tuple(s.in_words() for s in report.skipped)
    if report.imported == report.unchanged == report.released == 0 and not report.kept:
        message = ("No grades to bring back yet: grade the answers in formgrader first "
                   "(each needs a score), then press this button again.")
    else:
        message = (f"Done: {report.released} piece(s) of feedback are now in trainees' "
                   "journals.")
    return _write(state_file, state.finish("done", message, problems=problems))


def _autograded(folder: Path, assignments: list[str]) -> tuple[str, ...]:
    """The assignments with autograded submissions: what formgrader has to grade."""
    return tuple(a for a in assignments if any((folder / "autograded").glob(f"*/{a}")))


def _plain(error: Exception) -> str:
    return f"Grading stopped: {error}"


# -- the page's side: a run in the background --------------------------------------------
class CycleRunner:
    """Starts a run as a child process (``python -m commonground grading cycle``) and
    reads its state file; the kernel that starts it never waits for it. Without ``db``
    the child uses the course database the page's own environment names (a password in
    a database URL never goes on a command line).

    ``course_dir`` is the course's grading folder; the runs work in the cohort's own
    nbgrader course inside it (:func:`~commonground.grading._paths.cohort_folder`), so
    one cohort's formgrader never shows another cohort's submissions."""

    def __init__(self, cohort_name: str, db: str | None = None,
                 course_dir: Path | str | None = None):
        self.cohort_name = cohort_name
        self.db = db
        self.base = _folder(course_dir)
        self.course_dir = cohort_folder(self.base, cohort_name)
        self.path = state_path(self.course_dir, cohort_name)
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, kind: str) -> CycleState:
        if kind not in ("prepare", "release"):
            raise GradingError(f"There is no grading run called {kind!r}.")
        current = self.state()
        if current is not None and current.running:
            raise GradingError("Grading is already running for this cohort; wait for it to "
                               "finish (its progress is below).")
        make_cohort_folder(self.base, self.cohort_name)  # or says the folder is not set up
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        argv = [sys.executable, "-m", "commonground", "grading", "cycle", self.cohort_name,
                "--course-dir", str(self.course_dir), "--state", str(self.path)]
        argv += ["--db", self.db] if self.db else []
        argv += ["--release"] if kind == "release" else []
        with self.path.with_suffix(".log").open("a", encoding="utf-8") as log:
            log.write(f"\n== {kind} {_now()}\n")
            log.flush()
            self._process = subprocess.Popen(
                argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=nbgrader_env(), cwd=self.course_dir, start_new_session=True)
        # The child writes its own state as it goes; until its first write, this says
        # it started (its pid is the child's: it runs Python directly).
        return _write(self.path, replace(_fresh(kind), pid=self._process.pid))

    def state(self) -> CycleState | None:
        """The latest state, or None before any run. A run whose process has gone
        without finishing is reported as stopped."""
        try:
            state = CycleState.from_json(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError):
            return None if self._alive() else CycleState(
                "prepare", "failed", message="The last grading run left no readable record. "
                "Run it again.")
        if state.running and not self._alive(state.pid):
            return state.finish("failed", "Grading stopped before it finished (the process "
                                "ended). Run it again; if it stops again, ask your course "
                                "administrator to look at the grading log.")
        return state

    def _alive(self, pid: int = 0) -> bool:
        if self._process is not None:
            if self._process.poll() is None:
                return True
            if not pid or pid == self._process.pid:
                return False
        if not pid:
            return self._process is not None and self._process.poll() is None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def wait(self, timeout: float) -> CycleState | None:
        """Wait for the child process (tests and the command line only)."""
        if self._process is not None:
            self._process.wait(timeout)
        return self.state()
