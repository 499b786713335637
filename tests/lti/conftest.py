"""The test LMS and the course's LTI pages, for the HTTP tests of this folder."""

from __future__ import annotations

import pytest

from commonground.lti.settings import key_folder
from harness.lti_platform import lti_platform, lti_tool


@pytest.fixture
def lti_keys(db_url, tmp_path, monkeypatch):
    """Where the course keeps its LTI keys for this test's database (beside a SQLite
    file; for PostgreSQL in a data folder of this test's own)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return key_folder(db_url)


@pytest.fixture
def lms(store, lti_keys):
    """The course's LTI pages (keys in ``lti_keys``) and the test LMS, registered with the
    course."""
    with lti_tool(store, lti_keys) as (tool, site), lti_platform(tool) as lms:
        lms.register_with(store)
        site.refresh_frames()
        yield lms
