"""deploy/: the JupyterHub configuration, loaded as JupyterHub loads it, and the
zero-to-jupyterhub values, checked against the chart's keys (the names below were read
from the chart's values.yaml, 4.x; the chart itself is not a test dependency)."""

from __future__ import annotations

import re
import runpy
import sys

import pytest
import yaml
from traitlets.config import Config

from commonground.cli import build_parser

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
# Paths (dotted) the chart defines, down to where it takes free-form objects (*).
CHART_KEYS = {
    "hub.image.name", "hub.image.tag", "hub.config.*", "hub.extraEnv.*", "hub.loadRoles.*",
    "singleuser.image.name", "singleuser.image.tag", "singleuser.cmd", "singleuser.defaultUrl",
    "singleuser.startTimeout", "singleuser.extraEnv.*", "singleuser.memory.guarantee",
    "singleuser.memory.limit", "singleuser.cpu.guarantee", "singleuser.cpu.limit",
    "singleuser.storage.type", "singleuser.networkPolicy.enabled",
    "singleuser.networkPolicy.egressAllowRules.privateIPs",
    "singleuser.networkPolicy.egressAllowRules.nonPrivateIPs",
    "cull.enabled", "cull.timeout", "cull.every", "cull.users",
    "scheduling.userScheduler.enabled",
}
_UNITS = {"K": 1e3, "M": 1e6, "G": 1e9}


def _leaves(tree, prefix=""):
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and f"{path}.*" not in CHART_KEYS:
            yield from _leaves(value, path + ".")
        else:
            yield path


def _bytes(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG])", size).groups()
    return float(number) * _UNITS[unit]


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())


def test_every_value_is_one_the_chart_has(values):
    unknown = [p for p in _leaves(values) if p not in CHART_KEYS and f"{p}.*" not in CHART_KEYS]
    assert not unknown


def test_the_user_server_is_the_course_with_the_database_from_a_secret(values):
    su, hub = values["singleuser"], values["hub"]
    args = build_parser().parse_args(su["cmd"][1:])
    assert (su["cmd"][0], args.command, args.hub_command) == ("commonground", "hub", "serve")
    assert su["defaultUrl"] == "/"
    for env in (su["extraEnv"], hub["extraEnv"]):
        assert env["COMMONGROUND_DB"]["valueFrom"]["secretKeyRef"] == {
            "name": "commonground-db", "key": "url"}
    assert _bytes(su["memory"]["guarantee"]) <= _bytes(su["memory"]["limit"])
    module, _, name = hub["config"]["JupyterHub"]["authenticator_class"].rpartition(".")
    assert getattr(__import__(module, fromlist=[name]), name).__name__ == "LinkAuthenticator"


def _load_hub_config(monkeypatch, tmp_path, **env) -> Config:
    for key, value in {"COMMONGROUND_DB": f"sqlite:///{tmp_path / 'course.db'}", **env}.items():
        monkeypatch.setenv(key, value)
    c = Config()
    runpy.run_path(str(DEPLOY / "jupyterhub" / "jupyterhub_config.py"),
                   init_globals={"get_config": lambda: c})
    return c


def test_the_hub_config_spawns_the_course_with_its_services(monkeypatch, tmp_path):
    c = _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_SYNC_TOKEN="s" * 32,
                         COMMONGROUND_FORMGRADERS=f"southside-2027={tmp_path}",
                         COMMONGROUND_FORMGRADER_PORT="9100")
    assert c.Spawner.cmd[:5] == [sys.executable, "-m", "commonground", "hub", "serve"]
    assert c.Spawner.environment == {"COMMONGROUND_DB": f"sqlite:///{tmp_path / 'course.db'}"}
    assert (tmp_path / "course.db").exists()  # made once, before any server starts
    services = {s["name"]: s for s in c.JupyterHub.services}
    assert set(services) == {"idle-culler", "commonground-sync", "formgrader-southside-2027"}
    grader = services["formgrader-southside-2027"]
    assert (grader["url"], grader["cwd"]) == ("http://127.0.0.1:9100", str(tmp_path))
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert roles["formgrader-southside-2027"]["groups"] == ["facilitators-southside-2027"]
    assert "delete:servers" in roles["idle-culler"]["scopes"]


def test_the_hub_config_refuses_to_start_without_a_database(monkeypatch, tmp_path):
    monkeypatch.delenv("COMMONGROUND_DB", raising=False)
    with pytest.raises(SystemExit, match="Set COMMONGROUND_DB"):
        runpy.run_path(str(DEPLOY / "jupyterhub" / "jupyterhub_config.py"),
                       init_globals={"get_config": Config})
    c = _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_HUB_CULL="0")
    assert [s["name"] for s in c.JupyterHub.services] == []  # no culler, no sync token
