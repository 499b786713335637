"""The errors the course database raises, worded for the person running the course."""

from __future__ import annotations

__all__ = [
    "NotCourseDatabaseError",
    "SchemaTooNewError",
    "SchemaTooOldError",
    "StoreError",
]


class StoreError(Exception):
    """A problem with the course database, worded for the person running the course."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer Common Ground. Nothing was changed."""


class SchemaTooOldError(StoreError):
    """The database is from an earlier Common Ground and must be upgraded first."""


class NotCourseDatabaseError(StoreError):
    """The file or server database is not a Common Ground database. Nothing was changed."""
