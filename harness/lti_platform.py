"""A small LMS for the tests: a real LTI 1.3 platform written by others
(``lti1p3platform``, with its FastAPI support), run by uvicorn in a thread on a free port.

It is reached as ``http://localhost:<port>`` while the course is ``http://127.0.0.1:...``:
two different sites to a browser, as an LMS and the course are, so a launch in its frame
is a third-party frame. What it does is the platform's own code: OIDC login initiation
(:class:`lti1p3platform.oidc_login.OIDCLoginAbstract`, a redirect to the course's login
address), the authorisation answer (``MessageLaunchAbstract.lti_launch``: it checks the
course's answer and renders its own auto-submitted form that posts the signed
``id_token`` to the course's launch address) and its JWKS.

``/start`` starts a launch: ``who`` (``learner`` or ``instructor``), ``sub``,
``module`` (the link's custom parameter), ``context``, and ``spoil`` to make the platform
send what the course must refuse: ``audience`` (another tool's), ``expired``,
``signature`` (signed with a key that is not the platform's), ``deployment`` (unknown).
``deep_link=1`` makes it a deep-linking request (the "add an activity" picker), whose
answer the platform checks against the course's JWKS at ``/deeplink-return``.
``graded=1`` gives the launch a gradebook column (AGS), whose scores it takes at
``/lineitems/<module>/scores`` with a token from ``/token`` (both lti1p3platform's
checks); ``down`` makes both answer 503.
Every launch names its course's roster (NRPS, ``/memberships/<context>``: ``roster``,
two members a page, with a token of that scope).
``/course`` is an LMS page that shows a launch in a frame (``frame=1``) or links to it in a
new window. ``/.well-known/openid-configuration`` and ``/register`` are the platform's
side of LTI Dynamic Registration (which lti1p3platform does not have: a few lines here,
after the specification); ``/registration-dialog?url=...`` is the LMS's dialog, the
course's registration address in a frame, closed when the course posts
``{subject: 'org.imsglobal.lti.close'}``.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations.

import html
import json
import secrets
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from harness.browser import free_port, refuse_in_fast_tier

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
DEPLOYMENT = "deployment-1"
CLIENT_ID = "common-ground-client"
REGISTRATION_TOKEN = "registration-token-from-the-lms"
SUPPORTED_SCOPES = (  # the services a registration may ask for (Moodle's)
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
    "https://purl.imsglobal.org/spec/lti-ts/scope/toolsetting",
)


def _pem_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


@dataclass
class RunningPlatform:
    url: str  # http://localhost:<port>
    issuer: str
    client_id: str
    deployment_id: str
    auth_url: str
    jwks_url: str
    token_url: str
    tool: str  # the course's base address
    registrations: list[dict[str, Any]] = field(default_factory=list)  # dynamic, received
    granted: list[dict[str, Any]] = field(default_factory=list)  # what each was given
    deep_links: list[list[dict[str, Any]]] = field(default_factory=list)  # items received
    scores: list[dict[str, Any]] = field(default_factory=list)  # AGS scores received
    down: bool = False  # the token and score addresses answer 503 (an LMS that is down)
    roster: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # context -> NRPS

    def start(self, **params: str) -> str:
        from urllib.parse import urlencode

        return f"{self.url}/start?{urlencode(params)}"

    def register_with(self, store: Any) -> Any:
        """Register this platform with the course (as `commonground lti add-platform`)."""
        return store.lti.add(issuer=self.issuer, client_id=self.client_id,
                             auth_login_url=self.auth_url, jwks_url=self.jwks_url,
                             auth_token_url=self.token_url,
                             deployment_ids=[self.deployment_id], name="Test LMS")


def _app(platform: RunningPlatform, private: str, public: str, other_private: str) -> Any:
    from fastapi import FastAPI, Request
    from fastapi.responses import HTMLResponse, JSONResponse, Response
    from lti1p3platform.framework.fastapi.message_launch import FastapiMessageLaunch
    from lti1p3platform.framework.fastapi.oidc_login import FastAPIOIDCLogin
    from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
    from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
    from lti1p3platform.registration import Registration

    class Config(LTI1P3PlatformConfAbstract):
        def init_platform_config(self, **kwargs: Any) -> None:
            self.spoil = kwargs.get("spoil", "")

        def get_registration_by_params(self, **kwargs: Any) -> Registration:
            good_kid = Registration.get_jwk(public)["kid"]
            signing = other_private if self.spoil == "signature" else private

            class Signing(Registration):
                def get_kid(self) -> str:
                    return good_kid  # a forger would claim the platform's own key

            return (Signing().set_iss(platform.issuer)
                    .set_client_id(platform.client_id)
                    .set_deployment_id(platform.deployment_id)
                    .set_oidc_login_url(f"{platform.tool}lti/login")
                    .set_launch_url(f"{platform.tool}")
                    .set_deeplink_launch_url(f"{platform.tool}lti/launch")
                    .set_tool_key_set_url(f"{platform.tool}lti/jwks")
                    .set_platform_public_key(public)
                    .set_platform_private_key(signing))

    class Login(FastAPIOIDCLogin):
        def set_lti_message_hint(self, **kwargs: Any) -> None:
            self._lti_message_hint = kwargs["hint"]

    class Launch(LTIAdvantageMessageLaunchAbstract, FastapiMessageLaunch):
        def prepare_launch(self, preflight_response: dict[str, Any]) -> None:
            hint = json.loads(preflight_response.get("lti_message_hint") or "{}")
            if hint.get("deep_link"):
                self.set_dl(f"{platform.url}/deeplink-return", title="Add an activity",
                            accept_types={"ltiResourceLink"},
                            extra_data={"course_section": "week-1"})
            who = hint.get("who", "learner")
            self.set_user_data(preflight_response["login_hint"],
                               [INSTRUCTOR if who == "instructor" else LEARNER],
                               full_name=hint.get("name") or f"Test {who.capitalize()}")
            self.set_launch_context_claim(hint.get("context", "course-101"),
                                          context_title=hint.get("title", "Northside Team 2026"),
                                          context_label="NST26")
            self.set_resource_link_claim("link-" + hint.get("module", "welcome"))
            if hint.get("module"):
                self.set_custom_parameters_claim({"module": hint["module"]})
            self.set_nrps(f"{platform.url}/memberships/{hint.get('context', 'course-101')}")
            if hint.get("graded"):
                self.set_ags(f"{platform.url}/lineitems",
                             f"{platform.url}/lineitems/{hint.get('module', 'welcome')}")
            spoil = hint.get("spoil", "")
            if spoil == "audience":
                self.set_extra_claims({"aud": "another-tool", "azp": "another-tool"})
            elif spoil == "deployment":
                self.set_extra_claims({
                    "https://purl.imsglobal.org/spec/lti/claim/deployment_id": "unknown"})
            elif spoil == "expired":
                self.set_id_token_expiration(-120)

    app = FastAPI()

    @app.get("/start")
    def start(request: Request) -> Any:
        hint = dict(request.query_params)
        login = Login(request, Config(spoil=hint.get("spoil", "")))
        login.set_lti_message_hint(hint=json.dumps(hint))
        return login.initiate_login(hint.get("sub", "learner-1"))

    @app.get("/auth")
    def auth(request: Request) -> Any:
        hint = json.loads(request.query_params.get("lti_message_hint") or "{}")
        return Launch(request, Config(spoil=hint.get("spoil", ""))).lti_launch()

    @app.post("/deeplink-return")
    async def deeplink_return(request: Request) -> Any:
        from urllib.parse import parse_qs  # (FastAPI's own form reader needs one more package)

        form = parse_qs((await request.body()).decode())
        config = Config()
        config.get_registration()
        items = config.validate_deeplinking_resp({"JWT": form["JWT"][0]})
        platform.deep_links.append(items)
        listed = "".join(f"<li>{html.escape(i['title'])}</li>" for i in items)
        return HTMLResponse(f"<!doctype html><html lang=en><title>LMS</title>"
                            f"<h1>Added to the course</h1><ul>{listed}</ul></html>")

    @app.post("/token")
    async def token(request: Request) -> Any:
        from urllib.parse import parse_qs

        if platform.down:
            return Response(status_code=503)
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
        config = Config()
        config.get_registration()
        return JSONResponse(config.get_access_token(form))

    @app.post("/lineitems/{item}/scores")
    async def scores(item: str, request: Request) -> Any:
        if platform.down:
            return Response(status_code=503)
        config = Config()
        config.get_registration()
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not config.validate_token(bearer, allowed_scopes=[
                "https://purl.imsglobal.org/spec/lti-ags/scope/score"]):
            return Response(status_code=403)
        platform.scores.append({"lineitem": item, **await request.json()})
        return Response(status_code=200)

    @app.get("/memberships/{context}")
    def memberships(context: str, request: Request) -> Any:
        config = Config()
        config.get_registration()
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ")
        if not config.validate_token(bearer, allowed_scopes=[
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"]):
            return Response(status_code=403)
        members = platform.roster.get(context, [])
        page = int(request.query_params.get("page", "0"))
        headers = ({"Link": f'<{platform.url}/memberships/{context}?page={page + 1}>; '
                            'rel="next"'} if (page + 1) * 2 < len(members) else {})
        return JSONResponse({"id": str(request.url), "context": {"id": context},
                             "members": members[page * 2:(page + 1) * 2]}, headers=headers)

    @app.get("/jwks")
    def jwks() -> Any:
        return JSONResponse({"keys": [Registration.get_jwk(public)]})

    @app.get("/course")
    def course(request: Request) -> Any:
        start_url = html.escape(f"/start?{request.url.query}")
        if request.query_params.get("frame"):
            body = (f'<h1>Northside Team 2026</h1><iframe id="tool" title="Common Ground" '
                    f'src="{start_url}" width="1000" height="700"></iframe>')
        else:
            body = (f'<h1>Northside Team 2026</h1><a id="open" target="_blank" '
                    f'href="{start_url}">Common Ground</a>')
        return HTMLResponse(f"<!doctype html><html lang=en><title>LMS</title>{body}</html>")

    @app.get("/.well-known/openid-configuration")
    def openid_configuration() -> Any:
        return JSONResponse({
            "issuer": platform.issuer,
            "authorization_endpoint": platform.auth_url,
            "token_endpoint": platform.token_url,
            "jwks_uri": platform.jwks_url,
            "registration_endpoint": f"{platform.url}/register",
            "scopes_supported": ["openid"],
            "response_types_supported": ["id_token"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "https://purl.imsglobal.org/spec/lti-platform-configuration": {
                "product_family_code": "testlms", "version": "1.0",
                "messages_supported": [{"type": "LtiResourceLinkRequest"}]},
        })

    @app.get("/registration-dialog")
    def registration_dialog(request: Request) -> Any:
        """The LMS's "register a tool" dialog: the course's registration address in a
        frame, closed when the course says so (LTI Dynamic Registration's
        ``org.imsglobal.lti.close`` message)."""
        src = html.escape(str(request.query_params.get("url", "")))
        return HTMLResponse(
            "<!doctype html><html lang=en><title>LMS</title><h1>Register a tool</h1>"
            f'<div id="dialog"><iframe id="tool" title="Tool registration" src="{src}" '
            'width="900" height="600"></iframe></div><p id="said" role="status"></p>'
            "<script>window.addEventListener('message', function (e) {"
            "if (e.data && e.data.subject === 'org.imsglobal.lti.close') {"
            "document.getElementById('dialog').remove();"
            "document.getElementById('said').textContent = 'Dialog closed';}});"
            "</script></html>")

    @app.post("/register")
    async def register(request: Request) -> Any:
        if request.headers.get("authorization") != f"Bearer {REGISTRATION_TOKEN}":
            return Response(status_code=401)
        body = await request.json()
        platform.registrations.append(body)
        # As Moodle does (mod/lti's registration helper): a service is turned on only
        # when its scope is asked for, and the "add an activity" picker only when the
        # tool names the deep-linking message; the answer says what was granted.
        tool = body.get("https://purl.imsglobal.org/spec/lti-tool-configuration", {})
        asked = str(body.get("scope", "")).split()
        granted = [s for s in asked if s in SUPPORTED_SCOPES]
        picker = [m for m in tool.get("messages", [])
                  if m.get("type") == "LtiDeepLinkingRequest"]
        platform.granted.append({"scopes": granted, "deep_linking": bool(picker)})
        return JSONResponse({**body, "client_id": f"dynamic-{secrets.token_hex(4)}",
                             "scope": " ".join(granted),
                             "https://purl.imsglobal.org/spec/lti-tool-configuration": {
                                 **tool, "messages": picker,
                                 "deployment_id": "dynamic-deployment"}})

    return app


@contextmanager
def lti_platform(tool: str):
    """The test LMS on a free port, for the course at ``tool`` (its base address, ending
    in ``/``); yields a :class:`RunningPlatform`."""
    refuse_in_fast_tier("an LMS (the test LTI platform)")
    import uvicorn

    port = free_port()
    url = f"http://localhost:{port}"
    platform = RunningPlatform(url=url, issuer=url, client_id=CLIENT_ID,
                               deployment_id=DEPLOYMENT, auth_url=f"{url}/auth",
                               jwks_url=f"{url}/jwks", token_url=f"{url}/token",
                               tool=tool)
    private, public = _pem_pair()
    other_private, _ = _pem_pair()
    config = uvicorn.Config(_app(platform, private, public, other_private), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test LMS did not start")
        time.sleep(0.05)
    try:
        yield platform
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def lti_tool(store: Any, keys_at: Any):
    """The course's LTI pages alone (``commonground.lti.handlers``, the same handlers
    ``commonground serve`` mounts) on Tornado in a thread, on a free port, with this
    database and key folder: for the HTTP tests, which need no Voila. Yields its base
    address (ending in ``/``)."""
    refuse_in_fast_tier("the course's LTI pages")
    import asyncio

    from tornado.web import Application

    from commonground.lti.handlers import LtiSite, routes

    port = free_port()
    headers: dict[str, str] = {}
    site = LtiSite("/", headers, store=lambda: store, keys_at=keys_at)
    ready = threading.Event()
    holder: dict[str, Any] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        app = Application(routes("/", headers, site, outbox_every=0))  # the test sends
        holder["server"] = app.listen(port, "127.0.0.1")
        holder["loop"] = loop
        ready.set()
        loop.run_forever()
        holder["server"].stop()
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{port}/", site
    finally:
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
        thread.join(timeout=10)
