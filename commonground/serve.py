"""`commonground serve`: standalone Voila with the settings the course needs.

Standalone Voila (not the Jupyter server extension) so that no page can run code.
Kernels use ipc transport (tcp ports collided in tests with many simultaneous
starts), idle kernels of closed tabs are culled, and an optional pool of preheated
kernels makes the first page fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .config import DB_ENV, db_url, modules_dir

WELCOME = "00_welcome.ipynb"


def voila_argv(
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    root: Path | None = None,
    warm: int = 0,
    cull_idle: int = 40,
    cull_interval: int = 10,
    open_browser: bool = False,
) -> list[str]:
    root = Path(root or modules_dir())
    argv = [
        str(root),
        f"--Voila.ip={host}",
        f"--Voila.port={port}",
        "--Voila.port_retries=0",
        f"--Voila.open_browser={open_browser}",
        "--KernelManager.transport=ipc",
        # Culling: a kernel with an open page (a live websocket) is never culled; once
        # the page is closed it is shut down after `cull_idle` seconds without activity.
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        # Trainees never see code or tracebacks.
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.show_tracebacks=False",
    ]
    if warm > 0:
        pools = {WELCOME: {"pool_size": warm}, "default": {"pool_size": 1}}
        argv += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={warm}",
            f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        ]
    return argv


def _make_app_class():
    from jupyter_server.utils import url_path_join
    from tornado.web import RedirectHandler
    from voila.app import Voila

    class CourseVoila(Voila):
        """Voila whose landing page (/) is the welcome module, keeping the query
        string so a personal link to / still signs the trainee in."""

        def init_handlers(self):
            handlers = super().init_handlers()
            target = url_path_join(self.server_url, "voila/render", WELCOME)
            landing = (self.server_url, _LandingRedirect, {"url": target})
            return [landing, *handlers]

    class _LandingRedirect(RedirectHandler):
        def get(self, *args, **kwargs):
            query = self.request.query
            self.redirect(self._url + (f"?{query}" if query else ""), permanent=False)

    return CourseVoila


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8866,
    db: str | None = None,
    warm: int = 0,
    cull_idle: int = 40,
    root: str | None = None,
) -> None:
    url = db_url(db)
    os.environ[DB_ENV] = url  # every kernel Voila starts inherits this
    from .migrate import prepare_for_serving
    from .store import safe_url

    # Create, check or (SQLite, after a backup) upgrade the database before any trainee
    # arrives; an older server database is refused with the command to run.
    upgraded = prepare_for_serving(url)
    if upgraded:
        print(upgraded, flush=True)
    app_class = _make_app_class()
    print(
        f"Common Ground is starting. Open http://{host}:{port}/ in your browser.\n"
        f"Course data: {safe_url(url)}\nStop with Ctrl+C.",
        flush=True,
    )
    app_class.launch_instance(
        argv=voila_argv(
            host=host, port=port, warm=warm, cull_idle=cull_idle, root=Path(root) if root else None
        )
    )
