"""Run a function once typing pauses (and at least every ``max_wait`` seconds)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Debouncer:
    def __init__(self, fn: Callable[[], None], wait: float = 0.8, max_wait: float = 3.0):
        self._fn = fn
        self.wait = wait
        self.max_wait = max_wait
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._first: float | None = None

    def trigger(self) -> None:
        with self._lock:
            now = time.monotonic()
            if self._first is None:
                self._first = now
            if self._timer is not None:
                self._timer.cancel()
            delay = min(self.wait, max(0.0, self._first + self.max_wait - now))
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
            self._first = None
        self._fn()

    def flush(self) -> None:
        """Run now if something is pending (for example before submitting)."""
        with self._lock:
            timer, self._timer = self._timer, None
            if timer is not None:
                timer.cancel()
                self._first = None
        if timer is not None:
            self._fn()

    @property
    def pending(self) -> bool:
        return self._timer is not None


class Retry:
    """Run a function again, by itself, after a pause that grows (``delays``; the last is
    repeated) until :meth:`reset` says it worked. One retry is pending at a time."""

    DELAYS = (2.0, 4.0, 8.0, 15.0)

    def __init__(self, fn: Callable[[], None], delays: tuple[float, ...] = DELAYS):
        self._fn = fn
        self.delays = delays
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.attempts = 0

    def schedule(self) -> None:
        with self._lock:
            if self._timer is not None:
                return
            delay = self.delays[min(self.attempts, len(self.delays) - 1)]
            self.attempts += 1
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self._fn()

    def reset(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = None
            self.attempts = 0

    @property
    def pending(self) -> bool:
        return self._timer is not None
