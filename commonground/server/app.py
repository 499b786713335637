"""`commonground serve`: standalone Voila with the settings the course needs.

Standalone Voila (not the Jupyter server extension) so that no page can run code.
Kernels use ipc transport (tcp ports collided in tests with many simultaneous starts); a
closed tab's kernel is shut down by Voila's close-tab beacon, or culled once its page
has been gone for the cull time (:mod:`commonground.server.kernels`); an optional pool of
preheated kernels makes the first pages fast, and each kernel is forked from a template
that has already imported the course (:mod:`commonground.kernel.template`). Pages use the
course's Voila template (``share/voila/templates/commonground``): a cell that failed or
timed out shows a plain "did not load" notice. Personal links become a sign-in cookie at
the first page (:mod:`commonground.server.signin`), each browser without a link is its own
self-paced learner, and the request log never shows a token. A facilitator can get one
module ready for a room of people at run time (:mod:`commonground.server.room`), so
Voila's pooling kernel manager is always on, with empty pools unless ``--ready``.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from commonground import environment
from commonground.config import db_url, modules_dir

from .client import remove_runtime_file, write_runtime_file

if TYPE_CHECKING:
    from tornado.web import RequestHandler
    from voila.app import Voila

    from commonground.data.store import Store

Door = Callable[["RequestHandler"], Awaitable[bool]]
WELCOME = "00_welcome.ipynb"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SHARE = Path(__file__).resolve().parents[1] / "share"  # on JUPYTER_PATH: the course template
DATABASE_WAIT = 60  # seconds serve waits at start for a database server that does not answer
NEVER_PREHEATED = ("facilitator_dashboard", "administration", "my_journal")  # one each, rarely
FORK_PROVISIONER = "commonground-fork"  # commonground.server.fork_provisioner's entry point
IOPUB_TIMEOUT = 120  # seconds Voila waits for a cell's output after its reply
# What a page's front end may send its kernel (Voila's own list, with shutdown_request):
# widget messages and the kernel-info handshake.
WIDGET_MESSAGES = ("comm_open", "comm_msg", "comm_close", "comm_info_request",
                   "kernel_info_request")


_ENROLMENT = {
    "browser": "Visitors without a personal link take the course on their own, each browser "
               "apart from every other.",
    "closed": "Only people with a personal link can open the course (add --open-enrolment "
              "to let others take it on their own).",
}


def self_paced_mode(host: str, open_enrolment: bool) -> str:
    """``browser`` (each browser without a link is its own self-paced learner) on this
    computer alone or with ``--open-enrolment``; ``closed`` (links only) otherwise."""
    return "browser" if open_enrolment or host in LOOPBACK else "closed"


def voila_argv(
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    root: Path | None = None,
    base_url: str = "/",
    ready: int = 0,
    cull_idle: int = 40,
    cull_interval: int = 10,
    open_browser: bool = False,
    fork_kernels: bool = True,
) -> list[str]:
    root = Path(root or modules_dir())
    argv = [
        str(root),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.base_url={base_url}",
        f"--Voila.open_browser={open_browser}",
        "--KernelManager.transport=ipc",
        # Python kernels start as course kernels: ipykernel without its debugger
        # (commonground.kernel), forked or fresh.
        "--VoilaConfiguration.kernel_spec_manager_class="
        "commonground.server.kernel_spec.CourseKernelSpecManager",
        "--VoilaConfiguration.multi_kernel_manager_class="
        "commonground.server.kernels.CourseKernelManager",
        # Culling: a kernel is never culled while starting, or while any page is connected
        # to it; `cull_idle` seconds after its last page went it is shut down; a kernel
        # whose page never connected is shut down after 10 idle minutes (its
        # `unconnected_timeout`, which a voila.json can change).
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        # A busy server can take many seconds to pass on a cell's output: wait for it, and
        # if it still does not come, stop the page at a visible notice (the template).
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        "--VoilaExecutor.raise_on_iopub_timeout=True",
        "--VoilaExecutor.startup_timeout=180",
        "--VoilaConfiguration.template=commonground",
        # Trainees never see code or tracebacks.
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
        # Each page's kernel learns who is signing in from the sign-in cookies.
        '--VoilaConfiguration.http_header_envs=["Cookie"]',
        # No code from the browser: Voila gives its kernel manager its own
        # allowed_message_types (WIDGET_MESSAGES and shutdown_request), which no
        # configuration overrides, so an execute_request is dropped, never run
        # (tests/server/test_no_code.py, and under the hub tests/hub/test_hub.py).
    ]
    if fork_kernels:
        # Each page's kernel is forked from a template that has done the course's imports
        # once (commonground.kernel.template): a fraction of a fresh kernel's CPU and memory.
        argv.append(f"--KernelProvisionerFactory.default_provisioner_name={FORK_PROVISIONER}")
    # Voila's pooling manager is always on, so that a module can be got ready for a room
    # at run time. With `ready`: `ready` pages for the welcome page, one for each other
    # module; without: none. Never the dashboard or the journal. The pool fills one
    # kernel at a time, after visitors.
    pools = ({WELCOME: {"pool_size": ready}, "default": {"pool_size": 1}} if ready > 0
             else {"default": {"pool_size": 0}})
    argv += [
        "--VoilaConfiguration.preheat_kernel=True",
        f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        f"--VoilaKernelManager.preheat_denylist={json.dumps(list(NEVER_PREHEATED))}",
    ]
    return argv


def _make_app_class() -> type[Voila]:
    from jupyter_server.utils import url_path_join
    from tornado.web import RedirectHandler
    from voila.app import Voila
    from voila.request_info_handler import RequestInfoSocketHandler
    from voila.tornado.handler import TornadoVoilaHandler

    from commonground.access.link import address_without, masked, read_link

    from .formgrader import handler_spec as formgrader_route
    from .kernels import PreheatReadySocket
    from .proxy import SECURITY_HEADERS, TrustedProxyServer
    from .room import ROOM_PATH, Room, RoomHandler
    from .signin import plan, put_cookies

    class CourseVoila(Voila):
        """Voila whose landing page (/) is the welcome module (a personal link to / signs
        the trainee in there, before the redirect), whose pages sign people in with
        a cookie, whose preheated kernels tell the pool when they are ready, which gets
        a module ready for the room when asked, and whose request log hides tokens."""

        room_secret = ""  # set by serve(); never in any kernel's environment
        room_options: ClassVar[dict] = {}
        trusted_proxies: ClassVar[tuple[str, ...]] = ()  # set by serve() (server.proxy)
        # More pages, given by the command that starts the server (the LMS launch,
        # commonground.lti): (base URL, the live response headers) -> Tornado routes.
        extra_routes: ClassVar[Callable[[str, dict[str, str]], list[Any]] | None] = None
        # A door every page goes through first (the hub's, commonground.hub.service):
        # True when it answered the request itself (a refusal, a redirect).
        door: ClassVar[Door | None] = None
        tornado_settings: dict[str, Any]  # Voila's setting (Voila is untyped)

        def init_handlers(self) -> list[tuple[Any, ...]]:
            ours = {TornadoVoilaHandler: _SignInPage, RequestInfoSocketHandler: PreheatReadySocket}
            handlers = [(h[0], ours.get(h[1], h[1]), *h[2:]) for h in super().init_handlers()]
            target = url_path_join(self.server_url, "voila/render", WELCOME)
            landing = (self.server_url, _LandingRedirect, {"url": target})
            room = Room(self.kernel_manager, Path(self.root_dir), titles=_module_titles(),
                        never=NEVER_PREHEATED, **self.room_options)
            allowed = (*LOOPBACK, "::ffff:127.0.0.1", self.ip)
            PreheatReadySocket.allowed_hosts = allowed
            preparing = (url_path_join(self.server_url, ROOM_PATH), RoomHandler,
                         {"room": room, "secret": self.room_secret, "allowed_hosts": allowed,
                          "facilitator": _is_facilitator_token})
            grading = formgrader_route(self.server_url, _facilitators_cohort)
            more = type(self).extra_routes
            extra = more(self.server_url, self.tornado_settings["headers"]) if more else []
            return [landing, preparing, grading, *extra, *handlers]

        def start(self) -> None:
            log = self.log

            def log_request(handler: RequestHandler) -> None:
                """Tornado's access log line, with any personal-link token hidden."""
                status, request = handler.get_status(), handler.request
                level = log.info if status < 400 else log.warning if status < 500 else log.error
                level("%d %s %s (%s) %.2fms", status, request.method, masked(request.uri),
                      request.remote_ip, 1000.0 * request.request_time())

            headers = {**self.tornado_settings.get("headers", {}), **SECURITY_HEADERS}
            self.tornado_settings = {**self.tornado_settings, "log_function": log_request,
                                     "headers": headers}
            provisioner = self.config.KernelProvisionerFactory.get("default_provisioner_name")
            if provisioner == FORK_PROVISIONER:  # its template starts with the server
                from tornado.ioloop import IOLoop

                from .fork_provisioner import start_template

                IOLoop.current().add_callback(start_template)
            super().start()

        def listen(self) -> None:
            if self.trusted_proxies:
                # Voila's listen() (its port and the loop it then runs) calls the
                # application's listen(), which starts a plain HTTPServer: this one starts
                # the server that believes only the named proxies (server.proxy).
                app, trusted = self.app, list(self.trusted_proxies)

                def listen_behind_proxy(port: int, address: str | None = None,
                                        **_kwargs: Any) -> TrustedProxyServer:
                    server = TrustedProxyServer(app, trusted_downstream=trusted)
                    server.listen(port, address)
                    return server

                setattr(app, "listen", listen_behind_proxy)  # noqa: B010 - this one app only
                self.log.info("Believing X-Forwarded-For and X-Forwarded-Proto from %s only.",
                              ", ".join(trusted))
            super().listen()

    class _SignInPage(TornadoVoilaHandler):
        async def prepare(self, **kwargs: Any) -> None:
            await super().prepare(**kwargs)
            if self.request.method != "GET":
                return
            # Voila's close-tab beacon posts the `_xsrf` cookie's value; Voila's page never
            # sets that cookie, so without this the kernel of a closed tab is not shut down.
            self.xsrf_token  # noqa: B018 - reading it sets the cookie
            door = CourseVoila.door
            if door is not None and await door(self):
                return
            redirect = _sign_in(self, self.request.path, self.base_url)
            if redirect is not None:
                self.redirect(redirect, permanent=False)

    def _sign_in(handler: RequestHandler, path: str, cookie_path: str) -> str | None:
        """Set the cookies :func:`plan` decides for this request to ``path``; where to
        send the browser next (None: serve the page)."""
        request = handler.request
        cookies = {name: morsel.value for name, morsel in request.cookies.items()}
        todo = plan(path, request.query_arguments, cookies)
        put_cookies(handler, todo.cookies, cookie_path)
        return todo.redirect

    class _LandingRedirect(RedirectHandler):
        """``/`` goes to the welcome module. A personal link to ``/`` signs the browser
        in here, so the token is not sent on in the redirect's address."""

        def initialize(self, url: str, permanent: bool = True) -> None:
            super().initialize(url, permanent)
            self.target = url  # tornado keeps it only in its private `_url`

        def set_default_headers(self) -> None:
            for name, value in SECURITY_HEADERS.items():
                self.set_header(name, value)

        def get(self, *args: Any, **kwargs: Any) -> None:
            if read_link(self.request.query_arguments).from_address:  # one token, no conflict
                base_url = self.settings.get("base_url", "/")
                self.redirect(_sign_in(self, self.target, base_url)
                              or address_without(self.target, self.request.query_arguments),
                              permanent=False)
                return
            query = self.request.query
            self.redirect(self.target + (f"?{query}" if query else ""), permanent=False)

    return CourseVoila


