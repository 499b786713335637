"""Grading reflections with nbgrader, the standard Jupyter grading tool.

``generate`` writes the nbgrader assignments from the reflection prompts, ``export`` puts
the reflections trainees share with their facilitator into nbgrader's ``submitted/``
folder and gradebook, and ``feedback.import_feedback`` brings the facilitator's grades and
comments back. nbgrader itself is imported only inside these functions: never when
``commonground`` is imported and never in a trainee's kernel.
"""

from ._paths import DEFAULT_COURSE_DIR, NOTEBOOK, GradingError, NbgraderCourse, nbgrader_course
from ._text import as_markdown_text
from .export import ExportReport, export_cohort
from .feedback import ImportReport, import_feedback
from .generate import (
    Assignment,
    assignment_drift,
    assignments,
    build_assignment,
    generate_assignments,
)

__all__ = [
    "DEFAULT_COURSE_DIR",
    "NOTEBOOK",
    "Assignment",
    "ExportReport",
    "GradingError",
    "ImportReport",
    "NbgraderCourse",
    "as_markdown_text",
    "assignment_drift",
    "assignments",
    "build_assignment",
    "export_cohort",
    "generate_assignments",
    "import_feedback",
    "nbgrader_course",
]
