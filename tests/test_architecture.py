"""The shape of the code: each table has one owner module; no module imports another that
imports it back (not even from inside a function); each wing imports only the wings below
it (``LAYERS``, counting module names written as strings); the personal-link token, the
course's environment and the anonymity rule each have one owner module."""

from __future__ import annotations

import ast
import re
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


# -- Wings: which rooms of the package may import which ----------------------------------
# The small modules every wing may use: settings, safe text and the HTML templates, the
# course's environment, the errors said to people, private files, the graph helper.
BASE = {"config", "text", "_graph", "environment", "errors", "private_files", "templates"}
LAYERS: dict[str, set[str]] = {  # wing -> the other wings it may import
    "base": set(),
    "content": {"base"},  # course content: the files in content/
    "scenario": {"base", "content"},  # the role-play engine, pure Python
    "data": {"base", "content", "scenario"},  # the database and each table's owner
    "access": {"base", "data"},  # who someone is: the link, identity
    "spaces": {"base", "data"},  # the cohort's shared spaces
    "mail": {"base", "data", "access"},  # email: the relay's settings, sending, link emails
    "pages": {"base", "content", "scenario", "data", "access", "spaces", "mail",
              "admin", "lti"},  # models (of admin and lti only some modules: ONLY)
    "grading": {"base", "content", "scenario", "data"},  # nbgrader
    "pack": {"base", "content", "scenario", "data", "pages"},  # the facilitator's pack
    # A course kernel, and the kernel template, which imports what a page will (by name).
    "kernel": {"base", "widgets"},
    "server": {"base", "content", "data", "access", "kernel", "grading"},  # commonground serve
    "hub": {"base", "content", "data", "access", "server", "lti"},  # JupyterHub
    # Launching from an LMS (LTI 1.3): registrations, keys, the launch and its pages.
    "lti": {"base", "content", "data", "access", "server"},
    "admin": {"base", "content", "scenario", "data", "access", "spaces", "grading", "pack",
              "hub", "server", "mail", "lti"},  # the commands, cohorts, rosters
    "facade": {"base", "content", "data", "access", "pages"},  # `from commonground import`
    "entry": {"admin"},  # python -m commonground
    "widgets": {"base", "facade", "content", "scenario", "data", "access", "spaces", "pages",
                "pack", "admin", "server", "mail", "grading", "hub"},  # the views
}
# Where a wing may take only some modules of another.
ONLY: dict[tuple[str, str], set[str]] = {
    ("widgets", "server"): {"commonground.server.client"},  # a page asks for the room
    # the administrator's page runs cohorts with the commands' own tools
    ("pages", "admin"): {"commonground.admin.cohorts"},
    # The dashboard runs the grading cycle (commonground.grading.cycle: a child process)
    # and names the hub's formgrader service after the cohort's slug.
    ("widgets", "grading"): {"commonground.grading.cycle"},
    ("widgets", "hub"): {"commonground.hub.groups"},
    # The server's formgrader runs in the cohort's own nbgrader course.
    ("server", "grading"): {"commonground.grading", "commonground.grading.folders"},
    # The dashboard brings an LMS course's roster in.
    # The administrator's page registers an LMS by hand, as `commonground lti` does.
    ("pages", "lti"): {"commonground.lti.roster", "commonground.lti.settings",
                       "commonground.lti.registry"},
}
# Libraries a view never imports: the database and the server live elsewhere.
NOT_IN_WIDGETS = ("sqlalchemy", "alembic", "psycopg", "tornado", "jupyter_server", "voila",
                  "jupyterhub")


def wing(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "widgets":
        return "widgets"
    if module == "commonground":
        return "facade"
    if module == "commonground.__main__":
        return "entry"
    return "base" if parts[1] in BASE else parts[1]


def _docstrings(tree: ast.Module) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            ids.add(id(body[0].value))
    return ids


def _code_strings(tree: ast.Module) -> list[str]:
    """Every string written in the code (f-strings' fixed parts too), docstrings aside."""
    skip = _docstrings(tree)
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in skip]


