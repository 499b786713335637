"""The shared-space views: posting through the widgets, text shown as text, the live
refresh, self-paced and archived pages, and the course facade."""

from __future__ import annotations

import time

import ipywidgets as w
import pytest

from commonground.admin import cohorts as cohort_admin
from commonground.pages.session import reset_session
from commonground.spaces import Moderation
from tests._cohorts import facilitator_of, self_paced
from tests._db import row_counts
from tests._widgets import walk
from widgets import course
from widgets.spaces import AgreementView, ElephantBoxView, JargonWallView
from widgets.spaces._live import LiveRefresh

HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"></svg>',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<a href="javascript:window.__pwned=1">click me</a>',
]




@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_text_is_shown_as_text(store, trainee, other_trainee, views, payload):
    JargonWallView(store, trainee, live=False).add(payload, payload, payload[:80])
    ElephantBoxView(store, trainee, live=False).add(payload)
    AgreementView(store, trainee, live=False).suggest(payload)
    for view in (views(JargonWallView, store, other_trainee),
                 views(AgreementView, store, other_trainee),
                 views(ElephantBoxView, store, trainee)):
        shown = view.shown_text()
        assert payload.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in shown
        for tag in ("<img", "<svg", "<iframe", "<a href", "<script"):
            assert tag not in shown


def test_posting_through_the_wall(store, trainee, other_trainee, views):
    ana, ben = views(JargonWallView, store, trainee), views(JargonWallView, store,
                                                             other_trainee)
    ana.add("ITP", "Individual Treatment Plan", "mental health")
    assert "Added “ITP” to the wall." in ana.message.value
    assert ana.term.value == ""  # the form is ready for the next one
    ben.refresh()
    [itp] = ben.model.entries()
    assert "Added by Ana Lee (Family Support)." in ben.shown_text()
    ben.other_name(itp.id)
    assert ben.same_as.value == itp.id and "Type the name your field uses" in ben.message.value
    ben.term.value = "ISP"
    ben.add_button.click()
    assert "Different names for the same thing: ITP · ISP" in ben.shown_text()
    ben.didnt_know(itp.id)
    assert ben._rows[itp.id].didnt_know_button.description == "Take back “I didn’t know ITP”"
    assert "1 person didn’t know this one." in ben.shown_text()


def test_too_long_keeps_the_words_and_says_why(store, trainee, views):
    wall = views(JargonWallView, store, trainee)
    wall.add("x" * 81, "my long meaning")
    assert "81 characters long; please keep it to 80" in wall.message.value
    assert wall.term.value == "x" * 81 and wall.meaning.value == "my long meaning"
    assert wall.model.entries() == []


def test_anonymous_choice_and_self_paced_note(store, trainee, views):
    cohort_wall = views(JargonWallView, store, trainee)
    assert cohort_wall.anonymous.layout.display != "none"
    assert "Everyone in your cohort sees this wall" in cohort_wall.heading.value
    learner = self_paced(store)
    for cls, words in ((JargonWallView, "this wall is just for you"),
                       (AgreementView, "this agreement is just for you"),
                       (ElephantBoxView, "kept just for you")):
        view = views(cls, store, learner)
        assert words in view.heading.value and "cohort" in view.heading.value
    assert views(JargonWallView, store, learner).anonymous.layout.display == "none"


def test_archived_cohort_hides_the_forms(store, cohort, trainee, views):
    JargonWallView(store, trainee, live=False).add("ITP")
    cohort_admin.archive(store, cohort.name)
    trainee = store.people.get(trainee.id)  # as a page opened now reads them
    for cls in (JargonWallView, ElephantBoxView, AgreementView):
        view = views(cls, store, trainee)
        assert view.form.layout.display == "none" and "read-only" in view.status.value
    wall = views(JargonWallView, store, trainee)
    assert all(r.didnt_know_button.disabled for r in wall._rows.values())


