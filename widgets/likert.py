"""One statement of the evaluation form, rated 1 to 5 (view; ``static/likert.js``).

A labelled group of native radio buttons (a ``<fieldset>`` with the statement as its
``<legend>``), which ipywidgets' own RadioButtons is not: screen readers name the group,
Tab moves between groups and the arrow keys choose. ``value`` is 0 for "No answer", or
1 to 5.
"""

from __future__ import annotations

from pathlib import Path

import anywidget
import traitlets as tr

__all__ = ["LikertGroup"]


class LikertGroup(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "likert.js"

    statement = tr.Unicode().tag(sync=True)
    options: tr.List = tr.List().tag(sync=True)  # [[label, value], ...]
    value = tr.Int(0).tag(sync=True)  # 0: no answer
    disabled = tr.Bool(False).tag(sync=True)

    def __init__(self, statement: str, scale: tuple[str, ...], no_answer: str):
        options = [[no_answer, 0]] + [[f"{n} {words}", n] for n, words in
                                      enumerate(scale, start=1)]
        super().__init__(statement=statement, options=options)

    @tr.validate("value")
    def _known(self, proposal: tr.Bunch) -> int:
        value = proposal["value"]
        if value not in {v for _, v in self.options}:
            raise tr.TraitError(f"{value!r} is not one of the options")
        return value

    @property
    def rating(self) -> int | None:
        """The chosen number, or None for no answer."""
        return self.value or None
