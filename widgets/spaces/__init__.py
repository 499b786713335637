"""Views of the shared cohort spaces: the jargon wall, the elephant box and the group
agreement. Each refreshes itself every few seconds while its page is open."""

from .agreement import AgreementView, agreed_banner
from .elephant_box import ElephantBoxView
from .jargon_wall import JargonWallView

__all__ = ["AgreementView", "ElephantBoxView", "JargonWallView", "agreed_banner"]
