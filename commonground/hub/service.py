"""The course as one JupyterHub service for everyone: ``commonground hub service``.

JupyterHub starts this command as a managed service (``JupyterHub.services``, with
``oauth_no_confirm``) under ``/services/commonground/``. It is the whole
``commonground serve`` course (forked kernels, pages got ready for a room, the
dashboard, the administration page) with the hub's login in front of every page, in the
manner of JupyterHub's ``whoami-oauth`` example (:class:`~jupyterhub.services.auth.
HubOAuth`, its ``/oauth_callback``):

- a browser the hub has not logged in is sent to the hub's login and comes back;
- the hub user is placed by their hub groups and refused in plain words without a place
  (:func:`commonground.hub.access.door`, which calls :func:`~commonground.hub.access.
  enter`), then signed in with the course's own sign-in cookie, exactly as an LMS launch
  signs a person in (:func:`commonground.server.signin.signed_in`); the hub's
  administrators are the course's administrators;
- the cookie must be the hub user's own at every page: a browser holding another
  person's sign-in (someone else logged in to the hub on it before) is signed in again
  as the hub user before any page opens;
- a personal-link token in the address is dropped with a redirect (the hub's link
  login, ``/hub/link?t=``, has done its job), and nobody takes the course self-paced;
- the service's hub API token is taken out of the environment its kernels inherit;
- marks for LMS gradebooks are sent from here (the launch itself is the hub's,
  :mod:`commonground.hub.lti`).

Kernels are shared by everyone, as under ``commonground serve``: who a page is for is
decided in the kernel from the sign-in cookie, never from the hub's environment.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlparse

from ..access.link import LINK_COOKIE, address_without, read_link
from ..templates import render

if TYPE_CHECKING:
    from jupyterhub.services.auth import HubOAuth
    from tornado.web import RequestHandler

    from ..data.store import Store
    from .access import Door

__all__ = ["HubDoor", "serve_service", "service_address"]

_HIDDEN_FROM_KERNELS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN")


def service_address(env: Mapping[str, str]) -> tuple[str, int, str]:
    """(host, port, prefix) of the service JupyterHub asked for in ``env``."""
    try:
        url = urlparse(env["JUPYTERHUB_SERVICE_URL"])
        prefix = env["JUPYTERHUB_SERVICE_PREFIX"]
    except KeyError as e:
        raise SystemExit(f"commonground hub service: {e.args[0]} is not set. This command "
                         "is started by JupyterHub (JupyterHub.services), not by hand."
                         ) from None
    return url.hostname or "127.0.0.1", url.port or 80, prefix


def _hub_auth_class() -> type[HubOAuth]:
    from jupyterhub.services.auth import HubOAuth

    class CourseHubOAuth(HubOAuth):
        def _patch_xsrf(self, handler: RequestHandler) -> None:
            """Leave the course pages' own XSRF handling alone: the door reads the hub's
            cookie on page loads (GET) only, which need no XSRF check. (HubOAuth's
            documented override point for handlers it does not own.)"""

    return CourseHubOAuth


class HubDoor:
    """The door every course page goes through (``serve(door=...)``)."""

    def __init__(self, auth: HubOAuth, base_url: str,
                 holds: frozenset[str] | None = None) -> None:
        self.auth, self.base_url, self.holds = auth, base_url, holds
        self._store: Store | None = None
        self._checking = 0  # checks under way (in threads)
        self._lock = threading.Lock()

    def _decide(self, user: Mapping[str, Any], page: str, token: str | None) -> Door:
        from ..data.store import open_store
        from .access import door

        with self._lock:
            if self._store is None:
                self._store = open_store()  # the server's database, checked by then
            store = self._store
            self._checking += 1
        try:
            return door(store, str(user["name"]), user.get("groups") or [],
                        bool(user.get("admin")), page, token, self.holds)
        finally:
            with self._lock:
                self._checking -= 1
                if not self._checking:  # the last check under way gives the connections back
                    store.dispose()

    def _to_login(self, handler: RequestHandler) -> None:
        ask: dict[str, str] = {}
        verifier = None
        if self.auth.pkce_enabled:
            verifier, challenge, method = self.auth.generate_pkce_code_challenge()
            ask |= {"code_challenge": challenge, "code_challenge_method": method}
        ask["state"] = self.auth.set_state_cookie(handler, next_url=handler.request.uri,
                                                  code_verifier=verifier)
        joiner = "&" if "?" in self.auth.login_url else "?"
        handler.redirect(f"{self.auth.login_url}{joiner}{urlencode(ask)}")

    async def __call__(self, handler: RequestHandler) -> bool:
        from ..server.signin import put_cookies, signed_in

        request = handler.request
        user = await self.auth.get_user(handler, sync=False)
        if not user or user.get("kind", "user") != "user":
            self._to_login(handler)
            return True
        cookies = {name: morsel.value for name, morsel in request.cookies.items()}
        link = read_link(request.query_arguments, cookies=cookies)
        if link.from_address or link.conflict:  # the hub's link login has done its job
            handler.redirect(address_without(request.path, request.query_arguments))
            return True
        page = request.path.rstrip("/").rsplit("/", 1)[-1]
        decided = await asyncio.to_thread(self._decide, user, page, link.token)
        if decided.message is not None:
            if LINK_COOKIE in cookies:  # nobody else's sign-in stays in this browser
                put_cookies(handler, {LINK_COOKIE: ("", 0)}, self.base_url)
            handler.set_status(403)
            handler.set_header("Content-Type", "text/html; charset=utf-8")
            handler.finish(render("hub/page.html", message=decided.message))
            return True
        if decided.administration:
            handler.redirect(f"{self.base_url}voila/render/administration.ipynb")
            return True
        if decided.token is not None:
            put_cookies(handler, signed_in(decided.token).cookies, self.base_url)
            handler.redirect(request.uri or request.path)  # the page, now with the cookie
            return True
        return False


def serve_service(*, ready: int = 0, cull_idle: int = 40, room_memory: float = 0,
                  room_minutes: float = 90, cohorts: tuple[str, ...] = ()) -> None:
    """Run the course as the hub's service (a ``JupyterHub.services`` command, or one
    of several course services the administrator runs on their own hosts, holding the
    cohorts whose slugs are ``cohorts``; none: every cohort)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler

    from .. import environment
    from ..server.app import serve

    host, port, prefix = service_address(os.environ)
    # A change of groups or admin flag shows at the next page (0 would be "forever").
    auth = _hub_auth_class()(cache_max_age=1)
    if not auth.api_token:  # read (lazily) from the hub's environment, before it goes
        raise SystemExit("commonground hub service: JUPYTERHUB_API_TOKEN is not set.")
    for name in _HIDDEN_FROM_KERNELS:  # so kernels, which never need it, lack it
        os.environ.pop(name, None)

    class Callback(HubOAuthCallbackHandler):
        def initialize(self) -> None:
            self.hub_auth = auth

    def routes(base_url: str, headers: dict[str, str]) -> list[Any]:
        from ..lti.handlers import OUTBOX_SECONDS, LtiSite, start_outbox

        # Marks for LMS gradebooks (people launched at the hub's /hub/lti/launch) are
        # sent from here, every few seconds, as under `commonground serve`.
        start_outbox(LtiSite(base_url, headers), OUTBOX_SECONDS)
        return [(f"{base_url}oauth_callback", Callback)]

    serve(host=host, port=port, ready=ready, cull_idle=cull_idle, room_memory=room_memory,
          room_minutes=room_minutes, base_url=prefix,
          door=HubDoor(auth, prefix, frozenset(cohorts) or None),
          self_paced="closed", extra_routes=routes,
          # links the dashboard gives out go through the hub's link login
          public_url=environment.read().public_url)
