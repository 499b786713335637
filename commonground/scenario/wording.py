"""How problems in a scenario file are worded: its parts by name, its keys and patterns.

The translation of schema errors is shared with every data file
(``commonground.content.datafile.translate``); this module supplies what is particular to
scenarios.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..content._minischema import SchemaError
from ..content.datafile import Said, Wording, value_at
from .schema import COMPARISON_PATTERN, ID_PATTERN, KEY_HELP, MODULE_PATTERN

__all__ = ["WORDING", "describe_path"]

_NAME_FIX = ("use lower-case letters, digits and underscores, starting with a letter "
             "(e.g. `first_meeting`)")


def describe_path(path: Iterable[Any], data: Any = None) -> str:
    """Say where a path points, in words: ``choice 2 of node `kitchen```."""
    path = tuple(path)
    if not path:
        return "the scenario"
    head, rest = path[0], path[1:]
    if head == "nodes" and rest:
        where = f"node `{rest[0]}`"
        if len(rest) >= 3 and rest[1] == "choices" and isinstance(rest[2], int):
            choice_id = value_at(data, ("nodes", rest[0], "choices", rest[2], "id"))
            where = (f"choice `{choice_id}` in node `{rest[0]}`" if isinstance(choice_id, str)
                     else f"choice {rest[2] + 1} in node `{rest[0]}`")
            rest = rest[2:]
        tail = rest[1:]
    elif head in ("roles", "variables") and rest:
        where, tail = f"{head[:-1]} `{rest[0]}`", rest[1:]
    else:
        where, tail = f"`{head}`", rest
    if tail:
        where = f"`{'.'.join(str(t) for t in tail)}` of {where}"
    return where


def _comparison(error: SchemaError, where: str) -> list[Said] | None:
    """A state condition that is not a comparison; everything else is worded as usual."""
    if error.validator == "pattern" and error.validator_value == COMPARISON_PATTERN:
        return [(tuple(error.absolute_path), f"{where} should be a comparison, not "
                 f"{error.instance!r}", 'write it like ">= 3", "< 2", "!= 0" or 4')]
    return None


WORDING = Wording(
    top="the scenario",
    describe=describe_path,
    key_help=KEY_HELP,
    pattern_help={
        ID_PATTERN: ("a usable name", _NAME_FIX),
        MODULE_PATTERN: ("a module id", "use a module id such as `05_philosophical_differences`"),
    },
    special=_comparison,
    fallback_fix="see the scenario format",
)
