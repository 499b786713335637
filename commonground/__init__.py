"""Common Ground's core: storage, identity, course content and rules.

Importable and testable without a kernel or a browser. Nothing here imports
ipywidgets, pandas or nbgrader at import time.
"""

from .course import Course, Module, Prompt, load_course, load_prompts
from .datafile import DataFileError, Problem
from .identity import INVALID_LINK_MESSAGE, Identity, resolve_identity
from .journal import Journal, journal_html, journal_markdown, load_journal
from .people import Cohort, Participant
from .reflection_model import MAX_WORDS, ReflectionInputError, ReflectionModel
from .reflections import DraftConflict, Feedback, for_facilitator, shared_reflections
from .store import SchemaTooNewError, Store, StoreError, open_store

__all__ = [
    "INVALID_LINK_MESSAGE",
    "MAX_WORDS",
    "Cohort",
    "Course",
    "DataFileError",
    "DraftConflict",
    "Feedback",
    "Identity",
    "Journal",
    "Module",
    "Participant",
    "Problem",
    "Prompt",
    "ReflectionInputError",
    "ReflectionModel",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "for_facilitator",
    "journal_html",
    "journal_markdown",
    "load_course",
    "load_journal",
    "load_prompts",
    "open_store",
    "resolve_identity",
    "shared_reflections",
]
