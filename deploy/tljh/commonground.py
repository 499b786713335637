"""Common Ground on The Littlest JupyterHub: copy this file to
/opt/tljh/config/jupyterhub_config.d/commonground.py, then `sudo tljh-config reload`.

TLJH loads it after its own configuration, so each user's server becomes the course
(`commonground hub serve`, from TLJH's user environment) instead of JupyterLab. The
course database URL is read from /etc/commonground/db_url (readable by root only; the
hub runs as root and hands the URL to each user server). TLJH's own idle culler stops
the servers of people who left (`sudo tljh-config set services.cull.timeout 3600`).
See README.md, "On JupyterHub".
"""

from pathlib import Path

c = get_config()  # noqa: F821 - JupyterHub's config loader provides it

DB = Path("/etc/commonground/db_url").read_text().strip()

c.Spawner.cmd = ["/opt/tljh/user/bin/commonground", "hub", "serve"]
c.Spawner.default_url = "/"  # the welcome module
c.Spawner.environment = {"COMMONGROUND_DB": DB}
c.Spawner.http_timeout = 120
c.Spawner.server_token_scopes = ["access:servers!server", "users:activity!user"]
c.LinkAuthenticator.db_url = DB
c.Authenticator.auth_refresh_age = 300
c.Authenticator.refresh_pre_spawn = True
