"""A cohort with a busy jargon wall, for the benchmarks of a served page."""

from __future__ import annotations

from pathlib import Path

from commonground import open_store
from commonground.spaces import JargonWall

__all__ = ["busy_wall"]


def busy_wall(folder: Path, terms: int, people: int = 25) -> tuple[str, str]:
    """A SQLite course database in ``folder`` whose cohort of ``people`` has ``terms``
    terms on its jargon wall; returns (database URL, the first trainee's link token)."""
    url = f"sqlite:///{folder / f'wall{terms}.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort(f"Wall {terms}", "Robin")
        members = [store.people.get(store.people.add_participant(cohort.id, f"T{i}",
                                                                  "Housing"))
                   for i in range(people)]
        for n in range(terms):
            JargonWall(store, members[n % people]).add(f"Term {n}", "A meaning. " * 3,
                                                       "housing")
        return url, store.people.issue_link(members[0].id)
    finally:
        store.dispose()