def test_an_open_space_turns_read_only_when_the_cohort_is_archived(store, cohort, trainee,
                                                                 views):
    wall = views(JargonWallView, store, trainee)
    assert wall.form.layout.display != "none"
    cohort_admin.archive(store, cohort.name)
    assert wall.live.poll_once()  # the next live refresh sees the change
    assert wall.form.layout.display == "none" and "read-only" in wall.status.value


def test_facilitator_hides_from_the_wall(store, cohort, trainee, other_trainee, views):
    post = JargonWallView(store, trainee, live=False).model.add("ITP")
    ben = views(JargonWallView, store, other_trainee)
    fac = views(JargonWallView, store, facilitator_of(store, cohort))
    assert ben._rows[post].hide_button not in ben._rows[post].buttons.children
    fac.hide(post)
    assert "Hidden from trainees" in fac.shown_text()
    ben.refresh()
    assert "ITP" not in ben.shown_text()


TAKEN_OFF = "Your facilitator took this"


def test_the_author_of_a_hidden_term_is_told_on_their_wall(store, cohort, trainee,
                                                           other_trainee, third_trainee,
                                                           views):
    """Three trainees, so that Ben would see Ana's anonymous term if it were not hidden."""
    ana = views(JargonWallView, store, trainee)
    ben = views(JargonWallView, store, other_trainee)
    ana.add("ITP", "Individual transition plan", anonymous=True)
    ana.add("OOHC")
    [itp] = [e.id for e in ana.model.entries() if e.term == "ITP"]
    views(JargonWallView, store, facilitator_of(store, cohort)).hide(itp)
    ana.refresh()
    ben.refresh()
    assert "Your facilitator took this off the wall. Only you can see it now." in (
        ana._rows[itp].info.value)
    assert "Hidden from trainees" not in ana.shown_text()
    assert ana._rows[itp].buttons.children == ()  # no buttons on a post taken off
    [oohc] = [e.id for e in ana.model.entries() if e.term == "OOHC"]
    assert ana._rows[oohc].buttons.children  # the rest keep theirs
    assert itp not in [value for _label, value in ana.same_as.options]
    shown = ben.shown_text() + " ".join(str(o) for o in ben.same_as.options)
    assert "ITP" not in shown and TAKEN_OFF not in shown and "OOHC" in shown
    assert itp not in ben._rows or ben._rows[itp] not in ben.entries.children


def test_the_writer_of_a_hidden_elephant_is_told_in_their_list(store, cohort, trainee,
                                                               other_trainee, third_trainee,
                                                               views):
    """Three trainees, so that the facilitator may read the box at all."""
    ana = views(ElephantBoxView, store, trainee)
    ana.add("We never talk about waiting lists")
    fac = views(ElephantBoxView, store, facilitator_of(store, cohort))
    [post] = fac.model.everything()
    fac.surface(post.id)
    Moderation(store, fac.model.participant).hide(post.id)
    ana.refresh()
    ben = views(ElephantBoxView, store, other_trainee)
    assert "Your facilitator took this out of the box" in ana.mine_list.value
    assert "waiting lists" not in ana.shared.value
    assert "waiting lists" not in ben.shown_text() and TAKEN_OFF not in ben.shown_text()


def test_the_author_of_a_hidden_suggestion_is_told_in_the_list(store, cohort, trainee,
                                                               other_trainee, views):
    ana = views(AgreementView, store, trainee)
    ana.suggest("Something unkind")
    [post] = [i.id for i in ana.model.items() if not i.starting_point]
    Moderation(store, facilitator_of(store, cohort)).hide(post)
    ana.refresh()
    ben = views(AgreementView, store, other_trainee)
    assert "Your facilitator took this off the list" in ana._rows[post].info.value
    assert ana._rows[post].endorse_button.disabled
    assert "Something unkind" not in ben.shown_text() and TAKEN_OFF not in ben.shown_text()


