"""One thing wrong with a data file, and the error that carries every such thing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """Where a data file is wrong, what is wrong, and what to change.

    Printed as ``file:line: message — fix`` (without the line when it is not known,
    without the fix when there is nothing obvious to suggest).
    """

    file: str
    line: int | None
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.message}"
        return f"{text} — {self.fix}" if self.fix else text


class DataFileError(Exception):
    """A data file cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "the data file has problems")
