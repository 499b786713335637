"""nbgrader's formgrader, behind the facilitator's sign-in (``commonground serve``).

The dashboard's grading section links here, ``/commonground/formgrader/formgrader/``.
The course server starts a cohort's formgrader when its facilitator first opens it: a
Jupyter server on 127.0.0.1, a free port and a secret token, that runs only nbgrader's
formgrader extension (no JupyterLab, no terminals) in the cohort's own nbgrader course
inside the course's grading folder (:mod:`commonground.grading.folders`), so it shows
that cohort's submissions and no other cohort's. Every request is checked first: the
sign-in cookie must be a facilitator's (``access.link.read_link``), whose cohort picks
the formgrader, then only
formgrader's own pages, assets and API pass (nothing else of that Jupyter server: its
kernels, files or contents), with the secret token added on the way. The formgraders
stop with the course server. On JupyterHub the cohort's formgrader is a hub service
instead (``deploy/kubernetes/formgrader.yaml``).
"""

from __future__ import annotations

import asyncio
import atexit
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.web import RequestHandler

from commonground.access.link import read_link
from commonground.grading import GradingError
from commonground.grading.folders import course_folder, make_cohort_folder
from commonground.templates import render

from .proxy import SECURITY_HEADERS

__all__ = ["FORMGRADER_PATH", "Formgrader", "FormgraderHandler", "Formgraders"]

FORMGRADER_PATH = "commonground/formgrader/"  # under the server's base URL
# What passes: formgrader's pages, assets and API (formgrader's grading view calls
# "<base>/formgrader/api/...") and nothing else of the Jupyter server behind it.
ALLOWED = re.compile(r"formgrader(/.*)?")
PASSED_HEADERS = ("Content-Type", "Accept", "X-Requested-With")
RETURNED_HEADERS = ("Content-Type", "Location", "Cache-Control", "Last-Modified", "Etag")
START_TIMEOUT = 60.0  # seconds for the formgrader to answer after it starts
NOT_FACILITATOR = ("Formgrader is for this cohort's facilitator. Open your facilitator "
                   "link first, then the link on your dashboard.")
NOT_SET_UP = ("Grading is not set up on this server: its grading folder {folder} has no "
              "nbgrader_config.py. Ask your course administrator.")
DID_NOT_START = ("Formgrader did not start. Try again in a minute; if it still does not "
                 "open, ask your course administrator to look at the server's log.")
EXTENSIONS_OFF = ("jupyterlab", "voila", "voila.server_extension", "notebook",
                  "notebook_shim", "jupyter_lsp", "jupyter_server_terminals",
                  "nbgrader.server_extensions.assignment_list",
                  "nbgrader.server_extensions.course_list",
                  "nbgrader.server_extensions.validate_assignment")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Formgrader:
    """The formgrader process: started on first use, stopped with the server."""

    def __init__(self, base_url: str, folder: Path):
        self.base_url = base_url.rstrip("/") + "/" + FORMGRADER_PATH  # its own base URL
        self.folder = folder
        self.token = secrets.token_urlsafe(32)
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._starting = asyncio.Lock()
        atexit.register(self.stop)

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def argv(self, folder: Path, config: Path) -> list[str]:
        import json

        extensions = {"nbgrader.server_extensions.formgrader": True,
                      **dict.fromkeys(EXTENSIONS_OFF, False)}
        # A dict setting cannot be given on the command line: a config file holds it.
        config.write_text(json.dumps({"ServerApp": {"jpserver_extensions": extensions}}),
                          encoding="utf-8")
        return [sys.executable, "-m", "jupyter", "server", "--no-browser",
                f"--config={config}",
                "--ip=127.0.0.1", f"--port={self.port}", "--port-retries=0",
                f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={folder}",
                f"--ServerApp.base_url={self.base_url}",
                "--ServerApp.terminals_enabled=False",
                f"--Exchange.root={folder / 'exchange'}", "--allow-root"]

    async def ready(self) -> str:
        """The formgrader's address, once it answers (started now if need be)."""
        async with self._starting:
            if self.process is not None and self.process.poll() is None:
                return self.address
            folder = self.folder
            (folder / "exchange").mkdir(mode=0o700, exist_ok=True)
            self.port = _free_port()
            here = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from PATH
            env = {**os.environ, "PATH": here + os.pathsep + os.environ.get("PATH", "")}
            log = (folder / ".commonground")
            log.mkdir(mode=0o700, exist_ok=True)
            with (log / "formgrader.log").open("ab") as out:
                self.process = subprocess.Popen(
                    self.argv(folder, log / "formgrader_config.json"), cwd=folder, env=env,
                    stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                    start_new_session=True)
            client = AsyncHTTPClient()
            loop = asyncio.get_running_loop()
            deadline = loop.time() + START_TIMEOUT
            while loop.time() < deadline and self.process.poll() is None:
                try:
                    await client.fetch(f"{self.address}{self.base_url}api/status",
                                       headers={"Authorization": f"token {self.token}"},
                                       request_timeout=5)
                    return self.address
                except (OSError, HTTPClientError):
                    await asyncio.sleep(0.3)
            self.stop()
            raise RuntimeError(DID_NOT_START)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(10)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
        self.process = None


