"""`commonground pack build --out DIR`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.datafile import DataFileError
from . import PackError

__all__ = ["add_parser"]


def _cmd_build(args: argparse.Namespace) -> int:
    from .build import build_pack

    out = Path(args.out)
    try:
        pack = build_pack(out, args.content, args.modules)
    except (PackError, DataFileError) as exc:
        print(f"commonground pack build: {exc}\nNothing was written to {out}. Fix the file "
              "named above and run the command again.", file=sys.stderr)
        return 2
    pdfs = sum(1 for p in pack.files if p.suffix == ".pdf")
    decks = sum(1 for p in pack.files if p.name.endswith(".slides.html"))
    print(f"Wrote the facilitator's pack to {pack.out}: {pdfs} PDFs, {decks} slide decks, "
          "the schedule, the run sheets and the pre-course email. Open index.html to start.")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    pack = sub.add_parser("pack", help="the facilitator's pack").add_subparsers(
        dest="pack_command", required=True)
    p = pack.add_parser(
        "build", help="write the schedule, slides, handouts, role-play cards and pre-course "
        "email to a folder")
    p.add_argument("--out", required=True, help="the folder to write (made if missing; an "
                   "earlier pack there is replaced)")
    p.add_argument("--content", help="the course content folder (default: the course's)")
    p.add_argument("--modules", help="the module notebooks folder (default: the course's)")
    p.set_defaults(func=_cmd_build)
