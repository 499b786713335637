"""Where Common Ground keeps its data and finds its content.

The database and content folder are read from the course's environment
(:mod:`commonground.environment`), so that `commonground serve` can hand the same
settings to every trainee kernel it starts.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import environment

REPO_ROOT = Path(__file__).resolve().parents[1]


def default_db_path() -> Path:
    """The SQLite file used when no database is named: per user, created on first run."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "commonground" / "commonground.db"


def db_url(explicit: str | None = None) -> str:
    """The SQLAlchemy URL of the course database.

    Order: an explicit URL (or plain file path), then ``COMMONGROUND_DB``, then the
    per-user default file.
    """
    value = explicit or environment.read().db
    if not value:
        return f"sqlite:///{default_db_path()}"
    if "://" not in value:  # a plain path to a SQLite file
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    return value


def content_dir() -> Path:
    """The folder with the course outline, prompts and scenarios (data, not code)."""
    value = environment.read().content
    return Path(value) if value else REPO_ROOT / "content"


def modules_dir() -> Path:
    return REPO_ROOT / "modules"


def notes_dir() -> Path:
    """The facilitator notes (Markdown, one file per module): the pack's run sheets and
    the slides' speaker notes are made from them."""
    return REPO_ROOT / "facilitator_notes"
