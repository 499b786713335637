"""JupyterHub for Common Ground on one machine (``jupyterhub -f deploy/jupyterhub/
jupyterhub_config.py``, from the folder where the hub keeps its own files).

The course is one hub service for everyone (``COMMONGROUND_HUB_MODE=service``, the
default: ``commonground hub service`` under /services/commonground/, the whole course
server with forked kernels and rooms, behind the hub's OAuth, pages only, no code; the
hub's administrators are the course's administrators), or each person who logs in gets
a server of their own that is the course and nothing else (``servers``: ``commonground
hub serve``, for Kubernetes where keeping people apart by process matters more). Either
starts at the welcome module, all on one course database (PostgreSQL for more than a
handful of people). People log in with their cohort's personal link
(``/hub/link?t=…``) or, with another authenticator, the hub's own way; hub groups
``cohort-<slug>`` and ``facilitators-<slug>`` give their cohort and role. See the
"On JupyterHub" section of README.md.

Settings come from the environment, so the same file serves a test, a laptop and a
server:

  COMMONGROUND_DB            the course database URL (required; e.g. postgresql://…)
  COMMONGROUND_HUB_BIND_URL  where people reach the hub (default http://:8000)
  COMMONGROUND_HUB_API_PORT  the hub's own API port (default 8081)
  COMMONGROUND_HUB_API_IP    the address the hub's API listens on (default 127.0.0.1;
                             with course services on other hosts, the hub host's address
                             on the network they share, which they reach as
                             JUPYTERHUB_API_URL=http://<it>:<port>/hub/api)
  COMMONGROUND_HUB_HOMES     the folder for each user's working folder (default /tmp)
  COMMONGROUND_HUB_MODE      service (default: one course service for everyone) or
                             servers (one course server per person)
  COMMONGROUND_HUB_SERVICE_PORT  the course service's port on 127.0.0.1 (default 9970)
  COMMONGROUND_HUB_SERVICES  several course services on hosts of their own, each holding
                             some cohorts, instead of the one the hub starts:
                             name=http://host:port=slug,slug;name2=… (external services:
                             the administrator runs `commonground hub service --cohorts
                             slug,slug` on each host; see README.md, "On JupyterHub")
  COMMONGROUND_HUB_SERVICE_TOKENS  each of those services' hub API token: name=token;…
  COMMONGROUND_HUB_PUBLIC_URL  the address people reach the hub on, for the personal
                             links the course gives out (default: the bind URL, when it
                             names a host)
  COMMONGROUND_HUB_READY     pages kept ready (the service: for the welcome page, and 1
                             per other module; per user server likewise; default 0; the
                             old name COMMONGROUND_HUB_WARM still works)
  COMMONGROUND_HUB_CULL      seconds a server may sit without activity before the
                             idle culler stops it (default 3600; 0: no culler)
  COMMONGROUND_SYNC_TOKEN    the token of the `commonground-sync` service, for
                             `commonground hub sync` (no service without it)
  COMMONGROUND_FORMGRADERS   nbgrader formgraders for facilitators, as
                             slug=/path/to/course-folder,slug2=/other/folder (each folder
                             is where `commonground grading export` writes; see
                             facilitator_notes/grading.md)
  COMMONGROUND_FORMGRADER_PORT  the first formgrader's port on 127.0.0.1 (default 9990;
                             the next cohort's is one more)
  CONFIGURABLE_HTTP_PROXY    the proxy's command (default: configurable-http-proxy on
                             PATH, else the one `make test-hub` installs in .venv/node)
"""

import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urlparse

from commonground.config import db_url
from commonground.data.migrate import prepare_for_serving
from commonground.hub.groups import facilitators_group
from commonground.hub.services import landing_service, parse_services, services_by_cohort

c = get_config()  # noqa: F821 - JupyterHub's config loader provides it

REPO = Path(__file__).resolve().parents[2]
DB = os.environ.get("COMMONGROUND_DB", "")
if not DB:
    raise SystemExit("Set COMMONGROUND_DB to the course database's URL before starting the hub "
                     "(for example postgresql://commonground@127.0.0.1/commonground).")

# Create or check the course database once, before any user server starts (an older
# database on PostgreSQL is refused with the `commonground db upgrade` command to run).
prepare_for_serving(db_url(DB))

