"""The facilitator dashboard (modules/facilitator_dashboard.ipynb): ``dashboard.page()``.

Opened with the facilitator's link. Anyone else (a trainee link, a self-paced learner)
gets a plain "facilitators only" message and no data. pandas and matplotlib load here,
inside the functions: this page is for facilitators, not for every trainee kernel.

Organised as a facilitator looks for things, one section at a time behind a labelled
navigation (:mod:`widgets.sections`): Today (the cohort at a glance, getting a module ready
for the room, who came), People, Feedback, Shared spaces (moderation, the elephant box,
the group agreement), Results (participation, role-play choices, the evaluation,
downloads) and Settings (assessment). The trainee's own controls in the shared spaces
("Put it in the box", "I endorse this") are not on this page.

Test hooks: ``view.refresh()``, ``view.send_feedback(index, comment, mark, score)``,
``view.hide(post_id)``, ``view.show_section(key)``, ``view.sections`` (each part by name),
``view.page.panels`` (each section), ``view.people`` (:mod:`widgets.people`),
``view.feedback`` (:mod:`widgets.dashboard_feedback`), ``view.grading``
(:mod:`widgets.dashboard_grading`).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as w

from commonground import Participant, Store
from commonground.admin.cohorts import export
from commonground.data.anonymity import NOT_YET
from commonground.grading.cycle import CycleRunner
from commonground.pages.attendance import SessionRecords
from commonground.pages.dashboard import MIN_CELL, Dashboard
from commonground.pages.feedback import FeedbackWorkspace
from commonground.pages.law import CohortLaw
from commonground.scenario.titles import prompt_heading
from commonground.spaces import JargonWall, Moderation
from commonground.templates import Markup, render

from ._errors import guarded, message_area
from ._facilitator import facilitator_page
from .dashboard_assessment import AssessmentSection
from .dashboard_attendance import AttendanceSection
from .dashboard_evaluation import EvaluationSection
from .dashboard_feedback import FeedbackWorkspaceView
from .dashboard_grading import GradingSection, formgrader_address
from .dashboard_law import LawSetting
from .dashboard_lms import LmsSection
from .people import PeopleSection
from .sections import Sections
from .spaces import AgreementView, ElephantBoxView
from .spaces._live import INTERVAL, LiveRefresh

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def page() -> w.Widget:
    """The whole dashboard, or a plain message for anyone who is not a facilitator."""
    return facilitator_page(
        lambda session: DashboardView(session.store, session.participant,
                                      link_query=session.link_query,
                                      on_hub=session.identity.mode == "hub"),
        "This page is for facilitators only. If you are a trainee, your modules are in "
        "the course outline: open the link your facilitator gave you.")


def _room_view(model: Dashboard) -> w.Widget:
    """The "Get <module> ready for <N> people" section (widgets.room)."""
    from commonground.content.course import load_course

    from .room import RoomView

    return RoomView(load_course(), model.trainee_count())


# -- small helpers ------------------------------------------------------------------------
def _table(frame: pd.DataFrame, label: str) -> str:
    """A DataFrame as an HTML table, every cell escaped, in a box that scrolls sideways
    on a narrow screen (focusable, so it scrolls by keyboard too)."""
    table = None if frame.empty else Markup(frame.to_html(index=False, escape=True, border=0))
    return render("dashboard/table.html", table=table, label=label)


def _module_numbers() -> dict[str, int]:
    from commonground.content.course import load_course

    return {m.id: m.number for m in load_course().modules}


def _module_column(module_id: str, numbers: dict[str, int]) -> str:
    """A column heading for a module: its number, as trainees see it in the outline."""
    n = numbers.get(module_id)
    return f"Module {n}" if n is not None else "Other module"


def _downloads(*links: str) -> str:
    """Download links (each made by :func:`_download`) in one line."""
    return render("dashboard/downloads.html", links=[Markup(link) for link in links])


def _download(frame: pd.DataFrame, filename: str, label: str) -> str:
    from commonground.admin.cohorts import csv_safe

    data = frame.map(csv_safe).to_csv(index=False).encode("utf-8-sig")
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return f'<a download="{html.escape(filename)}" href="{href}">{html.escape(label)}</a>'


def _png(fig: Figure) -> bytes:
    import warnings

    buf = io.BytesIO()
    with warnings.catch_warnings():  # an emoji in an agency's name: drawn as a box; the
        warnings.filterwarnings("ignore", "Glyph .* missing")  # alt text has it as written
        fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    return buf.getvalue()


@contextmanager
def _figure(width: float = 7.5, height: float = 3.2) -> Iterator[tuple[Figure, Axes]]:
    """A figure and its axes, drawn inside the ``with``. Every label in it (agency
    names, choice labels) is plain text: matplotlib would otherwise read ``$...$`` as
    mathematics and fail on a name such as ``$x^2$`` or ``\\frac``."""
    import matplotlib as mpl
    from matplotlib.figure import Figure  # no pyplot: no global state, no GUI backend

    with mpl.rc_context({"text.parse_math": False, "text.usetex": False}):
        fig = Figure(figsize=(width, height))
        yield fig, fig.subplots()


def _listed(names: Iterable[object], most: int = 12) -> str:
    """Names for a chart's caption and alt text, as plain text: "A, B and 3 more"."""
    words = [str(n) for n in names]
    shown = ", ".join(words[:most])
    return shown + (f" and {len(words) - most} more" if len(words) > most else "")