class Formgraders:
    """One formgrader per cohort, each in the cohort's own nbgrader course
    (:mod:`commonground.grading.folders`), started when its facilitator first opens it."""

    def __init__(self, base_url: str, course_dir: Path | None = None):
        self.base_url = base_url
        self.course_dir = course_dir
        self._by_folder: dict[Path, Formgrader] = {}

    def for_cohort(self, cohort_name: str) -> Formgrader:
        base = course_folder(self.course_dir)
        try:
            folder = make_cohort_folder(base, cohort_name)
        except GradingError:
            raise LookupError(NOT_SET_UP.format(folder=base)) from None
        if folder not in self._by_folder:
            self._by_folder[folder] = Formgrader(self.base_url, folder)
        return self._by_folder[folder]


class FormgraderHandler(RequestHandler):
    """``/commonground/formgrader/(.*)``: the facilitator's formgrader, passed through."""

    def initialize(self, formgraders: Formgraders,
                   cohort_of: Callable[[str], str | None]) -> None:
        self.formgraders = formgraders
        self.cohort_of = cohort_of  # a facilitator's token -> their cohort's name

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def check_xsrf_cookie(self) -> None:
        """The formgrader behind checks its own (the token the proxy adds)."""

    def _refuse(self, status: int, message: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render("hub/page.html", message=message))

    async def _pass(self, path: str) -> None:
        jar = {name: morsel.value for name, morsel in self.request.cookies.items()}
        link = read_link(None, cookies=jar)
        cohort = None if link.token is None else self.cohort_of(link.token)
        if cohort is None:
            return self._refuse(403, NOT_FACILITATOR)
        if not ALLOWED.fullmatch(path):
            return self._refuse(404, "There is nothing here.")
        try:
            formgrader = self.formgraders.for_cohort(cohort)
            address = await formgrader.ready()
        except (LookupError, RuntimeError) as e:
            return self._refuse(503, str(e))
        query = f"?{self.request.query}" if self.request.query else ""
        headers = {name: self.request.headers[name] for name in PASSED_HEADERS
                   if name in self.request.headers}
        headers["Authorization"] = f"token {formgrader.token}"
        method = self.request.method or "GET"
        body = self.request.body if method in ("POST", "PUT", "PATCH") else None
        request = HTTPRequest(f"{address}{formgrader.base_url}{path}{query}",
                              method=method, headers=headers, body=body,
                              follow_redirects=False, request_timeout=600,
                              allow_nonstandard_methods=True)
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        self.set_status(response.code, response.reason)
        for name in RETURNED_HEADERS:
            if name in response.headers:
                self.set_header(name, response.headers[name])
        self.finish(response.body or b"")
        return None

    async def get(self, path: str) -> None:
        await self._pass(path)

    async def post(self, path: str) -> None:
        await self._pass(path)

    async def put(self, path: str) -> None:
        await self._pass(path)

    async def patch(self, path: str) -> None:
        await self._pass(path)

    async def delete(self, path: str) -> None:
        await self._pass(path)


def handler_spec(server_url: str, cohort_of: Callable[[str], str | None]) -> tuple[Any, ...]:
    """The route for ``CourseVoila.init_handlers``."""
    from jupyter_server.utils import url_path_join

    return (url_path_join(server_url, FORMGRADER_PATH, "(.*)"), FormgraderHandler,
            {"formgraders": Formgraders(server_url), "cohort_of": cohort_of})
