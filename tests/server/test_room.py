"""Getting a module ready for the room on a real `commonground serve`: who may ask
(the administrator's runtime file, a facilitator's link; nobody else), what it costs
and when it is refused, two trainees on two prepared kernels seeing only their own
writing, the pool not refilling past the room, and kernels nobody took given back (on
request and after --room-minutes). Everything on 127.0.0.1, every wait bounded."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from commonground import open_store
from commonground.server.client import (
    ADMIN_SCHEME,
    LINK_SCHEME,
    RoomRequestError,
    ask_server,
    read_runtime_file,
)
from harness.browser import course_server, free_port, wait_for
from harness.kernel_client import Visitor, kernel_processes, open_together, run_async

pytestmark = pytest.mark.server  # each test here starts `commonground serve`

MODULE = "/voila/render/03_trauma_informed.ipynb"
PROMPT = ("03_trauma_informed", "trauma-choice-to-contribute")




class Server:
    def __init__(self, base: str, port: int, log: Path, runtime: Path, tokens: dict,
                 proc: psutil.Process) -> None:
        self.base, self.port, self.log, self.runtime = base, port, log, runtime
        self.tokens, self.proc = tokens, proc

    def ready(self, *args: str, port: int | None = None, command: str = "ready",
              ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "commonground", command, *args, "--port",
             str(port or self.port)],
            env={**os.environ, "COMMONGROUND_RUNTIME_DIR": str(self.runtime)},
            capture_output=True, text=True, timeout=120)

    def text(self) -> str:
        return self.log.read_text()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with a 400 MB room budget and 30-second prepared pools; a cohort with a
    facilitator and two trainees, each with a private draft in module 3."""
    tmp = tmp_path_factory.mktemp("room")
    url = f"sqlite:///{tmp / 'room.db'}"
    store = open_store(url)
    try:
        cohort = store.people.create_cohort("Room", "Robin Ng")
        tokens = {"facilitator": store.people.issue_link(store.people.facilitator_of(cohort))}
        for name in ("Wen Li", "Sam Okafor"):
            pid = store.people.add_participant(cohort.id, name, "Housing")
            tokens[name] = store.people.issue_link(pid)
            store.reflections.save_draft(pid, *PROMPT, f"{name.split()[0]}'s private draft", 0)
    finally:
        store.dispose()
    runtime, log = tmp / "runtime", tmp / "serve.log"
    env = {"COMMONGROUND_RUNTIME_DIR": str(runtime)}
    with course_server(url, log, "--room-memory", "400", "--room-minutes", "0.3",
                       env=env) as base:
        port = int(base.rsplit(":", 1)[1])
        server_pid = next(p.pid for p in psutil.Process().children()
                          if str(port) in " ".join(p.cmdline()))
        yield Server(base, port, log, runtime, tokens, psutil.Process(server_pid))
    assert not (runtime / f"serve-{port}.json").exists()  # removed when the server stops


def _admin(server: Server) -> str:
    return read_runtime_file(server.port, server.runtime)[1]


def test_the_runtime_file_is_readable_only_by_the_server_account(server):
    path = server.runtime / f"serve-{server.port}.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(server.runtime.stat().st_mode) == 0o700
    assert json.loads(path.read_text())["port"] == server.port


@pytest.mark.parametrize(("args", "said"), [
    (["no_such_module", "--for", "3"], "There is no module called 'no_such_module'"),
    (["3", "--for", "50"], "It can get ready for at most"),
    (["3", "--for", "0"], "say how many people"),
    (["3", "--for", "501"], "between 1 and 500"),
    (["facilitator_dashboard", "--for", "2"], "never prepared"),
    (["my_journal", "--for", "2"], "never prepared"),
])
def test_ready_refuses_with_a_plain_message(server, args, said):
    done = server.ready(*args)
    assert done.returncode == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_ready_says_when_no_server_is_running(server):
    done = server.ready("3", "--for", "2", port=free_port())
    assert done.returncode == 2
    assert "No Common Ground server is running on port" in done.stderr