class _Plot(w.HTML):
    """A PNG plot with a caption that says what it shows, which is also its alt text
    (the table beside each plot holds the same figures)."""

    def __init__(self) -> None:
        super().__init__()
        self.png: bytes | None = None

    def show(self, png: bytes | None, caption: str) -> None:
        self.png = png
        if png is None:
            self.value = ""
            return
        self.value = render(
            "dashboard/plot.html", png=base64.b64encode(png).decode("ascii"), caption=caption,
            alt=f"Chart: {caption} The same figures are in the table below.")


# -- the page --------------------------------------------------------------------------
class DashboardView(w.VBox):
    def __init__(self, store: Store, facilitator: Participant, live: bool = True,
                 interval: float = INTERVAL, link_query: str = "", on_hub: bool = False,
                 grading: CycleRunner | None = None):
        self.store = store
        self.model = Dashboard(store, facilitator)
        self.moderation = Moderation(store, facilitator)
        self._jargon = JargonWall(store, facilitator)
        self.message = message_area()
        self.sections: dict[str, w.Widget] = {}
        on = guarded(self.message)

        # The page's one h1 is the notebook's ("Facilitator dashboard"): the cohort is
        # said under it, not in a second h1.
        self.title = w.HTML(render("dashboard/title.html", cohort=self.model.cohort_name,
                                   presenter=f"./presenter.ipynb{link_query}"))
        self.refresh_button = w.Button(description="Refresh now", icon="refresh",
                                       tooltip="Read everything again from the database")
        self.refresh_button.on_click(on(lambda _b: self.refresh()))

        self.participation = w.HTML()
        self.module_plot, self.agency_plot = _Plot(), _Plot()
        self.participation_downloads = w.HTML()
        self.choices = w.HTML()
        self.choices_plot = _Plot()
        self.queue_box = w.VBox()
        self._anonymous_head = w.HTML(render("spaces/anonymous_group.html",
                                             what="Anonymous posts and reflections"))
        # Each heads its own dashboard section (h2): no second heading above it.
        self.elephants = ElephantBoxView(store, facilitator, live=live, interval=interval,
                                         heading_level=2)
        self.agreement = AgreementView(store, facilitator, live=live, interval=interval,
                                       heading_level=2)
        self.export_button = w.Button(
            description="Prepare the full export (Excel)", icon="download",
            tooltip="Participation and shared posts, honouring every visibility choice",
        )
        self.export_link = w.HTML()
        self.export_button.on_click(on(lambda _b: self._export()))

        # -- assessment settings and the course evaluation (grade) --------------------
        self.feedback = FeedbackWorkspaceView(FeedbackWorkspace(store, facilitator, self.model),
                                              self.message)
        self.feedback_box = self.feedback.list_box
        self.assessment = AssessmentSection(self.model, self.message,
                                            on_change=lambda: self.feedback.draw())
        self.evaluation = EvaluationSection(self.model, _table, _download)
        self.grading = GradingSection(grading or CycleRunner(self.model.cohort_name),
                                      self.message,
                                      formgrader_address(self.model.cohort_name, on_hub))
        self.attendance = AttendanceSection(SessionRecords(store, facilitator), self.message)

        self.people = PeopleSection(store, facilitator, self.message)
        self.lms = LmsSection(self.model, self.message)
        self.sections = {
            "room": _room_view(self.model),
            "people": self.people,
            "lms": self.lms,
            "participation": w.VBox([
                w.HTML("<h2>Participation</h2>"), self.module_plot, self.agency_plot,
                self.participation, self.participation_downloads,
            ]),
            "feedback": self.feedback,
            "choices": w.VBox([
                w.HTML("<h2>Role-play choices by agency</h2>"), self.choices_plot, self.choices,
            ]),
            "moderation": w.VBox([
                w.HTML(render(
                    "dashboard/heading.html", title="Moderation",
                    note="Every post in the cohort's spaces: those under a name newest "
                    "first, then the anonymous ones, apart and in no order of time. Hidden "
                    "posts vanish from other trainees' pages within seconds (their author "
                    "sees a note saying so); you can show them again.")),
                self.queue_box,
            ]),
            "elephants": w.VBox([self.elephants]),
            "agreement": w.VBox([self.agreement]),
            "downloads": w.VBox([
                w.HTML("<h2>Downloads</h2>"), self.export_button, self.export_link,
            ]),
            "attendance": self.attendance,
            "assessment": self.assessment,
            "grading": self.grading,
            "evaluation": self.evaluation,
            "law": LawSetting(CohortLaw(store, facilitator), self.message),
        }
        self.today = w.HTML()
        s = self.sections
        # What a facilitator looks for, one section at a time (SECTIONS): each holds the
        # parts above; a part added later goes in the section a trainer would look in.
        self.page = Sections("Sections of the facilitator's page", [
            ("today", "Today", [
                w.HTML(render("dashboard/heading.html", title="Today",
                              note="Your cohort at a glance, the room and who came.")),
                self.today, s["room"], s["attendance"]]),
            ("people", "People", [s["people"], s["lms"]]),
            ("feedback", "Feedback", [s["feedback"], s["grading"]]),
            ("spaces", "Shared spaces", [s["moderation"], s["elephants"], s["agreement"]]),
            ("results", "Results", [s["participation"], s["choices"], s["evaluation"],
                                    s["downloads"]]),
            ("settings", "Settings", [s["assessment"], s["law"]]),
        ])
        super().__init__([self.title, self.refresh_button, self.message, self.page])
        self.add_class("cg-dashboard")
        self._lock = threading.RLock()  # the live thread and button clicks both redraw
        self.live = LiveRefresh(self._fingerprint, self._draw, interval)
        self.refresh()
        if live:
            self.live.start()

    def _fingerprint(self) -> tuple:
        return (self.model.fingerprint(), self.moderation_fingerprint())

    def moderation_fingerprint(self) -> tuple:
        return (self.elephants.model.fingerprint() + self.agreement.model.fingerprint()
                + self._jargon.fingerprint())

    # -- test hooks ----------------------------------------------------------------
    def show_section(self, key: str) -> None:
        """Show one section (today, people, feedback, spaces, results, settings)."""
        self.page.show(key)

    def refresh(self) -> None:
        self.live.mark_current()
        self._draw()

    def send_feedback(self, index: int, comment: str, mark: str | None = "complete",
                      score: int | None = None) -> None:
        self.feedback.send(index, comment, mark, score)

    def hide(self, key: int | str) -> None:
        """Press the Hide / Show again button of a post id or a queue item's key."""
        self._queue_buttons[key].click()

    # -- drawing -------------------------------------------------------------------
    def _draw(self) -> None:
        with self._lock:
            self._draw_participation()
            self.people.draw(keep_link=True)  # a new link stays until the next action
            self.feedback.draw()
            self.today.value = render("dashboard/today.html",
                                      trainees=self.model.trainee_count(),
                                      awaiting=sum(m.waiting for m in
                                                   self.feedback.model.awaiting_by_module()))
            self._draw_choices()
            self._draw_queue()
            self.assessment.draw()
            self.evaluation.draw()

    def _draw_participation(self) -> None:
        import pandas as pd

        numbers = _module_numbers()
        modules = pd.DataFrame(
            [(m.module_id, m.title, m.visited, m.completed, m.trainees)
             for m in self.model.by_module()],
            columns=["module", "title", "visited", "completed", "trainees"],
        )
        shown_modules = modules.assign(
            module=[numbers.get(mid, "") for mid in modules["module"]]
        ).rename(columns={"module": "no.", "title": "module", "visited": "opened"})
        agencies = pd.DataFrame(
            [(a.agency, a.module_id, a.people, a.visited, a.completed)
             for a in self.model.by_agency()],
            columns=["agency", "module", "trainees", "visited", "completed"],
        )
        self.module_plot.show(
            self._module_png(modules) if not modules.empty else None,
            "trainees who opened and who completed each module.",
        )
        completed = (
            agencies.pivot_table(index="agency", columns="module", values="completed",
                                 aggfunc="sum", fill_value=0)
            if not agencies.empty else pd.DataFrame()
        )
        self.agency_plot.show(
            self._agency_png(completed) if not completed.empty else None,
            "modules completed, by agency (each square: how many from that agency). "
            f"Agencies: {_listed(completed.index)}.",
        )
        shown = completed.rename(columns=lambda mid: _module_column(mid, numbers))
        shown.columns.name = None  # else pandas adds an empty "module" column
        self.participation.value = render(
            "dashboard/participation.html",
            by_module=Markup(_table(shown_modules, "Participation by module")),
            by_agency=Markup(_table(shown.reset_index() if not shown.empty else shown,
                                    "Modules completed, by agency")),
            marks_waiting=self.model.marks_waiting(),
        )
        module_titles = dict(zip(modules["module"], modules["title"], strict=True))
        by_agency = agencies.assign(
            module=[_module_column(mid, numbers) for mid in agencies["module"]],
        ).assign(title=[module_titles.get(mid, "") for mid in agencies["module"]])
        by_agency = by_agency[["agency", "module", "title", "trainees", "visited",
                               "completed"]]
        self.participation_downloads.value = _downloads(  # words, never a module's id
            _download(shown_modules, "participation_by_module.csv",
                      "Download by module (CSV)"),
            _download(by_agency, "participation_by_agency.csv", "Download by agency (CSV)"),
        )

    @staticmethod
    def _module_png(modules: pd.DataFrame) -> bytes:
        from matplotlib.ticker import MaxNLocator

        with _figure() as (fig, ax):
            x = range(len(modules))
            ax.bar([i - 0.2 for i in x], modules["visited"], width=0.4, label="opened",
                   color="#90caf9")
            ax.bar([i + 0.2 for i in x], modules["completed"], width=0.4, label="completed",
                   color="#2d6a4f")
            ax.set_xticks(list(x), [m.split("_")[0] for m in modules["module"]])
            ax.set_xlabel("module")
            ax.set_ylabel("trainees")
            ax.set_ylim(0, max(1, int(modules["trainees"].max())))
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # people, not 0.25s
            ax.legend()
            ax.set_title("Participation by module")
            return _png(fig)

    @staticmethod
    def _agency_png(completed: pd.DataFrame) -> bytes:
        import numpy as np

        with _figure(height=0.5 + 0.45 * len(completed)) as (fig, ax):
            ax.imshow(completed.values, cmap="Greens", aspect="auto")
            ax.set_xticks(range(len(completed.columns)),
                          [str(c).split("_")[0] for c in completed.columns])
            ax.set_yticks(range(len(completed.index)), [str(a) for a in completed.index])
            dark = completed.values.max() / 2  # past this the square is dark: white text
            for (i, j), n in np.ndenumerate(completed.values):
                ax.text(j, i, str(n), ha="center", va="center", fontsize=8,
                        color="white" if n > dark else "black")
            ax.set_xlabel("module")
            ax.set_title("Modules completed, by agency")
            return _png(fig)

    def _draw_choices(self) -> None:
        import pandas as pd

        result = self.model.scenario_choices()
        frame = pd.DataFrame(
            [(c.scenario or c.scenario_id, c.node or c.node_id, c.choice or c.choice_id,
              c.agency, c.people) for c in result.cells],
            columns=["role-play", "decision point", "choice", "agency", "people"],
        )
        png = None
        if not frame.empty:
            from matplotlib.ticker import MaxNLocator

            pivot = frame.assign(
                where=frame["decision point"] + " → " + frame["choice"]
            ).pivot_table(index="where", columns="agency", values="people", aggfunc="sum",
                          fill_value=0)
            with _figure(height=0.6 + 0.4 * len(pivot)) as (fig, ax):
                pivot.plot.barh(stacked=True, ax=ax)
                ax.xaxis.set_major_locator(MaxNLocator(integer=True))
                ax.set_xlabel("people")
                ax.set_ylabel("")
                ax.set_title("Choices at each decision point, by agency")
                png = _png(fig)
        self.choices_plot.show(
            png, "how many people of each agency took each choice"
            + (f". Agencies: {_listed(sorted(set(frame['agency'])))}." if png else "."),
        )
        downloads = "" if frame.empty else _downloads(
            _download(frame, "scenario_choices.csv", "Download choices (CSV)"))
        self.choices.value = render(
            "dashboard/choices.html", min_cell=MIN_CELL, withheld=result.withheld,
            table=Markup(_table(frame, "Role-play choices by agency")),
            downloads=Markup(downloads),
        )

    def _draw_queue(self) -> None:
        on = guarded(self.message)
        self._queue_buttons: dict[int | str, w.Button] = {}
        rows: list[w.Widget] = []
        for item in self.moderation.queue():
            if item.anonymous and not any(r is self._anonymous_head for r in rows):
                rows.append(self._anonymous_head)  # anonymous items stand apart, after
            state = "hidden from trainees" if item.hidden else (
                "only you see it" if item.space == "elephant" and not item.surfaced
                else "visible to the cohort"
            )
            # a named post's time; an anonymous item's day, all the queue is given
            created = f"{item.created_at:%d %b}" + (
                f" {item.created_at:%H:%M}" if isinstance(item.created_at, _dt.datetime) else "")
            about = prompt_heading(item.prompt_id, "") if item.prompt_id else ""
            info = w.HTML(render("dashboard/queue_item.html", item=item, state=state,
                                 created=created, about=about))
            where = "cohort's page" if item.kind == "reflection" else item.space_name.lower()
            button = w.Button(
                description=(f"Show again on the {where}" if item.hidden
                             else f"Hide from the {where}"),
                tooltip=("Show this post to trainees again" if item.hidden
                         else "Hide this post from trainees"))
            button.on_click(on(lambda _b, key=item.key, h=item.hidden: self._hide(key, not h)))
            self._queue_buttons[item.key] = button
            if item.kind == "post":  # posts can also be found by their id alone
                self._queue_buttons[item.id] = button
            row = w.HBox([info, button])
            row.add_class("cg-queue-row")
            rows.append(row)
        if self.moderation.waiting:
            rows.append(w.HTML(f'<p class="cg-space-note">{html.escape(NOT_YET)}</p>'))
        elif not rows:
            rows = [w.HTML('<p class="cg-space-note">No posts yet.</p>')]
        self.queue_box.children = tuple(rows)

    def _hide(self, key: int | str, hidden: bool) -> None:
        self.moderation.hide(key, hidden)
        with self._lock:
            self._draw_queue()
        self.elephants.refresh()
        self.agreement.refresh()

    def _export(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            [path] = export(self.store, self.model.cohort_name, Path(tmp) / "export.xlsx")
            data = path.read_bytes()
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        href = f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
        self.export_link.value = (
            f'<p class="cg-downloads"><a download="cohort_export.xlsx" href="{href}">'
            "Download the export (Excel)</a> (private and facilitator-only reflections are "
            "not in it; anonymous posts have no author)</p>"
        )

    def close(self) -> None:
        self.live.stop()
        self.grading.close()
        self.elephants.close()
        self.agreement.close()
        super().close()
