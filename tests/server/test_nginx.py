"""The README's TLS front, for real: deploy/nginx/commonground.conf in Debian's nginx with
a self-signed certificate on 127.0.0.1, in front of `commonground serve --trusted-proxy
127.0.0.1`. Through it a personal link signs in with a Secure cookie and no token in any
address, the room refuses a request from outside, a page works in Chromium (its
websocket too), and nginx's own log holds no token."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from commonground import open_store
from commonground.server.client import ADMIN_SCHEME, read_runtime_file
from harness.browser import course_server, free_port, running_server

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "deploy" / "nginx" / "commonground.conf"
NGINX = "/usr/sbin/nginx"

pytestmark = pytest.mark.server


def _nginx_conf(tmp: Path, port: int, course_port: int, cert: Path, key: Path) -> Path:
    """The shipped server block with this test's port, certificate, log and upstream, in
    a minimal nginx.conf of its own (no root, no /etc, no port 80)."""
    ours = CONF.read_text()
    ours = ours.split("server {  # plain HTTP")[0]  # the HTTPS front only
    ours = (ours.replace("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;")
            .replace("/etc/ssl/certs/course.example.org.pem", str(cert))
            .replace("/etc/ssl/private/course.example.org.key", str(key))
            .replace("/var/log/nginx/commonground.log", str(tmp / "access.log"))
            .replace("http://127.0.0.1:8866", f"http://127.0.0.1:{course_port}"))
    temp = "\n".join(f"    {kind}_temp_path {tmp / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = tmp / "nginx.conf"
    conf.write_text(f"""daemon off;
worker_processes 1;
pid {tmp / 'nginx.pid'};
error_log {tmp / 'error.log'};
events {{ worker_connections 256; }}
http {{
{temp}
{ours}
}}
""")
    return conf


@pytest.fixture(scope="module")
def front(tmp_path_factory) -> Iterator[dict]:
    if not Path(NGINX).exists():
        raise RuntimeError("Debian's nginx is not installed: run .ci/run or "
                           "`apt-get install nginx-light`.")
    tmp = tmp_path_factory.mktemp("nginx")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    url = f"sqlite:///{tmp / 'course.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Behind nginx", "Robin Ng")
        token = store.people.issue_link(store.people.add_participant(cohort.id, "Ana Lee",
                                                                     "Housing"))
    finally:
        store.dispose()
    runtime = tmp / "runtime"
    with course_server(url, tmp / "serve.log", "--trusted-proxy", "127.0.0.1",
                       env={"COMMONGROUND_RUNTIME_DIR": str(runtime)}) as base:
        course_port = int(base.rsplit(":", 1)[1])
        port = free_port()
        conf = _nginx_conf(tmp, port, course_port, cert, key)
        with running_server([NGINX, "-p", str(tmp), "-c", str(conf)], port,
                            tmp / "nginx.out"):
            yield {"port": port, "token": token, "tmp": tmp,
                   "secret": read_runtime_file(course_port, runtime)[1]}


def _https(front: dict, method: str, path: str, body: bytes | None = None,
           headers: dict | None = None, source: str = "127.0.0.1") -> http.client.HTTPResponse:
    context = ssl.create_default_context(cafile=str(front["tmp"] / "cert.pem"))
    conn = http.client.HTTPSConnection("127.0.0.1", front["port"], context=context,
                                       timeout=60, source_address=(source, 0))
    conn.request(method, path, body=body, headers=headers or {})
    answer = conn.getresponse()
    answer.body = answer.read()  # type: ignore[attr-defined]
    conn.close()
    return answer


def test_a_link_signs_in_with_a_secure_cookie_and_no_token_in_any_address(front):
    landing = _https(front, "GET", f"/?t={front['token']}")
    assert landing.status == 302
    assert front["token"] not in landing.getheader("Location")
    cookie = landing.getheader("Set-Cookie").lower()
    assert cookie.startswith("cg_link=") and "; secure" in cookie and "httponly" in cookie
    assert landing.getheader("Referrer-Policy") == "same-origin"


def test_the_room_refuses_a_request_that_came_through_the_proxy(front):
    room = _https(front, "POST", "/commonground/room",
                  json.dumps({"action": "plan", "module": "3", "people": 1}).encode(),
                  {"Authorization": f"{ADMIN_SCHEME} {front['secret']}",
                   "Content-Type": "application/json"},
                  source="127.0.0.3")  # a browser elsewhere (on one machine: another address)
    assert room.status == 403
    assert "only from the server itself" in json.loads(room.body)["message"]


@pytest.mark.browser
def test_a_page_works_through_the_tls_front_and_no_token_reaches_nginx_s_log(front, browser):
    context = browser.new_context(ignore_https_errors=True)
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"https://127.0.0.1:{front['port']}/?t={front['token']}")
        page.get_by_role("textbox").first.wait_for()  # widgets came over the websocket
        assert front["token"] not in page.url
        box = page.get_by_role("textbox").first
        box.fill("Written through the TLS front.")
        page.get_by_text("Saved", exact=False).first.wait_for()
    finally:
        context.close()
    log = (front["tmp"] / "access.log").read_text()
    assert re.search(r'"GET /voila/render/00_welcome.ipynb" 200', log), log[-2000:]
    assert front["token"] not in log and "t=" not in log
    assert shutil.which("nginx") or Path(NGINX).exists()
