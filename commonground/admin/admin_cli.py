"""`commonground admin link`: a new link for the organisation's course administrator.

The earlier administrator link stops working. The new one is printed and kept in a file
only this account can read (:mod:`commonground.access.administrator`), beside a SQLite
database or in the course's data folder. Like every command but ``serve`` and
``db upgrade``, it never makes a database.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser"]


def _cmd_link(args: argparse.Namespace) -> int:
    from commonground.access.administrator import new_administrator_link
    from commonground.config import db_url
    from commonground.data.store import open_store

    from .links_file import check_base_url

    base = check_base_url(args.base_url)
    url = db_url(args.db)
    store = open_store(url, create=False)
    try:
        link, kept = new_administrator_link(store, url, base)
    finally:
        store.dispose()
    print("The course administrator's new link (the earlier one no longer works; keep this "
          f"one private):\n    {link}\nIt is also kept in {kept}, which only this account "
          "can read.")
    return 0


def add_parser(sub: argparse._SubParsersAction, db_help: str) -> None:
    admin = sub.add_parser(
        "admin", help="the organisation's course administrator").add_subparsers(
        dest="admin_command", required=True)
    p = admin.add_parser(
        "link", help="make a new administrator link (the earlier one stops working)")
    p.add_argument("--base-url", default="http://127.0.0.1:8866/",
                   help="the address the course is served at (default: %(default)s)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_link)
