"""The facilitator's pack: `commonground pack build --out DIR`.

Everything in the pack is made from the course's own data (content/ and modules/), so
there is no second copy to keep in step: the schedule from each module's ``minutes:``,
the slides from the notebooks, the handouts and role-play cards from the prompts and
scenarios. The certificate of completion (``certificate``) is made in a trainee's own
journal page, from their completion record.

WeasyPrint and nbconvert are imported only where a PDF or a slide deck is made.
"""

from __future__ import annotations

__all__ = ["PackError"]


class PackError(Exception):
    """The pack cannot be built; the message says why and what to change."""
