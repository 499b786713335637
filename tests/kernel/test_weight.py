"""A trainee's kernel stays light: running a module never imports pandas, nbgrader,
matplotlib or jsonschema (45 MB and 0.5 s, 115 MB and 3.8 s, ... per trainee), nor
Voila's server side (a preheated kernel waits for its page request on its own)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "nbgrader", "matplotlib", "jsonschema", "openpyxl", "alembic", "weasyprint",
         "nbconvert", "voila", "jupyter_server", "jupyterlab_server", "websockets")
TRAINEE_PAGES = sorted(
    p.name for p in (ROOT / "modules").glob("*.ipynb") if "facilitator" not in p.name
)

RUNNER = """
import json, sys
cells = json.loads(sys.stdin.read())
namespace = {}
for source in cells:
    exec(compile(source, "<cell>", "exec"), namespace)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in %r)))
"""


@pytest.mark.parametrize("name", TRAINEE_PAGES)
def test_module_page_does_not_load_heavy_packages(name, tmp_path):
    nb = json.loads((ROOT / "modules" / name).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    env = {**os.environ, "COMMONGROUND_DB": f"sqlite:///{tmp_path / 'k.db'}"}
    env.pop("QUERY_STRING", None)
    out = subprocess.run(
        [sys.executable, "-c", RUNNER % (HEAVY,)], input=json.dumps(cells), cwd=ROOT / "modules",
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


PREHEATED_RUNNER = """
import json, os, sys
sys.path.insert(0, %r)
from commonground.pages.session import page_query_string
query = page_query_string()
print(json.dumps({"query": query, "cookie": os.environ.get("HTTP_COOKIE"),
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in %r)}))
"""
SERVER_SIDE = ("voila", "jupyter_server", "jupyterlab_server", "websockets", "tornado.websocket")


@pytest.fixture
def request_info_server():
    """Voila's own request-info websocket (what a preheated kernel waits on), served on
    a free port by a tornado loop in a thread; yields (port, send) where send(kernel_id,
    payload) is what Voila does when the page request arrives."""
    import asyncio
    import threading

    from tornado.web import Application
    from voila.request_info_handler import RequestInfoSocketHandler

    from harness.browser import free_port

    port, loop = free_port(), asyncio.new_event_loop()
    started = threading.Event()

    def run():
        asyncio.set_event_loop(loop)
        Application([(r"/voila/query/(.*)", RequestInfoSocketHandler)]).listen(port, "127.0.0.1")
        loop.call_soon(started.set)
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    started.wait(10)

    def send(kernel_id: str, payload: dict) -> None:
        loop.call_soon_threadsafe(RequestInfoSocketHandler.send_updates,
                                  {"kernel_id": kernel_id, "payload": payload})

    yield port, send
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)


@pytest.mark.parametrize("delay", [0, 1.5])  # the request before / after the kernel waits
def test_a_preheated_kernel_waits_for_its_request_without_server_packages(
        request_info_server, tmp_path, delay):
    """commonground.pages.session.page_query_string() in a preheated kernel takes the page
    request's query string and cookies from Voila's request-info socket, and imports
    none of Voila's server side (voila.utils cost each preheated kernel 40 MB)."""
    import threading
    import uuid

    port, send = request_info_server
    kernel_id = str(uuid.uuid4())
    payload = {"QUERY_STRING": "t=abc", "HTTP_COOKIE": "cg_link=" + "B" * 300}  # > 125 bytes
    env = {**os.environ, "VOILA_PREHEAT": "True", "VOILA_APP_PORT": str(port),
           "VOILA_SERVER_URL": "/", "VOILA_KERNEL_ID": kernel_id,
           "COMMONGROUND_DB": f"sqlite:///{tmp_path / 'k.db'}"}
    env.pop("QUERY_STRING", None)
    timer = threading.Timer(delay, send, (kernel_id, payload))
    timer.start()
    out = subprocess.run(
        [sys.executable, "-c", PREHEATED_RUNNER % (str(ROOT), SERVER_SIDE)],
        env=env, capture_output=True, text=True, check=True, timeout=60)
    timer.join()
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {"query": "t=abc", "cookie": payload["HTTP_COOKIE"], "loaded": []}
