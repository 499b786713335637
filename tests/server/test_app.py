"""`commonground serve`: the Voila settings the course depends on, and the real server."""

import json
import re
import time
import urllib.request
from pathlib import Path

import pytest

from commonground.server.app import NEVER_PREHEATED, voila_argv
from commonground.server.kernels import UNCONNECTED_TIMEOUT, CourseKernelManager
from harness.browser import QUICK_CULL, course_server, voila_config


def _settings(argv):
    return dict(a[2:].split("=", 1) for a in argv if a.startswith("--"))


def test_default_settings():
    s = _settings(voila_argv())
    assert s["Voila.ip"] == "127.0.0.1"
    assert s["Voila.port"] == "8866"
    assert s["KernelManager.transport"] == "ipc"
    assert s["VoilaConfiguration.multi_kernel_manager_class"] == (
        "commonground.server.kernels.CourseKernelManager")
    assert int(s["MappingKernelManager.cull_idle_timeout"]) + int(
        s["MappingKernelManager.cull_interval"]
    ) <= 60
    assert CourseKernelManager.unconnected_timeout.default_value == UNCONNECTED_TIMEOUT == 600
    assert int(s["VoilaExecutor.iopub_timeout"]) >= 60
    assert s["VoilaExecutor.raise_on_iopub_timeout"] == "True"
    assert s["VoilaConfiguration.template"] == "commonground"
    assert s["VoilaConfiguration.show_tracebacks"] == "False"
    # the pooling manager is always on (a module can be got ready for the room at run
    # time), with no kernel preheated anywhere until asked
    assert s["VoilaConfiguration.preheat_kernel"] == "True"
    assert json.loads(s["VoilaKernelManager.kernel_pools_config"]) == {
        "default": {"pool_size": 0}}
    assert json.loads(s["VoilaKernelManager.preheat_denylist"]) == list(NEVER_PREHEATED)
    # each kernel forked from the kernel template (commonground.kernel.template)
    assert s["KernelProvisionerFactory.default_provisioner_name"] == "commonground-fork"
    assert "KernelProvisionerFactory.default_provisioner_name" not in _settings(
        voila_argv(fork_kernels=False))


def test_ready_pages_settings():
    s = _settings(voila_argv(ready=3))
    assert s["VoilaConfiguration.preheat_kernel"] == "True"
    pools = json.loads(s["VoilaKernelManager.kernel_pools_config"])
    assert pools == {"00_welcome.ipynb": {"pool_size": 3}, "default": {"pool_size": 1}}
    denied = json.loads(s["VoilaKernelManager.preheat_denylist"])
    assert denied == list(NEVER_PREHEATED) == ["facilitator_dashboard", "administration",
                                               "my_journal"]


def test_the_course_template_extends_voilas_lab_template():
    from commonground.server.app import SHARE

    folder = SHARE / "voila" / "templates" / "commonground"
    assert json.loads((folder / "conf.json").read_text()) == {"base_template": "lab"}
    assert "This part of the page did not load. Please reload the page." in (
        folder / "index.html.j2").read_text()


@pytest.mark.server
def test_serve_creates_the_database_and_redirects_to_welcome(tmp_path):
    db = tmp_path / "fresh" / "course.db"
    with course_server(f"sqlite:///{db}", tmp_path / "serve.log") as base:
        assert db.exists()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:  # a link to / signs in at /
            opener.open(base + "/?t=abc&x=1")
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"] == "/voila/render/00_welcome.ipynb?x=1"
        assert "cg_link=abc" in redirect.value.headers["Set-Cookie"]
        with pytest.raises(urllib.error.HTTPError) as redirect:  # without a link: as it was
            opener.open(base + "/?x=1")
        assert redirect.value.headers["Location"] == "/voila/render/00_welcome.ipynb?x=1"
        with pytest.raises(urllib.error.HTTPError) as redirect:  # two codes: the page says so
            opener.open(base + "/?t=a&t=b")
        assert redirect.value.headers["Location"] == "/voila/render/00_welcome.ipynb?t=a&t=b"
    log = (tmp_path / "serve.log").read_text()
    assert f"Open {base}/ in your browser" in log


@pytest.mark.browser
def test_closed_page_kernel_is_culled_open_page_kept(tmp_path, browser):

    log_path = tmp_path / "serve.log"
    with course_server(f"sqlite:///{tmp_path / 'c.db'}", log_path, "--cull-idle", "4",
                       env=voila_config(tmp_path, QUICK_CULL)) as base:
        context = browser.new_context()
        kept = context.new_page()
        kept.goto(base + "/")
        kept.get_by_label("Your reflection: What brings you here").wait_for(timeout=90_000)
        closed = browser.new_context().new_page()
        closed.goto(base + "/")
        closed.get_by_label("Your reflection: What brings you here").wait_for(timeout=90_000)
        started = re.findall(r"Kernel started: ([0-9a-f-]+)", log_path.read_text())
        assert len(started) == 2
        closed.context.close()
        deadline = time.monotonic() + 60
        culled = []
        while time.monotonic() < deadline and not culled:
            time.sleep(1)
            culled = re.findall(r"Culling '?\w+'? kernel .*?([0-9a-f]{8}-[0-9a-f-]+)",
                                log_path.read_text())
        assert culled, "the closed page's kernel was not culled"
        time.sleep(6)  # well past the idle timeout: the open page's kernel must live on
        box = kept.get_by_label("Your reflection: What brings you here")
        box.fill("still here")
        kept.get_by_text(re.compile("Saved at")).wait_for(timeout=15_000)
        culled = re.findall(r"Culling '?\w+'? kernel .*?([0-9a-f]{8}-[0-9a-f-]+)",
                            log_path.read_text())
        assert len(set(culled)) == 1
        context.close()


@pytest.mark.browser
def test_preheated_kernel_gets_the_personal_link(tmp_path, browser):
    from commonground import open_store

    url = f"sqlite:///{tmp_path / 'w.db'}"
    store = open_store(url)
    cohort = store.people.create_cohort("Warm")
    pid = store.people.add_participant(cohort.id, "Wen Li", "Mental Health")
    token = store.people.issue_link(pid)
    log_path = tmp_path / "serve.log"
    with course_server(url, log_path, "--ready", "1") as base:
        deadline = time.monotonic() + 60
        while "Kernel started" not in log_path.read_text() and time.monotonic() < deadline:
            time.sleep(0.5)
        context = browser.new_context()
        page = context.new_page()
        page.set_default_timeout(90_000)
        page.goto(f"{base}/?t={token}")
        page.get_by_label("Your reflection: What brings you here").wait_for(timeout=90_000)
        assert page.get_by_text("Signed in as Wen Li").count() == 1
        context.close()
    assert Path(log_path).exists()


@pytest.mark.browser
def test_a_closed_tab_releases_its_kernel_within_seconds(served, browser):
    """Voila's close-tab beacon (which needs the `_xsrf` cookie) shuts the kernel down."""
    base, _ = served
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/")
    page.get_by_label("Your reflection: What brings you here").wait_for(timeout=90_000)
    kernel_id = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
    assert any(c["name"] == "_xsrf" and not c["httpOnly"] for c in context.cookies())
    urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=10).close()
    page.close(run_before_unload=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=10).close()
        except urllib.error.HTTPError as e:
            assert e.code == 404
            break
        assert time.monotonic() < deadline, "the closed tab's kernel is still running"
        time.sleep(0.25)
    context.close()