def test_elephant_box_views(store, cohort, trainee, other_trainee, third_trainee, views):
    ana = views(ElephantBoxView, store, trainee)
    ana.add("We never talk about waiting lists")
    assert "without your name" in ana.message.value
    assert "We never talk about waiting lists" in ana.mine_list.value
    assert "Only you can see this" not in ana.mine_list.value
    fac = views(ElephantBoxView, store, facilitator_of(store, cohort))
    [post] = fac.model.everything()
    fac.surface(post.id)
    ben = views(ElephantBoxView, store, other_trainee)
    assert "We never talk about waiting lists" in ben.shared.value
    assert ben.mine_list.value == ""


def test_in_a_cohort_of_two_the_box_waits_and_says_why(store, cohort, trainee, other_trainee,
                                                      views):
    ana = views(ElephantBoxView, store, trainee)
    ana.add("We never talk about waiting lists")
    assert "We never talk about waiting lists" in ana.mine_list.value
    assert "Only you can see this for now" in ana.mine_list.value
    fac = views(ElephantBoxView, store, facilitator_of(store, cohort))
    shown = "\n".join(c.value for c in fac.everything.children if isinstance(c, w.HTML))
    assert "waiting lists" not in shown and "at least 3 people" in shown
    assert "The box is empty" not in shown  # nothing said about what is in it


def test_anonymous_terms_stand_apart_on_the_wall(store, trainee, other_trainee, third_trainee,
                                                 views):
    ana = views(JargonWallView, store, trainee)
    ana.add("OOHC", "Out-of-home care")
    ana.add("SHS", "Specialist Homelessness Services", anonymous=True)
    ana.add("ITP", "Individual Treatment Plan")
    ben = views(JargonWallView, store, other_trainee)
    shown = ben.shown_text()
    assert shown.index("OOHC") < shown.index("ITP") < shown.index(
        "Terms added anonymously") < shown.index("SHS")


def test_a_waiting_anonymous_term_is_the_authors_alone(store, trainee, other_trainee, views):
    ana = views(JargonWallView, store, trainee)
    ana.add("SHS", "Specialist Homelessness Services", anonymous=True)
    assert "SHS" in ana.shown_text() and "Only you can see this for now" in ana.shown_text()
    assert "SHS" not in views(JargonWallView, store, other_trainee).shown_text()


def test_agreement_views_and_banner(store, cohort, trainee, other_trainee, views):
    from widgets.spaces import agreed_banner

    ana = views(AgreementView, store, trainee)
    first = ana.model.items()[0].id
    ana.endorse(first)
    assert ana._rows[first].endorse_button.description == "Take back my endorsement"
    ana.suggest("We say pass when we need to", anonymous=True)
    assert "Suggested by you, anonymously" in ana.shown_text()
    assert not hasattr(ana, "finalise_box") or ana.finalise_box not in ana.children
    assert agreed_banner(store, other_trainee) is None
    fac = views(AgreementView, store, facilitator_of(store, cohort))
    fac.fill_button.click()
    assert fac.final_text.value.splitlines()[0] == ana.model.items()[0].text  # most endorsed
    fac.finalise(["We listen", "We say <pass>"])
    banner = agreed_banner(store, other_trainee).value
    assert "<details" in banner and "Our group agreement" in banner
    assert "We say &lt;pass&gt;" in banner


def test_live_refresh_shows_others_posts_without_a_reload(store, trainee, other_trainee, views):
    ben = views(JargonWallView, store, other_trainee, live=True, interval=0.1)
    assert ben.live.running
    JargonWallView(store, trainee, live=False).add("ITP")
    deadline = time.monotonic() + 5
    while "ITP" not in ben.shown_text():
        assert time.monotonic() < deadline, "the wall did not refresh itself"
        time.sleep(0.05)
    ben.close()
    ben.live._thread.join(2)
    assert not ben.live.running


def test_live_refresh_redraws_only_on_change():
    state = {"fp": 1, "redraws": 0}
    live = LiveRefresh(lambda: state["fp"], lambda: state.__setitem__("redraws",
                                                                      state["redraws"] + 1))
    live.mark_current()
    assert live.poll_once() is False and state["redraws"] == 0
    state["fp"] = 2
    assert live.poll_once() is True and state["redraws"] == 1
    assert live.poll_once() is False


