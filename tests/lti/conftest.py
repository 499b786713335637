"""The test LMS and the course's LTI pages, for the HTTP tests of this folder."""

from __future__ import annotations

import pytest

from harness.lti_platform import lti_platform, lti_tool


@pytest.fixture
def lms(store, tmp_path):
    """The course's LTI pages (keys in ``tmp_path/lti-keys``) and the test LMS, registered
    with the course."""
    with lti_tool(store, tmp_path / "lti-keys") as (tool, site), lti_platform(tool) as lms:
        lms.register_with(store)
        site.refresh_frames()
        yield lms
