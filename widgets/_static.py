"""Widgets that share one Layout and one style model per kernel.

ipywidgets gives every widget a Layout model, and most a style model, of their own: a
button is three models (three ``comm_open`` messages, three states for the page to
fetch), a piece of text three as well. Widgets whose layout and style nobody changes use
the shared models here instead, so each costs one. Never set ``.layout`` or ``.style``
attributes on a widget made here: give a widget whose layout changes (one that is shown
and hidden) its own, or show and hide it with a class (``cg-hidden``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

__all__ = ["light", "shared_layout", "shared_style", "text_html"]

W = TypeVar("W", bound=w.Widget)

_shared: dict[Any, w.Widget] = {}


def _one(key: Any, make: Callable[[], w.Widget]) -> Any:
    """The shared model ``key``, made again if it was closed (tests close them all)."""
    model = _shared.get(key)
    if model is None or model.comm is None:
        model = _shared[key] = make()
    return model


def shared_layout(**settings: str) -> w.Layout:
    """The one Layout of every widget made here (or the one with these settings, such
    as ``width="auto"``: a row of a busy wall then adds no layout of its own)."""
    if not settings:
        return _one(w.Layout, w.Layout)
    return _one((w.Layout, tuple(sorted(settings.items()))), lambda: w.Layout(**settings))


def shared_style(style_class: type[w.Widget]) -> Any:
    """The one style model of that class (ButtonStyle, DescriptionStyle, ...)."""
    return _one(style_class, style_class)


def light(cls: type[W], *args: Any, layout: w.Layout | None = None, **kwargs: Any) -> W:
    """``cls(*args, **kwargs)`` on the shared Layout (or the shared ``layout`` given) and,
    if it has one, shared style."""
    style = cls.class_traits().get("style")
    if style is not None and "style" not in kwargs:
        kwargs["style"] = shared_style(style.klass)
    return cls(*args, layout=layout or shared_layout(), **kwargs)


def text_html(value: str = "", cls: type[w.HTML] = w.HTML, **kwargs: Any) -> w.HTML:
    """An HTML widget (or subclass ``cls``) on the shared Layout and HTMLStyle."""
    return cls(value=value, layout=shared_layout(), style=shared_style(HTMLStyle), **kwargs)
