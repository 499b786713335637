"""Every path through a scenario from one role, played with the real engine."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from commonground.scenario import Play, Scenario

__all__ = ["Walk", "walks"]


@dataclass(frozen=True)
class Walk:
    choices: tuple[str, ...]
    ending: str
    tone: str
    state: dict[str, int]


def walks(scenario: Scenario, role: str, limit: int = 200_000) -> Iterator[Walk]:
    """Each complete play from ``role``'s start to an ending (depth first, no going back)."""
    count = 0

    def down(play: Play, path: tuple[str, ...]) -> Iterator[Walk]:
        nonlocal count
        view = play.view()
        if view.is_ending:
            count += 1
            assert count <= limit, f"more than {limit} paths"
            yield Walk(path, view.node_id, view.tone, dict(view.state))
            return
        assert len(path) < 4 * len(scenario.nodes), f"a loop at {view.node_id}"
        saved = play.to_dict()
        for choice in view.choices:
            again = Play.from_dict(scenario, saved)
            again.choose(choice.id)
            yield from down(again, (*path, choice.id))

    yield from down(Play(scenario, role), ())
