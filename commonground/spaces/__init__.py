"""Shared cohort spaces (plain Python, no widgets): the jargon wall, the elephant box, the
safe-space agreement, and the facilitator's moderation of them.

Every query is scoped to the viewer's cohort; a self-paced learner has a private space
of their own. Anonymous posts never carry an author out of the database.
"""

from ._access import SpaceError, Viewer, viewer_for
from ._posts import cohort_posts, named_post_counts
from .agreement import STARTING_POINTS, AgreedVersion, Agreement, AgreementItem
from .elephant import Elephant, ElephantBox
from .jargon import JargonEntry, JargonGroup, JargonWall
from .moderation import Moderation, QueueItem

__all__ = [
    "STARTING_POINTS",
    "AgreedVersion",
    "Agreement",
    "AgreementItem",
    "Elephant",
    "ElephantBox",
    "JargonEntry",
    "JargonGroup",
    "JargonWall",
    "Moderation",
    "QueueItem",
    "SpaceError",
    "Viewer",
    "cohort_posts",
    "named_post_counts",
    "viewer_for",
]
