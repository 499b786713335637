"""A preheated kernel waits here for its page request (Voila's ``/voila/query/<kernel>``
websocket), then takes the request's details (query string, cookies) into
``os.environ`` — what ``voila.utils.get_query_string()`` does, without importing
``voila.utils`` (it pulls in jupyter_server, jupyterlab_server and ``websockets``:
about 40 MB in every preheated kernel). Standard library only: one socket, the
handshake, and the server's one text message (RFC 6455; the server's frames are never
masked, pings are answered)."""

from __future__ import annotations

import base64
import json
import os
import socket
from typing import BinaryIO

__all__ = ["wait_for_request"]

_CONNECT_TIMEOUT = 5  # seconds, as Voila's own client


def _url_parts() -> tuple[str, int, str]:
    host = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = int(os.environ.get("VOILA_APP_PORT", "8866"))
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return host, port, f"{base}voila/query/{os.environ['VOILA_KERNEL_ID']}"


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    data = stream.read(n)
    if data is None or len(data) < n:
        raise OSError("the server closed the request-info socket")
    return data


def _pong(sock: socket.socket, payload: bytes) -> None:
    mask = os.urandom(4)
    body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload[:125]))
    sock.sendall(bytes([0x8A, 0x80 | len(body)]) + mask + body)


def _message(sock: socket.socket, stream: BinaryIO) -> str:
    """The server's next text message (reassembled from fragments)."""
    parts: list[bytes] = []
    while True:
        first, second = _read_exact(stream, 2)
        opcode, length = first & 0x0F, second & 0x7F
        if length == 126:
            length = int.from_bytes(_read_exact(stream, 2), "big")
        elif length == 127:
            length = int.from_bytes(_read_exact(stream, 8), "big")
        mask = _read_exact(stream, 4) if second & 0x80 else b""
        payload = _read_exact(stream, length)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if opcode == 0x8:
            raise OSError("the server closed the request-info socket")
        if opcode == 0x9:
            _pong(sock, payload)
            continue
        if opcode in (0x0, 0x1):
            parts.append(payload)
            if first & 0x80:
                return b"".join(parts).decode("utf-8")


def wait_for_request() -> None:
    """Block until this preheated kernel's page is asked for; then its request's
    variables (``QUERY_STRING``, ``HTTP_COOKIE``, ...) are in ``os.environ``."""
    host, port, path = _url_parts()
    key = base64.b64encode(os.urandom(16)).decode("ascii")
    with socket.create_connection((host, port), timeout=_CONNECT_TIMEOUT) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode("ascii"))
        stream = sock.makefile("rb")
        status = stream.readline()
        if b" 101 " not in status:
            raise OSError(f"the request-info socket was refused: {status!r}")
        while stream.readline() not in (b"\r\n", b"\n", b""):
            pass
        sock.settimeout(None)  # as long as it takes for a visitor to arrive
        info = json.loads(_message(sock, stream))
    for name, value in info.items():
        os.environ[name] = str(value)