def course_voila_class() -> type[Voila]:
    """The ``CourseVoila`` application class (for :mod:`commonground.hub.server`)."""
    return _make_app_class()


def _module_titles() -> dict[str, str]:
    """Notebook stem -> module title, from the course outline (empty if unreadable)."""
    try:
        from commonground.content.course import load_course

        return {m.id: m.title for m in load_course().modules}
    except Exception:  # an outline problem must not stop the server: ids then
        return {}


_facilitator_store: Store | None = None


def _facilitators_cohort(token: str) -> str | None:
    """The cohort's name, when a personal-link token is one of its facilitators', on this
    server's database; else None."""
    global _facilitator_store
    from commonground.data.store import open_store

    if _facilitator_store is None:
        _facilitator_store = open_store()
    person = _facilitator_store.people.for_token(token)
    if person is None or not person.is_facilitator:
        return None
    return person.cohort_name


def _is_facilitator_token(token: str) -> bool:
    """Whether a personal-link token is a facilitator's, on this server's database."""
    return _facilitators_cohort(token) is not None


def _first_administrator_link(url: str, base_url: str) -> str:
    """At the first start on a database: the course administrator's link, made, kept in
    a file only this account can read, and said (as Jupyter says its address with a
    token); nothing after that."""
    from commonground.access.administrator import first_administrator_link
    from commonground.data.store import open_store

    store = open_store(url)
    try:
        made = first_administrator_link(store, url, base_url)
    finally:
        store.dispose()
    if made is None:
        return ""
    link, kept = made
    return ("The course administrator's link (it creates cohorts and names their "
            "facilitators; keep it private):\n"
            f"    {link}\n"
            f"It is also kept in {kept}, which only this account can read. "
            "`commonground admin link` makes a new one.")


