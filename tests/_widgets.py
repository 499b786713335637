"""Helpers for tests that look inside widget trees."""

from __future__ import annotations

from collections.abc import Iterator


def walk(widget) -> Iterator:
    """The widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)