def test_ready_check_reports_the_cost_and_spends_nothing(server):
    done = server.ready("Trauma-informed", "--for", "2", "--check")
    assert done.returncode == 0, done.stderr
    assert re.match(r"2 pages for Trauma-informed practice[^,]*, about \d+ MB \(2 to start, "
                    r"\d+ MB each, (measured|estimated); this server may spend 400 MB\)",
                    done.stdout)
    assert "Getting 03_trauma_informed.ipynb ready" not in server.text()


@pytest.mark.parametrize("who", ["nobody", "trainee", "wrong secret", "cookie only"])
def test_only_a_facilitator_or_the_administrator_may_ask(server, who):
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json"}
    if who == "trainee":
        headers["Authorization"] = f"{LINK_SCHEME} {server.tokens['Wen Li']}"
    elif who == "wrong secret":
        headers["Authorization"] = f"{ADMIN_SCHEME} {'x' * 43}"
    elif who == "cookie only":  # a facilitator's browser tricked into posting
        headers["Cookie"] = f"cg_link={server.tokens['facilitator']}"
    request = urllib.request.Request(
        server.base + "/commonground/room", method="POST", headers=headers,
        data=json.dumps({"action": "prepare", "module": "3", "people": 2}).encode())
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 403
    assert "Only a facilitator" in json.loads(refused.value.read())["message"]


