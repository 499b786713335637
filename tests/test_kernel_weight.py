"""A trainee's kernel stays light: running a module never imports pandas, nbgrader,
matplotlib or jsonschema (45 MB and 0.5 s, 115 MB and 3.8 s, ... per trainee)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "nbgrader", "matplotlib", "jsonschema", "openpyxl", "alembic", "weasyprint",
         "nbconvert")
TRAINEE_PAGES = sorted(
    p.name for p in (ROOT / "modules").glob("*.ipynb") if "facilitator" not in p.name
)

RUNNER = """
import json, sys
cells = json.loads(sys.stdin.read())
namespace = {}
for source in cells:
    exec(compile(source, "<cell>", "exec"), namespace)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in %r)))
"""


@pytest.mark.parametrize("name", TRAINEE_PAGES)
def test_module_page_does_not_load_heavy_packages(name, tmp_path):
    nb = json.loads((ROOT / "modules" / name).read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    env = {**os.environ, "COMMONGROUND_DB": f"sqlite:///{tmp_path / 'k.db'}"}
    env.pop("QUERY_STRING", None)
    out = subprocess.run(
        [sys.executable, "-c", RUNNER % (HEAVY,)], input=json.dumps(cells), cwd=ROOT / "modules",
        env=env, capture_output=True, text=True, check=True, timeout=120,
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