# -- the facade notebooks call --------------------------------------------------------
def _html(widget) -> str:
    return "".join(str(getattr(w, "value", "")) for w in walk(widget)
                   if isinstance(getattr(w, "value", None), str))


def test_facade_blocks_an_invalid_link_and_writes_nothing(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", "t=made-up-or-revoked-token-123")
    before = row_counts(store)
    course.header("04_jargon_and_uncomfortable_moments")
    assert course.jargon_wall() is None
    assert course.elephant_box() is None
    assert course.agreement() is None
    assert row_counts(store) == before


def test_facade_returns_the_spaces(page_env, store, trainee):
    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    course.header("04_jargon_and_uncomfortable_moments")
    made = [course.jargon_wall(), course.elephant_box(), course.agreement()]
    try:
        assert [type(v) for v in made] == [JargonWallView, ElephantBoxView, AgreementView]
        assert all(v.live.running for v in made)
    finally:
        for v in made:
            v.close()


def test_header_shows_the_agreed_version_folded(page_env, store, cohort, trainee):
    from commonground.spaces import Agreement

    page_env.setenv("QUERY_STRING", f"t={store.people.issue_link(trainee.id)}")
    assert "cg-agreement" not in _html(course.header("02_meeting_and_learning"))
    Agreement(store, facilitator_of(store, cohort)).finalise(["We listen"])
    reset_session()
    head = _html(course.header("02_meeting_and_learning"))
    assert '<details class="cg-agreement"><summary>Our group agreement' in head
    assert "facilitator_dashboard" not in head


def test_facilitator_header_links_the_dashboard(page_env, store, cohort):
    token = store.people.issue_link(facilitator_of(store, cohort).id)
    page_env.setenv("QUERY_STRING", f"t={token}")
    head = _html(course.header("00_welcome"))
    assert f'href="./facilitator_dashboard.ipynb?t={token}"' in head


@pytest.fixture
def three_at_once(monkeypatch):
    """Busy spaces show their newest entries first; three stand in for a hundred."""
    from widgets.spaces import _common, agreement, jargon_wall

    for module in (_common, agreement, jargon_wall):
        monkeypatch.setattr(module, "SHOWN_AT_ONCE", 3)


def test_a_busy_wall_shows_the_newest_and_more_on_request(store, trainee, other_trainee,
                                                          views, three_at_once):
    ana = views(JargonWallView, store, trainee)
    for n in range(3):
        ana.add(f"Term {n}")
    ben = views(JargonWallView, store, other_trainee)
    assert not [c for c in ben.entries.children if isinstance(c, w.Button)]  # small: all
    for n in range(3, 8):
        ana.add(f"Term {n}")
    ben.refresh()
    [more] = [c for c in ben.entries.children if isinstance(c, w.Button)]
    assert more.description == "Show 3 earlier terms (5 not shown)"
    assert "Term 7" in ben.shown_text() and "Term 4" not in ben.shown_text()
    # "Another name for" offers the terms on show, not the whole wall.
    assert [label for label, _ in ben.same_as.options] == [
        "(a new term)", "Term 5", "Term 6", "Term 7"]
    more.click()
    assert "Term 2" in ben.shown_text() and "Term 1" not in ben.shown_text()
    ben.show_earlier()
    assert "Term 0" in ben.shown_text()
    assert not [c for c in ben.entries.children if isinstance(c, w.Button)]


def test_a_busy_agreement_keeps_the_starting_points_in_view(store, trainee, other_trainee,
                                                            views, three_at_once):
    ana = views(AgreementView, store, trainee)
    for n in range(5):
        ana.suggest(f"Rule {n}")
    ben = views(AgreementView, store, other_trainee)
    kinds = [type(c).__name__ for c in ben.items.children]
    assert kinds == ["_ItemRow"] * 4 + ["Button"] + ["_ItemRow"] * 3
    assert "We listen to each other" in ben.shown_text()
    assert "Rule 4" in ben.shown_text() and "Rule 1" not in ben.shown_text()
    ben.show_earlier()
    assert "Rule 0" in ben.shown_text()
