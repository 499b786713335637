"""``commonground.scenario`` loads its names lazily at run time, and tells type checkers
the same names (an ``if TYPE_CHECKING:`` block): the two lists must agree."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import commonground.scenario as scenario

SOURCE = Path(scenario.__file__).read_text(encoding="utf-8")


def _type_checking_imports() -> dict[str, str]:
    """Name -> submodule, from the ``if TYPE_CHECKING:`` block."""
    found: dict[str, str] = {}
    for node in ast.parse(SOURCE).body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom) and stmt.level == 1, ast.unparse(stmt)
                for alias in stmt.names:
                    assert alias.asname is None
                    found[alias.name] = str(stmt.module)
    return found


def test_type_checkers_see_every_lazy_name_from_its_module():
    assert _type_checking_imports() == scenario._EXPORTS


def test_all_lists_every_lazy_name():
    assert sorted(scenario.__all__) == sorted(scenario._EXPORTS)


def test_each_lazy_name_is_in_its_module():
    for name, module in scenario._EXPORTS.items():
        assert hasattr(importlib.import_module(f"commonground.scenario.{module}"), name), name


def test_names_are_still_loaded_only_when_asked_for():
    code = ("import sys, commonground.scenario as s; "
            "print(sorted(m for m in ('graph', 'twee', 'cli', 'check') "
            "if f'commonground.scenario.{m}' in sys.modules)); "
            "s.to_svg; print('commonground.scenario.graph' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["[]", "True"]
