"""Who is looking, and the checks every write to a shared space makes.

Which posts a viewer may see is decided in :mod:`commonground.spaces._posts` (the owner
of the posts and reactions tables), by ``in_scope``: a cohort member sees only their own
cohort's posts; a self-paced learner (no cohort) sees only their own private space.
"""

from __future__ import annotations

from sqlalchemy import Connection

from ..data.people import Participant, cohort_archived_at, ensure_writable
from ..data.store import Store
from ..text import storable
from ._posts import PostRow, fingerprint, in_scope
from ._viewer import SpaceError, Viewer

__all__ = [
    "SpaceError",
    "SpaceModel",
    "Viewer",
    "check_can_write",
    "clean",
    "in_scope",
    "require_facilitator",
    "taken_off",
    "viewer_for",
]

# What the author of a post the facilitator hid reads beside it, in the space's own words.
# Nobody else is told anything: for them the post is simply not there.
TAKEN_OFF = {
    "jargon": "Your facilitator took this off the wall. Only you can see it now.",
    "agreement": "Your facilitator took this off the list. Only you can see it now.",
    "elephant": "Your facilitator took this out of the box. It will not be shared with "
                "the cohort.",
}


def viewer_for(participant: Participant) -> Viewer:
    """Who is looking, from the participant the page already read (no query)."""
    p = participant
    return Viewer(p.id, p.cohort_id, p.is_facilitator and p.cohort_id is not None)


class SpaceModel:
    """What every shared-space model starts from: the store and who is looking."""

    def __init__(self, store: Store, participant: Participant):
        self.store = store
        self.participant = participant
        self.viewer = viewer_for(participant)

    @property
    def self_paced(self) -> bool:
        return self.viewer.self_paced

    @property
    def is_facilitator(self) -> bool:
        """The cohort's facilitator, who reads and moderates a space and writes in it
        only what is theirs (the agreed wording, sharing an elephant)."""
        return self.viewer.is_facilitator

    def _fingerprint(self, spaces: tuple[str, ...]) -> tuple:
        """What changes whenever anything this viewer could see in ``spaces`` changes,
        the cohort being archived included."""
        with self.store.read() as conn:
            archived = (cohort_archived_at(conn, self.viewer.cohort_id)
                        if self.viewer.cohort_id is not None else None)
            return (*fingerprint(conn, self.viewer, spaces), archived)


def taken_off(viewer: Viewer, row: PostRow) -> str:
    """What the viewer is told about a post of theirs the facilitator hid ("" for any
    other post, and for the facilitator, who sees every hidden post marked as such)."""
    if row.hidden and row.mine and not viewer.is_facilitator:
        return TAKEN_OFF.get(row.space, "Your facilitator took this down. Only you can see "
                             "it now.")
    return ""


def clean(value: str | None, label: str, limit: int, *, required: bool, one_line: bool) -> str:
    """Tidy one field and check its length, with a message in the writer's words."""
    text = storable(value).strip()  # no NUL, no broken characters: any paste saves
    if one_line:
        text = " ".join(text.split())
    if required and not text:
        raise SpaceError(f"Please write the {label} first.")
    if len(text) > limit:
        raise SpaceError(
            f"The {label} is {len(text):,} characters long; please keep it to {limit:,} or "
            "fewer. Your words are still in the box, so nothing is lost."
        )
    return text


def check_can_write(conn: Connection, viewer: Viewer) -> None:
    """Refuses writes to an archived (read-only) or deleted cohort's spaces."""
    ensure_writable(conn, viewer.participant_id)


def require_facilitator(viewer: Viewer, what: str) -> None:
    if not viewer.is_facilitator:
        raise SpaceError(f"Only the cohort's facilitator can {what}.")
