"""The pack, built once for the test session and read by test_build and test_layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.admin.cli import main


@pytest.fixture(scope="session")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "pack"
    assert main(["pack", "build", "--out", str(out)]) == 0
    return out
