"""Getting a module ready for the room, inside `commonground serve`.

A facilitator (from the dashboard) or whoever runs the server (``commonground ready``)
asks for ``N`` preheated kernels for one module. :class:`Room` works out what they
cost from the memory of the kernels running now, refuses past the budget, then raises
that notebook's pool in Voila's pooling kernel manager (``kernel_pools_config``) and
lets Voila fill it (paced by :class:`~commonground.server.kernels.CourseKernelManager`).
Each kernel a visitor takes lowers the pool by one, so the pool never refills past the
people expected; after ``minutes`` (or a release) it drains back to the server's default
pool and the kernels nobody took are shut down. A preheated kernel still learns who it
is for only when the page request arrives (``commonground.pages.session.page_query_string``).

:class:`RoomHandler` is the one HTTP path, ``POST /commonground/room``. It answers
only requests from this computer that carry either the server's own secret (written to
a 0600 runtime file for ``commonground ready``, :mod:`commonground.server.client`) or a
facilitator's personal-link token (what the facilitator's dashboard kernel holds), both
in the ``Authorization`` header (a browser on another site cannot set it). Browsers'
cookies are never read here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import statistics
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import psutil
from tornado.web import RequestHandler

from .client import ADMIN_SCHEME, LINK_SCHEME, MAX_PEOPLE, people_count
from .proxy import SECURITY_HEADERS

if TYPE_CHECKING:
    from jupyter_client.manager import KernelManager

__all__ = ["ROOM_PATH", "Room", "RoomError", "RoomHandler", "RoomPlan"]

ROOM_PATH = "commonground/room"
UNMEASURED_MB = 90.0  # before any kernel runs to measure: above a fresh kernel's RSS (~72)
BUDGET_SHARE = 0.7  # of the memory available now, when no budget is configured
ROOM_MINUTES = 90  # a prepared pool drains back to the default after this long

NAME_LIMIT = 200  # characters of a module's number, id or title
_UNUSED = logging.getLogger("commonground.server.room.unused")  # a kernel nobody took
_UNUSED.propagate = False
_UNUSED.addHandler(logging.NullHandler())


class PoolingKernelManager(Protocol):
    """What the room uses of the server's kernel manager: Voila's pooling manager (made
    from :class:`~commonground.server.kernels.CourseKernelManager`; Voila is untyped)."""

    kernel_pools_config: dict[str, dict[str, Any]]
    on_take: Callable[[str], None] | None
    log: logging.Logger

    def list_kernel_ids(self) -> list[str]: ...

    def get_kernel(self, kernel_id: str) -> KernelManager: ...

    def fill_if_needed(self, delay: float | None = None,
                       notebook_name: str | None = None) -> None: ...

    async def shutdown_kernel(self, kernel_id: str) -> None: ...


class RoomError(ValueError):
    """A request the room cannot do, in the facilitator's words."""