# -- the hub and its proxy ------------------------------------------------------------------
c.JupyterHub.bind_url = os.environ.get("COMMONGROUND_HUB_BIND_URL", "http://:8000")
c.JupyterHub.hub_ip = os.environ.get("COMMONGROUND_HUB_API_IP", "127.0.0.1")
c.JupyterHub.hub_port = int(os.environ.get("COMMONGROUND_HUB_API_PORT", "8081"))
_proxy = (os.environ.get("CONFIGURABLE_HTTP_PROXY")
          or shutil.which("configurable-http-proxy")
          or str(REPO / ".venv/node/node_modules/.bin/configurable-http-proxy"))
c.ConfigurableHTTPProxy.command = [_proxy]
c.JupyterHub.cleanup_servers = True  # a restarted hub starts every user's server afresh

# -- who logs in -----------------------------------------------------------------------------
# Personal links (`commonground cohort links --base-url https://HUB/hub/link`). To use
# another authenticator too (OAuth, LDAP, Native), give it the links' door:
#   from commonground.hub.authenticator import LinkLogin
#   from oauthenticator.generic import GenericOAuthenticator
#   class CourseAuthenticator(LinkLogin, GenericOAuthenticator): pass
#   c.JupyterHub.authenticator_class = CourseAuthenticator
# and put its users in the groups cohort-<slug> / facilitators-<slug> (admin panel, the
# REST API, or `commonground hub sync to-hub`).
c.JupyterHub.authenticator_class = "commonground.hub.authenticator.LinkAuthenticator"
c.Authenticator.auth_refresh_age = 300  # a switched-off link ends its hub login within 5 min
c.Authenticator.refresh_pre_spawn = True

MODE = os.environ.get("COMMONGROUND_HUB_MODE", "service").strip().lower()
if MODE not in ("service", "servers"):
    raise SystemExit(f"COMMONGROUND_HUB_MODE is {MODE!r}: it is service (one course service "
                     "for everyone) or servers (a course server for each person).")
SERVICE = "commonground"

# -- each user's server: the course, pages only (COMMONGROUND_HUB_MODE=servers) --------------
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: one machine, one OS user
c.SimpleLocalProcessSpawner.home_dir_template = os.path.join(
    os.environ.get("COMMONGROUND_HUB_HOMES", "/tmp"), "commonground-{username}")
_ready = os.environ.get("COMMONGROUND_HUB_READY", os.environ.get("COMMONGROUND_HUB_WARM", "0"))
c.Spawner.cmd = [sys.executable, "-m", "commonground", "hub", "serve", "--ready", _ready]
c.Spawner.environment = {"COMMONGROUND_DB": DB}
c.Spawner.default_url = "/"  # the course's landing page: the welcome module
c.Spawner.http_timeout = 120
c.Spawner.start_timeout = 120
# The server's own hub token needs no more than its owner's identity and activity.
c.Spawner.server_token_scopes = ["access:servers!server", "users:activity!user"]

# -- housekeeping and services -----------------------------------------------------------------
c.JupyterHub.services = []
c.JupyterHub.load_roles = []
c.JupyterHub.load_groups = {}

if MODE == "service":
    # One course for every hub user (see the top of this file). People arrive there
    # after logging in, and personal links (/hub/link?t=…) land there.
    _homes = Path(os.environ.get("COMMONGROUND_HUB_HOMES", "/tmp"))
    # The personal links the dashboard and the administration page give out: the hub's
    # link login, at the address people reach the hub on.
    _public = os.environ.get("COMMONGROUND_HUB_PUBLIC_URL", c.JupyterHub.bind_url)
    _links = ({"COMMONGROUND_PUBLIC_URL": f"{_public.rstrip('/')}/hub/link/"}
              if urlparse(_public).hostname else {})
    # The course's LTI keys (found from the database, as `commonground lti` finds them):
    # the hub's /hub/lti/jwks shows them and the service signs marks with them.
    _lti_keys = {"XDG_DATA_HOME": os.environ.get("XDG_DATA_HOME")
                 or str(Path.home() / ".local" / "share")}
    try:
        _several = parse_services(os.environ.get("COMMONGROUND_HUB_SERVICES", ""))
    except ValueError as _e:
        raise SystemExit(f"COMMONGROUND_HUB_SERVICES: {_e}.") from None
    if not _several:  # the default: one course service, on this host, that the hub starts
        c.JupyterHub.services.append({
            "name": SERVICE,
            "url": f"http://127.0.0.1:{os.environ.get('COMMONGROUND_HUB_SERVICE_PORT', '9970')}",
            "command": [sys.executable, "-m", "commonground", "hub", "service", "--ready",
                        _ready],
            "environment": {"COMMONGROUND_DB": DB, **_links, **_lti_keys},
            "cwd": str(_homes),
            "oauth_no_confirm": True,  # logged in to the hub is logged in to the course
            "display": True,
        })
        _names = [SERVICE]
    else:
        # Several course services, each on a host of its own holding some cohorts: the
        # administrator runs each (`commonground hub service --cohorts …`, with the token
        # given here and the hub's API address); the hub's proxy sends
        # /services/<name>/ to it.
        _tokens = dict(item.strip().partition("=")[::2] for item in os.environ.get(
            "COMMONGROUND_HUB_SERVICE_TOKENS", "").split(";") if item.strip())
        for _service in _several:
            if not _tokens.get(_service.name):
                raise SystemExit(f"COMMONGROUND_HUB_SERVICE_TOKENS gives no token for the "
                                 f"course service {_service.name}.")
            c.JupyterHub.services.append({
                "name": _service.name, "url": _service.url,
                "api_token": _tokens[_service.name],
                "oauth_no_confirm": True, "display": True,
            })
        _names = [s.name for s in _several]
        SERVICE = _names[0]  # where people of no cohort (the hub's admins) land
        _by_cohort = services_by_cohort(_several)
        c.LinkLogin.cohort_services = _by_cohort

        def _landing(handler):
            """The hub's landing: the course service holding the person's cohort."""
            user = handler.current_user
            service = SERVICE if user is None else landing_service(
                db_url(DB), user.name, [g.name for g in user.groups], _by_cohort, SERVICE)
            return f"{handler.base_url}services/{service}/"

    # Every hub user may log in to the course through the hub (the service's own door
    # then decides, by their groups, whether and as whom the course opens).
    c.JupyterHub.load_roles.append({"name": "user", "scopes": [
        "self", *(f"access:services!service={name}" for name in _names)]})
    c.JupyterHub.default_url = _landing if _several else f"/services/{SERVICE}/"
    c.LinkLogin.course_service = SERVICE

