"""deploy/: the JupyterHub configuration, loaded as JupyterHub loads it; the
zero-to-jupyterhub values, validated against the chart's own values schema (4.3.1,
copied into tests/files/z2jh/); and the formgrader's manifests beside the chart."""

from __future__ import annotations

import json
import re
import runpy
import shlex
import sys

import pytest
import yaml
from traitlets.config import Config

from commonground.admin.cli import build_parser

from .conftest import ROOT

DEPLOY = ROOT / "deploy"
CHART = ROOT / "tests" / "files" / "z2jh"  # the chart's schema and defaults (its README)
_UNITS = {"K": 1e3, "M": 1e6, "G": 1e9}


def _bytes(size: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG])", size).groups()
    return float(number) * _UNITS[unit]


def _merged(defaults, values):
    """Values over the chart's defaults, as helm merges them (maps key by key, a null
    takes the default's key away)."""
    if not (isinstance(defaults, dict) and isinstance(values, dict)):
        return values
    out = dict(defaults)
    for key, value in values.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _merged(defaults.get(key), value)
    return out


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((DEPLOY / "kubernetes" / "config.yaml").read_text())


@pytest.fixture(scope="module")
def chart_check():
    import jsonschema

    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    validator = jsonschema.Draft7Validator(schema)

    def problems(values) -> list[str]:
        return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
                for e in validator.iter_errors(_merged(defaults, values))]
    return problems


@pytest.fixture(scope="module")
def manifests():
    """The manifests beside the chart (formgrader.yaml, hub-tools.yaml), by kind and name
    (or generateName)."""
    found = {}
    for name in ("formgrader.yaml", "hub-tools.yaml"):
        for d in yaml.safe_load_all((DEPLOY / "kubernetes" / name).read_text()):
            meta = d["metadata"]
            found[d["kind"], meta.get("name") or meta["generateName"]] = d
    return found


def test_the_values_pass_the_charts_own_schema(values, chart_check):
    assert chart_check(values) == []
    typo = {**values, "singleuser": {**values["singleuser"], "defaultURL": "/"}}
    assert any("defaultURL" in p for p in chart_check(typo))  # the check can fail
    assert chart_check({"cull": {"timeout": "an hour"}})  # a number of seconds


