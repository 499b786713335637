"""The `commonground` command line."""

from __future__ import annotations

import argparse
import sys

from commonground.content.datafile import DataFileError
from commonground.data.store import NoDatabaseError, Store, StoreError
from commonground.grading.cli import add_parser as add_grading_parser
from commonground.hub.cli import add_parser as add_hub_parser
from commonground.lti.cli import add_parser as add_lti_parser
from commonground.pack.cli import add_parser as add_pack_parser
from commonground.scenario.cli import add_parser as add_scenario_parser

from .admin_cli import add_parser as add_admin_parser
from .cohort_cli import add_parser as add_cohort_admin_parser
from .db_cli import add_parser as add_db_parser
from .room_cli import add_parser as add_room_parser


def _cmd_serve(args: argparse.Namespace) -> int:
    from commonground.lti.handlers import routes
    from commonground.server.app import serve
    from commonground.server.proxy import trusted_addresses

    try:
        proxies = trusted_addresses(args.trusted_proxy)
    except ValueError as e:
        print(f"commonground: {e}", file=sys.stderr)
        return 2
    if args.public_url and not args.public_url.startswith(("https://", "http://")):
        print(f"commonground: the --public-url {args.public_url!r} is not a web address. Give "
              "the address trainees open, for example https://course.example.org/",
              file=sys.stderr)
        return 2
    serve(
        host=args.host,
        port=args.port,
        db=args.db,
        ready=args.ready,
        cull_idle=args.cull_idle,
        root=args.root,
        open_enrolment=args.open_enrolment,
        room_memory=args.room_memory,
        room_minutes=args.room_minutes,
        fork_kernels=not args.fresh_kernels,
        trusted_proxies=proxies,
        public_url=args.public_url,
        extra_routes=routes,
    )
    return 0


def _store(args: argparse.Namespace) -> Store:
    from commonground.data.store import open_store

    return open_store(args.db, create=False)


def no_database_message(error: NoDatabaseError) -> str:
    """What a command that found no database says: where it looked, where the course
    server's database is (from a running server's runtime file, else the default), and
    how to point at it."""
    from commonground.config import default_db_path
    from commonground.server.client import server_databases

    servers = [(port, db) for port, db in server_databases() if db != error.where]
    if servers:
        uses = "; ".join(f"the server on port {port} uses {db}" for port, db in servers)
    elif error.where == str(default_db_path()):
        uses = ("that is where a server started without --db keeps it, and no running "
                "course server of yours says where its database is")
    else:
        uses = (f"a server started without --db or COMMONGROUND_DB uses {default_db_path()} "
                "(no running course server of yours says otherwise)")
    return (
        f"No course database at {error.where}; {uses} — pass --db or set COMMONGROUND_DB. "
        "Nothing was created. (A new course database is made only by `commonground serve` "
        "or `commonground db upgrade`.)"
    )


def _cmd_cohort_create(args: argparse.Namespace) -> int:
    store = _store(args)
    cohort = store.people.create_cohort(args.name, args.facilitator, args.starts, args.ends)
    print(f"Created cohort {cohort.name!r}.")
    return 0


def _cmd_cohort_add(args: argparse.Namespace) -> int:
    from .roster import add_roster, read_roster

    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    try:
        rows = read_roster(args.roster)
    except DataFileError as e:
        print(f"commonground: {e}\nNothing was added to {cohort.name!r}. Fix the roster and "
              "run the command again.", file=sys.stderr)
        return 2
    done = add_roster(store, cohort.id, rows)
    added, skipped, emailed = done.added, done.skipped, done.emailed
    if emailed:
        print(f"Kept {emailed} email address(es) from the roster (for sending links: "
              f"commonground cohort email-links {cohort.name!r}).")
    if not skipped:
        print(f"Added {added} trainee(s) to {cohort.name!r}.")
        return 0
    print(f"Added {added} trainee(s) to {cohort.name!r}; skipped {len(skipped)} already in "
          "the cohort (the same name and agency), whose details were left as they were.")
    shown = ", ".join(f"{n} ({a})" for n, a in skipped[:5])
    print(f"Skipped: {shown}" + (f" and {len(skipped) - 5} more." if len(skipped) > 5 else "."))
    return 0


