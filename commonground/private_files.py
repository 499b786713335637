"""Files only the server's account can read: the one place that makes them so.

The course database (and SQLite's ``-wal`` and ``-shm`` files beside it), its backups,
cohort exports and link files hold people's private writing or their personal links.
Whatever the process's umask, each is created readable and writable by its owner alone
(``0600``), and a folder the course creates for them is ``0700``. SQLite makes its
``-wal`` and ``-shm`` files with the permissions of the database file, so a private
database keeps them private too. A file that already exists is made private when it is
this account's own; a folder the course did not create (``/srv``, a shared drive) is left
as its owner set it.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PRIVATE_FILE", "PRIVATE_FOLDER", "create_private", "keep_private",
           "private_folder"]

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def private_folder(path: Path) -> Path:
    """``path`` as a folder, created (with any missing parents) readable by this account
    alone; an existing folder is left as it is."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    for made in missing:
        os.chmod(made, PRIVATE_FOLDER)  # mkdir's mode is cut by the umask; this is not
    return path


def keep_private(path: Path) -> None:
    """Make an existing file of this account's readable by it alone."""
    try:
        if path.stat().st_uid == os.geteuid():
            os.chmod(path, PRIVATE_FILE)
    except FileNotFoundError:
        pass


def create_private(path: Path) -> Path:
    """Create ``path`` empty (if it is not there) readable by this account alone, before
    anything writes to it, so that no other account can open it in between."""
    private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    keep_private(path)
    return path
