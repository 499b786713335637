"""The kernels behind `commonground serve`: when a page's kernel may be shut down, and
how the pool of preheated kernels fills without slowing anyone down.

:class:`CourseKernelManager` is jupyter_server's kernel manager with two policies, set
from :func:`commonground.server.app.voila_argv` (``--VoilaConfiguration.
multi_kernel_manager_class``; with ``--ready`` Voila wraps it in its pooling manager):

Culling. A kernel's page connects back to it over a websocket once the browser has
loaded the page. A crowd on a small server can take minutes to get that far, so a kernel
is never culled while it is starting or before its page has connected: such a kernel is
only reclaimed once it has had no activity for ``unconnected_timeout`` seconds (a page
that never came back). Once its page has connected, the kernel lives as long as any
page is connected, and is shut down ``cull_idle_timeout`` seconds after the last one
went away (a closed tab, unless its page already said goodbye through Voila's shutdown
beacon).

Pool filling. Preheated kernels start one at a time, in notebook order (the welcome
module first), and only while no visitor's own kernel is starting; each holds its turn
until it is waiting for its visitor (Voila's request-info socket,
:class:`PreheatReadySocket`), has finished its notebook, or ``_TURN_CAP`` seconds have
passed. A pool kernel that a visitor has already taken (Voila hands out kernels that are
still starting) does not wait for a turn.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from jupyter_core.utils import ensure_async
from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)
from traitlets import Integer
from voila.request_info_handler import RequestInfoSocketHandler

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

__all__ = ["UNCONNECTED_TIMEOUT", "CourseKernelManager", "PreheatReadySocket"]

UNCONNECTED_TIMEOUT = 600  # seconds: a page that never connects back is reclaimed

_TURN_CAP = 20.0  # seconds one pool kernel may hold its turn at most
_QUIET = 2.0  # an idle pool kernel without messages for this long has finished its notebook
_POLL = 0.2
_LINE_UP = 1.5  # seconds the first pool kernel waits for the others to line up


def _utcnow() -> datetime:
    """Now, in UTC, as jupyter_server times a kernel's ``last_activity``."""
    return datetime.now(UTC)


