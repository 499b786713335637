"""The LTI pages of ``commonground serve``: the course's public keys, the LMS's login
step, the launch, and Dynamic Registration.

- ``GET /lti/jwks``: the course's public keys (:mod:`commonground.lti.keys`).
- ``GET|POST /lti/login``: OIDC third-party login initiation. The course first checks
  that this browser keeps its cookies here (inside an LMS's frame, on another site, some
  browsers do not): when it does not, the page offers "Open in a new window" itself,
  which starts the same login at the top of a window, where cookies work. Otherwise it
  keeps a ``state`` (in the database and in a short-lived cookie) and a ``nonce``, and
  sends the browser to the LMS's authorisation address.
- ``POST /lti/launch``: the LMS posts the ``id_token`` here. :mod:`commonground.lti.launch`
  checks it and signs the person in with the course's own sign-in cookie (the one a
  personal link sets, :func:`commonground.server.signin.signed_in`), then sends them to
  their page. A refusal is a page in plain words, and writes nothing.
- ``POST /lti/launch`` with a deep-linking request (a teacher, from the LMS's activity
  picker) shows the course's modules to choose; ``POST /lti/deep-link`` signs the choice
  for the LMS (:mod:`commonground.lti.deep_linking`).
- ``GET /lti/register``: LTI Dynamic Registration (:mod:`commonground.lti.dynamic`). The
  LMS opens it in its dialog; once registered, the page asks the LMS to close the dialog
  (``postMessage({subject: 'org.imsglobal.lti.close'})`` to the window that opened it,
  as the specification says), with a button that does it again.

The token never appears in an address (it arrives in a form post, and the sign-in cookie
is HttpOnly) nor in the log (which shows addresses only). Inside an LMS's frame, cookies
are ``SameSite=None; Secure`` (over HTTPS, or plain HTTP on this computer), and the
pages may be framed by the registered LMSs only (``frame-ancestors``). Database work and
fetching an LMS's keys run in a thread, never on the server's loop.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from tornado.ioloop import PeriodicCallback
from tornado.web import RequestHandler

from commonground.errors import StoreError
from commonground.templates import render

from . import keys
from .deep_linking import answer, offer
from .dynamic import RegistrationFailed, register, registration_invite
from .grades import outbox_round, track_launch
from .launch import CLAIM, DEEP_LINKING, Arrival, Checked, Refused, arrive, check
from .settings import Addresses, key_folder

__all__ = ["LOGIN_ARGS", "LtiSite", "routes", "start_outbox"]

STATE_COOKIE = "cg_lti_state"
PROBE_COOKIE = "cg_lti_probe"
PROBE_ARG = "cg_lti_probe"
LOGIN_ARGS = ("iss", "login_hint", "target_link_uri", "lti_message_hint", "client_id",
              "lti_deployment_id")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MINUTES = 1 / (24 * 60)  # a day's fraction, for cookie lifetimes
SECURITY_HEADERS = {"Referrer-Policy": "same-origin", "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "no-store"}
AGAIN = "Please open the course again from your LMS."
OUTBOX_SECONDS = 5.0
LOG = logging.getLogger("commonground.lti")


@cache
def _store() -> Any:
    from commonground.data.store import open_store

    return open_store()


@cache
def _titles() -> dict[str, str]:
    """Module id -> its title, in the course's order."""
    try:
        from commonground.content.course import load_course

        return {m.id: m.title for m in load_course().modules}
    except Exception:  # an outline problem must not stop a launch: the welcome page
        return {}


def _modules() -> tuple[str, ...]:
    return tuple(_titles())


class LtiSite:
    """What the LTI pages share: the server's base address, the live response headers
    (whose ``frame-ancestors`` it keeps to the registered LMSs), the database."""

    def __init__(self, base_url: str, headers: dict[str, str],
                 store: Callable[[], Any] = _store, keys_at: Path | None = None) -> None:
        self.base_url, self.headers, self.store = base_url, headers, store
        self.keys_at = keys_at if keys_at is not None else key_folder()

    def refresh_frames(self) -> None:
        """Let the registered LMSs (and no other site) show the course in a frame."""
        origins = sorted({p.origin for p in self.store().lti.all()})
        self.headers["Content-Security-Policy"] = " ".join(
            ["frame-ancestors 'self'", *origins])