def test_what_the_chart_takes_free_form_names_real_jupyterhub_settings(values):
    """The chart passes hub.config (Class.trait), hub.services and hub.loadRoles on to
    JupyterHub unchecked: each name must be one of JupyterHub's."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.services.service import Service

    classes = {"JupyterHub": JupyterHub, "Authenticator": Authenticator}
    for cls, traits in values["hub"]["config"].items():
        assert set(traits) <= set(classes[cls].class_trait_names()), cls
    for name, service in values["hub"]["services"].items():
        assert set(service) <= set(Service.class_trait_names()), name
    role_keys = {"name", "description", "scopes", "users", "services", "groups"}
    assert all(set(role) <= role_keys for role in values["hub"]["loadRoles"].values())


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
    assert set(services) == {"commonground", "idle-culler", "commonground-sync",
                             "formgrader-southside-2027"}
    # The default: the course is one hub service, where every hub user lands.
    course = services["commonground"]
    assert course["command"][:5] == [sys.executable, "-m", "commonground", "hub", "service"]
    assert course["environment"]["COMMONGROUND_DB"] == f"sqlite:///{tmp_path / 'course.db'}"
    assert course["url"].startswith("http://127.0.0.1:") and course["oauth_no_confirm"]
    assert c.JupyterHub.default_url == "/services/commonground/"
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    assert "access:services!service=commonground" in roles["user"]["scopes"]
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
    c = _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_HUB_CULL="0",
                         COMMONGROUND_HUB_MODE="servers")
    # A server per person: no course service, no culler, no sync token.
    assert [s["name"] for s in c.JupyterHub.services] == []
    with pytest.raises(SystemExit, match="COMMONGROUND_HUB_MODE"):
        _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_HUB_MODE="cluster")


def _env(container) -> dict:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container["env"]}


def test_each_formgrader_service_has_its_server_open_to_its_facilitators_only(values,
                                                                           manifests):
    from commonground.hub.groups import cohort_slug, facilitators_group

    hub = values["hub"]
    graders = {k: v for k, v in hub["services"].items() if k.startswith("formgrader-")}
    assert graders  # at least the example cohort's
    for name, service in graders.items():
        slug = name.removeprefix("formgrader-")
        deployment, svc = manifests["Deployment", name], manifests["Service", name]
        host, port = re.fullmatch(r"http://([a-z0-9-]+):(\d+)", service["url"]).groups()
        assert host == svc["metadata"]["name"] and int(port) == svc["spec"]["ports"][0]["port"]
        pod = deployment["spec"]["template"]
        assert svc["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
        assert pod["metadata"]["labels"]["hub.jupyter.org/network-access-hub"] == "true"
        server = pod["spec"]["containers"][0]
        assert server["command"][0] == "jupyterhub-singleuser"
        env = _env(server)
        assert env["JUPYTERHUB_API_TOKEN"]["secretKeyRef"] == {
            "name": "hub", "key": f"hub.services.{name}.apiToken"}  # where the chart keeps it
        assert env["JUPYTERHUB_SERVICE_NAME"] == name
        assert env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{name}/"
        assert "COMMONGROUND_DB" not in env  # the grading server holds no database secret
        # Only the cohort's facilitators group may open it, and the hub makes that group.
        group = facilitators_group(slug)
        granted = [r for r in hub["loadRoles"].values()
                   if f"access:services!service={name}" in r["scopes"]]
        assert [r.get("groups") for r in granted] == [[group]]
        assert not any(r.get("users") or r.get("services") for r in granted)
        assert group in hub["config"]["JupyterHub"]["load_groups"]
        # The export job writes that cohort's folder, the one the formgrader serves.
        folder = f"/srv/grading/{slug}"
        assert server["workingDir"] == folder
        job = manifests["CronJob", f"grading-export-{slug}"]["spec"]["jobTemplate"]["spec"]
        script = job["template"]["spec"]["containers"][0]["command"][-1]
        for step in ("export", "import"):
            argv = shlex.split(re.search(rf"commonground grading {step} [^&]+", script)[0])
            args = build_parser().parse_args(argv[1:])
            assert (cohort_slug(args.cohort), str(args.course_dir)) == (slug, folder)
        mounts = {m["name"]: m["mountPath"] for m in server["volumeMounts"]}
        claim = {v["name"]: v["persistentVolumeClaim"]["claimName"]
                 for v in pod["spec"]["volumes"]}
        job_claim = job["template"]["spec"]["volumes"][0]["persistentVolumeClaim"]
        assert mounts["grading"] == "/srv/grading"
        assert claim["grading"] == job_claim["claimName"]
        assert manifests["PersistentVolumeClaim", claim["grading"]]["spec"]["accessModes"] == [
            "ReadWriteMany"]  # the job and the formgrader use it at once


def test_hub_sync_and_ready_run_on_the_cluster_with_the_scopes_they_have_on_one_machine(
        values, manifests, monkeypatch, tmp_path):
    hub = values["hub"]
    assert "url" not in hub["services"]["commonground-sync"]  # an API client only
    local = _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_SYNC_TOKEN="s" * 32)
    [local_role] = [r for r in local.JupyterHub.load_roles if r["name"] == "commonground-sync"]
    role = hub["loadRoles"]["commonground-sync"]
    assert (role["services"], role["scopes"]) == (["commonground-sync"], local_role["scopes"])
    cron = manifests["CronJob", "commonground-sync"]["spec"]["jobTemplate"]["spec"]["template"]
    jobs = [cron, manifests["Job", "hub-ready-"]["spec"]["template"]]
    seen = set()
    for pod in jobs:
        assert pod["metadata"]["labels"]["hub.jupyter.org/network-access-hub"] == "true"
        [tool] = pod["spec"]["containers"]
        env = _env(tool)
        assert env["JUPYTERHUB_API_TOKEN"]["secretKeyRef"] == {
            "name": "hub", "key": "hub.services.commonground-sync.apiToken"}
        assert env["JUPYTERHUB_API_URL"] == "http://hub:8081/hub/api"  # the chart's hub Service
        assert env["COMMONGROUND_DB"]["secretKeyRef"] == {"name": "commonground-db",
                                                          "key": "url"}
        args = build_parser().parse_args(tool["command"][1:])
        assert tool["command"][0] == "commonground" and args.command == "hub"
        seen.add(args.hub_command)
    assert seen == {"sync", "ready"}


def test_the_tljh_config_makes_the_course_server_and_the_sync_service(monkeypatch, tmp_path):
    etc = tmp_path / "etc"
    etc.mkdir()
    (etc / "db_url").write_text("postgresql://cg@127.0.0.1/cg\n")
    monkeypatch.setenv("COMMONGROUND_ETC", str(etc))

    def load() -> Config:
        c = Config()
        runpy.run_path(str(DEPLOY / "tljh" / "commonground.py"),
                       init_globals={"get_config": lambda: c})
        return c

    c = load()
    assert c.Spawner.cmd == ["/opt/tljh/user/bin/commonground", "hub", "serve"]
    assert c.Spawner.environment == {"COMMONGROUND_DB": "postgresql://cg@127.0.0.1/cg"}
    assert "services" not in c.JupyterHub  # no token, no service
    (etc / "sync_token").write_text("t" * 32 + "\n")
    c = load()
    [service] = c.JupyterHub.services.get_value([])
    assert service == {"name": "commonground-sync", "api_token": "t" * 32}
    [role] = c.JupyterHub.load_roles.get_value([])
    local = _load_hub_config(monkeypatch, tmp_path, COMMONGROUND_SYNC_TOKEN="s" * 32)
    [local_role] = [r for r in local.JupyterHub.load_roles if r["name"] == "commonground-sync"]
    assert role == local_role


def _named_paths() -> set[str]:
    """Every ``commonground.…`` path that a deploy file, the package's metadata or
    Alembic's settings name: what breaks silently when a module moves."""
    files = [*sorted((ROOT / "deploy").rglob("*")), *sorted((ROOT / "binder").glob("*")),
             ROOT / "pyproject.toml", ROOT / "alembic.ini"]
    found = set()
    for path in files:
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found.update(re.findall(r"(?<![\w/.-])commonground(?:\.[A-Za-z_]\w*)+(?::\w+)?", text))
    # Not Python: a host name in an example and the TLJH plugin's file name.
    return {p for p in found if not p.endswith((".org", ".py"))}


def test_every_module_or_class_a_deploy_file_names_exists():
    import importlib

    paths = _named_paths()
    assert "commonground.hub.authenticator.LinkAuthenticator" in paths
    assert "commonground.admin.cli:main" in paths  # the `commonground` command
    for path in sorted(paths):
        name, _, attribute = path.partition(":")
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                found = importlib.import_module(".".join(parts[:cut]))
            except ImportError:
                continue
            for part in [*parts[cut:], *filter(None, [attribute])]:
                found = getattr(found, part)
            break
        else:
            raise AssertionError(f"{path} names no module")
    script_location = re.search(r"script_location = %\(here\)s/(\S+)",
                                (ROOT / "alembic.ini").read_text()).group(1)
    assert (ROOT / script_location / "env.py").is_file()
