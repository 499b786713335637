"""The facade notebooks call: sign-in, blocked pages, one widget per call."""

import pytest

from commonground.content.course import load_course
from tests._db import row_counts
from tests._widgets import walk
from widgets import CourseNav, ModuleFooter, ReflectionBox, course


def test_personal_link_page(page_env, store, trainee):
    token = store.people.issue_link(trainee.id)
    page_env.setenv("QUERY_STRING", f"t={token}")
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "Ana Lee" in nav.outline.value
    assert f"./01_safe_environment.ipynb?t={token}" in nav.outline.value
    assert isinstance(course.reflection("welcome-why-here"), ReflectionBox)
    assert isinstance(course.footer("00_welcome"), ModuleFooter)
    assert store.progress.for_participant(trainee.id)["00_welcome"].visited


def test_the_header_says_where_you_are_without_contradicting_itself(page_env, store, trainee):
    """Modules are numbered from 0 (the welcome) to 7, everywhere; the header said "Module
    0 of 7 · 0 of 8 completed", two counts that disagree."""
    token = store.people.issue_link(trainee.id)
    page_env.setenv("QUERY_STRING", f"t={token}")
    store.progress.complete(trainee.id, "00_welcome")
    total = len(load_course().modules)
    for module_id, number in (("00_welcome", 0), ("03_trauma_informed", 3)):
        head = course.header(module_id)
        nav = next(w for w in walk(head) if isinstance(w, CourseNav))
        assert f"Module {number} · 1 of {total} modules completed" in nav.outline.value
        assert f"of {total - 1}" not in nav.outline.value


