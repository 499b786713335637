"""Where the course keeps its LTI signing keys, and the course's LTI addresses.

The keys live beside a SQLite database (``<folder of the database>/lti-keys``), or, with
PostgreSQL, in the course's data folder (``~/.local/share/commonground/lti-keys``): the
server and the ``commonground lti`` commands find the same keys from the same database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commonground.config import db_url, default_db_path
from commonground.data.store import sqlite_path

__all__ = ["Addresses", "key_folder"]


def key_folder(url: str | None = None) -> Path:
    """The folder of the course's LTI keys, for this database."""
    path = sqlite_path(db_url(url))
    return (path.parent if path is not None else default_db_path().parent) / "lti-keys"


@dataclass(frozen=True)
class Addresses:
    """The course's LTI addresses under its public address (``https://course.example/``)."""

    base: str

    def _at(self, path: str) -> str:
        return f"{self.base.rstrip('/')}/{path}"

    @property
    def tool(self) -> str:
        return self._at("")

    @property
    def login(self) -> str:
        return self._at("lti/login")

    @property
    def launch(self) -> str:
        return self._at("lti/launch")

    @property
    def jwks(self) -> str:
        return self._at("lti/jwks")

    @property
    def register(self) -> str:
        return self._at("lti/register")
