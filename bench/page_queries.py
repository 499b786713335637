"""How much database work it takes to open each page, the way a trainee kernel does.

    .venv/bin/python bench/page_queries.py

For a trainee in a cohort, signed in with a personal link (and the cohort's facilitator
for the facilitator dashboard), each notebook in ``modules/`` is opened in-process as a
kernel would: ``COMMONGROUND_DB`` names a fresh SQLite file, ``QUERY_STRING`` holds
``t=<token>``, the page session is reset, and the notebook's code cells run in order.

Prints one row per page: read and write transactions, SQL statements (transaction
control such as ``BEGIN`` not counted), and calls to ``People.get`` and
``People.for_token``. Only work done by the thread that runs the notebook is counted:
the live-refresh threads' later polls are not part of opening the page. Figures, not
assertions: compare runs by eye (the issue's "before" for module 01 was 27 reads).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import ipywidgets as w  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine  # noqa: E402

from commonground import open_store  # noqa: E402
from commonground.data.people import People  # noqa: E402
from commonground.data.store import Store  # noqa: E402

COLUMNS = ("read tx", "write tx", "statements", "People.get", "for_token")


class Counts:
    """Counts database work done by one thread (the one running the notebook)."""

    def __init__(self) -> None:
        self.thread = threading.main_thread()
        self.c: Counter[str] = Counter()
        self.on = False

    def add(self, key: str) -> None:
        if self.on and threading.current_thread() is self.thread:
            self.c[key] += 1

    @contextmanager
    def counting(self) -> Iterator[Counter[str]]:
        self.c = Counter()
        self.on = True
        try:
            yield self.c
        finally:
            self.on = False


def _install(counts: Counts) -> None:
    """Count at the Store and People level, and every statement at the engine level."""

    @event.listens_for(Engine, "begin")
    def _begin(conn) -> None:
        counts.add("begin")

    @event.listens_for(Engine, "before_cursor_execute")
    def _statement(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            counts.add("statements")

    def _wrap_tx(name: str, key: str) -> None:
        original = getattr(Store, name)

        @contextmanager
        def wrapped(self, *args, **kwargs):
            counts.add(key)
            with original(self, *args, **kwargs) as conn:
                yield conn

        setattr(Store, name, wrapped)

    _wrap_tx("write", "write tx")  # read transactions: every other BEGIN (a nested read
    # inside an open one reuses its transaction, so it is not counted again)

    def _wrap_call(cls, name: str, key: str) -> None:
        original = getattr(cls, name)

        def wrapped(self, *args, **kwargs):
            counts.add(key)
            return original(self, *args, **kwargs)

        setattr(cls, name, wrapped)

    _wrap_call(People, "get", "People.get")
    _wrap_call(People, "for_token", "for_token")


def _code_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


def _open_page(notebook: Path, token: str) -> None:
    """Run the notebook's code cells as a fresh kernel would, then close its widgets."""
    from commonground.pages.session import reset_session
    from widgets import timer

    os.environ["QUERY_STRING"] = f"t={token}"
    reset_session()
    namespace: dict = {"__name__": "__main__"}
    for i, source in enumerate(_code_cells(notebook)):
        exec(compile(source, f"{notebook.name}[{i}]", "exec"), namespace)
    timer.stop()
    w.Widget.close_all()  # stops the live-refresh threads
    reset_session()


def _people(db: Path) -> tuple[str, str]:
    """A cohort with one trainee and its facilitator, each with a personal link."""
    store = open_store(f"sqlite:///{db}")
    try:
        cohort = store.people.create_cohort("Bench cohort", "Robin Facilitator")
        trainee = store.people.add_participant(cohort.id, "Ana Lee", "Family Support", "Worker")
        facilitator = store.people.add_participant(
            cohort.id, "Robin Facilitator", kind="facilitator"
        )
        return store.people.issue_link(trainee), store.people.issue_link(facilitator)
    finally:
        store.dispose()


def main() -> None:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    counts = Counts()
    _install(counts)
    os.environ.pop("JUPYTERHUB_USER", None)
    os.environ.pop("VOILA_PREHEAT", None)
    notebooks = sorted((ROOT / "modules").glob("*.ipynb"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "course.db"
        os.environ["COMMONGROUND_DB"] = f"sqlite:///{db}"
        trainee, facilitator = _people(db)
        # Imports are not part of opening a page: a kernel has them before counting starts.
        import widgets.course
        import widgets.dashboard  # noqa: F401

        for nb in notebooks:
            token = facilitator if nb.stem == "facilitator_dashboard" else trainee
            with counts.counting() as c:
                _open_page(nb, token)
            c["read tx"] = c["begin"] - c["write tx"]
            rows.append((nb.stem, c))
    width = max(len(name) for name, _ in rows)
    print(f"{'page':<{width}} | " + " | ".join(COLUMNS))
    print(f"{'-' * width}-|-" + "-|-".join("-" * len(col) for col in COLUMNS))
    for name, c in rows:
        print(f"{name:<{width}} | " + " | ".join(f"{c[col]:>{len(col)}}" for col in COLUMNS))


if __name__ == "__main__":
    main()