class _Page(RequestHandler):
    def initialize(self, site: LtiSite) -> None:
        self.site = site

    def check_xsrf_cookie(self) -> None:
        """An LMS posts here from its own site; the signed ``id_token`` is the proof."""

    def set_default_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.set_header(name, value)

    def prepare(self) -> None:
        for name, value in self.site.headers.items():  # which LMSs may frame the course
            self.set_header(name, value)

    def addresses(self) -> Addresses:
        request = self.request
        return Addresses(f"{request.protocol}://{request.host}{self.site.base_url}")

    def framable(self) -> bool:
        """Whether cookies here can be ``SameSite=None; Secure``: over HTTPS, or on this
        computer's own addresses (which browsers count as secure)."""
        return self.request.protocol == "https" or self.request.host_name in LOOPBACK

    def cookie_path(self) -> str:
        return self.site.base_url

    def page(self, status: int, heading: str, message: str, *, link: str = "",
             link_words: str = "", new_window: bool = False,
             details: list[tuple[str, str]] | None = None) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render("lti/page.html", title=f"{heading} - Common Ground",
                           heading=heading, message=message, link=link,
                           link_words=link_words, new_window=new_window,
                           alert=status >= 400, details=details or []))

    def picker(self, key: str, lms: str, message: str = "", status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render("lti/picker.html", title="Add modules - Common Ground", lms=lms,
                           key=key, action=f"{self.site.base_url}lti/deep-link",
                           modules=list(_titles().items()), message=message))

    def refuse(self, message: str, status: int = 403) -> None:
        self.page(status, "The course could not sign you in", message)


class JwksPage(_Page):
    async def get(self) -> None:
        answer = await asyncio.to_thread(keys.jwks, self.site.keys_at)
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "max-age=300")
        self.finish(json.dumps(answer))


class LoginPage(_Page):
    async def get(self) -> None:
        await self._login()

    async def post(self) -> None:
        await self._login()

    def _args(self) -> dict[str, str]:
        return {name: value for name in LOGIN_ARGS
                if (value := self.get_argument(name, "").strip())}

    async def _login(self) -> None:
        args = self._args()
        store = self.site.store()
        platform = await asyncio.to_thread(store.lti.find, args.get("iss", ""),
                                           args.get("client_id"))
        if platform is None:
            return self.refuse("This sign-in comes from a learning system the course is "
                               "not registered with. Ask your course administrator to "
                               "register it.", 400)
        if not args.get("login_hint"):
            return self.refuse("The LMS did not say who is signing in. " + AGAIN, 400)
        here = self.addresses().login
        if self.get_cookie(PROBE_COOKIE) is None:
            if self.get_argument(PROBE_ARG, ""):
                # The cookie did not come back: this browser does not keep the course's
                # cookies inside the LMS's frame. A new window (at the top) does.
                return self.page(
                    200, "Open Common Ground in a new window",
                    "Your browser does not let the course sign you in inside the LMS's "
                    "page. Open it in a new window instead; you stay signed in to the LMS "
                    "here.", link=f"{here}?{urlencode(args)}",
                    link_words="Open in a new window", new_window=True)
            self.put(PROBE_COOKIE, "1", 10 * MINUTES)
            return self.redirect(f"{here}?{urlencode({**args, PROBE_ARG: '1'})}")
        state, nonce = await asyncio.to_thread(store.lti.start_login, platform.id)
        self.put(STATE_COOKIE, state, 10 * MINUTES)
        ask = {"scope": "openid", "response_type": "id_token", "response_mode": "form_post",
               "prompt": "none", "client_id": platform.client_id,
               "redirect_uri": self.addresses().launch, "login_hint": args["login_hint"],
               "state": state, "nonce": nonce}
        if "lti_message_hint" in args:
            ask["lti_message_hint"] = args["lti_message_hint"]
        joiner = "&" if urlsplit(platform.auth_login_url).query else "?"
        self.redirect(f"{platform.auth_login_url}{joiner}{urlencode(ask)}")

    def put(self, name: str, value: str, days: float) -> None:
        from commonground.server.signin import put_cookies

        put_cookies(self, {name: (value, days)}, self.cookie_path(), framed=self.framable())


class LaunchPage(_Page):
    async def post(self) -> None:
        from commonground.server.signin import put_cookies, signed_in

        taken = await self.take_launch()
        if taken is None:
            return
        arrival = taken[1]
        put_cookies(self, signed_in(arrival.token).cookies, self.cookie_path(),
                    framed=self.framable())
        self.forget_state()
        self.redirect(f"{self.site.base_url}voila/render/{arrival.page}", status=303)

    def forget_state(self) -> None:
        from commonground.server.signin import put_cookies

        put_cookies(self, {STATE_COOKIE: ("", 0)}, self.cookie_path(), framed=self.framable())

    async def take_launch(self) -> tuple[Checked, Arrival] | None:
        """The launch the LMS posted, checked, and the person placed (:func:`check`,
        :func:`arrive`); None when this page has answered itself: a refusal in words, or
        the deep-linking picker."""
        store = self.site.store()
        id_token = self.get_body_argument("id_token", "")
        state = self.get_body_argument("state", "")
        cookie_state = self.get_cookie(STATE_COOKIE)
        if cookie_state is None and not self.framable():
            self.refuse("An LMS can sign people in to the course only over a secure "
                        "(https://) address. Ask your course administrator.")
            return None
        try:
            checked = await asyncio.to_thread(check, store, id_token, state, cookie_state)
            if checked.claims.get(CLAIM + "message_type") == DEEP_LINKING:
                key = await asyncio.to_thread(offer, store, checked)
                self.picker(key, checked.platform.shown_name)
                return None
            arrival = await asyncio.to_thread(arrive, store, checked, _modules())
            await asyncio.to_thread(track_launch, store, checked, arrival)
        except Refused as e:
            self.refuse(str(e))
            return None
        except StoreError as e:
            self.refuse(str(e), 409)
            return None
        return checked, arrival


