"""A real JupyterHub for the hub tests: deploy/jupyterhub/jupyterhub_config.py with a
configurable-http-proxy from npm, the local process spawner, a course database of its
own on the PostgreSQL server that pg_virtualenv started (make test-hub), and the hub's
dummy authenticator with the personal-link door added (``LinkLogin``), as an
organisation adds it to its own authenticator. The course is the hub's one service
(``COMMONGROUND_HUB_MODE=service``, the config's default) unless the settings say
``servers``."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from .browser import free_port, running_server

if TYPE_CHECKING:
    from .hosts import Host

__all__ = ["CONFIG", "PASSWORD", "Hub", "course_database", "course_service_env", "proxy_command",
           "running_hub"]

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "not-a-real-password"
_TEST_CONFIG = """\
load_subconfig({config!r})
from jupyterhub.auth import DummyAuthenticator
from commonground.hub.authenticator import LinkLogin


class TestAuthenticator(LinkLogin, DummyAuthenticator):
    pass


c.JupyterHub.authenticator_class = TestAuthenticator
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = True
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.Authenticator.admin_users = {admins!r}
"""


def proxy_command() -> str:
    """configurable-http-proxy: on PATH, or where `make test-hub` installs it."""
    found = shutil.which("configurable-http-proxy") or str(
        ROOT / ".venv/node/node_modules/.bin/configurable-http-proxy")
    if not Path(found).exists():
        raise RuntimeError("configurable-http-proxy is missing: run `make test-hub` (it "
                           "installs it from npm into .venv/node) or .ci/run.")
    return found


@contextmanager
def course_database() -> Iterator[str]:
    """A fresh database of its own on the test server, as a full URL (the hub hands only
    this URL to user servers, not the PG* variables), dropped afterwards."""
    from .postgres import admin

    conn = admin()
    name = f"cg_hub_{secrets.token_hex(6)}"
    conn.execute(f'CREATE DATABASE "{name}"')
    info = conn.info
    url = (f"postgresql://{quote(info.user)}:{quote(info.password or '')}@"
           f"{info.host}:{info.port}/{name}")
    try:
        yield url
    finally:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE datname = %s", (name,))
        conn.execute(f'DROP DATABASE "{name}"')


@dataclass
class Hub:
    url: str  # the public address, e.g. http://127.0.0.1:8123
    api_token: str  # the commonground-sync service's token
    log: Path
    service: str = ""  # the course service's own address, past the proxy (service mode)
    api_url: str = ""  # the hub's own API, as course services reach it

    def api(self, method: str, path: str, body: object | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/hub/api{path}", data=data, method=method,
            headers={"Authorization": f"token {self.api_token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
        return json.loads(text) if text else None

    def env(self) -> dict[str, str]:
        """What `commonground hub sync` needs to reach this hub."""
        return {**os.environ, "JUPYTERHUB_API_URL": f"{self.url}/hub/api",
                "JUPYTERHUB_API_TOKEN": self.api_token}


def course_service_env(name: str, address: str, port: int, hub_api_url: str, token: str,
                       db_url: str) -> dict[str, str]:
    """The environment an administrator gives ``commonground hub service`` run on a host of
    its own as the hub's external service ``name`` (what the hub gives the service it
    starts itself), listening on ``address``:``port``."""
    prefix = f"/services/{name}/"
    return {**os.environ, "COMMONGROUND_DB": db_url,
            "JUPYTERHUB_SERVICE_NAME": name, "JUPYTERHUB_SERVICE_URL": f"http://{address}:{port}",
            "JUPYTERHUB_SERVICE_PREFIX": prefix, "JUPYTERHUB_API_URL": hub_api_url,
            "JUPYTERHUB_API_TOKEN": token, "JUPYTERHUB_CLIENT_ID": f"service-{name}",
            "JUPYTERHUB_OAUTH_CALLBACK_URL": f"{prefix}oauth_callback",
            "JUPYTERHUB_BASE_URL": "/"}


@contextmanager
def running_hub(tmp: Path, db_url: str, admins: tuple[str, ...] = (), host: Host | None = None,
                **settings: str) -> Iterator[Hub]:
    """The hub (``admins``: the hub users it makes administrators), ready; on ``host``
    (its proxy on port 8000 and its API on 8081 at the host's address), or on this one."""
    port, token, service_port = free_port(), secrets.token_hex(24), free_port()
    address, api_port = "127.0.0.1", free_port()
    if host is not None:
        address, port, api_port = host.address, 8000, 8081
    tmp.mkdir(parents=True, exist_ok=True)
    config = tmp / "test_jupyterhub_config.py"
    config.write_text(_TEST_CONFIG.format(config=str(CONFIG), password=PASSWORD,
                                          proxy_api=free_port(), admins=set(admins)))
    env = {
        **os.environ,
        "COMMONGROUND_DB": db_url,
        "COMMONGROUND_HUB_BIND_URL": f"http://{address}:{port}",
        "COMMONGROUND_HUB_API_PORT": str(api_port),
        "COMMONGROUND_HUB_API_IP": address,
        "COMMONGROUND_HUB_HOMES": str(tmp / "homes"),
        "COMMONGROUND_SYNC_TOKEN": token,
        "CONFIGURABLE_HTTP_PROXY": proxy_command(),
        "COMMONGROUND_HUB_SERVICE_PORT": str(service_port),
        **settings,
    }
    (tmp / "homes").mkdir(exist_ok=True)
    hub = Hub(f"http://{address}:{port}", token, tmp / "hub.log",
              f"http://127.0.0.1:{service_port}/services/commonground/",
              f"http://{address}:{api_port}/hub/api")
    several = bool(env.get("COMMONGROUND_HUB_SERVICES"))  # external: started after the hub

    def ready() -> None:
        try:
            urllib.request.urlopen(f"{hub.url}/hub/health", timeout=5).close()
            if env.get("COMMONGROUND_HUB_MODE", "service") == "service" and not several:
                # and the course service answers (the hub does not wait for it); an
                # HTTP error is an answer too
                with contextlib.suppress(urllib.error.HTTPError):
                    urllib.request.urlopen(hub.service, timeout=5).close()
        except urllib.error.URLError as e:
            raise OSError(str(e)) from None

    argv = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
    if host is not None:
        argv = host.argv(argv)
    with running_server(argv, port, hub.log, env=env, cwd=tmp, ready=ready, timeout=120,
                        address=address):
        yield hub