_cull = int(os.environ.get("COMMONGROUND_HUB_CULL", "3600"))
if _cull > 0:
    # The hub's own idle culler stops the servers of people who left; the course's kernel
    # culling inside each server (closed pages) goes on as under `commonground serve`.
    c.JupyterHub.services.append({
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={_cull}",
                    "--cull-every=60"],
    })
    c.JupyterHub.load_roles.append({
        "name": "idle-culler", "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    })

_sync = os.environ.get("COMMONGROUND_SYNC_TOKEN", "")
if _sync:
    # `JUPYTERHUB_API_TOKEN=$COMMONGROUND_SYNC_TOKEN commonground hub sync from-hub|to-hub`
    # (and `commonground hub ready COHORT`)
    c.JupyterHub.services.append({"name": "commonground-sync", "api_token": _sync})
    c.JupyterHub.load_roles.append({
        "name": "commonground-sync", "services": ["commonground-sync"],
        # groups and users for `hub sync`; starting servers for `hub ready`
        "scopes": ["admin:groups", "list:users", "read:users:name", "admin:users",
                   "servers", "read:servers"],
    })

# nbgrader's formgrader, one per cohort, as in nbgrader's "one class, multiple graders"
# demo: a hub service running jupyterhub-singleuser in the cohort's nbgrader folder, open
# only to the cohort's facilitators group.
_graders = filter(None, os.environ.get("COMMONGROUND_FORMGRADERS", "").split(","))
_port = int(os.environ.get("COMMONGROUND_FORMGRADER_PORT", "9990"))
for _n, _item in enumerate(_graders):
    _slug, _, _folder = _item.partition("=")
    _name = f"formgrader-{_slug.strip()}"
    c.JupyterHub.services.append({
        "name": _name,
        "url": f"http://127.0.0.1:{_port + _n}",
        "command": [sys.executable, "-m", "jupyterhub.singleuser", "--ServerApp.ip=127.0.0.1",
                    f"--ServerApp.root_dir={_folder.strip()}",
                    # a hub run as root (TLJH, containers) runs its services as root too
                    f"--ServerApp.allow_root={os.geteuid() == 0}"],
        "cwd": _folder.strip(),  # nbgrader reads the folder's nbgrader_config.py
        "environment": {"JUPYTERHUB_DEFAULT_URL": "/formgrader",  # nbgrader runs alembic:
                        "PATH": os.pathsep.join([str(Path(sys.executable).parent),
                                                 os.environ.get("PATH", "")])},
        "oauth_no_confirm": True,
    })
    _group = facilitators_group(_slug.strip())
    c.JupyterHub.load_groups.setdefault(_group, {"users": []})
    c.JupyterHub.load_roles.append({
        "name": _name, "groups": [_group],
        "scopes": [f"access:services!service={_name}", "list:services",
                   f"read:services!service={_name}"],
    })
