"""A trainee's JupyterHub server: the course's own Voila (`commonground serve`), behind
the hub's OAuth, showing pages and nothing else.

JupyterHub starts ``commonground hub serve`` for each user (``Spawner.cmd``) with its
address, prefix and OAuth client in the environment. The server is
:class:`commonground.server.app`'s ``CourseVoila`` with:

- jupyterhub's own :class:`~jupyterhub.singleuser.extension.JupyterHubIdentityProvider`
  (the hub's OAuth, as ``jupyterhub-singleuser`` uses it): only the server's owner gets
  in, everyone else is sent to the hub to log in or refused (403);
- no code from the browser: it is standalone Voila (no ``/lab``, ``/tree``,
  ``/terminals``, contents API or kernel-starting API), and the kernel websocket passes on
  only the messages widgets need (Voila's own ``allowed_message_types``,
  ``commonground.server.app.WIDGET_MESSAGES``), so an ``execute_request`` never reaches a kernel;
- at every page, :func:`commonground.hub.access.enter` places the user by their hub
  groups (what the hub says about a user is kept for one second, so a change shows at
  the next page) and refuses, in plain words, anyone without a place; a personal-link
  token in the address is dropped with a redirect;
- the server's hub API token is taken out of the environment its kernels inherit.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from .. import environment
from ..access.link import address_without, has_token
from ..config import db_url
from ..server.app import SHARE, voila_argv
from ..templates import render

if TYPE_CHECKING:
    from voila.app import Voila

    from .access import Entry

__all__ = ["hub_argv", "serve_hub"]

_HIDDEN_FROM_KERNELS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")
_IDENTITY = "jupyterhub.singleuser.extension.JupyterHubIdentityProvider"


def hub_argv(env: Mapping[str, str], *, ready: int = 0, cull_idle: int = 40,
             root: Path | None = None) -> list[str]:
    """Voila's arguments for the server JupyterHub asked for in ``env``."""
    try:
        url = urlparse(env["JUPYTERHUB_SERVICE_URL"])
        prefix = env["JUPYTERHUB_SERVICE_PREFIX"]
    except KeyError as e:
        raise SystemExit(f"commonground hub serve: {e.args[0]} is not set. This command is "
                         "started by JupyterHub (Spawner.cmd), not by hand.") from None
    return [
        # One person's server opens a page or two at a time: a kernel template would
        # cost more memory than it saves, so each kernel starts fresh.
        *voila_argv(host=url.hostname or "127.0.0.1", port=url.port or 8888, ready=ready,
                    cull_idle=cull_idle, root=root, fork_kernels=False, base_url=prefix),
        f"--Voila.identity_provider_class={_IDENTITY}",
        "--Voila.auto_token=True",  # the provider's token is the hub's; never printed
        # Ask the hub about the user again after a second (0 would mean "cache forever"): a
        # user taken out of their cohort's group is refused at their next page.
        "--HubOAuth.cache_max_age=1",
    ]


def _page_html(message: str) -> str:
    return render("hub/page.html", message=message)


def _make_hub_app_class(url: str) -> type[Voila]:
    from jupyter_server.utils import url_path_join
    from voila.tornado.handler import TornadoVoilaHandler

    from ..data.store import open_store
    from ..server.app import course_voila_class
    from .access import enter

    store = open_store(url)
    store.dispose()  # checked; each page's check then takes one connection and gives it back

    def _entry(user: str, groups: list[str]) -> Entry:
        try:
            return enter(store, user, groups)
        finally:
            store.dispose()

    class _HubPage(TornadoVoilaHandler):
        async def prepare(self, **kwargs: Any) -> None:
            await super().prepare(**kwargs)
            if self.request.method != "GET" or self.current_user is None:
                return  # not logged in: get() sends the browser to the hub's login
            self.xsrf_token  # noqa: B018 - sets the _xsrf cookie the close-tab beacon posts
            args = self.request.query_arguments
            if has_token(args):  # a personal link's token: the hub's login has done its job
                self.redirect(address_without(self.request.path, args))
                return
            hub_user = self.current_user.hub_user
            entry = await asyncio.to_thread(_entry, hub_user["name"], hub_user.get("groups", []))
            if entry.message is not None:
                self.set_status(403)
                self.set_header("Content-Type", "text/html; charset=utf-8")
                self.finish(_page_html(entry.message))

    course_voila = course_voila_class()

    # A class made at run time (Voila is imported only when serving) cannot be checked as
    # a base class.
    class HubCourseVoila(course_voila):  # type: ignore[misc,valid-type]  # see above
        """CourseVoila under a hub prefix, its pages behind :func:`enter`."""

        def init_handlers(self) -> list[tuple[Any, ...]]:
            handlers = []
            for pattern, cls, *rest in super().init_handlers():
                if getattr(cls, "__name__", "") == "RoomHandler":
                    continue  # a hub server is one person's: no room to get ready on it
                if not pattern.startswith(self.server_url):  # the provider's /oauth_callback
                    pattern = url_path_join(self.server_url, pattern)
                if isinstance(cls, type) and issubclass(cls, TornadoVoilaHandler):
                    cls = _HubPage
                handlers.append((pattern, cls, *rest))
            return handlers

        def init_settings(self) -> dict[str, Any]:
            settings = super().init_settings()
            assert self.identity_provider.hub_auth.api_token  # read from the environment
            for name in _HIDDEN_FROM_KERNELS:  # so kernels, which never need it, lack it
                os.environ.pop(name, None)
            return settings

    return HubCourseVoila


def serve_hub(*, ready: int = 0, cull_idle: int = 40) -> None:
    """Run the course as this user's hub server (``Spawner.cmd``)."""
    url = db_url()
    # hub users only; nobody is self-paced
    environment.tell_kernels(environment.read().but(db=url, self_paced="closed"))
    jupyter_path = [str(SHARE), *filter(None, os.environ.get("JUPYTER_PATH", "").split(os.pathsep))]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(jupyter_path)
    from ..data.migrate import prepare_for_serving

    prepare_for_serving(url)  # the hub's config prepared it; this checks the data format
    argv = hub_argv(os.environ, ready=ready, cull_idle=cull_idle)
    _make_hub_app_class(url).launch_instance(argv=argv)
