"""No code from the browser under a plain `commonground serve`: a visitor opens a page,
then sends its kernel, over the page's own websocket, what a notebook front end would
send to run or inspect code (the debugger's evaluate too). The server drops each of
those (jupyter_server's allowed_message_types: Voila gives its kernel manager its own
list, the widget messages of `serve.WIDGET_MESSAGES` plus shutdown_request, whatever the
configuration says): no reply comes and the code never runs; the handshake and the
widgets' messages still pass. Both of the socket's protocols are tried: the one browsers
use (``v1.kernel.websocket.jupyter.org``, where the server reads only each message's
header) and the legacy JSON one. (tests/hub/test_hub.py tries the same under the hub.)"""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from commonground.server.app import WIDGET_MESSAGES
from harness.browser import course_server
from harness.kernel_client import WS_V1, Visitor, message, run_async

pytestmark = pytest.mark.browser

WAIT = 4.0  # seconds to wait for replies after the last message (a kernel_info is < 0.1)


def _code(marker) -> str:
    return f"open({str(marker)!r}, 'w').write('code ran')"


async def _send_and_collect(visitor: Visitor, messages: list[dict]) -> set[str]:
    """The msg_ids of ``messages`` that got any answer (a reply or output) on the socket."""
    for msg in messages:
        await visitor.send(msg)
    answered: set[str] = set()
    deadline = time.monotonic() + WAIT
    while (left := deadline - time.monotonic()) > 0:
        try:
            incoming = await asyncio.wait_for(visitor.receive(), left)
        except (TimeoutError, OSError):
            break
        answered.add(incoming.parent().get("msg_id", ""))
    return answered


def _messages(marker) -> tuple[list[dict], list[dict]]:
    """What a front end may send (the handshake), and what would run or inspect code."""
    session = uuid.uuid4().hex
    allowed = [message("kernel_info_request", session, {}),
               message("comm_info_request", session, {"target_name": ""})]
    refused = [
        message("execute_request", session, {
            "code": _code(marker), "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}),
        message("execute_request", session, {
            "code": _code(marker), "silent": True, "store_history": False,
            "user_expressions": {"x": _code(marker)}, "allow_stdin": False}),
        message("inspect_request", session, {"code": "open", "cursor_pos": 4,
                                              "detail_level": 1}),
        message("complete_request", session, {"code": "import o", "cursor_pos": 8}),
        message("history_request", session, {"output": True, "raw": True,
                                              "hist_access_type": "tail", "n": 10}),
        message("is_complete_request", session, {"code": _code(marker)}),
        # The debugger's evaluate, on the control channel (a course kernel has no
        # debugger either: commonground.kernel).
        {**message("debug_request", session, {
            "type": "request", "seq": 1, "command": "evaluate",
            "arguments": {"expression": _code(marker), "context": "repl"}}),
         "channel": "control"},
    ]
    return allowed, refused


async def _visit(base: str, protocols: tuple[str, ...], messages: list[dict]) -> set[str]:
    visitor = Visitor(base, "/", protocols=protocols)  # on this computer: the welcome page
    try:
        opened = await visitor.open()
        assert opened.ok, opened.problem  # the page works, widgets and all
        assert visitor.v1 == bool(protocols)  # in the protocol asked for
        return await _send_and_collect(visitor, messages)
    finally:
        await visitor.close()


PROTOCOLS = {"browsers' v1 protocol": (WS_V1,), "legacy JSON": ()}


def test_a_pages_kernel_socket_runs_no_code(tmp_path):
    log = tmp_path / "serve.log"
    tried = []
    with course_server(f"sqlite:///{tmp_path / 'course.db'}", log) as base:
        for name, protocols in PROTOCOLS.items():
            marker = tmp_path / f"ran {name}"
            allowed, refused = _messages(marker)
            assert {m["header"]["msg_type"] for m in allowed} <= set(WIDGET_MESSAGES)
            assert not {m["header"]["msg_type"] for m in refused} & set(WIDGET_MESSAGES)
            answered = run_async(_visit(base, protocols, [*refused, *allowed]))
            time.sleep(1)  # a kernel running the code late would have made the file by now
            tried.append(name)
            assert {m["header"]["msg_id"] for m in allowed} <= answered, name  # it works...
            assert not {m["header"]["msg_id"] for m in refused} & answered, name  # ...only so
            assert not marker.exists(), name
    assert tried == list(PROTOCOLS)
    dropped = log.read_text().count("which is not allowed. Ignoring.")
    # The server dropped each one; none reached the kernel.
    assert dropped == len(refused) * len(PROTOCOLS)
