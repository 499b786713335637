"""No code from the browser under a plain `commonground serve`: a visitor opens a page,
then sends its kernel, over the page's own websocket, what a notebook front end would
send to run or inspect code. The server drops each of those (jupyter_server's
allowed_message_types: Voila gives its kernel manager its own list, the widget messages
of `serve.WIDGET_MESSAGES` plus shutdown_request, whatever the configuration says): no
reply comes and the code never runs; the handshake and the widgets' messages still
pass. (tests/test_hub.py tries the same under the hub.)"""

from __future__ import annotations

import asyncio
import json
import time
import uuid

import pytest

from commonground.serve import WIDGET_MESSAGES

from ._browser import course_server
from ._kernel_client import Visitor, run_async

pytestmark = pytest.mark.browser

WAIT = 4.0  # seconds to wait for replies after the last message (a kernel_info is < 0.1)


def _message(msg_type: str, session: str, content: dict) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "",
              "session": session, "date": "", "version": "5.3"}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content,
            "channel": "shell", "buffers": []}


def _code(marker) -> str:
    return f"open({str(marker)!r}, 'w').write('code ran')"


async def _send_and_collect(visitor: Visitor, messages: list[dict]) -> set[str]:
    """The msg_ids of ``messages`` that got any answer (a reply or output) on the socket."""
    assert visitor.socket is not None
    for msg in messages:
        await visitor.socket.write_message(json.dumps(msg))
    answered: set[str] = set()
    deadline = time.monotonic() + WAIT
    while (left := deadline - time.monotonic()) > 0:
        try:
            raw = await asyncio.wait_for(visitor.socket.read_message(), left)
        except TimeoutError:
            break
        if raw is None:
            break
        if isinstance(raw, str):
            answered.add(json.loads(raw).get("parent_header", {}).get("msg_id", ""))
    return answered


def test_a_pages_kernel_socket_runs_no_code(tmp_path):
    marker = tmp_path / "ran"
    session = uuid.uuid4().hex
    allowed = [_message("kernel_info_request", session, {}),
               _message("comm_info_request", session, {"target_name": ""})]
    refused = [
        _message("execute_request", session, {
            "code": _code(marker), "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}),
        _message("execute_request", session, {
            "code": _code(marker), "silent": True, "store_history": False,
            "user_expressions": {"x": _code(marker)}, "allow_stdin": False}),
        _message("inspect_request", session, {"code": "open", "cursor_pos": 4,
                                              "detail_level": 1}),
        _message("complete_request", session, {"code": "import o", "cursor_pos": 8}),
        _message("history_request", session, {"output": True, "raw": True,
                                              "hist_access_type": "tail", "n": 10}),
        _message("is_complete_request", session, {"code": _code(marker)}),
    ]
    assert {m["header"]["msg_type"] for m in allowed} <= set(WIDGET_MESSAGES)
    assert not {m["header"]["msg_type"] for m in refused} & set(WIDGET_MESSAGES)
    log = tmp_path / "serve.log"
    with course_server(f"sqlite:///{tmp_path / 'course.db'}", log) as base:

        async def visit() -> set[str]:
            visitor = Visitor(base, "/")  # a visitor on this computer: the welcome page
            try:
                opened = await visitor.open()
                assert opened.ok, opened.problem  # the page works, widgets and all
                return await _send_and_collect(visitor, [*refused, *allowed])
            finally:
                await visitor.close()

        answered = run_async(visit())
        time.sleep(1)  # a kernel running the code late would have made the file by now
    assert {m["header"]["msg_id"] for m in allowed} <= answered  # the socket works...
    assert not {m["header"]["msg_id"] for m in refused} & answered  # ...nothing else passed
    assert not marker.exists()
    dropped = log.read_text().count("which is not allowed. Ignoring.")
    assert dropped == len(refused)  # the server dropped each one; none reached the kernel
