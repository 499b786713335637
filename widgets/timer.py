"""Time spent: while a module page's kernel lives, add the elapsed time to the module's
``progress.seconds_spent`` every ``INTERVAL`` seconds.

One timer per kernel (each page has its own kernel). It counts wall-clock time with the
page open; a closed page stops counting when Voila shuts its kernel down (``--cull-idle``
seconds later). A gap much longer than the interval (a suspended server) is not counted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from commonground import Participant, Store

log = logging.getLogger("commonground.widgets")

INTERVAL = 45.0


class PageTimer:
    def __init__(self, store: Store, participant: Participant, module_id: str,
                 interval: float = INTERVAL, clock: Callable[[], float] = time.monotonic):
        self.store, self.participant, self.module_id = store, participant, module_id
        self.interval = interval
        self._clock = clock
        self._lock = threading.Lock()
        self._since = clock()
        self._carry = 0.0  # fractions of a second not yet recorded
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> PageTimer:
        self._thread = threading.Thread(target=self._run, name="cg-page-timer", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.record()

    def record(self) -> int:
        """Add the time since the last record; returns the seconds added."""
        with self._lock:
            now = self._clock()
            elapsed = now - self._since
            self._since = now
            if elapsed > 3 * self.interval:  # the machine slept: count one interval only
                elapsed = self.interval
            elapsed += self._carry
            seconds = int(elapsed)
            self._carry = elapsed - seconds
            if seconds <= 0:
                return 0
            try:
                self.store.progress.add_time(self.participant.id, self.module_id, seconds)
            except Exception:  # never disturb the page; the next tick tries again
                log.exception("recording time spent failed")
                self._carry += seconds
                return 0
            return seconds

    def stop(self, record: bool = True) -> None:
        self._stop.set()
        if record:
            self.record()


_current: PageTimer | None = None


def track(store: Store, participant: Participant, module_id: str,
          interval: float = INTERVAL) -> PageTimer:
    """Start counting time on this module for this page (replacing any earlier timer)."""
    global _current
    if _current is not None:
        _current.stop()
    _current = PageTimer(store, participant, module_id, interval).start()
    return _current


def current() -> PageTimer | None:
    return _current


def stop() -> None:
    global _current
    if _current is not None:
        _current.stop(record=False)
        _current = None
