"""Logging in to the hub with a cohort's personal link.

``commonground cohort links --base-url https://HUB/hub/link`` writes links such as
``https://HUB/hub/link?t=<token>``. :class:`LinkAuthenticator` (``JupyterHub.
authenticator_class``), or :class:`LinkLogin` added to any other authenticator,
exchanges the token for a hub login and sends the browser on to the course (the hub's
course service, :attr:`LinkLogin.course_service`, or the person's own server) without it,
so the token stays out of the address bar and the browser's history from then on, and
the hub's log shows ``t=***``. The hub user is the participant's pseudonym (their
``public_id``, as nbgrader knows them), recorded as their login (``hub:<public_id>``),
so their page kernels find them in their cohort. The authenticator also adds the LMS
launch at ``/hub/lti/...`` (:mod:`commonground.hub.lti`). A link that was switched off or
replaced logs nobody in, and its holder is refused at their next page
(:mod:`commonground.hub.access`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from jupyterhub.auth import Authenticator
from jupyterhub.handlers.login import LoginHandler
from jupyterhub.utils import maybe_future, url_path_join
from traitlets import Dict, Unicode, default

from ..access.identity import INVALID_LINK_MESSAGE
from ..access.link import CONFLICTING_LINK_MESSAGE, ConflictingTokens, masked, token_from_query
from ..config import db_url
from ..templates import render
from .access import LTI_USER_PREFIX, course_login, hub_login
from .lti import LTI_KEY, HubArrival

if TYPE_CHECKING:
    from jupyterhub.app import JupyterHub
    from jupyterhub.user import User
    from tornado.web import RequestHandler

    from ..data.store import Store

__all__ = ["LINK_MISSING_MESSAGE", "LINK_ONLY_HTML", "LinkAuthenticator", "LinkLogin"]

_DATA_KEY = "cg_link_token"

LINK_ONLY_HTML = (
    '<p class="cg-link-only">This course opens with the personal link your facilitator '
    "sent you. Please open that link; if you do not have one, ask your facilitator.</p>"
)

LINK_MISSING_MESSAGE = (
    "This address is only the start of a personal link: the personal code at its end is "
    "missing. Please open the whole link your facilitator sent you (if you copy it, copy "
    "all of it); if you do not have one, ask your facilitator."
)


class _MaskTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        text = record.getMessage()
        hidden = masked(text)
        if hidden != text:
            record.msg, record.args = hidden, None
        return True


def _mask_tokens_in_logs() -> None:
    """Every handler of the hub's logs prints ``t=***`` for a token, whichever logger the
    line came from (tornado's access log, its uncaught exceptions, the hub's own)."""
    loggers = [logging.getLogger(n) for n in ("", "JupyterHub", "tornado.access",
                                                "tornado.application", "tornado.general")]
    for handler in {h for logger in loggers for h in logger.handlers}:
        if not any(isinstance(f, _MaskTokens) for f in handler.filters):
            handler.addFilter(_MaskTokens())
    for logger in loggers:
        if not any(isinstance(f, _MaskTokens) for f in logger.filters):
            logger.addFilter(_MaskTokens())


class _LinkLoginHandler(LoginHandler):
    """``/hub/link?t=<token>``: log in with the link, then go on without the token."""

    async def get(self, page: str | None = None) -> None:
        try:
            token = token_from_query(self.request.query_arguments) or ""
        except ConflictingTokens:
            self.set_status(403)
            return self.finish(await self._render(login_error=CONFLICTING_LINK_MESSAGE))
        user = await self.login_user({_DATA_KEY: token}) if token else None
        if user is None:
            self.set_status(403)
            return self.finish(await self._render(
                login_error=INVALID_LINK_MESSAGE if token else LINK_MISSING_MESSAGE))
        # `cohort links` writes …/hub/link/?t=… and the dashboard's …/hub/link/voila/render/
        # facilitator_dashboard.ipynb?t=…: go on to that page of the person's own server.
        rest = (page or "").strip("/")
        service = getattr(self.authenticator, "course_service", "")
        by_cohort = getattr(self.authenticator, "cohort_services", {})
        if service and by_cohort:  # several course services: the one holding their cohort
            service = await self.authenticator.landing(user.name, [g.name for g in user.groups])
        if service:  # the course is a hub service
            target = f"{url_path_join(self.base_url, 'services', service)}/{rest}"
        else:
            target = url_path_join(user.url, rest) if rest else self.get_next_url(user)
        self.redirect(target)  # the next address holds no token

    def _render(self, login_error: str | None = None, username: str | None = None,
                **kwargs: Any) -> Awaitable[str]:
        """The link door's own page: why the link did not work, in plain words, instead
        of the authenticator's login form (which may not show the reason at all); with
        another authenticator, a way to its login page. (This replaces jupyterhub's
        LoginHandler._render, the page its get, post and error pages all render: it has no
        public hook for that page's content.)"""
        custom_html = render(
            "hub/link_error.html", message=login_error or LINK_MISSING_MESSAGE,
            other_login=None if isinstance(self.authenticator, LinkAuthenticator)
            else self.settings["login_url"])
        return self.render_template(
            "login.html", next="", username=None, login_error=None,
            login_url=self.settings["login_url"], authenticator=self.authenticator,
            xsrf=self.xsrf_token.decode("ascii"), **kwargs,
            custom_html=custom_html)


class LinkLogin(Authenticator):
    """Adds personal-link logins (``/hub/link?t=<token>``) to an Authenticator class:
    ``class MyAuthenticator(LinkLogin, GenericOAuthenticator)``, or :class:`LinkAuthenticator`
    for links alone. People who log in the authenticator's own way are placed in cohorts by
    hub groups; people who follow a link are in their link's cohort."""

    db_url = Unicode(
        "", config=True,
        help="The course database (default: $COMMONGROUND_DB), where the links' hashes are.",
    )

    course_service = Unicode(
        "", config=True,
        help="The hub service that is the course (``commonground hub service``), where a "
        "personal link lands; empty: the person's own server.",
    )

    cohort_services = Dict(
        {}, config=True,
        help="With several course services: each cohort's slug and the service that "
        "holds it (people of other cohorts land on ``course_service``).",
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lti_store: Store | None = None
        _mask_tokens_in_logs()

    async def landing(self, user: str, groups: list[str]) -> str:
        """The course service the hub user ``user`` lands on (see :mod:`commonground.hub.
        services`)."""
        from .services import landing_service

        return await asyncio.to_thread(landing_service, db_url(self.db_url or None), user,
                                       groups, self.cohort_services, self.course_service)

    def get_handlers(self, app: JupyterHub) -> list[Any]:
        from ..lti.settings import key_folder
        from .lti import lti_handlers

        url = db_url(self.db_url or None)
        return [*super().get_handlers(app), (r"/link(?P<page>/.*)?", _LinkLoginHandler),
                *lti_handlers(app, lambda: self._kept_store(), key_folder(url))]

    def _kept_store(self) -> Store:
        """The course database for the LMS pages, opened once."""
        if self._lti_store is None:
            self._lti_store = self._store()
        return self._lti_store

    def _store(self) -> Store:
        from ..data.store import open_store

        return open_store(db_url(self.db_url or None))

    async def authenticate(self, handler: RequestHandler,
                           data: dict[str, Any] | None) -> str | dict[str, Any] | None:
        if isinstance(data, dict) and isinstance(data.get(LTI_KEY), HubArrival):
            # a launch checked and placed by the hub's LMS page (commonground.hub.lti)
            return {"name": data[LTI_KEY].user, LTI_KEY: True}
        if not (isinstance(data, dict) and _DATA_KEY in data):
            return await maybe_future(super().authenticate(handler, data))
        store = self._store()
        try:
            holder = store.people.for_token(str(data[_DATA_KEY]))
            if holder is None:
                return None
            login = store.people.claim_login(holder.id, hub_login(holder.public_id))
        finally:
            store.dispose()
        if not login.startswith("hub:"):
            return None
        return {"name": login.removeprefix("hub:"), _DATA_KEY: True}

    async def check_allowed(self, username: str,
                            authentication: dict[str, Any] | None = None) -> bool:
        if authentication and (authentication.get(_DATA_KEY) is True
                               or authentication.get(LTI_KEY) is True):
            return True  # a working personal link, or a checked LMS launch, lets them in
        if username.startswith(LTI_USER_PREFIX):
            return False  # these hub users are an LMS's people, logged in by its launch
        return await maybe_future(super().check_allowed(username, authentication))

    async def refresh_user(self, user: User,
                           handler: RequestHandler | None = None) -> bool | dict[str, Any]:
        """A hub login made with a link that has since been switched off ends."""
        store = self._store()
        try:
            holder = store.people.existing_login(course_login(user.name))
            revoked = holder is not None and store.people.link_state(holder.id) == "revoked"
        finally:
            store.dispose()
        return False if revoked else await maybe_future(super().refresh_user(user, handler))


class LinkAuthenticator(LinkLogin):
    """Hub logins from the course's personal links alone (see the module's docstring)."""

    custom_html = Unicode(LINK_ONLY_HTML, config=True)

    @default("allow_all")
    def _allow_all_default(self) -> bool:
        return True
