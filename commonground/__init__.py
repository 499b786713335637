"""Common Ground's core: storage, identity, course content and rules.

Importable and testable without a kernel or a browser. Nothing here imports
ipywidgets, pandas or nbgrader at import time.
"""

from .access.identity import INVALID_LINK_MESSAGE, Identity, resolve_identity
from .content.course import Course, Module, Prompt, load_course, load_prompts
from .content.datafile import DataFileError, Problem
from .data.people import Cohort, Participant
from .data.reflections import DraftConflict, Feedback, for_facilitator, shared_reflections
from .data.store import SchemaTooNewError, Store, StoreError, open_store
from .pages.journal import Journal, journal_html, journal_markdown, load_journal
from .pages.reflection import MAX_WORDS, ReflectionInputError, ReflectionModel

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
