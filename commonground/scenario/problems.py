"""Problems found in a scenario file, and the error that carries them.

A scenario's problems are the same ``Problem`` (file, line, message, fix) as every other
data file's; ``ScenarioError`` is a ``DataFileError`` (and, as before, a ``ValueError``).
"""

from __future__ import annotations

from ..content.datafile import DataFileError, Problem

__all__ = ["Problem", "ScenarioError"]


class ScenarioError(DataFileError, ValueError):
    """Raised when a scenario file cannot be used; ``problems`` lists every reason."""