def test_invalid_link_blocks_the_page_and_writes_nothing(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", "t=revoked-or-made-up-token")
    before = row_counts(store)
    head = course.header("00_welcome")
    assert "This link is not valid" in "".join(
        getattr(w, "value", "") for w in walk(head) if isinstance(getattr(w, "value", ""), str)
    )
    assert course.reflection("welcome-why-here") is None
    assert course.footer("00_welcome") is None
    assert row_counts(store) == before


def test_self_paced_page(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "on your own" in nav.outline.value
    assert "?t=" not in nav.outline.value


def test_unknown_prompt_names_the_file(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    course.header("00_welcome")
    with pytest.raises(KeyError, match=r"content/prompts/00_welcome\.yaml"):
        course.reflection("no-such-prompt")


@pytest.mark.sqlite_only  # builds its own SQLite file
def test_newer_database_gives_a_plain_message(page_env, tmp_path):
    import sqlite3

    path = tmp_path / "newer.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '99')")
    con.commit()
    page_env.setenv("COMMONGROUND_DB", f"sqlite:///{path}")
    head = course.header("00_welcome")
    # The trainee is told plainly; the reason (a newer version) goes to the server's log.
    assert any("whoever runs the course" in str(getattr(w, "value", "")) for w in walk(head))
    assert course.reflection("welcome-why-here") is None


def test_footer_marks_complete(page_env, store):
    page_env.delenv("QUERY_STRING", raising=False)
    course.header("00_welcome")
    foot = course.footer("00_welcome")
    foot.complete_button.click()
    assert foot.complete_button.disabled
    who = store.people.for_login("self", "self")
    assert store.progress.for_participant(who.id)["00_welcome"].completed


def test_names_are_escaped_in_navigation(page_env, store, cohort):
    pid = store.people.add_participant(cohort.id, "<b>Eve</b>", "<script>x</script>")
    token = store.people.issue_link(pid)
    page_env.setenv("QUERY_STRING", f"t={token}")
    head = course.header("00_welcome")
    nav = next(w for w in walk(head) if isinstance(w, CourseNav))
    assert "<b>Eve" not in nav.outline.value and "&lt;b&gt;Eve" in nav.outline.value
    assert "<script>" not in nav.outline.value


@pytest.mark.parametrize("module_id", [m.id for m in load_course().modules if m.content_note])
def test_the_header_leaves_the_content_note_to_the_notebook(page_env, store, trainee,
                                                            module_id):
    """The notebook's own note (before the material, with the support lines) is the one a
    trainee reads; the header saying the outline's line as well made two notes in a row."""
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    head = course.header(module_id)
    shown = "".join(w.value for w in walk(head) if isinstance(getattr(w, "value", None), str))
    assert "Content note" not in shown and "cg-content-note" not in shown


# -- a page got ready for a room (a preheated kernel) ---------------------------------

@pytest.fixture
def preheated(page_env):
    """A preheated kernel's page: the notebook runs before its request; ``arrive(query)``
    sets what the request will bring (what commonground.pages.request takes from Voila)."""
    import commonground.pages.request as request_info

    page_env.setenv("VOILA_PREHEAT", "True")
    page_env.delenv("QUERY_STRING", raising=False)
    request: dict[str, str] = {}
    waited: list[bool] = []

    def wait_for_request():
        waited.append(True)
        page_env.setenv("QUERY_STRING", request["query"])

    page_env.setattr(request_info, "wait_for_request", wait_for_request)

    def arrive(query: str) -> list[bool]:
        request["query"] = query
        return waited

    return arrive


PROMPT = "trauma-choice-to-contribute"


def _draft(store, person, text: str) -> None:
    store.reflections.save_draft(person.id, "03_trauma_informed", PROMPT, text, 0)


def _module_03() -> list:
    """Module 03's cells before its footer, as the notebook calls them."""
    return [course.header("03_trauma_informed"), course.support_note(),
            course.scenario("traumatised_organisation"),
            course.reflection(PROMPT)]


def test_a_preheated_page_is_built_before_its_visitor_and_filled_in_after(
        preheated, store, trainee):
    token = store.people.issue_link(trainee.id)
    _draft(store, trainee, "Ana's own draft")
    before = row_counts(store)
    head, note, player, box = _module_03()
    # Built from the content alone: the prompt, the summary, the support lines; nobody's data.
    assert "Reflection:" in box.heading.value
    assert box.textarea.value == "" and box.status.storage_key == ""
    assert head.nav.outline.value == "" and "Lifeline" in note.value
    seats = player.stage.children  # a first visit's lobby: the roles, the first one's brief
    assert "Your brief:" in seats[1].value
    assert row_counts(store) == before  # nothing read about anyone, nothing written
    waited = preheated(f"t={token}")
    assert not waited
    foot = course.footer("03_trauma_informed")
    assert waited == [True]
    assert isinstance(foot, ModuleFooter) and f"?t={token}" in foot.links.value
    assert "references.ipynb" in foot.links.value and ">References</a>" in foot.links.value
    assert "Ana Lee" in head.nav.outline.value
    assert box.textarea.value == "Ana's own draft" and box.status.storage_key
    assert player.stage.children == seats  # a first visit: the lobby as it was built
    assert store.progress.for_participant(trainee.id)["03_trauma_informed"].visited
    box.type("Ana's draft, longer")
    box.flush()
    assert store.reflections.get(trainee.id, PROMPT).draft_text == "Ana's draft, longer"


def test_two_preheated_pages_each_show_only_their_visitors_writing(
        preheated, store, trainee, other_trainee):
    from commonground.pages.session import reset_session

    for person, words in ((trainee, "Ana writes this"), (other_trainee, "Ben writes that")):
        _draft(store, person, words)
    shown = []
    for person in (trainee, other_trainee):  # one kernel each, made before either arrives
        reset_session()
        *_rest, box = _module_03()
        preheated(f"t={store.people.issue_link(person.id)}")
        course.footer("03_trauma_informed")
        shown.append(box.textarea.value)
    assert shown == ["Ana writes this", "Ben writes that"]


def test_a_preheated_role_play_takes_its_visitor_back_where_they_were(preheated, store, trainee):
    from commonground.pages.scenario import ScenarioPlayerModel, get_scenario

    play = get_scenario("traumatised_organisation")
    model = ScenarioPlayerModel(store, trainee, play)
    model.start(model.roles[1].id)
    model.leave()
    _head, _note, player, _box = _module_03()
    first_visit = player.stage.children
    preheated(f"t={store.people.issue_link(trainee.id)}")
    course.footer("03_trauma_informed")
    labels = [getattr(c, "description", "") for c in walk(player.stage)]
    assert "Leave for now" in labels  # back in the role-play, at the step they were on
    assert not set(first_visit) & set(walk(player.stage))


def test_a_preheated_page_with_an_invalid_link_shows_only_the_message(preheated, store):
    before = row_counts(store)
    head, note, player, box = _module_03()
    preheated("t=revoked-or-made-up-token")
    assert course.footer("03_trauma_informed") is None
    assert [type(c).__name__ for c in head.children] == ["HTML"]
    assert "This link is not valid" in head.children[0].value
    for part in (note, player, box):
        assert "cg-hidden" in part._dom_classes
    assert row_counts(store) == before


def test_every_module_ends_with_its_footer():
    """A preheated page fills itself in at the footer, so a module without one as its
    last cell would never be shown to its visitor."""
    import json

    from tests.conftest import ROOT

    for path in sorted((ROOT / "modules").glob("*.ipynb")):
        code = ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                if c["cell_type"] == "code"]
        if code and "course.header(" in code[0]:
            assert code[-1].strip() == f'course.footer("{path.stem}")', path.name
