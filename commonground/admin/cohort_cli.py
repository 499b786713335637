"""`commonground cohort list | members | revoke | reissue | email-links | cards | archive |
purge | export | assessment | jurisdiction`.

Added to the ``cohort`` command by :func:`add_parser`; the work is done in
:mod:`commonground.admin.cohorts`.
"""

from __future__ import annotations

import argparse
import sys

from commonground.data.store import Store
from commonground.text import shown_plain

from . import cohorts as admin

DB_HELP = "database: a SQLAlchemy URL or a SQLite file path (default: $COMMONGROUND_DB)"


def _store(args: argparse.Namespace) -> Store:
    from commonground.data.store import open_store

    return open_store(args.db, create=False)  # only serve and db upgrade create one


def _table(rows: list[list[str]], header: list[str]) -> str:
    rows = [[shown_plain(str(x)) for x in row] for row in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    lines = [header, ["-" * w for w in widths], *rows]
    return "\n".join(
        "  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=False)).rstrip()
        for line in lines
    )


def _cmd_list(args: argparse.Namespace) -> int:
    cohorts = admin.list_cohorts(_store(args))
    if not cohorts:
        print('There are no cohorts yet. Create one with: commonground cohort create "Name"')
        return 0
    rows = [
        [c.name, c.facilitator_name or "-", c.starts_on or "-", c.ends_on or "-",
         str(c.trainees), str(c.active_links), "archived (read-only)" if c.archived else "open"]
        for c in cohorts
    ]
    print(_table(rows, ["cohort", "facilitator", "starts", "ends", "trainees", "live links",
                        "state"]))
    return 0


def _cmd_members(args: argparse.Namespace) -> int:
    members = admin.list_members(_store(args), args.cohort)
    if not members:
        print(f"{args.cohort!r} has nobody in it yet. Add trainees with: "
              f"commonground cohort add {args.cohort!r} roster.csv")
        return 0
    rows = [
        [m.public_id, m.name, m.agency or "-", m.role or "-", m.kind, m.link,
         f"{m.modules_completed}/{m.modules_visited}"]
        for m in members
    ]
    print(_table(rows, ["id", "name", "agency", "role", "kind", "link",
                        "completed/visited"]))
    return 0


def _cmd_revoke(args: argparse.Namespace) -> int:
    person, n = admin.revoke_link(_store(args), args.cohort, args.who)
    if n:
        print(f"Switched off {person.display_name}'s link. It stops working the next time "
              "a page is opened with it. Give them a new one with: commonground cohort "
              f"reissue {args.cohort!r} {person.public_id}")
    else:
        print(f"{person.display_name} ({person.public_id}) had no working link; nothing "
              "changed.")
    return 0


def _cmd_reissue(args: argparse.Namespace) -> int:
    person, url = admin.reissue_link(_store(args), args.cohort, args.who, args.base_url)
    print(f"New personal link for {person.display_name} ({person.public_id}); their earlier "
          "link no longer works. Keep it private: it signs its holder in.")
    print(url)
    return 0


def _cmd_archive(args: argparse.Namespace) -> int:
    cohort = admin.archive(_store(args), args.cohort, archived=not args.undo)
    if cohort.archived:
        print(f"{cohort.name!r} is archived (read-only): its trainees can still read "
              "everything with their links, but nothing new can be saved. Undo with --undo.")
    else:
        print(f"{cohort.name!r} is open again: its trainees can write and post.")
    return 0


def _cmd_purge(args: argparse.Namespace) -> int:
    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    members = store.people.members(cohort.id)
    if args.yes:
        typed = cohort.name
    else:
        print(
            f"This deletes EVERYTHING of the cohort {cohort.name!r}: its {len(members)} "
            "people, their links, progress, reflections and feedback, role-play choices and "
            "posts. It cannot be undone. Export first if you need a record.\n"
            "Type the cohort's name to confirm: ",
            end="", flush=True,
        )
        typed = sys.stdin.readline().rstrip("\n")
    report = admin.purge(store, cohort.name, typed)
    if report.remaining:
        left = ", ".join(f"{n} in {tbl}" for tbl, n in report.remaining.items())
        print(f"commonground: the purge of {cohort.name!r} left rows behind ({left}). "
              "Please report this.", file=sys.stderr)
        return 1
    total = sum(report.deleted.values())
    print(f"Deleted the cohort {cohort.name!r} and all its data ({total} records). "
          "Checked: nothing of it remains.")
    if not report.compacted:
        print("The database file could not be compacted now (it is in use), so deleted "
              "text may linger on disk until the next purge or `VACUUM` (on PostgreSQL "
              "`VACUUM FULL`).")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    written = admin.export(_store(args), args.cohort, args.out)
    for path in written:
        print(f"Wrote {path}")
    print("Private and facilitator-only reflections are not included; anonymous posts "
          "have no author. Cells starting with = + - or @ begin with ' in CSV files so "
          "that spreadsheets show them as text.")
    return 0


def _cmd_email_links(args: argparse.Namespace) -> int:
    from commonground import environment
    from commonground.mail.links import email_links
    from commonground.mail.settings import MailError, mail_settings

    from .links_file import check_base_url

    base = check_base_url(args.base_url or environment.read().public_url
                          or "http://127.0.0.1:8866/")
    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    try:
        settings = mail_settings()
    except MailError as e:
        print(f"commonground: {e}", file=sys.stderr)
        return 2
    people = ([admin.find_member(store, cohort.name, args.only)] if args.only else
              [m for m in store.people.members(cohort.id) if not m.is_facilitator])
    if not people:
        print(f"{cohort.name!r} has nobody to send links to yet. Add trainees with: "
              f"commonground cohort add {cohort.name!r} roster.csv")
        return 0
    if "://127.0.0.1" in base or "://localhost" in base:
        print(f"Note: these links start with {base}, which opens only on this computer. "
              "Give --base-url the address trainees open.", file=sys.stderr)

    done = email_links(store, people, base, settings=settings,
                       progress=lambda outcome: print(outcome.words, flush=True))
    sent = sum(d.sent for d in done)
    print(f"Sent {sent} of {len(done)} link(s) by email."
          + ("" if sent == len(done) else " Those not sent keep their earlier link."))
    return 0 if sent == len(done) else 1


def _cmd_cards(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from commonground import environment
    from commonground.errors import StoreError
    from commonground.pack.link_cards import chosen_for_cards, issue_link_cards

    from .links_file import _temp_beside, check_base_url

    store = _store(args)  # a database that is not there is refused first
    base = args.base_url or environment.read().public_url
    if not base:
        print("commonground: no address for the links. Give the address trainees open with "
              "--base-url (for example https://course.example.org/), or run this where "
              "the course server was started with --public-url. No link was changed.",
              file=sys.stderr)
        return 2
    base = check_base_url(base)
    out = Path(args.out)
    if out.is_dir():
        raise StoreError(f"{out} is a folder. Give a file name for the cards, for example "
                         f"{out / 'link_cards.pdf'}. No link was changed.")
    cohort = store.people.cohort(args.cohort)
    people = chosen_for_cards(store, cohort.id, args.only_unopened)
    if not people:
        print(f"{cohort.name!r} has nobody to make cards for"
              + (" (everyone has opened a module already)." if args.only_unopened else
                 f". Add trainees with: commonground cohort add {cohort.name!r} roster.csv"))
        return 0
    if "://127.0.0.1" in base or "://localhost" in base:
        print(f"Note: these links start with {base}, which opens only on this computer. "
              "Give --base-url the address trainees open.", file=sys.stderr)
    handle, temp = _temp_beside(out)  # readable by this account alone (0600)
    os.close(handle)

    def keep(pdf: bytes) -> None:
        with open(temp, "wb") as f:
            f.write(pdf)
            f.flush()
            os.fsync(f.fileno())

    try:
        made = issue_link_cards(store, people, base, title=f"Link cards: {cohort.name}",
                                keep=keep)
        os.replace(temp, out)
    finally:
        Path(temp).unlink(missing_ok=True)
    print(f"Wrote {made.count} link card(s) to {out}. The earlier links of these people no "
          "longer work: give each person their card. Keep the file private and delete it "
          "once the cards are printed: each card signs its holder in.")
    return 0


def _on_off(value: str) -> bool:
    if value.lower() in ("on", "yes", "true"):
        return True
    if value.lower() in ("off", "no", "false"):
        return False
    raise argparse.ArgumentTypeError(f"say on or off, not {value!r}")


def _cmd_assessment(args: argparse.Namespace) -> int:
    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    if args.scored_rubric is None and args.passing_counts is None and (
            args.lms_keeps_complete is None):
        settings = store.assessment.settings(cohort.id)
    else:
        settings = store.assessment.change(cohort.id, scored_rubric=args.scored_rubric,
                                           passing_counts=args.passing_counts,
                                           lms_keeps_complete=args.lms_keeps_complete)
    print(f"{cohort.name!r}: {settings.describe()}")
    print(f"  scored rubric: {'on' if settings.scored_rubric else 'off'}   "
          f"passing counts as complete: {'on' if settings.passing_counts else 'off'}   "
          f"complete in the LMS stays complete: "
          f"{'on' if settings.lms_keeps_complete else 'off'}")
    if settings.scored_rubric:
        print("  nbgrader: export puts this cohort's reflections in the <module>-scored "
              "assignments, worth each prompt's rubric points.")
    return 0


def _cmd_jurisdiction(args: argparse.Namespace) -> int:
    from commonground.content.jurisdictions import CODES, load_jurisdictions

    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    if args.clear:
        codes = store.jurisdictions.choose(cohort.id, [])
    elif args.codes:
        try:
            codes = store.jurisdictions.choose(cohort.id, args.codes)
        except ValueError as e:
            print(f"commonground: {e}", file=sys.stderr)
            return 2
    else:
        codes = store.jurisdictions.codes(cohort.id)
    if not codes:
        print(f"{cohort.name!r} has no jurisdiction chosen: module 05's law panel asks each "
              "trainee to pick theirs, starting from a national overview. Choose with: "
              f"commonground cohort jurisdiction {cohort.name!r} {' '.join(CODES[:2])}")
        return 0
    law = load_jurisdictions()
    names = ", ".join(f"{law.get(c).name} ({c})" if c in law.codes
                      else f"{c} (not in content/jurisdictions.yaml: add its entry)"
                      for c in codes)
    print(f"{cohort.name!r} works under the law of: {names}.")
    if len(codes) > 1:
        print("  Module 05's law panel shows their cards side by side.")
    for note in law.notes_for(codes):
        print(f"  It also shows the cross-border note for {note.name}.")
    return 0


def add_parser(cohort: argparse._SubParsersAction, db_help: str = DB_HELP) -> None:
    """Add the cohort-management commands to ``commonground cohort``."""
    p = cohort.add_parser("list", help="list the cohorts")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_list)

    p = cohort.add_parser("members", help="list a cohort's members and their links")
    p.add_argument("cohort")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_members)

    who = "the person's id (see `cohort members`) or their exact name"
    p = cohort.add_parser("revoke", help="switch off one person's personal link")
    p.add_argument("cohort")
    p.add_argument("who", help=who)
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_revoke)

    p = cohort.add_parser("reissue", help="give one person a new link (the old one stops)")
    p.add_argument("cohort")
    p.add_argument("who", help=who)
    p.add_argument("--base-url", default="http://127.0.0.1:8866/")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_reissue)

    p = cohort.add_parser(
        "email-links", help="email each trainee a new personal link (the old one stops)",
        description="Email each trainee (or one person, --only) a new personal link through "
                    "the course server's email settings. A person's earlier link stops "
                    "working only once the email server has taken the new one.")
    p.add_argument("cohort")
    p.add_argument("--only", metavar="WHO", help="only this person (their id or exact name)")
    p.add_argument("--base-url", help="the address trainees open (default: the server's "
                   "public address, else http://127.0.0.1:8866/)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_email_links)

    p = cohort.add_parser(
        "cards", help="print link cards: a PDF with a new link for each trainee",
        description="Make an A4 PDF of link cards, one per trainee (name, QR code, the link "
                    "written out, how to keep it private), each with a new personal link. "
                    "Printing cards replaces those people's earlier links, once the PDF is "
                    "written; nothing changes if it cannot be. The file is readable by "
                    "your account alone.")
    p.add_argument("cohort")
    p.add_argument("--only-unopened", action="store_true",
                   help="only trainees not seen yet (who have not opened a module)")
    p.add_argument("--out", default="link_cards.pdf",
                   help="the PDF to write (default: link_cards.pdf)")
    p.add_argument("--base-url", help="the address trainees open (default: the server's "
                   "public address)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_cards)

    p = cohort.add_parser("archive", help="make a cohort read-only (or open it with --undo)")
    p.add_argument("cohort")
    p.add_argument("--undo", action="store_true", help="make the cohort writable again")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_archive)

    p = cohort.add_parser("purge", help="delete every piece of a cohort's data")
    p.add_argument("cohort")
    p.add_argument("--yes", action="store_true",
                   help="do not ask to type the cohort's name to confirm")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_purge)

    p = cohort.add_parser(
        "assessment", help="show or change how a cohort's reflections are assessed",
        description="Formative by default: written feedback and a completion mark (complete "
                    "or not yet). Turn the scored rubric on for this cohort, or choose "
                    "whether a passed reflection counts as complete.")
    p.add_argument("cohort")
    p.add_argument("--scored-rubric", type=_on_off, metavar="on|off",
                   help="also score shared reflections on each prompt's rubric")
    p.add_argument("--passing-counts", type=_on_off, metavar="on|off",
                   help="a passed or privately kept reflection counts as complete "
                        "(default on)")
    p.add_argument("--lms-keeps-complete", type=_on_off, metavar="on|off",
                   help="a module complete in the LMS's gradebook stays complete there: a "
                        "later lower mark is not sent (default off)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_assessment)

    p = cohort.add_parser(
        "jurisdiction", help="show or choose the states and territories whose law a cohort's "
                             "pages show",
        description="Module 05's law panel shows the law of the cohort's jurisdictions, side "
                    "by side when there is more than one (a partnership across a border). "
                    "Codes: NSW VIC QLD WA SA TAS NT ACT CTH (the Commonwealth). With no "
                    "codes, shows the current choice.")
    p.add_argument("cohort")
    p.add_argument("codes", nargs="*", metavar="CODE",
                   help="one or more of NSW VIC QLD WA SA TAS NT ACT CTH")
    p.add_argument("--clear", action="store_true",
                   help="clear the choice (each trainee picks on the page)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_jurisdiction)

    p = cohort.add_parser("export", help="export participation and shared posts")
    p.add_argument("cohort")
    p.add_argument("--out", default="export.xlsx",
                   help="an .xlsx file, or a folder for CSV files (default: export.xlsx)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_export)


__all__ = ["add_parser"]
