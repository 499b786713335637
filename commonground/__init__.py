"""Common Ground's core: storage, identity, course content and rules.

Importable and testable without a kernel or a browser. Nothing here imports
ipywidgets, pandas or nbgrader at import time.
"""

from .course import Course, Module, Prompt, load_course, load_prompts
from .datafile import DataFileError, Problem
from .identity import INVALID_LINK_MESSAGE, Identity, resolve_identity
from .people import Cohort, Participant
from .reflection_model import MAX_WORDS, ReflectionInputError, ReflectionModel
from .reflections import DraftConflict
from .store import SchemaTooNewError, Store, StoreError, open_store

__all__ = [
    "INVALID_LINK_MESSAGE",
    "MAX_WORDS",
    "Cohort",
    "Course",
    "DataFileError",
    "DraftConflict",
    "Identity",
    "Module",
    "Participant",
    "Problem",
    "Prompt",
    "ReflectionInputError",
    "ReflectionModel",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "load_course",
    "load_prompts",
    "open_store",
    "resolve_identity",
]
