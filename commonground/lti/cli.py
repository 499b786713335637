"""``commonground lti ...``: registering the course with an organisation's LMS by hand.

- ``lti add-platform --issuer ... --client-id ... --login-url ... --jwks-url ...
  [--token-url ...] [--deployment ...] [--name ...]``, or ``lti add-platform --file
  platforms.json`` (a list of such registrations, or one);
- ``lti add-deployment NUMBER DEPLOYMENT_ID``; ``lti remove-platform NUMBER``;
- ``lti list``: the platforms, the course's keys and the addresses to give an LMS;
- ``lti rotate-key``; ``lti remove-key KID`` (an old key, once no LMS needs it);
- ``lti roster COHORT``: bring the LMS course's roster in (Names and Role Provisioning);
- ``lti registration-url``: the one address an LMS administrator pastes for Dynamic
  Registration.

Bad input gets a message in the administrator's words and saves nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from commonground import environment
from commonground.data.store import Store, open_store
from commonground.errors import StoreError

from . import keys
from .dynamic import registration_invite
from .registry import describe, key_states, read_platform_file, register, rotate_key
from .settings import Addresses, key_folder

__all__ = ["add_parser"]

def _store(args: argparse.Namespace) -> Store:
    return open_store(args.db, create=False)


def _addresses(args: argparse.Namespace) -> Addresses | None:
    base = getattr(args, "public_url", "") or environment.read().public_url
    return Addresses(base) if base else None


def _cmd_add(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.file:
        items = read_platform_file(Path(args.file))
    else:
        items = [{"issuer": args.issuer, "client_id": args.client_id,
                  "login_url": args.login_url, "jwks_url": args.jwks_url,
                  "token_url": args.token_url, "deployment_ids": args.deployment,
                  "name": args.name}]
    for platform in register(store, items, option=True):
        print("Registered " + describe(platform))
    return 0


def _number(text: str) -> int:
    if not text.strip().isdigit():
        raise StoreError(f"{text!r} is not a platform's number; see them with: "
                         "commonground lti list")
    return int(text)


def _cmd_add_deployment(args: argparse.Namespace) -> int:
    store = _store(args)
    platform = store.lti.add_deployment(_number(args.number), args.deployment)
    print("Now " + describe(platform))
    return 0


def _cmd_remove_platform(args: argparse.Namespace) -> int:
    store = _store(args)
    number = _number(args.number)
    platform = store.lti.get(number)
    store.lti.remove(number)
    print(f"Removed {platform.shown_name} ({platform.issuer}): its launches are refused "
          "from now on. The cohorts and writing of its courses stay.")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    store = _store(args)
    platforms = store.lti.all()
    print("Platforms:" if platforms else "No LMS is registered yet.")
    for platform in platforms:
        print("  " + describe(platform))
    folder = key_folder(args.db)
    found = key_states(folder)
    print(f"The course's signing keys ({folder}):" if found else
          "The course has no signing key yet; one is made when first needed.")
    for key in found:
        print(f"  {key.kid}" + (" (signs now)" if key.signs_now else " (old, still served)"))
    at = _addresses(args)
    if at is None:
        print("Give --public-url (the course's https:// address) to see the addresses an "
              "LMS needs.")
        return 0
    print(f"For an LMS: tool address {at.tool}\n  login address {at.login}\n"
          f"  redirect (launch) address {at.launch}\n  public keys (JWKS) {at.jwks}")
    return 0


def _cmd_rotate(args: argparse.Namespace) -> int:
    _store(args)  # the database must be there: the keys are kept beside it
    print(rotate_key(key_folder(args.db)))
    return 0


def _cmd_remove_key(args: argparse.Namespace) -> int:
    _store(args)  # the database must be there: the keys are kept beside it
    key = keys.remove_key(key_folder(args.db), args.kid)
    print(f"Key {key.kid} is no longer served.")
    return 0


def _cmd_registration_url(args: argparse.Namespace) -> int:
    _store(args)  # the database must be there: the invitation is kept beside it
    at = _addresses(args)
    if at is None:
        raise StoreError("Give the course's public address, for example --public-url "
                         "https://course.example.org/")
    invite = registration_invite(key_folder(args.db))
    print(f"Paste this address into the LMS's tool registration:\n{at.register}?invite={invite}")
    return 0


def _cmd_roster(args: argparse.Namespace) -> int:
    from .roster import pull_roster

    store = _store(args)
    cohort = store.people.cohort(args.cohort)
    print(f"{cohort.name}: " + pull_roster(store, cohort.id, key_folder(args.db)).summary())
    return 0


def add_parser(sub: argparse._SubParsersAction, db_help: str) -> None:
    lti = sub.add_parser("lti", help="launching the course from an LMS (LTI 1.3)")
    actions = lti.add_subparsers(dest="lti_command", required=True)
    url_help = "the course's public address, e.g. https://course.example.org/"

    p = actions.add_parser("add-platform", help="register an LMS by hand")
    p.add_argument("--issuer", default="", help="the LMS's issuer (platform id)")
    p.add_argument("--client-id", default="", help="the client id the LMS gave the course")
    p.add_argument("--login-url", default="", help="the LMS's authorisation (login) address")
    p.add_argument("--jwks-url", default="", help="the LMS's public keys (JWKS) address")
    p.add_argument("--token-url", default="", help="the LMS's access token address")
    p.add_argument("--deployment", action="append", default=[], help="a deployment id")
    p.add_argument("--name", default="", help="the LMS's name, as people know it")
    p.add_argument("--file", help="a JSON file of registrations instead of the options")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_add)

    p = actions.add_parser("add-deployment", help="add a deployment id to a platform")
    p.add_argument("number", help="the platform's number (lti list)")
    p.add_argument("deployment")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_add_deployment)

    p = actions.add_parser("remove-platform", help="stop taking launches from an LMS")
    p.add_argument("number", help="the platform's number (lti list)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_remove_platform)

    p = actions.add_parser("list", help="the LMSs, the keys, the course's LTI addresses")
    p.add_argument("--public-url", default="", help=url_help)
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_list)

    p = actions.add_parser("rotate-key", help="make a new signing key (old ones stay served)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_rotate)

    p = actions.add_parser("remove-key", help="stop serving an old signing key")
    p.add_argument("kid", help="the key's id (lti list)")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_remove_key)

    p = actions.add_parser("roster", help="bring a cohort's LMS course roster in (new "
                           "people get places; those who left are listed, not removed)")
    p.add_argument("cohort", help="the cohort's name")
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_roster)

    p = actions.add_parser("registration-url",
                           help="the one address to paste into an LMS (Dynamic Registration)")
    p.add_argument("--public-url", default="", help=url_help)
    p.add_argument("--db", help=db_help)
    p.set_defaults(func=_cmd_registration_url)