class CourseKernelManager(AsyncMappingKernelManager):
    """Culls only kernels whose page has gone, and paces the preheated pool."""

    unconnected_timeout = Integer(
        UNCONNECTED_TIMEOUT, config=True,
        help="Seconds without activity after which a kernel whose page never connected "
             "is shut down (0: never).",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._left_at: dict[str, datetime] = {}  # kernel -> when its last page went
        self._visitor_starts = 0
        self._turn: object | None = None  # the pool kernel start that holds the turn
        self._waiting: dict[asyncio.Task, int] = {}
        self._seq = itertools.count()
        self._parked: dict[str, asyncio.Event] = {}
        self._holding: asyncio.Future | None = None  # one turn at a time
        self._turns_given = 0
        self.on_take: Callable[[str], None] | None = None  # a visitor took a pool kernel
        take = getattr(self, "get_rendered_notebook", None)  # Voila's pooling subclass
        if take is not None:

            async def get_rendered_notebook(
                    notebook_name: str, **kwargs: Any) -> tuple[asyncio.Task[Any], list[str], str]:
                """Voila's, after telling :attr:`on_take` (the room's pool count drops
                before Voila refills the pool)."""
                if self.on_take is not None:
                    self.on_take(notebook_name)
                return await take(notebook_name=notebook_name, **kwargs)

            self.get_rendered_notebook = get_rendered_notebook

    # -- culling ---------------------------------------------------------------------

    def _kernel(self, kernel_id: str) -> ServerKernelManager | None:
        """The kernel's own manager, or None once it has gone. (jupyter_server makes every
        kernel's manager a ServerKernelManager, its kernel_manager_class.)"""
        if kernel_id not in self:
            return None
        return cast(ServerKernelManager, self.get_kernel(kernel_id))

    def _connections(self, kernel_id: str) -> int:
        """The pages connected to the kernel now. jupyter_server counts them in
        ``_kernel_connections``: its one public reading, ``kernel_model()``, refuses a
        kernel already removed and reads ``last_activity``, unset while a kernel starts,
        so the count is read here directly (this class is that manager)."""
        return self._kernel_connections.get(kernel_id, 0)

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._left_at.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._connections(kernel_id) <= 0:
            self._left_at[kernel_id] = _utcnow()

    def remove_kernel(self, kernel_id: str) -> KernelManager:
        self._left_at.pop(kernel_id, None)
        self._parked.pop(kernel_id, None)
        return super().remove_kernel(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        kernel = self._kernel(kernel_id)
        if kernel is None or not kernel.trait_has_value("last_activity"):
            return  # still starting: nothing to judge yet
        if getattr(kernel, "execution_state", None) == "dead":
            return await super().cull_kernel_if_idle(kernel_id)
        if self._connections(kernel_id) > 0:
            return  # an open page
        now = _utcnow()
        left = self._left_at.get(kernel_id)
        if left is not None:
            waited, limit = now - left, self.cull_idle_timeout
            why = "its page closed %d s ago"
        else:
            waited, limit = now - kernel.last_activity, self.unconnected_timeout
            why = "its page never connected (idle for %d s)"
        if limit > 0 and waited > timedelta(seconds=limit):
            self.log.warning(f"Culling idle kernel %s: {why}.", kernel_id,
                             waited.total_seconds())
            await ensure_async(self.shutdown_kernel(kernel_id))

    # -- pacing the preheated pool ---------------------------------------------------

    # jupyter_client types MultiKernelManager.start_kernel as the synchronous one; the async
    # managers (jupyter_server's own included) replace it with a coroutine.
    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]  # see above
        env = kwargs.get("env") or {}
        token = await self._wait_for_turn() if env.get("VOILA_PREHEAT") == "True" else None
        if token is None:  # a visitor is waiting for this one
            self._visitor_starts += 1
            try:
                return await super().start_kernel(**kwargs)
            finally:
                self._visitor_starts -= 1
        try:
            kernel_id = await super().start_kernel(**kwargs)
        except BaseException:
            self._turn = None
            raise
        self._parked[kernel_id] = asyncio.Event()
        self._holding = asyncio.ensure_future(self._hold_turn(token, kernel_id))
        return kernel_id

    def kernel_parked(self, kernel_id: str) -> None:
        """A pool kernel has run its notebook up to where it waits for its visitor."""
        event = self._parked.get(kernel_id)
        if event is not None:
            event.set()

    def _pool_of(self, task: asyncio.Task) -> str | None:
        """The notebook whose pool holds this start, or None once a visitor took it."""
        # Voila's pooling manager (made as a subclass of this one) keeps its pools in `_pools`;
        # it has no public way to see which start is in which pool (only get_pool_size).
        for notebook, pool in getattr(self, "_pools", {}).items():
            if task in pool:
                return str(notebook)
        return None

    async def _wait_for_turn(self) -> object | None:
        """The turn (a token) for this pool kernel's start, or None when a visitor has
        taken it from the pool meanwhile (then it starts at once, like any visitor's)."""
        me = asyncio.current_task()
        assert me is not None
        self._waiting[me] = next(self._seq)
        try:
            # let the other pools' starts line up too (at server start they all begin)
            await asyncio.sleep(_POLL if self._turns_given else _LINE_UP)
            while True:
                ranked = {t: (nb, seq) for t, seq in self._waiting.items()
                          if (nb := self._pool_of(t)) is not None}
                if me not in ranked:
                    return None
                if (self._turn is None and self._visitor_starts == 0
                        and min(ranked, key=ranked.__getitem__) is me):
                    self._turn = me
                    self._turns_given += 1
                    return me
                await asyncio.sleep(_POLL)
        finally:
            del self._waiting[me]

    async def _hold_turn(self, token: object, kernel_id: str) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        event = self._parked[kernel_id]
        try:
            while loop.time() - started < _TURN_CAP and not event.is_set():
                kernel = self._kernel(kernel_id)
                if kernel is None:
                    return
                quiet = (_utcnow() - kernel.last_activity).total_seconds()
                if (loop.time() - started > _QUIET and quiet > _QUIET
                        and getattr(kernel, "execution_state", None) == "idle"):
                    return  # finished its notebook without waiting for a request
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(event.wait(), _POLL)
        finally:
            self._parked.pop(kernel_id, None)
            if self._turn is token:
                self._turn = None


class PreheatReadySocket(RequestInfoSocketHandler):
    """Voila's request-info socket (a preheated kernel opens it when its notebook asks
    who the visitor is), which also tells the kernel manager the kernel is ready. Only
    kernels (on the server's own computer) may open it: it carries the visitor's
    sign-in cookie."""

    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "::1")

    def open(self, kernel_id: str) -> None:
        if self.request.remote_ip not in self.allowed_hosts:
            self.close(1008, "kernels only")
            return
        super().open(kernel_id)
        manager = self.settings.get("kernel_manager")
        if isinstance(manager, CourseKernelManager):
            manager.kernel_parked(kernel_id)
