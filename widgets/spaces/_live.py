"""Keep a shared space up to date while its page is open.

A daemon thread in the trainee's kernel asks the database every few seconds for a small
fingerprint of the space, and redraws only when it changed. Quiet spaces therefore send
nothing to the page (so a closed page's kernel still goes idle and is culled), and the
thread ends with the kernel.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any

log = logging.getLogger("commonground.widgets")

INTERVAL = 3.0  # seconds: others' posts appear within this, plus the redraw
MAX_INTERVAL = 30.0  # after repeated database errors, ask less often

_started: weakref.WeakSet[LiveRefresh] = weakref.WeakSet()


def stop_all() -> int:
    """Stop every refresh started in this process (a closed widget's too); how many were
    running. The tests call it after each test, so no thread polls a database that is gone."""
    running = [live for live in list(_started) if live.running]
    for live in running:
        live.stop()
    return len(running)


class LiveRefresh:
    def __init__(
        self,
        fingerprint: Callable[[], Any],
        redraw: Callable[[], None],
        interval: float = INTERVAL,
    ):
        self._fingerprint = fingerprint
        self._redraw = redraw
        self.interval = interval
        self._last: Any = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failures = 0

    def mark_current(self, fingerprint: Any = None) -> None:
        """Remember the fingerprint of what is on the page now: the one given (when the
        caller has just read it with what it drew), else a fresh one."""
        self._last = self._fingerprint() if fingerprint is None else fingerprint

    def poll_once(self) -> bool:
        """Redraw if the space changed; returns whether it did (a test hook)."""
        now = self._fingerprint()
        if now == self._last:
            return False
        self._redraw()
        self._last = now
        return True

    def start(self) -> LiveRefresh:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="cg-live", daemon=True)
            self._thread.start()
            _started.add(self)
        return self

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        while not self._stop.wait(self._delay()):
            try:
                self.poll_once()
                self._failures = 0
            except Exception:  # the database is busy or gone: try again later
                self._failures += 1
                log.warning("live refresh failed (%d in a row)", self._failures, exc_info=True)

    def _delay(self) -> float:
        return min(MAX_INTERVAL, self.interval * (2 ** min(self._failures, 4)))
