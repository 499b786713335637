"""Common Ground on The Littlest JupyterHub: copy this file to
/opt/tljh/config/jupyterhub_config.d/commonground.py, then `sudo tljh-config reload`.

TLJH loads it after its own configuration, so each user's server becomes the course
(`commonground hub serve`, from TLJH's user environment) instead of JupyterLab. The
course database URL is read from /etc/commonground/db_url (readable by root only; the
hub runs as root and hands the URL to each user server). TLJH's own idle culler stops
the servers of people who left (`sudo tljh-config set services.cull.timeout 3600`).
With a token in /etc/commonground/sync_token (root only), the hub also has the
`commonground-sync` service that `commonground hub sync` and `commonground hub ready`
use, with the same scopes as in deploy/jupyterhub/jupyterhub_config.py.
See README.md, "On JupyterHub".
"""

import os
from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub's config loader provides it

ETC = Path(os.environ.get("COMMONGROUND_ETC", "/etc/commonground"))  # elsewhere: tests only
DB = (ETC / "db_url").read_text().strip()

c.Spawner.cmd = ["/opt/tljh/user/bin/commonground", "hub", "serve"]
c.Spawner.default_url = "/"  # the welcome module
c.Spawner.environment = {"COMMONGROUND_DB": DB}
c.Spawner.http_timeout = 120
c.Spawner.server_token_scopes = ["access:servers!server", "users:activity!user"]
c.LinkAuthenticator.db_url = DB
c.Authenticator.auth_refresh_age = 300
c.Authenticator.refresh_pre_spawn = True

if (ETC / "sync_token").exists():
    # JUPYTERHUB_API_URL=http://127.0.0.1:15001/hub/api (TLJH's hub) and
    # JUPYTERHUB_API_TOKEN=$(sudo cat /etc/commonground/sync_token) for the commands.
    c.JupyterHub.services.append({"name": "commonground-sync",
                                  "api_token": (ETC / "sync_token").read_text().strip()})
    c.JupyterHub.load_roles.append({
        "name": "commonground-sync", "services": ["commonground-sync"],
        "scopes": ["admin:groups", "list:users", "read:users:name", "admin:users",
                   "servers", "read:servers"],
    })
