"""The errors the course database raises, worded for the person running the course."""

from __future__ import annotations

__all__ = [
    "DatabaseUnreachableError",
    "NoDatabaseError",
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


class NoDatabaseError(StoreError):
    """A command that must not create a database found none where it looked (a missing
    SQLite file, or a database with no tables). Nothing was created."""

    def __init__(self, where: str) -> None:
        self.where = where  # the file's path, or the URL with any password hidden
        super().__init__(
            f"No course database at {where}; pass --db or set COMMONGROUND_DB. Nothing was "
            "created.")


class DatabaseUnreachableError(StoreError):
    """The database server did not answer (it is stopped, or the network to it is down).
    Nothing was changed."""

    def __init__(self, where: str, reason: str = "") -> None:
        self.where = where  # the URL with any password hidden
        first = reason.strip().splitlines()[0] if reason.strip() else ""
        super().__init__(
            f"Could not reach the course database at {where}"
            + (f" ({first})" if first else "")
            + ". Check that the database server is running and that this machine can reach "
            "it, then try again. Nothing was changed.")
