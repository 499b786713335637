"""Words, never ids: what people read names a reflection, a module or a role-play by its
title, never by the id the database keeps it under.

A cohort plays a role-play through the real views, writes the reflection at its end and
gets feedback on it; then every page model, download and export that could name those
things is read as its reader would read it (the text of the HTML, the cells of the
tables), and any raw id fails the test: the after-role-play prompt's id
(``scenario-…``), a module's id (``03_trauma_informed``), a scenario's, prompt's, seat's
or choice's id, a path in the repository (``content/…``, ``….yaml``) or a participant's
pseudonym (``p`` and ten hex digits), which only nbgrader's files may carry.
"""

from __future__ import annotations

import base64
import re
from dataclasses import fields, is_dataclass
from html.parser import HTMLParser

import ipywidgets as w
import pytest

from commonground import journal_html, journal_markdown, load_journal
from commonground.admin import cohorts as admin
from commonground.content.course import load_course
from commonground.pack.paper import paper_play
from commonground.pack.paper_html import paper_html, seat_html
from commonground.pages.dashboard import Dashboard
from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
from commonground.scenario import load_scenarios
from commonground.scenario.titles import debrief_of
from tests._cohorts import facilitator_of
from tests._widgets import walk
from widgets import course as facade
from widgets.dashboard import DashboardView
from widgets.journal import JournalPage
from widgets.scenario import ScenarioPlayer

SCENARIO = "traumatised_organisation"
SEAT = "returning_worker"
COURSE = load_course()
SCENARIOS = load_scenarios(COURSE.root / "scenarios", check=False)
# The reflection at the role-play's end is titled with the seat it was played from.
DEBRIEF_TITLE = (f"After the role-play, as {SCENARIOS[SCENARIO].roles[SEAT].name}: "
                 f"{SCENARIOS[SCENARIO].title}")


def _the_role_plays(prompt_id: str) -> bool:
    """Whether a prompt id is the question the role-play asked at its end (of any seat
    and ending: the format is commonground.scenario.debrief's)."""
    after = debrief_of(prompt_id)
    return after is not None and after.scenario_id == SCENARIO


def _ids() -> set[str]:
    """Every id the course's content uses for a module, prompt, role-play, seat, step,
    choice or score (all lower case with "_" or "-", so never an ordinary word)."""
    found = {m.id for m in COURSE.modules}
    for m in COURSE.modules:
        found |= set(COURSE.prompts(m.id))
    for s in SCENARIOS.values():
        found |= {s.id, *s.roles, *s.nodes, *s.variables, *s.choices()}
    return {i for i in found if "_" in i or "-" in i}


IDS = _ids()
RAW = [
    ("the after-role-play prompt's id", re.compile(r"\bscenario-[a-z0-9_]")),
    ("a module's id", re.compile(r"\b\d\d_[a-z]")),
    ("a path in the repository", re.compile(r"\bcontent/|\.ya?ml\b|\.ipynb\b")),
    ("a participant's pseudonym", re.compile(r"\bp[0-9a-f]{10}\b")),
    ("an id from the course's content",
     re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(IDS, key=len,
                                                                  reverse=True)))
                + r")(?![\w-])")),
]


def raw_ids(text: str) -> list[str]:
    return [f"{what}: {m.group(0)!r} in …{text[max(0, m.start() - 60):m.end() + 60]}…"
            for what, pattern in RAW for m in pattern.finditer(text)]