def _cmd_cohort_links(args: argparse.Namespace) -> int:
    from .links_file import check_base_url, write_links

    check_base_url(args.base_url)
    store = _store(args)
    written = write_links(store, store.people.cohort(args.cohort), args.base_url, args.out)
    print(
        f"Wrote {written.count} personal link(s) to {written.path}. Links issued before now "
        "no longer work. Keep this file private: each link signs its holder in."
    )
    print(
        "Your facilitator link (it opens the facilitator dashboard; keep it to yourself):\n"
        + written.facilitator_url
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="commonground", description="Common Ground: a course on person-centred partnerships."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    db_help = "database: a SQLAlchemy URL or a SQLite file path (default: $COMMONGROUND_DB)"
    p = sub.add_parser("serve", help="run the course in Voila")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--db", help=db_help)
    p.add_argument("--ready", "--warm", dest="ready", type=int, default=0, metavar="N",
                   help="keep N pages ready for the welcome page and 1 for each other "
                   "module (also --warm, its old name)")
    p.add_argument(
        "--cull-idle", type=int, default=40, metavar="SECONDS",
        help="shut down a closed page's kernel after this many idle seconds",
    )
    p.add_argument(
        "--open-enrolment", action="store_true",
        help="let visitors without a personal link take the course on their own, each in "
        "their own browser (always so on 127.0.0.1; elsewhere only with this option)",
    )
    p.add_argument(
        "--room-memory", type=float, default=0, metavar="MB",
        help="the most memory getting a module ready for the room may take (default: 70%% "
        "of the memory available when asked)")
    p.add_argument(
        "--room-minutes", type=float, default=90, metavar="MINUTES",
        help="give back the kernels of a prepared module nobody took after this long")
    p.add_argument(
        "--fresh-kernels", action="store_true",
        help="start each page's kernel as a new Python process instead of forking it from "
        "the kernel template (slower; for comparison or a system without fork)")
    p.add_argument(
        "--trusted-proxy", action="append", default=[], metavar="ADDRESS",
        help="the IP address of a reverse proxy in front of the course (nginx or Caddy with "
        "TLS): its X-Forwarded-For and X-Forwarded-Proto headers are believed, no one "
        "else's (repeat for more than one)")
    p.add_argument(
        "--public-url", default="", metavar="URL",
        help="the address trainees open, e.g. https://course.example.org/ (the links the "
        "facilitator's page gives and emails start with it; default: this server's own "
        "address on 127.0.0.1, or none on another address)")
    p.add_argument("--root", help=argparse.SUPPRESS)  # another folder of notebooks (benchmarks)
    p.set_defaults(func=_cmd_serve)

    cohort = sub.add_parser("cohort", help="create and manage cohorts").add_subparsers(
        dest="cohort_command", required=True
    )
    p = cohort.add_parser("create", help="create a cohort")
    p.add_argument("name")
    p.add_argument("--facilitator", default="", help="the facilitator's name")
    p.add_argument("--starts", help="start date, YYYY-MM-DD")
    p.add_argument("--ends", help="end date, YYYY-MM-DD")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_cohort_create)

    p = cohort.add_parser("add", help="add trainees from a CSV roster (name, agency, role)")
    p.add_argument("cohort")
    p.add_argument("roster", help="CSV file with columns name, agency, role")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_cohort_add)

    p = cohort.add_parser("links", help="issue personal links, written to a CSV file")
    p.add_argument("cohort")
    p.add_argument("--out", default="links.csv")
    p.add_argument("--base-url", default="http://127.0.0.1:8866/")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_cohort_links)
    add_cohort_admin_parser(cohort, db_help)  # list, members, revoke, reissue, archive, ...

    add_admin_parser(sub, db_help)
    add_db_parser(sub, db_help)
    add_scenario_parser(sub)
    add_grading_parser(sub)
    add_hub_parser(sub, db_help)
    add_lti_parser(sub, db_help)
    add_pack_parser(sub)
    add_room_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args) or 0
    except NoDatabaseError as e:
        print(f"commonground: {no_database_message(e)}", file=sys.stderr)
        return 2
    except (StoreError, DataFileError) as e:
        print(f"commonground: {e}", file=sys.stderr)
        return 2
    except OSError as e:  # a folder or file the command could not read or write
        where = f" {e.filename}" if e.filename else ""
        print(f"commonground: could not use{where} ({e.strerror or e}). Check the path, and "
              "that the folder exists and you may write to it.", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
