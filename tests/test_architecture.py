"""The shape of the code: each table has one owner module, and no module imports another
that imports it back (not even from inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from commonground._graph import cycles
from commonground.data import _schema

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("commonground", "widgets")
# Work on the schema as a whole (creating, upgrading, purging a cohort), not on a table.
WHOLE_SCHEMA = {"commonground.data.store", "commonground.data._purge",
                "commonground.data.migrations.env"}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return found


MODULES = _modules()


def _is_package(name: str) -> bool:
    return (ROOT / Path(*name.split(".")) / "__init__.py").exists()


def _resolve(module: str, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".")
    if not _is_package(module):
        base = base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _runtime_imports(name: str, tree: ast.Module) -> set[str]:
    """Every module of ours this one imports at run time, inside functions too (but not
    under ``if TYPE_CHECKING:``)."""
    out: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(name, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in MODULES else base)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in out if m.split(".")[0] in PACKAGES and m in MODULES}


def _schema_names(name: str, tree: ast.Module) -> set[str]:
    """The table objects (and ``metadata``) a module takes from ``_schema``."""
    aliases, used = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = _resolve(name, node.level, node.module)
            for alias in node.names:
                if f"{base}.{alias.name}" == "commonground.data._schema":
                    aliases.add(alias.asname or alias.name)
                elif base == "commonground.data._schema":
                    used.add(alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "commonground.data._schema":
                    aliases.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases):
            used.add(node.attr)
    tables = set(_schema.metadata.tables) | {"metadata"}
    return used & tables


@pytest.mark.parametrize("name", sorted(MODULES))
def test_tables_are_used_only_by_their_owner(name):
    used = _schema_names(name, MODULES[name])
    if name in WHOLE_SCHEMA:
        return
    owned = {t for t, owner in _schema.OWNERS.items() if f"commonground.{owner}" == name}
    assert used <= owned, (
        f"{name} uses the tables {sorted(used - owned)}; call their owner instead: "
        + ", ".join(f"{t} -> commonground.{_schema.OWNERS.get(t, '?')}"
                    for t in sorted(used - owned))
    )


def test_every_table_has_one_owner_that_uses_it():
    assert set(_schema.OWNERS) == set(_schema.metadata.tables)
    for table, owner in _schema.OWNERS.items():
        assert table in _schema_names(f"commonground.{owner}", MODULES[f"commonground.{owner}"])


def test_the_ownership_check_sees_a_stray_query():
    tree = ast.parse("from ..data import _schema as t\nrows = t.posts.select()\n")
    assert _schema_names("commonground.spaces.jargon", tree) == {"posts"}


def test_no_import_cycles():
    graph = {name: _runtime_imports(name, tree) for name, tree in MODULES.items()}
    # A package's __init__ re-exporting its own modules is not a cycle of theirs.
    for name in graph:
        graph[name] = {m for m in graph[name] if not (m != name and name.startswith(m + "."))}
    cycles = _cycles(graph)
    assert cycles == [], "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that import each other, round in a circle."""
    edges = {v: sorted(graph.get(v, ())) for v in sorted(graph)}
    for targets in list(edges.values()):
        for w in targets:
            edges.setdefault(w, [])
    return sorted(sorted(c) for c in cycles(edges) if len(c) > 1)


def test_the_cycle_check_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]