class _Readable(HTMLParser):
    """What a reader of an HTML page or piece sees: its text and the attributes that are
    shown or read aloud (not addresses, classes or the stylesheet)."""

    SHOWN = frozenset({"title", "alt", "aria-label", "placeholder", "value"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def readable(html: str) -> str:
    """The words of HTML, plus the files its download links carry (CSV, Markdown, HTML)."""
    parser = _Readable()
    parser.feed(html)
    words = " ".join(parser.parts)
    for mime, data in re.findall(r'href="data:([^;,"]+)(?:;charset=utf-8)?;base64,([^"]+)"',
                                 html):
        if mime in ("text/csv", "text/markdown"):
            words += "\n" + base64.b64decode(data).decode("utf-8-sig")
        elif mime == "text/html":
            words += "\n" + readable(base64.b64decode(data).decode("utf-8"))
    return words


def shown_by(widget: w.Widget) -> str:
    """Everything a widget tree shows: HTML as its words, labels, tooltips and choices."""
    parts = []
    for each in walk(widget):
        value = getattr(each, "value", None)
        if isinstance(each, w.HTML | w.HTMLMath) and isinstance(value, str):
            parts.append(readable(value))
        elif isinstance(value, str):
            parts.append(value)
        for name in ("description", "tooltip", "placeholder"):
            parts.append(str(getattr(each, name, "") or ""))
        parts += [str(label) for label in getattr(each, "_options_labels", ())]
    return "\n".join(parts)


def shown_fields(rows: object) -> str:
    """The words of a page model's rows: every field but the ones that are ids by design
    (``module_id``, ``prompt_id``…, which the views use to look things up)."""
    out = []
    for row in rows if isinstance(rows, list | tuple) else [rows]:
        if is_dataclass(row):
            for f in fields(row):
                value = getattr(row, f.name)
                if f.name.endswith("_id") or f.name == "id":
                    continue
                out.append(shown_fields(value) if isinstance(value, list | tuple)
                           or is_dataclass(value) else str(value))
        else:
            out.append(str(row))
    return "\n".join(out)


# -- the cohort ---------------------------------------------------------------------------
def _play_and_reflect(store, person, words: str, visibility: str) -> ScenarioPlayer:
    """One trainee plays the role-play to an ending in the player view, always taking
    the first choice, and submits the reflection its ending asks for."""
    player = ScenarioPlayer(ScenarioPlayerModel(store, person, get_scenario(SCENARIO)))
    player.start(SEAT)
    for _ in range(60):
        view = player.model.view()
        if view.is_ending:
            break
        player.choose(view.choices[0].id)
    box = player.reflection_box
    assert box is not None, "the ending asks for a reflection"
    box.type(words)
    box.submit(visibility)
    return player


@pytest.fixture
def played(store, cohort, trainee, other_trainee, third_trainee):
    """Ana, Ben and Cat (and two more from Ana's agency, so choices can be counted) played
    the role-play and wrote its reflection: Ana and Ben for the facilitator, who answered
    Ana's, two for the cohort, one for themselves."""
    more = [store.people.get(store.people.add_participant(cohort.id, name, "Family Support"))
            for name in ("Dee Ng", "Eli Roe")]
    players = {}
    for person, visibility in [(trainee, "facilitator"), (other_trainee, "facilitator"),
                               (third_trainee, "cohort"), (more[0], "cohort"),
                               (more[1], "private")]:
        players[person.display_name] = _play_and_reflect(
            store, person, f"{person.display_name} on coming back to the team.", visibility)
        store.progress.complete(person.id, "03_trauma_informed")
        store.progress.visit(person.id, "04_jargon_and_uncomfortable_moments")
    store.reflections.submit(trainee.id, "01_safe_environment", "safe-env-power",
                             "Power sat with the funder.", "facilitator")
    store.reflections.submit(other_trainee.id, "99_retired", "old-prompt", "Kept.", "cohort")
    facilitator = facilitator_of(store, cohort)
    board = Dashboard(store, facilitator)
    [ana] = [i for i in board.awaiting_feedback()
             if _the_role_plays(i.prompt_id) and i.participant_id == trainee.id]
    board.give_feedback(ana, "Thank you for naming it.", "complete")
    return players, facilitator


def _no_raw_ids(where: str, text: str) -> None:
    assert text.strip(), f"{where}: nothing to read"
    found = raw_ids(text)
    assert not found, f"{where} shows ids, not words:\n" + "\n".join(found)


# -- the tests ----------------------------------------------------------------------------
def test_the_patterns_catch_what_the_issue_found():
    for seen in ("Module 3: Trauma-informed practice: scenario-traumatised_organisation",
                 "Open “scenario-traumatised_organisation” in its module",
                 "content/scenarios/traumatised_organisation.yaml", "03_trauma_informed",
                 "about: safe-env-power", "id p1a2b3c4d5e"):
        assert raw_ids(seen), seen
    assert not raw_ids("After the role-play: Coming back to a team under strain. "
                       "Module 3: Trauma-informed practice. Person-centred, 2 out of 3.")


def test_the_journal_page_and_its_downloads(page_env, store, played, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    page = next(x for x in walk(facade.journal_page()) if isinstance(x, JournalPage))
    shown = shown_by(page)
    assert DEBRIEF_TITLE in shown
    assert "Open “After the role-play, as " in shown
    _no_raw_ids("My journal", shown)
    _no_raw_ids("the Markdown download", page.markdown)
    _no_raw_ids("the printable download", readable(page.html))


@pytest.mark.parametrize("who", ["trainee", "other_trainee"])
def test_every_journal_names_the_role_play_and_asks_its_question(store, course, played,
                                                                  request, who):
    person = request.getfixturevalue(who)
    journal = load_journal(store, person, course)
    [entry] = [e for e in journal.entries if _the_role_plays(e.prompt_id)]
    scenario = get_scenario(SCENARIO)
    assert entry.prompt_title == DEBRIEF_TITLE
    asked = {n.ending.reflection for n in scenario.nodes.values() if n.ending}
    assert entry.prompt_text in asked  # the question of the ending this trainee reached
    assert entry.module_label == "Module 3: " + COURSE.module("03_trauma_informed").title
    _no_raw_ids("the journal (Markdown)", journal_markdown(journal))
    _no_raw_ids("the journal (HTML)", readable(journal_html(journal)))


def test_the_cohort_export(store, cohort, played):
    frames = admin.export_tables(store, cohort.name)
    shared = frames["shared"]
    assert any(about.startswith(DEBRIEF_TITLE + ": ") for about in shared["about"])
    assert "id" not in frames["participation"].columns  # people by name, not pseudonym
    for name, frame in frames.items():
        _no_raw_ids(f"the export's {name} table", frame.to_csv(index=False))


def test_the_dashboard_model_and_view(store, played):
    _players, facilitator = played
    board = Dashboard(store, facilitator)
    choices = board.scenario_choices()
    assert choices.cells, "three people of one agency chose alike"
    for what, rows in [("by module", board.by_module()), ("by agency", board.by_agency()),
                       ("awaiting feedback", board.awaiting_feedback()),
                       ("role-play choices", list(choices.cells))]:
        _no_raw_ids(f"the dashboard's {what}", shown_fields(rows))
    view = DashboardView(store, facilitator, live=False)
    try:
        shown = shown_by(view)
        assert DEBRIEF_TITLE in shown
        _no_raw_ids("the dashboard", shown)
    finally:
        view.close()


def test_the_role_play_player_after_the_ending(played):
    players, _facilitator = played
    _no_raw_ids("the role-play's ending", shown_by(players["Ben Cho"]))


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_paper_role_play(scenario_id):
    play = paper_play(get_scenario(scenario_id))
    page = readable(paper_html(play, COURSE))
    assert "Module " in page
    _no_raw_ids(f"the paper role-play {scenario_id}", page)
    for deck in play.decks:  # what each group gets: its own seat's cards
        _no_raw_ids(f"the paper role-play {scenario_id}, one seat",
                    readable(seat_html(play, deck)))