@pytest.mark.parametrize(("body", "status", "said"), [
    ('{"action": "plan", "module": "3", "people": Infinity}', 400, "whole number"),
    ('{"action": "plan", "module": "3", "people": 1e400}', 400, "whole number"),
    ('{"action": "plan", "module": "3", "people": NaN}', 400, "whole number"),
    ('{"action": "plan", "module": "3", "people": 2.5}', 400, "whole number"),
    ('{"action": "plan", "module": "3", "people": true}', 400, "whole number"),
    ('{"action": "plan", "module": "3", "people": ' + "9" * 5000 + "}", 400,
     "not understood"),
    ('{"action": "plan", "module": "3", "people": ' + "9" * 40 + "}", 422, "between 1 and"),
    ('{"action": "plan", "module": "' + "3" * 1_000_000 + '", "people": 2}', 422,
     "at most 200 characters"),
    ('{"action": "plan", "module": "", "people": 2}', 422, "Say which module"),
    ('{"action": "plan", "module": "  ", "people": 2}', 422, "Say which module"),
])
def test_a_malformed_request_is_refused_in_plain_words(server, body, status, said):
    """Each of these once answered 500, or planned a page nobody asked for."""
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        server.base + "/commonground/room", method="POST", data=body.encode(),
        headers={"Content-Type": "application/json",
                 "Authorization": f"{LINK_SCHEME} {server.tokens['facilitator']}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == status
    message = json.loads(refused.value.read())["message"]
    assert said in message
    assert len(message) < 400  # a huge name is not echoed back


def test_module_numbers_match_with_or_without_leading_zeros(server):
    plan = ask_server(server.base, ADMIN_SCHEME, _admin(server), "plan", "003", 1)
    assert plan["notebook"] == "03_trauma_informed.ipynb"


@pytest.mark.parametrize(("scheme", "proof"), [(LINK_SCHEME, "facilitator"),
                                               (ADMIN_SCHEME, "admin")])
def test_a_facilitator_and_the_administrator_get_the_plan(server, scheme, proof):
    secret = server.tokens["facilitator"] if proof == "facilitator" else _admin(server)
    plan = ask_server(server.base, scheme, secret, "plan", "01_safe_environment", 3)
    assert plan["notebook"] == "01_safe_environment.ipynb"
    assert plan["people"] == plan["new"] == 3
    assert plan["budget_mb"] == 400


def test_two_trainees_on_prepared_kernels_see_only_their_own_writing(server):
    done = server.ready("3", "--for", "2", "--wait")
    assert done.returncode == 0, done.stderr
    assert "2 of 2 ready" in done.stdout
    started = server.text().count("Kernel started")

    async def both():
        visitors = [Visitor(server.base, MODULE, token=server.tokens[n])
                    for n in ("Wen Li", "Sam Okafor")]
        return await open_together(visitors, 180)

    wen, sam = run_async(both())
    assert wen.ok and sam.ok, (wen.problem, sam.problem)
    text = server.text()
    assert len(re.findall(r"Using pre-heated kernel: \S+ for 03_trauma_informed", text)) == 2
    assert text.count("Kernel started") == started  # neither page started a kernel
    for visit, own, other in ((wen, "Wen", "Sam"), (sam, "Sam", "Wen")):
        texts = " ".join(visit.texts())
        assert f"{own}'s private draft" in texts
        assert other not in texts
    time.sleep(3)  # Voila refills a pool a second after a take: not past the room
    assert server.text().count("Kernel started") == started
    status = ask_server(server.base, ADMIN_SCHEME, _admin(server), "status", "3")
    assert status["prepared_for"] == 0 and status["ready"] + status["starting"] == 0


def test_kernels_nobody_took_are_given_back(server):
    for module in ("1", "2"):
        assert server.ready(module, "--for", "1", "--wait").returncode == 0
    kernels = kernel_processes(server.proc.children(recursive=True))
    assert len(kernels) >= 2
    secret = _admin(server)
    # the secret is never in a kernel's environment, nor in the kernel template's
    for kernel in server.proc.children(recursive=True):
        assert secret not in " ".join(kernel.environ().values())
    done = server.ready("1", "--release", command="warm")  # the old name still works
    assert done.returncode == 0, done.stderr
    assert "Gave back 1 unused kernel(s)" in done.stdout
    assert wait_for(lambda: "Kernel pool of 02_meeting_and_learning.ipynb back to normal"
                     in server.text(), 45)  # --room-minutes 0.3
    text = server.text()
    assert "01_safe_environment.ipynb back to normal: 1 kernel(s)" in text
    assert "Error at server" not in text and "ZMQError" not in text
    assert wait_for(lambda: not kernel_processes(server.proc.children(recursive=True)), 30)


def test_the_dashboard_button_prepares_the_module(server, monkeypatch):
    from commonground.content.course import load_course
    from widgets.room import RoomView

    monkeypatch.setenv("COMMONGROUND_SERVE_URL", server.base + "/")
    monkeypatch.setenv("HTTP_COOKIE", f"cg_link={server.tokens['facilitator']}")
    view = RoomView(load_course(), 2)
    view.choose("05_philosophical_differences", 1)
    assert view.button.description.startswith("Get ") and view.button.description.endswith(
        " ready for 1 person")
    assert "Enough for 1 person" in view.status.value and "MB" not in view.status.value
    assert "<summary>Details</summary>" in view.details.value  # the figures, folded
    assert "1 page for" in view.details.value and "400 MB" in view.details.value
    view.people.value = 40
    assert "at most" in view.status.value and "cg-problem" in view.status.value
    assert "GB" not in view.status.value and "MB" not in view.status.value
    view.people.value = 1
    view.button.click()
    assert "Getting " in view.status.value
    assert "Getting 05_philosophical_differences.ipynb ready for 1 person" in server.text()
    ask_server(server.base, ADMIN_SCHEME, _admin(server), "release", "5")
    monkeypatch.setenv("HTTP_COOKIE", f"cg_link={server.tokens['Sam Okafor']}")
    trainee_view = RoomView(load_course(), 2)
    assert "Only a facilitator" in trainee_view.status.value


def test_a_request_that_cannot_reach_the_server_says_so():
    with pytest.raises(RoomRequestError, match="did not answer"):
        ask_server(f"http://127.0.0.1:{free_port()}/", ADMIN_SCHEME, "x", "plan", "3")
