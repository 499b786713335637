"""Who steps out of the role at the end of a role-play: anyone who played the person at
the centre (a seat with ``is_person: true``), at every ending that seat reaches.

The words are the course's one text, :mod:`commonground.content.de_roling`
(content/de_roling.yaml), with the person's first name filled in; the player page and the
role-plays on paper both ask here.
"""

from __future__ import annotations

from pathlib import Path

from ..content.de_roling import SteppingOut, load_de_roling
from .model import Scenario

__all__ = ["SteppingOut", "stepping_out"]


def stepping_out(scenario: Scenario, role_id: str | None,
                 root: Path | None = None) -> SteppingOut | None:
    """The de-roling step for someone who played ``role_id`` to an ending, or None when that
    seat is not the person at the centre."""
    role = scenario.roles.get(role_id or "")
    if role is None or not role.is_person:
        return None
    return load_de_roling(root).for_person(role.name)
