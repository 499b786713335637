"""HTML widgets that share one Layout and one HTMLStyle model per kernel.

ipywidgets gives every ``HTML`` widget a Layout and an HTMLStyle model of its own: three
models (three comm messages, three states for the page to fetch) for each piece of
text. Text whose layout and style nobody changes uses these two shared models instead,
so it costs one. Never set ``.layout`` or ``.style`` attributes on a widget made here.
"""

from __future__ import annotations

import ipywidgets as w
from ipywidgets.widgets.widget_string import HTMLStyle

__all__ = ["text_html"]

_shared: dict[str, w.Widget] = {}


def _one(name: str, make) -> w.Widget:
    """The shared model ``name``, made again if it was closed (tests close them all)."""
    model = _shared.get(name)
    if model is None or model.comm is None:
        model = _shared[name] = make()
    return model


def text_html(value: str = "", cls: type[w.HTML] = w.HTML, **kwargs) -> w.HTML:
    """An HTML widget (or subclass ``cls``) on the shared Layout and HTMLStyle."""
    return cls(value=value, layout=_one("layout", w.Layout), style=_one("style", HTMLStyle),
               **kwargs)