def _named_modules(tree: ast.Module) -> set[str]:
    """Our modules named in strings (``"widgets.course"``, ``"commonground.server.kernels.
    CourseKernelManager"``): imports that an import graph does not see."""
    out = set()
    for text in _code_strings(tree):
        name = text.replace(":", ".")
        while "." in name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name in MODULES and name not in PACKAGES and re.fullmatch(r"[\w.:]+", text):
            out.add(name)
    return out


def _strays(name: str, tree: ast.Module) -> list[str]:
    mine = wing(name)
    allowed = LAYERS[mine]
    found = []
    for target in sorted(_runtime_imports(name, tree) | _named_modules(tree)):
        theirs = wing(target)
        if theirs == mine:
            continue
        only = ONLY.get((mine, theirs))
        if theirs not in allowed or (only is not None and target not in only):
            found.append(f"{name} ({mine}) imports {target} ({theirs})")
    return found


def test_every_module_is_in_a_wing():
    assert {wing(m) for m in MODULES} <= set(LAYERS)
    assert all(w in LAYERS for targets in LAYERS.values() for w in targets)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_wing_imports_only_the_wings_below_it(name):
    strays = _strays(name, MODULES[name])
    assert strays == [], "; ".join(strays) + ": see LAYERS in tests/test_architecture.py"


def test_the_layer_check_sees_a_module_named_in_a_string():
    tree = ast.parse('"""Docs name widgets.course freely."""\nPRELOAD = ("widgets.course",)\n')
    assert _strays("commonground.server.app", tree) == [
        "commonground.server.app (server) imports widgets.course (widgets)"]
    tree = ast.parse("from commonground.server import app\n")
    assert _strays("widgets.room", tree) == [
        "widgets.room (widgets) imports commonground.server.app (server)"]


def _third_party(tree: ast.Module) -> set[str]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("name", sorted(m for m in MODULES if wing(m) == "widgets"))
def test_views_import_neither_the_database_nor_the_server(name):
    assert not _third_party(MODULES[name]) & set(NOT_IN_WIDGETS)


# -- One rule, one place -----------------------------------------------------------------
LINK_OWNER = "commonground.access.link"
ENVIRONMENT_OWNER = "commonground.environment"
_TOKEN_TEXT = re.compile(r"(^|[?&])t=", re.IGNORECASE)


def _reads_link(tree: ast.Module) -> list[str]:
    """How a module reads a personal link itself: the ``t=`` parameter, the sign-in
    cookie's parsing, or the query-string parsers."""
    found = [f"the string {text!r}" for text in _code_strings(tree)
             if text in ("t", "T") or _TOKEN_TEXT.search(text)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id == "TOKEN_PARAM":
            found.append("TOKEN_PARAM")
        elif isinstance(node, ast.ImportFrom) and node.module in ("http.cookies",
                                                                   "urllib.parse"):
            found += [f"{node.module}.{a.name}" for a in node.names
                      if a.name in ("SimpleCookie", "parse_qs", "parse_qsl")]
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name == "http.cookies"]
    return found


def _reads_environment(tree: ast.Module) -> list[str]:
    return [text for text in _code_strings(tree) if text.startswith("COMMONGROUND_")]


@pytest.mark.parametrize("name", sorted(set(MODULES) - {LINK_OWNER}))
def test_only_the_link_owner_reads_a_personal_link(name):
    assert _reads_link(MODULES[name]) == [], (
        f"{name} reads a personal link itself: call {LINK_OWNER} (read_link, "
        "token_from_query, address_without, with_token, masked) instead")


@pytest.mark.parametrize("name", sorted(set(MODULES) - {ENVIRONMENT_OWNER}))
def test_only_the_environment_owner_reads_the_course_environment(name):
    assert _reads_environment(MODULES[name]) == [], (
        f"{name} reads the course's environment itself: use {ENVIRONMENT_OWNER}.read() "
        "(or tell_kernels() on a server)")


