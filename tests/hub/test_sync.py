"""What `commonground hub sync` takes away, decided without a hub (the real hub runs it in
tests/hub/test_hub.py): who leaves a course group, whose cohort place ends, and that ending a
place keeps the person's writing."""

from __future__ import annotations

import pytest

from commonground.errors import StoreError
from commonground.hub.access import NOT_PLACED_MESSAGE, enter
from commonground.hub.groups import Place
from commonground.hub.reconcile import GroupLeaver, HubMember, group_leavers, place_leaver
from commonground.hub.sync import SyncReport


def test_group_leavers_are_the_users_the_course_does_not_put_in_its_groups():
    wanted = {"cohort-south": {"ana", "ben"}, "facilitators-south": {"robin"}}
    current = {"cohort-south": ["ana", "cal", "zoe"], "facilitators-south": ["robin"],
               "staff": ["ana", "cal"], "cohort-gone": ["dee"]}
    assert group_leavers(wanted, current) == [GroupLeaver("cal", "cohort-south"),
                                              GroupLeaver("zoe", "cohort-south")]
    assert group_leavers(wanted, {}) == []  # groups not made yet: nobody to take out
    assert group_leavers({"cohort-south": set()}, current) == [
        GroupLeaver(u, "cohort-south") for u in ("ana", "cal", "zoe")]


def _member(link: str = "none") -> HubMember:
    return HubMember("cal", "Cal Diaz", "p-cal", "Southside 2027", "southside-2027", link)


@pytest.mark.parametrize(("link", "groups", "action"), [
    ("none", [Place("southside-2027", "trainee")], None),  # still in the group
    ("none", [Place("southside-2027", "facilitator")], None),  # now its facilitator
    ("none", [Place("northside", "trainee")], None),  # moved by the groups, not ended
    ("none", [], "end"),
    ("revoked", [], None),  # already refused everywhere
    ("active", [], "keep"),  # the link is a place of its own
    ("none", [Place("a", "trainee"), Place("b", "trainee")], "keep"),  # two cohorts: ask
])
def test_whose_place_ends(link, groups, action):
    decision = place_leaver(_member(link), groups)
    assert (decision.action if decision else None) == action


def test_a_link_holder_is_kept_with_the_command_that_ends_their_link():
    decision = place_leaver(_member("active"), [])
    assert "commonground cohort revoke 'Southside 2027' p-cal" in decision.reason


def test_the_report_says_nothing_was_taken_away_without_remove():
    report = SyncReport(placed=["ana: added to cohort-south"],
                        would_remove=["take cal out of cohort-south (not in South)."])
    assert report.lines() == [
        "ana: added to cohort-south", "would take cal out of cohort-south (not in South).",
        "Nothing was taken away: 1 change(s) above wait for you to run the same command "
        "again with --remove."]
    assert "Nothing was taken away" not in "\n".join(SyncReport(removed=["x"]).lines())


@pytest.mark.db
def test_ending_a_place_keeps_the_writing_and_a_group_gives_it_back(store, cohort):
    ana = enter(store, "ana", ["cohort-southside-2026"]).participant
    store.reflections.submit(ana.id, "00_welcome", "why_here", "my words", "cohort")
    ended = store.people.place_login("hub:ana", "ana", None, "hub")
    assert (ended.id, ended.kind, ended.cohort_id) == (ana.id, "hub", None)
    assert store.people.members(cohort.id) == []
    assert enter(store, "ana", []).message == NOT_PLACED_MESSAGE
    assert store.reflections.get(ana.id, "why_here").latest.text == "my words"
    back = enter(store, "ana", ["cohort-southside-2026"]).participant
    assert (back.id, back.cohort_id) == (ana.id, cohort.id)
    with pytest.raises(StoreError, match="'hub' in none"):
        store.people.place_login("hub:ana", "ana", cohort.id, "hub")
    with pytest.raises(StoreError, match="'hub' in none"):
        store.people.place_login("hub:ana", "ana", None, "trainee")


def test_the_ready_report_names_each_server_and_who_is_not_on_the_hub():
    from commonground.hub.ready import ReadyReport

    lines = ReadyReport(started=["ana"], running=["robin"], not_on_hub=["p123"],
                        problems=["cal: the server had not started after 300 s; see the "
                                  "hub's log"], seconds=8.4).lines()
    assert lines[:2] == ["ana: started", "robin: already running"]
    assert lines[2].startswith("p123: not on the hub yet")
    assert lines[3].startswith("not done: cal:")
    assert lines[-1] == "2 server(s) ready after 8 s."
