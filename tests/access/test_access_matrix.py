"""Who can see what, on every page the course serves: each kind of visitor opens every
notebook in modules/ the way its kernel would, and we read every word on the page.

Trainee A (cohort X) writes a private reflection, one shared with the facilitator, one
shared with the cohort (anonymously) and an elephant. The table says, for each visitor,
which of A's words may appear anywhere on any of their pages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commonground.admin.cohorts import ensure_facilitator
from commonground.pages.session import reset_session
from commonground.spaces import ElephantBox
from tests._widgets import walk

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(p.stem for p in (ROOT / "modules").glob("*.ipynb"))
WORDS = {
    "private": "Quenda-private-7731",
    "facilitator": "Quenda-facilitator-7732",
    "cohort": "Quenda-cohort-7733",
    "elephant": "Quenda-elephant-7734",
}
# visitor -> which of A's words they may see (anywhere, on any page)
MAY_SEE = {
    "A": {"private", "facilitator", "cohort", "elephant"},
    "A, with another parameter": {"private", "facilitator", "cohort", "elephant"},
    "B, same cohort": {"cohort"},
    "C, other cohort": set(),
    "X's facilitator": {"facilitator", "cohort", "elephant"},
    "revoked trainee of X": set(),
    "self-paced browser 1": set(),
    "self-paced browser 2": set(),
    "a garbage token": set(),
    "A's token in another case": set(),
    "the course administrator": set(),  # cohorts and counts, never anyone's writing
}
SHOWN = ("value", "description", "placeholder", "tooltip", "alt")


@pytest.fixture
def world(store, cohort, trainee, other_trainee):
    """A's writing in cohort X, and every kind of visitor, as page environments."""
    r = store.reflections
    r.submit(trainee.id, "00_welcome", "welcome-why-here", WORDS["private"], "private")
    r.submit(trainee.id, "01_safe_environment", "safe-env-power", WORDS["facilitator"],
             "facilitator")
    r.submit(trainee.id, "01_safe_environment", "safe-env-ingredients", WORDS["cohort"],
             "cohort")
    ElephantBox(store, trainee).add(WORDS["elephant"])
    people = store.people
    other = people.create_cohort("Cohort Y", "Sam")
    c = people.add_participant(other.id, "Cat Diaz", "Health", "Nurse")
    revoked = people.add_participant(cohort.id, "Rex Moss", "Housing", "Worker")
    token_of = {pid: people.issue_link(pid) for pid in
                (trainee.id, other_trainee.id, c, revoked, ensure_facilitator(store, cohort))}
    people.revoke_links(revoked)
    a = token_of[trainee.id]
    swapped = a.swapcase() if a.swapcase() != a else a[::-1]

    def link(token: str, extra: str = "") -> dict[str, str]:
        return {"QUERY_STRING": f"t={token}{extra}"}

    def browser(n: int) -> dict[str, str]:
        return {"HTTP_COOKIE": f"cg_learner=browser-{n}-" + "x" * 24}

    return {
        "A": link(a),
        "A, with another parameter": link(a, "&utm_source=email"),
        "B, same cohort": link(token_of[other_trainee.id]),
        "C, other cohort": link(token_of[c]),
        "X's facilitator": link(token_of[ensure_facilitator(store, cohort)]),
        "revoked trainee of X": link(token_of[revoked]),
        "self-paced browser 1": browser(1),
        "self-paced browser 2": browser(2),
        "a garbage token": link("not-a-token-at-all-00000000"),
        "A's token in another case": link(swapped),
        "the course administrator": link(store.administrators.issue_link()),
    }


def _run_cells(page: str) -> list:
    """Run a page's code cells as its kernel would; the value of each cell's last line."""
    import ast

    nb = json.loads((ROOT / "modules" / f"{page}.ipynb").read_text(encoding="utf-8"))
    namespace: dict = {}
    values = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, page, "exec"), namespace)
        if last is not None:
            values.append(eval(compile(ast.Expression(last.value), page, "eval"), namespace))
    return values


def _seen_by(page_env, env: dict[str, str]) -> str:
    import ipywidgets as w

    page_env.delenv("QUERY_STRING", raising=False)
    page_env.delenv("HTTP_COOKIE", raising=False)
    page_env.setenv("COMMONGROUND_SELF_PACED", "browser")
    for name, value in env.items():
        page_env.setenv(name, value)
    shown: list[str] = []
    for page in PAGES:
        reset_session()
        for value in _run_cells(page):
            if isinstance(value, w.Widget):
                for widget in walk(value):
                    shown += [str(getattr(widget, n, "") or "") for n in SHOWN]
                    shown += [str(o) for o in getattr(widget, "options", ()) or ()]
        w.Widget.close_all()
    reset_session()
    return "\n".join(shown)


@pytest.mark.parametrize("visitor", list(MAY_SEE))
def test_every_page_shows_each_visitor_only_what_they_may_see(page_env, world, visitor):
    from widgets import timer

    try:
        seen = _seen_by(page_env, world[visitor])
    finally:
        timer.stop()
    visible = {what for what, word in WORDS.items() if word in seen}
    assert visible == MAY_SEE[visitor]
    # A's name, too, reaches only A and the facilitator (A posted nothing under it).
    assert ("Ana Lee" in seen) == (visitor in ("A", "A, with another parameter",
                                               "X's facilitator"))


def test_the_matrix_covers_every_page_and_visitor():
    assert len(PAGES) >= 10
    assert len(MAY_SEE) * len(WORDS) == 44
