"""An LMS launch on JupyterHub: the course's own LTI 1.3 pages at the hub's addresses.

The hub's authenticator (:class:`commonground.hub.authenticator.LinkLogin`) adds, under
``/hub/``:

- ``/hub/lti/login``: the LMS's OIDC login initiation, and ``/hub/lti/jwks``: the
  course's public keys; both exactly the pages ``commonground serve`` has
  (:mod:`commonground.lti.handlers`), with the hub's address;
- ``/hub/lti/launch``: the LMS posts the ``id_token`` here. It is checked and the
  person placed in their LMS course's cohort by :func:`commonground.lti.launch.check`
  and :func:`~commonground.lti.launch.arrive`, as under ``serve`` (PyJWT does the JOSE;
  nothing here reads a token); then the person is logged in to the hub as the hub user
  of their platform's ``sub`` (``lti-<digest>``, :func:`commonground.hub.access.
  lti_hub_user`; never a name or an email) and sent to their module on the course's
  hub service, whose door (:func:`commonground.hub.access.door`) finds their place from
  the launch. A refusal is a page in words and writes nothing;
- ``/hub/lti/deep-link``: a teacher's choice of modules from the LMS's picker.

The ``id_token`` arrives in a form post: it is never in an address, so never in the hub's
log. Marks for LMS gradebooks are sent by the course service
(:func:`commonground.hub.service.serve_service`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyterhub.handlers.base import BaseHandler
from jupyterhub.utils import url_path_join

from ..lti.handlers import DeepLinkPage, JwksPage, LaunchPage, LoginPage, LtiSite
from ..lti.launch import CLAIM, Arrival, lti_login
from .access import lti_hub_user

if TYPE_CHECKING:
    from jupyterhub.app import JupyterHub

    from ..data.store import Store

__all__ = ["LTI_KEY", "NO_SERVICE_MESSAGE", "HubArrival", "lti_handlers"]

LTI_KEY = "cg_lti_arrival"
NO_SERVICE_MESSAGE = (
    "This hub does not take people in from an LMS, because the course is not one hub "
    "service for everyone here. Please ask your course administrator."
)


class HubArrival:
    """A checked, placed LMS launch, handed to the authenticator (never a form's text:
    the hub's login form posts strings, so nobody can post one of these)."""

    def __init__(self, arrival: Arrival, user: str) -> None:
        self.arrival, self.user = arrival, user


class _HubLaunchPage(LaunchPage, BaseHandler):
    """The launch post, as under ``serve``, then a hub login instead of the course's
    cookie."""

    async def prepare(self) -> None:  # type: ignore[override]  # (tornado takes either)
        LaunchPage.prepare(self)  # which LMSs may frame the page
        await BaseHandler.prepare(self)  # the hub's own: who is logged in

    async def post(self) -> None:
        service = getattr(self.authenticator, "course_service", "")
        if not service:
            return self.refuse(NO_SERVICE_MESSAGE)
        taken = await self.take_launch()
        if taken is None:
            return
        checked, arrival = taken
        context = checked.claims[CLAIM + "context"]
        name = lti_hub_user(lti_login(checked.platform.issuer, str(context["id"]),
                                      str(checked.claims["sub"])))
        user = await self.login_user({LTI_KEY: HubArrival(arrival, name)})
        if user is None:
            return self.refuse("The hub did not let you in. Please ask your course "
                               "administrator.")
        self.forget_state()
        at = url_path_join(self.base_url, "services", service)
        # The course's hold on whoever used this browser before (its OAuth cookie, which
        # a cross-site post may not show us) goes: the course asks the hub again, and
        # learns it is this person.
        self.clear_cookie(f"service-{service}", path=f"{at}/")
        target = url_path_join(at, "voila/render", arrival.page)
        self.redirect(target, status=303)


def lti_handlers(app: JupyterHub, store: Callable[[], Store],
                 keys_at: Path) -> list[tuple[str, type, dict[str, Any]]]:
    """The hub's LTI pages (relative to the hub's prefix, as ``get_handlers`` gives them),
    with the course's database and keys (the same keys as under ``serve``)."""
    headers: dict[str, str] = {}
    site = LtiSite(app.hub_prefix, headers, store=store, keys_at=keys_at)
    try:
        site.refresh_frames()  # the registered LMSs may frame the login and launch pages
    except Exception:
        headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    return [(r"/lti/jwks", JwksPage, {"site": site}),
            (r"/lti/login", LoginPage, {"site": site}),
            (r"/lti/launch", _HubLaunchPage, {"site": site}),
            (r"/lti/deep-link", DeepLinkPage, {"site": site})]
