"""`commonground ready MODULE --for N` (also `warm`, its old name): get a module ready for
a room of N people on the `commonground serve` running on this computer (see
:mod:`commonground.server.room`).

It says what that costs ("24 pages for Trauma-informed practice, about 1.7 GB ...")
before the server spends it, and the server refuses past its memory budget. ``--check``
only says; ``--release`` gives the unused kernels back at once; ``--wait`` waits until
every kernel is ready.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from commonground.server.client import (
    ADMIN_SCHEME,
    RoomAnswer,
    RoomRequestError,
    ask_server,
    people_count,
    read_runtime_file,
)

__all__ = ["add_parser"]

WAIT_CAP = 900  # seconds --wait waits at most


def _cmd_ready(args: argparse.Namespace) -> int:
    try:
        url, secret = read_runtime_file(args.port)

        def ask(action: str, people: int = 1) -> RoomAnswer:
            return ask_server(url, ADMIN_SCHEME, secret, action, args.module, people)

        if args.release:
            done = ask("release")
            print(f"Gave back {done['shut_down']} unused kernel(s); the pool is back to normal.")
            return 0
        if args.people <= 0:
            print("commonground: say how many people will open it, for example --for 24.",
                  file=sys.stderr)
            return 2
        plan = ask("plan", args.people)
        print(plan["summary"] + ".")
        if not plan["fits"]:
            print(f"commonground: that is more than this server may spend. It can get ready "
                  f"for at most {people_count(plan['most'])}; ask for fewer, or start the server "
                  "with a larger --room-memory.", file=sys.stderr)
            return 2
        if args.check:
            return 0
        ask("prepare", args.people)
        print(f"Getting {plan['title']} ready for {people_count(args.people)}. Kernels start one "
              "at a time; unused ones are given back after the session.")
        if args.wait:
            return _wait(ask, args.people)
        return 0
    except RoomRequestError as e:
        print(f"commonground: {e}", file=sys.stderr)
        return 2


def _wait(ask: Callable[[str], RoomAnswer], people: int) -> int:
    deadline = time.monotonic() + WAIT_CAP
    shown = -1
    while time.monotonic() < deadline:
        status = ask("status")
        ready = status["ready"]
        if ready != shown:
            print(f"  {ready} of {people} ready", flush=True)
            shown = ready
        if ready >= status["prepared_for"]:  # every kernel still expected is waiting
            print(f"{status['title']} is ready.")
            return 0
        time.sleep(2)
    print("commonground: still starting after 15 minutes; the server log says why.",
          file=sys.stderr)
    return 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ready", aliases=["warm"],
        help="get a module ready for a room of people (on the running server)",
        description="Ask the `commonground serve` on this computer to start kernels for a "
        "module before a room opens it. Says what it costs first.")
    p.add_argument("module", help="the module: its id (03_trauma_informed), number (3) or title")
    p.add_argument("--for", dest="people", type=int, default=0, metavar="N",
                   help="how many people will open it")
    p.add_argument("--port", type=int, default=None,
                   help="the server's port (default: the one server running, else 8866)")
    p.add_argument("--check", action="store_true", help="only say what it would cost")
    p.add_argument("--wait", action="store_true", help="wait until every kernel is ready")
    p.add_argument("--release", action="store_true",
                   help="give back the kernels nobody took, now")
    p.set_defaults(func=_cmd_ready)
