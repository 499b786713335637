"""A trainee without a browser: what Voila's front end does to make a page usable, over
plain HTTP and the kernel websocket, so that tests and bench/crowd.py can open many pages
at once on a small machine.

A :class:`Visitor` keeps its cookies like a browser (the sign-in redirect sets them),
fetches the page, reads its kernel id, opens ``/api/kernels/<id>/channels`` (offering the
``v1.kernel.websocket.jupyter.org`` protocol, as Voila's front end does, so the server
passes the kernel's messages through without unpacking them) and asks the kernel for
every widget's state through the ``jupyter.widget.control`` comm (what the ipywidgets 8
front end does first). The page is usable when the HTML is complete, shows
no "did not load" notice, every widget view on it has its model in the kernel, and a
text box labelled ``label`` is among them. :meth:`Visitor.close` then does what a
closing tab does: Voila's shutdown beacon (with the ``_xsrf`` cookie), then the socket.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Coroutine, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

import httpx
import psutil
from jupyter_server.services.kernels.connection.base import (
    deserialize_binary_message,
    deserialize_msg_from_ws_v1,
    serialize_msg_to_ws_v1,
)
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClientConnection, websocket_connect

__all__ = ["DID_NOT_LOAD", "WS_V1", "Incoming", "Visit", "Visitor", "kernel_processes", "message",
           "open_together", "run_async"]

DID_NOT_LOAD = "This part of the page did not load. Please reload the page."
_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">\s*(.*?)\s*'
                     r"</script>", re.S)
_OUTPUT = re.compile(r'<script type="application/vnd.voila.cell-output\+json">\s*(.*?)\s*'
                     r"</script>", re.S)
_VIEW = "application/vnd.jupyter.widget-view+json"
WS_V1 = "v1.kernel.websocket.jupyter.org"  # what @jupyterlab/services offers first


@dataclass
class Visit:
    """What one visitor saw: ``problem`` is empty when the page became usable."""

    problem: str = ""
    seconds: float = float("nan")  # until usable (or until it failed)
    html_seconds: float = float("nan")  # until the page's HTML was complete
    kernel_id: str | None = None
    models: dict = field(default_factory=dict)  # model id -> {model_name, state, ...}

    @property
    def ok(self) -> bool:
        return not self.problem

    def texts(self) -> list[str]:
        """Every string in every widget's state (what the page shows, roughly)."""
        out: list[str] = []
        for model in self.models.values():
            out += [v for v in model.get("state", {}).values() if isinstance(v, str)]
        return out


