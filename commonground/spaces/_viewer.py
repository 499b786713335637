"""Who is looking at a shared space, and the error a space's rules raise."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import StoreError

__all__ = ["SpaceError", "Viewer"]


class SpaceError(StoreError):
    """Something a trainee or facilitator can fix, worded for them."""


@dataclass(frozen=True)
class Viewer:
    participant_id: int
    cohort_id: int | None
    is_facilitator: bool

    @property
    def self_paced(self) -> bool:
        return self.cohort_id is None
