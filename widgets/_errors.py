"""Errors raised in widget callbacks go to the page, in plain words, never into silence."""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import ipywidgets as w

from commonground import ReflectionInputError, StoreError

log = logging.getLogger("commonground.widgets")

P = ParamSpec("P")
R = TypeVar("R")


class MessageArea(w.HTML):
    """A live region for messages: screen readers announce what appears here."""

    def show(self, message: str, kind: str = "info") -> None:
        role = "alert" if kind == "problem" else "status"
        self.value = (
            f'<div class="cg-message cg-{kind}" role="{role}">{html.escape(message)}</div>'
        )

    def clear(self) -> None:
        self.value = '<div role="status"></div>'


def message_area() -> MessageArea:
    from ._static import text_html

    area = text_html(cls=MessageArea)
    area.clear()
    return area


def guarded(area: MessageArea) -> Callable[[Callable[P, R]], Callable[P, R | None]]:
    """Decorator for callbacks: problems the person can fix show their message;
    anything unexpected shows a calm apology and is logged for the facilitator."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R | None]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
            try:
                return fn(*args, **kwargs)
            except (ReflectionInputError, StoreError) as e:
                area.show(str(e), "problem")
            except Exception as e:
                log.exception("widget callback failed")
                area.show(
                    "Sorry, something went wrong here. Your writing is kept. Please try "
                    f"again, and tell your facilitator if it keeps happening ({type(e).__name__}).",
                    "problem",
                )
            return None

        return wrapper

    return decorate
