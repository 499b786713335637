"""Behind a reverse proxy (commonground.server.proxy): X-Forwarded-For and -Proto are
believed only from the proxy the administrator named, and then the sign-in cookie is
Secure behind TLS and the room's "only from this computer" rule sees the browser's real
address; every answer carries the course's security headers."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlparse

import pytest

from commonground import open_store
from commonground.server.client import ADMIN_SCHEME, read_runtime_file
from commonground.server.proxy import SECURITY_HEADERS, trusted_addresses
from harness.browser import course_server

PROXY = "127.0.0.2"  # the trusted proxy: another loopback address of this computer
FORWARDED = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}


def test_trusted_addresses_are_checked():
    assert trusted_addresses(["127.0.0.1", "10.0.0.5, ::1", "127.0.0.1"]) == (
        "127.0.0.1", "10.0.0.5", "::1")
    with pytest.raises(ValueError, match="the proxy's IP address"):
        trusted_addresses(["proxy.example.org"])


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proxied")
    url = f"sqlite:///{tmp / 'course.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Proxied", "Robin Ng")
        token = store.people.issue_link(store.people.add_participant(cohort.id, "Ana Lee",
                                                                     "Housing"))
    finally:
        store.dispose()
    runtime = tmp / "runtime"
    with course_server(url, tmp / "serve.log", "--trusted-proxy", PROXY,
                       env={"COMMONGROUND_RUNTIME_DIR": str(runtime)}) as base:
        port = urlparse(base).port
        yield port, token, read_runtime_file(port, runtime)[1]


def _ask(port: int, source: str, method: str, path: str, body: bytes | None = None,
         headers: dict | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60,
                                      source_address=(source, 0))
    conn.request(method, path, body=body, headers={**FORWARDED, **(headers or {})})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


@pytest.mark.server
@pytest.mark.parametrize(("source", "believed"), [(PROXY, True), ("127.0.0.1", False)])
def test_forwarded_headers_are_believed_only_from_the_trusted_proxy(proxied, source,
                                                                    believed):
    port, token, secret = proxied
    landing = _ask(port, source, "GET", f"/?t={token}")
    assert landing.status == 302
    cookie = landing.getheader("Set-Cookie")
    assert cookie.startswith("cg_link=") and "httponly" in cookie.lower()
    assert ("secure" in cookie.lower().split("; ")) is believed  # TLS at the proxy
    room = _ask(port, source, "POST", "/commonground/room",
                json.dumps({"action": "plan", "module": "3", "people": 1}).encode(),
                {"Authorization": f"{ADMIN_SCHEME} {secret}",
                 "Content-Type": "application/json"})
    # Through the proxy the request comes from 203.0.113.9, not from this computer.
    assert room.status == (403 if believed else 200)


@pytest.mark.server
@pytest.mark.parametrize("path", ["/", "/voila/render/00_welcome.ipynb", "/commonground/room"])
def test_every_answer_carries_the_security_headers(proxied, path):
    port, _token, _secret = proxied
    answer = _ask(port, "127.0.0.1", "POST" if "room" in path else "GET", path,
                  b"{}" if "room" in path else None)
    for name, value in SECURITY_HEADERS.items():
        assert answer.getheader(name) == value, (path, name)
