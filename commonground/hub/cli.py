"""``commonground hub serve | service | sync | ready``."""

from __future__ import annotations

import argparse
import os

__all__ = ["add_parser"]


def _cmd_serve(args: argparse.Namespace) -> int:
    from .server import serve_hub

    serve_hub(ready=args.ready, cull_idle=args.cull_idle)
    return 0


def _cmd_service(args: argparse.Namespace) -> int:
    from .service import serve_service

    cohorts = tuple(s.strip() for s in (args.cohorts or "").split(",") if s.strip())
    serve_service(ready=args.ready, cull_idle=args.cull_idle, room_memory=args.room_memory,
                  cohorts=cohorts)
    return 0


def _cmd_sync(args: argparse.Namespace) -> int:
    from ..data.store import open_store
    from .sync import HubAPI, from_hub, to_hub

    api = HubAPI(args.hub_url or os.environ.get("JUPYTERHUB_API_URL", ""),
                 os.environ.get("JUPYTERHUB_API_TOKEN", ""))
    store = open_store(args.db, create=False)
    try:
        report = (from_hub if args.direction == "from-hub" else to_hub)(
            store, api, remove=args.remove)
    finally:
        store.dispose()
    print("\n".join(report.lines()) or "Nothing to change: the hub's groups and the "
          "course's cohorts agree.")
    return 1 if report.problems else 0


def _cmd_ready(args: argparse.Namespace) -> int:
    from ..data.store import open_store
    from .ready import cohort_hub_users, start_servers
    from .sync import HubAPI

    api = HubAPI(args.hub_url or os.environ.get("JUPYTERHUB_API_URL", ""),
                 os.environ.get("JUPYTERHUB_API_TOKEN", ""))
    store = open_store(args.db, create=False)
    try:
        users = cohort_hub_users(store, api, args.cohort)
    finally:
        store.dispose()
    report = start_servers(api, users, args.wait)
    print("\n".join(report.lines()))
    return 1 if report.problems else 0


def add_parser(sub: argparse._SubParsersAction, db_help: str) -> None:
    hub = sub.add_parser("hub", help="run the course on JupyterHub").add_subparsers(
        dest="hub_command", required=True)
    p = hub.add_parser("serve", help="a user's course server (JupyterHub's Spawner.cmd)")
    p.add_argument("--ready", "--warm", dest="ready", type=int, default=0, metavar="N",
                   help="keep N pages ready for the welcome page and 1 for each other "
                   "module (also --warm, its old name)")
    p.add_argument("--cull-idle", type=int, default=40, metavar="SECONDS",
                   help="shut down a closed page's kernel after this many idle seconds")
    p.set_defaults(func=_cmd_serve)
    p = hub.add_parser("service", help="the course for every hub user, as one hub service "
                       "(a JupyterHub.services command)")
    p.add_argument("--ready", type=int, default=0, metavar="N",
                   help="keep N pages ready for the welcome page and 1 for each other module")
    p.add_argument("--cull-idle", type=int, default=40, metavar="SECONDS",
                   help="shut down a closed page's kernel after this many idle seconds")
    p.add_argument("--room-memory", type=float, default=0, metavar="MB",
                   help="memory a module got ready for the room may take (0: what the "
                   "computer has free)")
    p.add_argument("--cohorts", metavar="SLUG,SLUG",
                   help="the cohorts this service holds, when the hub has several course "
                   "services (COMMONGROUND_HUB_SERVICES); others are refused in plain words")
    p.set_defaults(func=_cmd_service)
    p = hub.add_parser("sync", help="cohort places between hub groups and the course "
                       "(token in $JUPYTERHUB_API_TOKEN)")
    p.add_argument("direction", choices=("from-hub", "to-hub"),
                   help="from-hub: groups place people in cohorts; to-hub: cohorts make "
                   "groups and fill them")
    p.add_argument("--remove", action="store_true",
                   help="also take away what the other side no longer has (to-hub: people "
                   "out of groups; from-hub: cohort places); without it, only listed. "
                   "Nobody's writing is deleted")
    p.add_argument("--hub-url", help="the hub's API, e.g. http://127.0.0.1:8081/hub/api "
                   "(default: $JUPYTERHUB_API_URL)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_sync)
    p = hub.add_parser("ready", help="start a cohort's hub servers before a session "
                       "(token in $JUPYTERHUB_API_TOKEN)")
    p.add_argument("cohort")
    p.add_argument("--wait", type=float, default=300, metavar="SECONDS",
                   help="how long to wait for the servers to be ready (default 300)")
    p.add_argument("--hub-url", help="the hub's API (default: $JUPYTERHUB_API_URL)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_ready)