class Visitor:
    """One trainee's browser, without the browser."""

    def __init__(self, base: str, path: str, *, token: str | None = None,
                 label: str = "Your reflection:", connect_after: float = 0,
                 protocols: tuple[str, ...] = (WS_V1,)) -> None:
        """``connect_after``: seconds between the page's HTML arriving and the socket
        opening (a slow browser); ``protocols``: the websocket subprotocols offered (none:
        the legacy JSON messages, which the server unpacks and packs again)."""
        self.base, self.path, self.token, self.label = base, path, token, label
        self.connect_after, self.protocols = connect_after, list(protocols)
        self.http = httpx.AsyncClient(base_url=base, follow_redirects=True,
                                      timeout=httpx.Timeout(600, connect=30))
        self.socket: WebSocketClientConnection | None = None
        self.visit = Visit()

    async def open(self, timeout: float = 300) -> Visit:
        """Open the page and wait until it is usable; the socket stays open."""
        start = time.perf_counter()
        try:
            await asyncio.wait_for(self._open(start), timeout)
        except TimeoutError:
            self.visit.problem = self.visit.problem or f"not usable within {timeout:.0f} s"
        except HTTPClientError as e:
            self.visit.problem = f"the kernel's websocket was refused ({e})"
        except (httpx.HTTPError, OSError) as e:
            self.visit.problem = f"{type(e).__name__}: {e}"
        self.visit.seconds = time.perf_counter() - start
        return self.visit

    async def close(self) -> None:
        """Close the tab: Voila's beacon asks for the kernel's shutdown, then the socket
        goes. Returns without waiting for the kernel to go."""
        try:
            if self.visit.kernel_id:
                xsrf = self.http.cookies.get("_xsrf", "")
                await self.http.post(f"/voila/api/shutdown/{self.visit.kernel_id}",
                                     files={"_xsrf": (None, xsrf)}, timeout=30)
        except httpx.HTTPError:
            pass
        finally:
            if self.socket is not None:
                self.socket.close()
            await self.http.aclose()

    async def fetch(self) -> str:
        """The page's HTML (following the sign-in redirects), as a browser gets it; sets
        ``visit.kernel_id`` when the page has a kernel."""
        query = f"?t={self.token}" if self.token else ""
        response = await self.http.get(self.path + query)
        if response.status_code != 200:
            self.visit.problem = f"HTTP {response.status_code}"
        config = _CONFIG.search(response.text)
        if config is not None:
            self.visit.kernel_id = json.loads(config.group(1))["kernelId"]
        return response.text

    async def _open(self, start: float) -> None:
        html = await self.fetch()
        self.visit.html_seconds = time.perf_counter() - start
        if self.visit.problem:
            return
        if self.visit.kernel_id is None:
            self.visit.problem = "the page has no kernel"
            return
        views = {out["data"][_VIEW]["model_id"] for out in map(json.loads, _OUTPUT.findall(html))
                 if _VIEW in out.get("data", {})}
        await asyncio.sleep(self.connect_after)
        models = await self._widget_states()
        self.visit.models = models
        missing = views - set(models)
        if "window.voila_finish()" not in html:
            self.visit.problem = "the page's HTML stopped part-way"
        elif DID_NOT_LOAD in html:
            self.visit.problem = "the page shows the did-not-load notice"
        elif missing:
            self.visit.problem = f"{len(missing)} of {len(views)} widgets have no model"
        elif not any(m.get("model_name") == "TextareaModel" and str(
                m.get("state", {}).get("description", "")).startswith(self.label)
                for m in models.values()):
            self.visit.problem = f"no text box labelled {self.label!r}"

    async def _widget_states(self) -> dict:
        assert self.visit.kernel_id is not None
        session = uuid.uuid4().hex
        ws_base = self.base.replace("http://", "ws://", 1)
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies.jar)
        request = HTTPRequest(
            f"{ws_base}/api/kernels/{self.visit.kernel_id}/channels?session_id={session}",
            headers={"Cookie": cookies})
        self.socket = await websocket_connect(request, max_message_size=1 << 28,
                                              subprotocols=self.protocols or None)
        comm_id = uuid.uuid4().hex
        await self.send(message("comm_open", session, {
            "comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
            metadata={"version": "1.0.0"}))
        await self.send(message("comm_msg", session, {
            "comm_id": comm_id, "data": {"method": "request_states"}}))
        while True:
            incoming = await self.receive()
            if incoming.header.get("msg_type") != "comm_msg":
                continue
            content = incoming.content()
            data = content.get("data", {}) if isinstance(content, dict) else {}
            if content.get("comm_id") == comm_id and data.get("method") == "update_states":
                return data.get("states", {})

    @property
    def v1(self) -> bool:
        return self.socket is not None and self.socket.selected_subprotocol == WS_V1

    async def send(self, msg: dict) -> None:
        """Send ``msg`` (made by :func:`message`) on the kernel socket, in its protocol."""
        assert self.socket is not None
        if self.v1:
            await self.socket.write_message(serialize_msg_to_ws_v1(
                msg, msg["channel"], pack=lambda part: json.dumps(part).encode()), binary=True)
        else:
            await self.socket.write_message(json.dumps(msg))

    async def receive(self) -> Incoming:
        """The next message on the kernel socket."""
        assert self.socket is not None
        raw = await self.socket.read_message()
        if raw is None:
            raise OSError("the kernel's websocket closed")
        if self.v1 and isinstance(raw, bytes):
            _channel, parts = deserialize_msg_from_ws_v1(raw)
            return Incoming(json.loads(parts[0]), parts)
        msg = deserialize_binary_message(raw) if isinstance(raw, bytes) else json.loads(raw)
        return Incoming(msg.get("header", {}), msg)


@dataclass
class Incoming:
    """A message from the kernel: its header, the rest unpacked only when asked for (as a
    front end skips what it does not handle)."""

    header: dict
    _raw: list[bytes] | dict  # the v1 protocol's parts, or a legacy message

    def _part(self, index: int, key: str) -> dict:
        if isinstance(self._raw, dict):
            return self._raw.get(key, {})
        return json.loads(self._raw[index])

    def parent(self) -> dict:
        return self._part(1, "parent_header")

    def content(self) -> dict:
        return self._part(3, "content")


def run_async(coroutine: Coroutine[object, object, _T]) -> _T:
    """asyncio.run in a thread of its own: Playwright's sync API, which the browser tests
    share in this process, keeps an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def open_together(visitors: list[Visitor], timeout: float) -> list[Visit]:
    """Open every visitor's page at once, then close them all; their visits, in order."""
    visits = await asyncio.gather(*(v.open(timeout) for v in visitors))
    for v in visitors:
        await v.close()
    return list(visits)


_T = TypeVar("_T")
_KERNEL_ID = re.compile(r"kernel-([0-9a-f-]{36})(?:\.json|-ipc)")


def kernel_processes(procs: Iterable[psutil.Process]) -> dict[str, psutil.Process]:
    """kernel id -> its process, among ``procs`` (a server's
    ``children(recursive=True)``, or ``psutil.process_iter()``): from the connection file
    on a fresh kernel's command line, or (a kernel forked from the template keeps the
    template's) from the ipc sockets it listens on, named after its connection file."""
    found = {}
    for child in procs:
        try:
            m = _KERNEL_ID.search(" ".join(child.cmdline()))
            if m is None:
                m = next(filter(None, (_KERNEL_ID.search(str(c.laddr))
                                       for c in child.net_connections(kind="unix"))), None)
        except psutil.Error:
            continue
        if m:
            found[m.group(1)] = child
    return found


def message(msg_type: str, session: str, content: dict, *, metadata: dict | None = None
            ) -> dict:
    """A message from a front end (``channel`` shell), for :meth:`Visitor.send`."""
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "",
              "session": session, "date": datetime.now(UTC).isoformat(), "version": "5.3"}
    return {"header": header, "msg_id": header["msg_id"], "msg_type": msg_type,
            "parent_header": {}, "metadata": metadata or {}, "content": content,
            "channel": "shell", "buffers": []}