def test_the_rule_checks_see_a_module_doing_it_itself():
    tree = ast.parse(
        '"""Opened as ?t=<token>."""\nimport os\nfrom http.cookies import SimpleCookie\n'
        'token = dict(q).get("t")\nurl = f"{base}?t={token}"\n'
        'db = os.environ["COMMONGROUND_DB"]\n')
    assert _reads_link(tree) == ["the string 't'", "the string '?t='",
                                 "http.cookies.SimpleCookie"]
    assert _reads_environment(tree) == ["COMMONGROUND_DB"]
    assert _reads_link(MODULES[LINK_OWNER]) != []  # the owner itself is seen doing it
    assert _reads_environment(MODULES[ENVIRONMENT_OWNER]) != []


# -- Anonymous writing: one rule, one owner ----------------------------------------------
ANONYMITY_OWNER = "commonground.data.anonymity"
# The owners' readers that hand out anonymous posts as they are stored (with their
# times, in time order, whoever could have written them): whoever calls one must show
# what it gets through the rule's owner.
RAW_ANONYMOUS_READERS = {"list_posts", "cohort_posts"}
# Readers that hand out anonymous items already shaped by the rule (they call it).
SHAPED_ANONYMOUS_READERS = {"shared_reflections", "cohort_shared"}
# The rule's threshold, and the times anonymous items carry.
THRESHOLD = "MIN_AUTHORS"
TIMES = {"created_at", "submitted_at", "surfaced_at", "posted_at"}
SORTS = {"sorted", "sort", "order_by", "min", "max", "nlargest", "nsmallest"}


def _called(node: ast.Call) -> str:
    f = node.func
    return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""


def _handles_anonymity_itself(name: str, tree: ast.Module) -> list[str]:
    """How a module decides about anonymous items without the rule's owner: naming the
    threshold; or, reading anonymous items, not calling the owner, or sorting by time."""
    found = [f"names {THRESHOLD}" for n in ast.walk(tree)
             if (isinstance(n, ast.Name) and n.id == THRESHOLD)
             or (isinstance(n, ast.Attribute) and n.attr == THRESHOLD)
             or (isinstance(n, ast.alias) and n.name == THRESHOLD)]
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    reads = {_called(c) for c in calls} & (RAW_ANONYMOUS_READERS | SHAPED_ANONYMOUS_READERS)
    if not reads:
        return found
    if reads & RAW_ANONYMOUS_READERS and ANONYMITY_OWNER not in _runtime_imports(name, tree):
        found.append(f"reads anonymous posts ({', '.join(sorted(reads))}) without "
                     f"calling {ANONYMITY_OWNER}")
    for call in calls:
        if _called(call) in SORTS:
            named = {n.attr for n in ast.walk(call) if isinstance(n, ast.Attribute)}
            named |= {n.value for n in ast.walk(call) if isinstance(n, ast.Constant)}
            if named & TIMES:
                found.append(f"puts items in time order itself (line {call.lineno})")
    return found


# The owners of the tables that hold anonymous writing store and read it as it is; the
# rule's owner shapes it. (data.reflections calls the owner for every cohort-wide read.)
_ANONYMOUS_SOURCES = {ANONYMITY_OWNER, "commonground.spaces._posts"}


@pytest.mark.parametrize("name", sorted(set(MODULES) - _ANONYMOUS_SOURCES))
def test_only_the_anonymity_owner_decides_how_anonymous_items_are_shown(name):
    strays = _handles_anonymity_itself(name, MODULES[name])
    assert strays == [], (
        f"{name} {'; '.join(strays)}: show anonymous items through {ANONYMITY_OWNER} "
        "(Cover, present), which decides who may see them, with what date and in what order")


def test_the_anonymity_check_sees_a_module_doing_it_itself():
    tree = ast.parse(
        "from commonground.spaces._posts import list_posts\n"
        "MIN_AUTHORS = 3\n"
        "def queue(conn, viewer):\n"
        "    rows = list_posts(conn, viewer, ('jargon',))\n"
        "    return sorted(rows, key=lambda r: r.created_at, reverse=True)\n")
    assert _handles_anonymity_itself("commonground.spaces.moderation", tree) == [
        "names MIN_AUTHORS",
        "reads anonymous posts (list_posts) without calling commonground.data.anonymity",
        "puts items in time order itself (line 5)",
    ]
    assert _handles_anonymity_itself(ANONYMITY_OWNER, MODULES[ANONYMITY_OWNER]) != []
