"""Helpers for tests that look inside widget trees and the database."""

from __future__ import annotations

from collections.abc import Iterator

from commonground import _schema as t


def walk(widget) -> Iterator:
    """The widget and every widget inside it, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def row_counts(store) -> dict[str, int]:
    """How many rows each table holds (to prove that something wrote nothing)."""
    with store.read() as conn:
        return {
            name: len(conn.execute(table.select()).fetchall())
            for name, table in t.metadata.tables.items()
        }
