"""Test-wide set-up that must also reach the notebooks nbval runs (modules/)."""

import os
import tempfile


def pytest_configure(config):
    # Kernels started by nbval inherit this: notebooks never touch a real database.
    if "COMMONGROUND_TEST_DIR" not in os.environ:
        tmp = tempfile.mkdtemp(prefix="cg-test-")
        os.environ["COMMONGROUND_TEST_DIR"] = tmp
        os.environ["COMMONGROUND_DB"] = f"sqlite:///{tmp}/nbval.db"
    os.environ.pop("JUPYTERHUB_USER", None)
    os.environ.pop("QUERY_STRING", None)
