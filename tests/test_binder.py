"""Binder: repo2docker reads binder/, and a rehearsal from binder/ alone runs the course
under a base URL with Voila as the Jupyter server extension, as mybinder.org does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from harness.browser import free_port, running_server

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"


def _pins() -> dict[str, str]:
    pins = {}
    for line in (BINDER / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[name.lower().replace("_", "-")] = version
    return pins


def test_requirements_are_pinned_and_match_pyproject():
    pins = _pins()
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    for dep in deps:
        req = Requirement(dep)
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"binder/requirements.txt lacks {req.name}"
        assert req.specifier.contains(pins[name]), f"{req.name}=={pins[name]} is not {req}"
    assert all(pins.values()), "every requirement is pinned with =="


@pytest.mark.slow
def test_repo2docker_installs_requirements_and_runs_postbuild():
    out = subprocess.run(
        [str(Path(sys.executable).with_name("repo2docker")), "--no-build", "--debug", "."],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )
    dockerfile = out.stdout + out.stderr
    assert re.search(r'pip install --no-cache-dir -r "binder/requirements.txt"', dockerfile)
    assert "RUN ./binder/postBuild" in dockerfile


@pytest.fixture(scope="module")
def binder_server(tmp_path_factory):
    """A fresh environment built from binder/ alone, serving as Binder does."""
    tmp = tmp_path_factory.mktemp("binder")
    repo = tmp / "repo"
    shutil.copytree(ROOT, repo, ignore=shutil.ignore_patterns(
        ".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache"))
    venv = tmp / "env"
    # Made without its own pip, then filled by this one's (a newer pip installs faster)
    # with binder/requirements.txt and pip (postBuild calls it, as Binder has it).
    # --no-compile: byte-compiling every package is most of an install's time here; the
    # server compiles what it imports as it starts.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-compile", "-r", "binder/requirements.txt",
                    "pip"], cwd=repo, check=True, timeout=900)
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}:{os.environ['PATH']}",
        "HOME": str(tmp / "home"),
        "BINDER_REQUEST": "v2/gh/example/common-ground/HEAD",
        "JUPYTERHUB_USER": "jovyan-test",
        # Kernels talk over ipc sockets (binder/jupyter_server_config.json), whose paths
        # must stay under 107 characters: Binder's /home/jovyan is short, pytest's is not.
        "JUPYTER_RUNTIME_DIR": tempfile.mkdtemp(prefix="cgb", dir="/tmp"),
    }
    for key in ("COMMONGROUND_DB", "VIRTUAL_ENV", "XDG_DATA_HOME", "QUERY_STRING"):
        env.pop(key, None)
    (tmp / "home").mkdir()
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True, timeout=600)
    port = free_port()
    argv = [str(venv / "bin" / "jupyter"), "server", "--no-browser", f"--port={port}",
            "--ServerApp.ip=127.0.0.1", "--ServerApp.base_url=/user/test/",
            "--IdentityProvider.token=rehearsal", "--ServerApp.allow_root=True"]
    with running_server(argv, port, tmp / "server.log", env=env, cwd=repo):
        yield f"http://127.0.0.1:{port}/user/test", tmp / "home"


@pytest.mark.browser
def test_binder_rehearsal(binder_server, browser):
    base, home = binder_server
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{base}/voila/render/modules/00_welcome.ipynb?token=rehearsal")
    page.get_by_text("This is a temporary copy of the course.").wait_for()
    # The course's own template: its stylesheet, and its notice instead of Voila's counter.
    assert page.locator("link[href*='commonground/static/course.css']").count() == 1
    assert page.get_by_text("on your own (self-paced)").count() == 1
    box = page.get_by_label("Your reflection: What brings you here")
    box.fill("Written on Binder.")
    page.get_by_text(re.compile(r"Saved at")).wait_for()
    page.get_by_role("button", name="Submit reflection").first.click()
    page.get_by_text("Submitted (version 1").wait_for()
    next_link = page.get_by_role("link", name=re.compile("^Next:"))
    next_link.click()
    page.wait_for_url(re.compile(r"/user/test/voila/render/modules/01_safe_environment"))
    page.get_by_role("button", name="Mark this module complete").wait_for()

    # A role-play, played to its end.
    page.goto(f"{base}/voila/render/modules/06_competition_and_hot_desks.ipynb")
    page.get_by_role("button", name="Start the role-play").click()
    for _ in range(30):
        if page.get_by_role("heading", name="Debrief").count():
            break
        page.locator(".cg-choices button").first.click()
        page.wait_for_timeout(400)
    page.get_by_role("heading", name="Debrief").wait_for()

    # The journal, downloaded.
    page.goto(f"{base}/voila/render/modules/my_journal.ipynb")
    link = page.get_by_role("link", name="Download my journal as Markdown")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    journal = Path(info.value.path()).read_text(encoding="utf-8")
    assert "Written on Binder." in journal
    context.close()
    assert (home / ".local" / "share" / "commonground" / "commonground.db").exists()


def test_readme_badge_opens_the_welcome_module_in_voila():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    link = re.search(r"\(https://mybinder\.org/v2/gh/[^)]+\)", readme)
    assert link, "README has no Binder badge"
    assert link.group(0).endswith("?urlpath=voila/render/modules/00_welcome.ipynb)")