def _kernel_side_host(host: str) -> str:
    """The address a kernel on this computer reaches the server at."""
    return "127.0.0.1" if host in ("", "0.0.0.0", "localhost") else (
        "::1" if host == "::" else host)


def _kernel_side_url(host: str, port: int) -> str:
    reach = _kernel_side_host(host)
    return f"http://{f'[{reach}]' if ':' in reach else reach}:{port}/"


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    db: str | None = None,
    ready: int = 0,
    cull_idle: int = 40,
    root: str | None = None,
    open_enrolment: bool = False,
    room_memory: float = 0,
    room_minutes: float = 90,
    fork_kernels: bool = True,
    trusted_proxies: tuple[str, ...] = (),
    public_url: str = "",
    extra_routes: Callable[[str, dict[str, str]], list[Any]] | None = None,
    base_url: str = "/",
    door: Door | None = None,
    self_paced: str | None = None,
) -> None:
    """Run the course. Under a prefix (``base_url``, e.g. a hub service's
    ``/services/commonground/``), ``door`` first sees every page request and
    ``self_paced`` (``closed``) may say that nobody takes the course without signing in."""
    url = db_url(db)
    if not public_url and host in ("127.0.0.1", "localhost"):
        public_url = f"http://{host}:{port}{base_url}"  # this computer only: the page says so
    # What every kernel Voila starts is told (the course's environment, in one place).
    told = environment.read().but(
        db=url, self_paced=self_paced or self_paced_mode(host, open_enrolment),
        serve_url=_kernel_side_url(host, port) + base_url.lstrip("/"),
        public_url=public_url or environment.read().public_url)
    environment.tell_kernels(told)
    jupyter_path = [str(SHARE), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)  # finds the course template
    from commonground.data.migrate import prepare_for_serving
    from commonground.data.store import safe_url, shown_db

    # Create, check or (SQLite, after a backup) upgrade the database before any trainee
    # arrives; an older server database is refused with the command to run.
    # A database server that does not answer yet (starting with this one, or its network
    # coming back) is waited for a minute, then said in words.
    from commonground.errors import DatabaseUnreachableError

    try:
        upgraded = prepare_for_serving(url)
    except DatabaseUnreachableError as e:
        print(f"Waiting up to {DATABASE_WAIT} seconds for the course database: {e}",
              flush=True)
        upgraded = prepare_for_serving(url, wait=DATABASE_WAIT)
    if upgraded:
        print(upgraded, flush=True)
    first_admin = _first_administrator_link(url, told.public_url or told.serve_url)
    app_class = _make_app_class()
    app_class.room_secret = secret = secrets.token_urlsafe(32)
    app_class.room_options = {"budget_mb": room_memory, "minutes": room_minutes}
    app_class.trusted_proxies = trusted_proxies
    app_class.extra_routes = extra_routes
    app_class.door = door
    os.environ["VOILA_APP_IP"] = _kernel_side_host(host)  # where preheated kernels ask
    # for commonground ready, and for the other commands to say where the data is
    write_runtime_file(port, told.serve_url, secret, db=shown_db(url))
    print(
        f"Common Ground is starting. Open http://{host}:{port}{base_url} in your browser.\n"
        f"Course data: {safe_url(url)}\n{_ENROLMENT[told.self_paced]}\n"
        "Stop with Ctrl+C.",
        flush=True,
    )
    if first_admin:
        print(first_admin, flush=True)
    try:
        app_class.launch_instance(
            argv=voila_argv(host=host, port=port, base_url=base_url, ready=ready,
                            cull_idle=cull_idle,
                            root=Path(root) if root else None, fork_kernels=fork_kernels)
        )
    finally:
        remove_runtime_file(port)
