"""`commonground db status | upgrade`: the course database's data format.

``status`` reads only (it creates nothing: a database that is not there is refused, as
by every command but ``serve`` and ``db upgrade``) and exits 0 when the database is up
to date (or empty), 1 when it needs an upgrade, 2 when it cannot be used (newer, not a
course database, or not there).
``upgrade`` makes a backup copy first on SQLite, then upgrades.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser"]


def _cmd_status(args: argparse.Namespace) -> int:
    from commonground.data.migrate import status

    found = status(args.db, must_exist=True)
    print("\n".join(found.lines))
    if found.state.too_new:
        return 2
    return 1 if found.state.upgradable else 0


def _cmd_upgrade(args: argparse.Namespace) -> int:
    from commonground.data.migrate import upgrade

    print(upgrade(args.db, backup=not args.no_backup).message)
    return 0


def add_parser(sub: argparse._SubParsersAction, db_help: str) -> None:
    db = sub.add_parser("db", help="the course database: its data format and upgrades")
    actions = db.add_subparsers(dest="db_command", required=True)
    p = actions.add_parser("status", help="say which data format the database is at")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_status)
    p = actions.add_parser(
        "upgrade", help="upgrade the database to this version's data format (SQLite: after "
        "a backup copy)",
    )
    p.add_argument("--db", help=db_help)
    p.add_argument("--no-backup", action="store_true",
                   help="SQLite only: skip the backup copy (you made your own)")
    p.set_defaults(func=_cmd_upgrade)