class DeepLinkPage(_Page):
    """The teacher's choice of modules (posted by the picker) -> the signed answer,
    which their browser posts to the LMS."""

    async def post(self) -> None:
        key = self.get_body_argument("key", "")
        chosen = self.get_body_arguments("module")
        graded = self.get_body_arguments("graded")
        store = self.site.store()
        try:
            done = await asyncio.to_thread(answer, store, key, chosen, graded, _titles(),
                                           self.addresses(), self.site.keys_at)
        except StoreError as e:
            kept = await asyncio.to_thread(store.lti.peek_once, "deeplink", key)
            if kept is None:
                return self.page(409, "The modules were not added", str(e))
            lms = (await asyncio.to_thread(store.lti.get, kept[0])).shown_name
            return self.picker(key, lms, str(e), status=400)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render("lti/send.html", title="Add to the LMS - Common Ground",
                           return_url=done.return_url, signed=done.signed, count=done.count,
                           lms=done.lms))


class RegisterPage(_Page):
    """LTI Dynamic Registration. An LMS opens this page inside its own page (Moodle in
    a frame of "Manage tools"), before the course knows it: with the administrator's
    invitation, that LMS's site (where its settings are) may show this one page in a
    frame."""

    def let_frame(self, config_url: str) -> None:
        origin = _origin(config_url)
        if origin:
            framing = self.site.headers.get("Content-Security-Policy",
                                            "frame-ancestors 'self'")
            if origin not in framing.split():
                framing = f"{framing} {origin}"
            self.set_header("Content-Security-Policy", framing)

    def prepare(self) -> None:
        super().prepare()
        # The address holds the administrator's invitation and the LMS's registration
        # token: the log shows the page's path alone (its arguments are already read).
        self.request.uri = self.request.path

    async def get(self) -> None:
        folder = self.site.keys_at
        invite = await asyncio.to_thread(registration_invite, folder)
        given = self.get_argument("invite", "")
        if not given or not hmac.compare_digest(given, invite):
            return self.page(403, "This registration address is not the course's",
                             "Registering the course with an LMS needs the address the "
                             "course administrator printed with: commonground lti "
                             "registration-url. Nothing was registered.")
        config_url = self.get_argument("openid_configuration", "")
        token = self.get_argument("registration_token", "")
        self.let_frame(config_url)
        try:
            platform = await asyncio.to_thread(
                register, self.site.store(), config_url, token, self.addresses(), folder)
        except (RegistrationFailed, StoreError) as e:
            return self.page(400, "The course could not register with this LMS", str(e))
        await asyncio.to_thread(self.site.refresh_frames)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(render("lti/registered.html", title="Registered - Common Ground",
                           lms=platform.shown_name, nonce=secrets.token_urlsafe(16)))


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and (
        parts.netloc) and "'" not in parts.netloc and " " not in parts.netloc else ""


def start_outbox(site: LtiSite, every: float) -> PeriodicCallback:
    """Every ``every`` seconds, in a thread, queue and send marks for LMS gradebooks
    (one round at a time)."""
    busy = False

    async def one_round() -> None:
        nonlocal busy
        if busy:
            return
        busy = True
        try:
            done = await asyncio.to_thread(outbox_round, site.store(), site.keys_at)
            if done.sent or done.failed:
                LOG.info("Marks for LMS gradebooks: %d sent, %d to try again later (%s).",
                         done.sent, len(done.failed), "; ".join(sorted(set(done.failed))))
        except Exception:  # a round that failed must not stop the next
            LOG.exception("Marks for LMS gradebooks: the round failed")
        finally:
            busy = False

    callback = PeriodicCallback(one_round, every * 1000)
    callback.start()
    return callback


def routes(base_url: str, headers: dict[str, str], site: LtiSite | None = None,
           outbox_every: float = OUTBOX_SECONDS) -> list[tuple[str, type, dict[str, Any]]]:
    """The LTI pages under the server's base address (for ``serve(extra_routes=...)``),
    and, every ``outbox_every`` seconds (0: never), the round that sends marks."""
    site = site or LtiSite(base_url, headers)
    if outbox_every > 0:
        start_outbox(site, outbox_every)
    try:
        site.refresh_frames()
    except Exception:
        headers["Content-Security-Policy"] = "frame-ancestors 'self'"
    at = base_url.rstrip("/")
    return [(f"{at}/lti/jwks", JwksPage, {"site": site}),
            (f"{at}/lti/login", LoginPage, {"site": site}),
            (f"{at}/lti/launch", LaunchPage, {"site": site}),
            (f"{at}/lti/deep-link", DeepLinkPage, {"site": site}),
            (f"{at}/lti/register", RegisterPage, {"site": site})]
