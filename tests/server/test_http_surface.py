"""What a browser can fetch from `commonground serve` besides the rendered pages: no
path returns the database, a notebook's source, the content files, the code, or
anything outside modules/ (tried with a plain HTTP client, as an attacker would)."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request

import pytest

from harness.browser import course_server

SECRET_MARKERS = (
    "SQLite format 3",  # a database file
    '"cells"',  # a notebook's source
    "schema_version",  # content/*.yaml
    "def resolve_identity",  # the code
    "root:x:0:0",  # /etc/passwd
    "BEGIN TRANSACTION",  # the SQL test data
)

pytestmark = pytest.mark.server  # each test here starts `commonground serve`
PATHS = [
    "/voila/files/00_welcome.ipynb",
    "/voila/files/facilitator_dashboard.ipynb",
    "/voila/files/course.db",
    "/voila/files/../content/course.yaml",
    "/voila/files/..%2Fcontent%2Fcourse.yaml",
    "/voila/files/%2e%2e/%2e%2e/etc/passwd",
    "/voila/files//etc/passwd",
    "/voila/static/../../../../etc/passwd",
    "/voila/static/..%2F..%2F..%2Fcommonground%2Fidentity.py",
    "/voila/templates/../../commonground/identity.py",
    "/voila/render/../content/prompts/00_welcome.yaml",
    "/voila/render/%2e%2e/README.md",
    "/voila/render/..%2Ftests%2Ffiles%2Fmain_1c36001.sql",
    "/voila/render/../commonground/identity.py",
    "/voila/api/contents/00_welcome.ipynb",
    "/voila/api/contents/../content",
    "/api/contents",
    "/api/contents/00_welcome.ipynb",
    "/api/kernels",
    "/api/sessions",
    "/api/terminals",
    "/terminals/1",
    "/lab",
    "/tree",
    "/edit/00_welcome.ipynb",
    "/files/00_welcome.ipynb",
    "/nbconvert/html/00_welcome.ipynb",
    "/course.db",
    "/../content/course.yaml",
    "/commonground/room",
    "/commonground/room?module=03_trauma_informed&people=30&action=prepare",
    # The facilitator's formgrader: nothing without a facilitator's sign-in.
    "/commonground/formgrader/formgrader",
    "/commonground/formgrader/formgrader/api/assignments",
    "/commonground/formgrader/api/kernels",
    "/commonground/formgrader/api/contents",
    "/commonground/formgrader/..%2F..%2Fapi%2Fkernels",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("surface")
    # A database file sitting right beside the notebooks is the worst case.
    root = tmp / "modules"
    shutil.copytree(__import__("commonground.config").config.modules_dir(), root)
    url = f"sqlite:///{root / 'course.db'}"
    with course_server(url, tmp / "serve.log", "--root", str(root)) as base:
        yield base


def _fetch(url: str) -> tuple[int, str]:
    """GET like a browser: follow redirects, keeping the cookies the server sets."""
    import http.cookiejar

    request = urllib.request.Request(url)
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, response.read(200_000).decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read(200_000).decode("utf-8", "replace")


@pytest.mark.parametrize("path", PATHS)
def test_no_path_gives_away_what_is_behind_the_pages(server, path):
    status, body = _fetch(server + path)
    leaked = [m for m in SECRET_MARKERS if m in body]
    assert not leaked, f"{path} answered {status} with {leaked}"
    if path.startswith(("/api/", "/terminals", "/lab", "/tree", "/edit", "/files/",
                        "/nbconvert", "/commonground/")):
        assert status in (403, 404, 405), f"{path} answered {status}"


@pytest.mark.parametrize("headers", [
    {},
    {"Cookie": "cg_link=" + "A" * 43},  # a browser's sign-in cookie is no proof
    {"Authorization": "CommonGroundLink " + "A" * 43},  # not a facilitator's link
    {"Authorization": "CommonGroundAdmin " + "A" * 43},  # not the server's secret
    {"Authorization": "Bearer anything", "X-Forwarded-For": "127.0.0.1"},
])
def test_preparing_a_module_is_refused_without_proof(server, headers):
    """The one path that changes the server (commonground.server.room): a POST without
    a facilitator's link or the administrator's secret gets 403 and starts nothing."""
    request = urllib.request.Request(
        server + "/commonground/room", method="POST", headers=headers,
        data=b'{"action": "prepare", "module": "03_trauma_informed", "people": 30}')
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, body = response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read().decode()
    assert status == 403, body
    assert "Only a facilitator" in body
