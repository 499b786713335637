"""Common Ground's widgets: views only. Rules and storage live in ``commonground``.

Module notebooks use :mod:`widgets.course`; the view classes are exported for tests.
"""

from . import course
from .journal import JournalPage
from .nav import CourseNav, ModuleFooter
from .reflection import ReflectionBox

__all__ = ["CourseNav", "JournalPage", "ModuleFooter", "ReflectionBox", "course"]
