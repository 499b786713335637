"""The organisation's course administrator: who may open the administration page, and
where their link is kept on the server's computer.

The administrator signs in with a link, as everyone does: the token is read from the
request only by :func:`commonground.access.link.read_link`, and it is the
administrator's when the table's owner (:mod:`commonground.data.administrators`) holds
it. A trainee's or a facilitator's link does not open the page; neither does a
self-paced visitor. ``commonground serve`` makes the first administrator link at its
first start, prints it (as Jupyter prints its address with a token) and keeps it in a
file only the server's account can read (:func:`link_file`, made by
:mod:`commonground.private_files`); ``commonground admin link`` makes a new one, and the
earlier one stops working.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from commonground.config import default_db_path
from commonground.data.store import Store, sqlite_path
from commonground.private_files import create_private

from .link import CONFLICTING_LINK_MESSAGE, administration_url, read_link

__all__ = [
    "NOT_ADMINISTRATOR",
    "ON_THE_HUB",
    "administrator_refusal",
    "first_administrator_link",
    "link_file",
    "new_administrator_link",
]

NOT_ADMINISTRATOR = (
    "This page is for the organisation's course administrator only, and the link it was "
    "opened with is not theirs (or has been replaced by a newer one). If you run a "
    "cohort, open your facilitator link; if you are a trainee, open the link your "
    "facilitator gave you."
)
ON_THE_HUB = (
    "On a hub where each person has a server of their own, the administration page does "
    "not open. Where the course is the hub's service (the usual set-up), the hub's "
    "administrators open it from the course; here, they run cohorts with the hub's "
    "groups and the commonground commands (see the README)."
)


def administrator_refusal(store: Store, query: str | None, cookie_header: str | None,
                          environ: Mapping[str, str]) -> str | None:
    """None when the request is the course administrator's; else what to show instead,
    in plain words (nothing is read or written for anyone else)."""
    if environ.get("JUPYTERHUB_USER"):
        return ON_THE_HUB
    link = read_link(query, cookie_header)
    if link.conflict:
        return CONFLICTING_LINK_MESSAGE
    return None if store.administrators.holds(link.token) else NOT_ADMINISTRATOR


def link_file(db_url: str) -> Path:
    """Where the administrator's link is kept: beside a SQLite database (one file per
    database), else in the course's data folder."""
    path = sqlite_path(db_url)
    if path is not None:
        return path.resolve().with_name(f"{path.stem}-administrator-link.txt")
    return default_db_path().parent / "administrator-link.txt"


def _keep(path: Path, url: str) -> Path:
    create_private(path)  # 0600 before the link reaches it
    path.write_text(
        "The course administrator's link for Common Ground. It signs its holder in as the\n"
        "administrator: keep it private. `commonground admin link` makes a new one (this\n"
        f"one then stops working).\n\n{url}\n", encoding="utf-8")
    return path


def new_administrator_link(store: Store, db_url: str, base_url: str) -> tuple[str, Path]:
    """A new administrator link (the earlier one stops working), kept in
    :func:`link_file`: (the link, the file)."""
    url = administration_url(base_url, store.administrators.issue_link())
    return url, _keep(link_file(db_url), url)


def first_administrator_link(store: Store, db_url: str, base_url: str
                             ) -> tuple[str, Path] | None:
    """At a server's first start on a database: the first administrator link, made,
    kept in :func:`link_file` and returned with it; None when one was made before."""
    token = store.administrators.first_link()
    if token is None:
        return None
    url = administration_url(base_url, token)
    return url, _keep(link_file(db_url), url)
