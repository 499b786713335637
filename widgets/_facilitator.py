"""A page only a cohort's facilitator may open (the dashboard, the presenter view): the
page's view for them, a plain message for anyone else."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from commonground.pages.session import Blocked, Ready, current_session
from commonground.templates import render

__all__ = ["facilitator_page", "message_page"]


def message_page(message: str) -> w.VBox:
    return w.VBox([w.HTML(render("course/blocked.html", message=message))])


def facilitator_page(build: Callable[[Ready], w.Widget], refusal: str) -> w.Widget:
    """``build(session)`` for the cohort's facilitator; ``refusal`` for anyone else, and
    the session's own message when the link did not sign anyone in."""
    session = current_session()
    if isinstance(session, Blocked):
        return message_page(session.message)
    person = session.participant
    if not person.is_facilitator or person.cohort_id is None:
        return message_page(refusal)
    return build(session)
