"""The facilitator dashboard's course-evaluation section (view).

Shows the cohort's anonymous evaluation answers only in aggregate
(:meth:`commonground.pages.dashboard.Dashboard.evaluation`): how many answered, and once at
least 3 have, the counts for each statement and the free text of a question where at
least 3 wrote there, in a random order, as text. Two CSV downloads hold the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import ipywidgets as w

from commonground.admin.cohorts import evaluation_tables
from commonground.data.evaluation import MIN_RESPONSES
from commonground.pages.dashboard import Dashboard
from commonground.templates import Markup, render

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["EvaluationSection"]

INTRO = (
    "Anonymous answers to the form at the end of module 07. You see them only added up, "
    f"once at least {MIN_RESPONSES} people have answered, and never who wrote what. "
    "Free-text answers are listed in a different order each time."
)


class EvaluationSection(w.VBox):
    """``table(frame)`` and ``download(frame, filename, label)`` are the dashboard's own
    (escaped HTML tables; CSV links safe for spreadsheets)."""

    def __init__(self, model: Dashboard, table: Callable[[pd.DataFrame, str], str],
                 download: Callable[[pd.DataFrame, str, str], str]):
        self.model = model
        self._table, self._download = table, download
        self.body = w.HTML()
        super().__init__([w.HTML(render("dashboard/heading.html", title="Course evaluation",
                                        note=INTRO)), self.body])

    def draw(self) -> None:
        from commonground.content.evaluation_form import load_evaluation_form

        _table, _download = self._table, self._download
        form = load_evaluation_form()
        summary = self.model.evaluation()
        if not summary.shown:
            self.body.value = (
                f'<p class="cg-space-note">{summary.responses} of the cohort have answered '
                f"so far. The answers are shown here once at least {MIN_RESPONSES} have.</p>"
            )
            return
        counts, texts = evaluation_tables(summary, form)
        # On screen the columns are 1 to 5 (narrow enough for a phone); the CSV has words.
        short = counts.rename(columns={f"{n} {words}": str(n)
                                       for n, words in enumerate(form.scale, 1)})
        scale = "; ".join(f"{n} {words}" for n, words in enumerate(form.scale, 1))
        links = [_download(counts, "evaluation_statements.csv", "Download the counts (CSV)")]
        if not texts.empty:
            links.append(_download(texts, "evaluation_comments.csv",
                                   "Download the comments (CSV)"))
        self.body.value = render(
            "dashboard/evaluation.html", responses=summary.responses, scale=scale,
            table=Markup(_table(short, "Evaluation answers by statement")),
            questions=[(question, summary.texts[q]) for q, question in form.questions.items()],
            min_responses=MIN_RESPONSES,
            downloads=Markup(render("dashboard/downloads.html",
                                    links=[Markup(link) for link in links])),
        )