@dataclass(frozen=True)
class RoomPlan:
    notebook: str
    title: str
    people: int
    new: int  # kernels to start (the pool may already hold some)
    per_kernel_mb: float
    measured: bool  # per_kernel_mb from running kernels (else an estimate)
    cost_mb: float  # of the new kernels
    budget_mb: float
    ready: int = 0  # preheated kernels waiting now
    starting: int = 0

    @property
    def fits(self) -> bool:
        return self.cost_mb <= self.budget_mb

    @property
    def most(self) -> int:
        """The most people the budget allows now."""
        return max(0, int(self.budget_mb // self.per_kernel_mb)) + (self.people - self.new)

    def summary(self) -> str:
        how = "measured" if self.measured else "estimated"
        # Said to facilitators too: a preheated kernel is "a page", ready for one person.
        pages = f"{self.people} page{'s' * (self.people != 1)}"
        return (f"{pages} for {self.title}, about {_size(self.cost_mb)} "
                f"({self.new} to start, {self.per_kernel_mb:.0f} MB each, {how}; this server "
                f"may spend {_size(self.budget_mb)})")


def _size(mb: float) -> str:
    return f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.0f} MB"


class Room:
    """The prepared pools of one server's kernel manager."""

    def __init__(self, manager: PoolingKernelManager, root: Path, *, budget_mb: float = 0,
                 minutes: float = ROOM_MINUTES, titles: dict[str, str] | None = None,
                 never: tuple[str, ...] = ()) -> None:
        self.manager = manager
        self.root = Path(root)
        self.budget = budget_mb  # 0: a share of the memory available when asked
        self.minutes = minutes
        self.titles = titles or {}
        self.never = never
        self._defaults = dict(manager.kernel_pools_config)
        self._remaining: dict[str, int] = {}  # notebook -> prepared kernels not yet taken
        self._timers: dict[str, asyncio.TimerHandle] = {}
        self._closing: set[asyncio.Future] = set()
        manager.on_take = self.taken

    # -- which notebook ---------------------------------------------------------------
    def notebooks(self) -> list[str]:
        return sorted(p.name for p in self.root.glob("*.ipynb")
                      if not p.name.startswith(self.never))

    def resolve(self, name: str) -> str:
        """The notebook a facilitator means: its id (``03_trauma_informed``), its number
        (``3``), or its title or the start of it, in any case."""
        wanted = name.strip().lower().removesuffix(".ipynb")
        if not wanted:
            raise RoomError("Say which module to get ready: its number (3), its name "
                            "(03_trauma_informed) or the start of its title.")
        if len(wanted) > NAME_LIMIT:
            raise RoomError(f"That is not a module's name: a module is named in at most "
                            f"{NAME_LIMIT} characters.")
        notebooks = self.notebooks()
        for nb in notebooks:
            stem = nb.removesuffix(".ipynb")
            number = stem.split("_", 1)[0]
            if wanted in (stem.lower(), self.titles.get(stem, "").lower()) or (
                    wanted.isdigit() and number.isdigit()
                    and wanted.lstrip("0") == number.lstrip("0")):
                return nb
        by_title = [nb for nb in notebooks if wanted
                    and self.titles.get(nb.removesuffix(".ipynb"), "").lower().startswith(wanted)]
        if len(by_title) == 1:
            return by_title[0]
        if any(name.strip().lower().startswith(n) for n in self.never):
            raise RoomError(f"{name!r} is a page for one person at a time; it is never "
                            "prepared. Choose a module.")
        shown = ", ".join(n.removesuffix(".ipynb") for n in notebooks)
        raise RoomError(f"There is no module called {name!r}. The modules are: {shown}.")

    def title(self, notebook: str) -> str:
        stem = notebook.removesuffix(".ipynb")
        return self.titles.get(stem, stem)

    # -- cost -------------------------------------------------------------------------
    def per_kernel_mb(self) -> tuple[float, bool]:
        """The median memory of its own (USS: not counting what it shares with the kernel
        template and other kernels) of the kernels running now, or an estimate when none
        is."""
        sizes = []
        for kernel_id in self.manager.list_kernel_ids():
            kernel = self.manager.get_kernel(kernel_id)
            pid = getattr(getattr(kernel, "provisioner", None), "pid", None)
            if pid:
                with contextlib.suppress(psutil.Error):
                    sizes.append(psutil.Process(pid).memory_full_info().uss / 2**20)
        if not sizes:
            return UNMEASURED_MB, False
        return max(statistics.median(sizes), 1.0), True

    def budget_mb(self) -> float:
        if self.budget > 0:
            return self.budget
        return BUDGET_SHARE * psutil.virtual_memory().available / 2**20

    def _pool(self, notebook: str) -> list[asyncio.Task[dict[str, Any]]]:
        # Voila's pooling manager has no public way to reach a pool's kernel starts (only
        # get_pool_size): its `_pools` is read, and shortened on release.
        return getattr(self.manager, "_pools", {}).get(notebook, [])

    def _default_size(self, notebook: str) -> int:
        config = self._defaults.get(notebook) or self._defaults.get("default") or {}
        return 0 if notebook.startswith(self.never) else int(config.get("pool_size", 0))

    def plan(self, name: str, people: int) -> RoomPlan:
        if not 1 <= people <= MAX_PEOPLE:
            raise RoomError(f"The number of people must be between 1 and {MAX_PEOPLE} "
                            f"(you asked for {people}).")
        notebook = self.resolve(name)
        pool = self._pool(notebook)
        ready = sum(1 for t in pool if t.done() and not t.cancelled() and t.exception() is None)
        new = max(0, people - len(pool))
        per, measured = self.per_kernel_mb()
        return RoomPlan(notebook, self.title(notebook), people, new, per, measured, new * per,
                        self.budget_mb(), ready, len(pool) - ready)

    # -- preparing and draining ---------------------------------------------------------
    def prepare(self, name: str, people: int) -> RoomPlan:
        plan = self.plan(name, people)
        if not plan.fits:
            raise RoomError(
                f"{plan.people} pages for {plan.title} would take about "
                f"{_size(plan.cost_mb)}, more than the {_size(plan.budget_mb)} this server "
                f"may spend now. It can get ready for at most {people_count(plan.most)}; ask for "
                "fewer, or start the server with a larger --room-memory.")
        nb = plan.notebook
        self._remaining[nb] = people
        self._set_size(nb, max(self._default_size(nb), people))
        self.manager.fill_if_needed(delay=0, notebook_name=nb)
        old = self._timers.pop(nb, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_event_loop()
        self._timers[nb] = loop.call_later(self.minutes * 60, self.release, nb)
        self.manager.log.info("Getting %s ready for %s: %s", nb, people_count(people),
                              plan.summary())
        return plan

    def taken(self, notebook: str) -> None:
        """A visitor took a preheated kernel of ``notebook`` (before Voila refills)."""
        left = self._remaining.get(notebook)
        if left is None:
            return
        left -= 1
        if left <= 0:
            self._remaining.pop(notebook)
            timer = self._timers.pop(notebook, None)
            if timer is not None:
                timer.cancel()
        else:
            self._remaining[notebook] = left
        self._set_size(notebook, max(self._default_size(notebook), left))

    def release(self, name: str) -> int:
        """Back to the default pool now; returns how many unused kernels are shut down."""
        notebook = name if name in self._pool_names() else self.resolve(name)
        self._remaining.pop(notebook, None)
        timer = self._timers.pop(notebook, None)
        if timer is not None:
            timer.cancel()
        keep = self._default_size(notebook)
        self._set_size(notebook, keep)
        pool = self._pool(notebook)
        extra = pool[keep:]
        del pool[keep:]
        for task in extra:
            task.add_done_callback(self._shut_down_unused)
        if extra:
            self.manager.log.info("Kernel pool of %s back to normal: %d kernel(s) nobody "
                                  "took shut down", notebook, len(extra))
        return len(extra)

    def _pool_names(self) -> set[str]:
        return set(getattr(self.manager, "_pools", {}))  # Voila's, as in _pool

    def _shut_down_unused(self, task: asyncio.Future) -> None:
        if task.cancelled() or task.exception() is not None:
            return
        closing = asyncio.ensure_future(self._shut_down(task.result()))
        self._closing.add(closing)
        closing.add_done_callback(self._closing.discard)

    async def _shut_down(self, content: dict) -> None:
        from voila.request_info_handler import RequestInfoSocketHandler

        # Its page was never asked for: end the wait in its first cell (the kernel's
        # request-info socket closes, the cell fails quietly), then shut it down idle.
        render = content["task"]
        content["renderer"].log = _UNUSED
        # Voila keeps each kernel's request-info socket in `_waiters` and offers no public
        # way to reach it.
        waiter = RequestInfoSocketHandler._waiters.get(content["kernel_id"])
        if waiter is not None:
            waiter.close()
        else:
            render.cancel()  # still starting: nbclient reports this as "Kernel died"
        await asyncio.wait([render], timeout=10)
        await self.manager.shutdown_kernel(content["kernel_id"])

    def _set_size(self, notebook: str, size: int) -> None:
        config = dict(self.manager.kernel_pools_config)
        config[notebook] = {**config.get(notebook, {}), "pool_size": size}
        self.manager.kernel_pools_config = config

    def status(self, name: str) -> dict:
        plan = self.plan(name, max(1, self._remaining.get(self.resolve(name), 1)))
        return {**asdict(plan), "prepared_for": self._remaining.get(plan.notebook, 0)}


def _no_constant(_name: str) -> None:
    """JSON's ``Infinity`` and ``NaN`` are no number (of people, or anything else)."""
    return None


class RoomHandler(RequestHandler):
    """``POST /commonground/room`` with a JSON body ``{"module": ..., "people": N,
    "action": "plan" | "prepare" | "status" | "release"}``."""

    def initialize(self, room: Room, secret: str, allowed_hosts: tuple[str, ...],
                   facilitator: Callable[[str], bool]) -> None:
        self.room, self.secret, self.allowed = room, secret, allowed_hosts
        self.facilitator = facilitator  # token -> is it a facilitator's (in a thread)

    def check_xsrf_cookie(self) -> None:
        """The proof is the Authorization header, which no other site's page can send."""

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def _refuse(self, status: int, message: str) -> None:
        self.set_status(status)
        self.finish({"ok": False, "message": message})

    async def post(self) -> None:
        if self.request.remote_ip not in self.allowed:
            return self._refuse(403, "Modules can be prepared only from the server itself.")
        scheme, _, proof = self.request.headers.get("Authorization", "").partition(" ")
        if scheme == ADMIN_SCHEME and proof and hmac.compare_digest(proof, self.secret):
            who = "the server's administrator"
        elif scheme == LINK_SCHEME and proof and await asyncio.to_thread(self.facilitator, proof):
            who = "a facilitator"
        else:
            return self._refuse(403, "Only a facilitator of this course, or whoever runs "
                                     "the server, can prepare a module for the room.")
        try:
            body = json.loads(self.request.body or b"{}", parse_constant=_no_constant)
            action, module = str(body["action"]), str(body["module"])
            people = body.get("people", 1)
        except (ValueError, KeyError, TypeError, RecursionError):
            return self._refuse(400, "The request was not understood.")
        if isinstance(people, bool) or not isinstance(people, int):
            return self._refuse(400, "The number of people must be a whole number, such as "
                                     "24.")
        try:
            if action in ("plan", "prepare"):
                plan = (self.room.prepare if action == "prepare" else self.room.plan)(
                    module, people)
                answer = {**asdict(plan), "summary": plan.summary(), "fits": plan.fits,
                          "most": plan.most}
                if action == "prepare":
                    self.room.manager.log.info("The room was prepared by %s.", who)
            elif action == "status":
                answer = self.room.status(module)
            elif action == "release":
                answer = {"shut_down": self.room.release(module)}
            else:
                return self._refuse(400, f"Unknown action {action!r}.")
        except RoomError as e:
            return self._refuse(422, str(e))
        self.finish({"ok": True, **answer})
