"""A labelled list of checkboxes, one per option (view; ``static/checklist.js``).

A ``<fieldset>`` with its question as the ``<legend>`` and a native checkbox per option,
each named by its own label: screen readers name the group and each box, Tab moves from
box to box and Space ticks. Labels are set as text, never as HTML (nor typeset as maths,
as ipywidgets' descriptions are), so they may hold people's names. ``value`` is the list
of the ticked options' values.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import anywidget
import traitlets as tr

__all__ = ["CheckList"]


class CheckList(anywidget.AnyWidget):
    _esm = Path(__file__).parent / "static" / "checklist.js"

    legend = tr.Unicode().tag(sync=True)
    options: tr.List = tr.List().tag(sync=True)  # [[label, value], ...]
    value: tr.List = tr.List().tag(sync=True)  # the ticked options' values
    empty = tr.Unicode("Nothing to choose from yet.").tag(sync=True)

    def __init__(self, legend: str, options: Sequence[tuple[str, int | str]],
                 value: Sequence[int | str] = (), **kwargs: object):
        super().__init__(legend=legend, options=[[label, v] for label, v in options],
                         value=list(value), **kwargs)

    @tr.validate("value")
    def _known(self, proposal: tr.Bunch) -> list[int | str]:
        known = {v for _, v in self.options}
        value = list(dict.fromkeys(proposal["value"]))
        unknown = [v for v in value if v not in known]
        if unknown:
            raise tr.TraitError(f"{unknown!r} are not among the options")
        return value

    def tick(self, values: Sequence[int | str]) -> None:
        """Tick exactly these options (what a click on each box does in the browser)."""
        self.value = list(values)
