"""The jargon wall's rules: terms, "we call this something else", "I didn't know this one",
length limits, hidden posts and read-only archived cohorts."""

from __future__ import annotations

import pytest

from commonground.admin import cohorts as cohort_admin
from commonground.admin.cohorts import CohortArchivedError
from commonground.spaces import JargonWall, Moderation, SpaceError
from commonground.spaces.jargon import FIELD_LIMIT, MEANING_LIMIT, TERM_LIMIT
from tests._cohorts import facilitator_of


@pytest.fixture
def ana_wall(store, trainee):
    return JargonWall(store, trainee)


@pytest.fixture
def ben_wall(store, other_trainee):
    return JargonWall(store, other_trainee)


def test_another_name_joins_the_group(ana_wall, ben_wall):
    itp = ana_wall.add("ITP", "Individual Treatment Plan", "mental health")
    caap = ana_wall.add("CAAP", "Client Assessment and Action Plan")
    isp = ben_wall.add("ISP", "Individual Support Plan", "disability", same_as=itp)
    idp = ben_wall.add("IDP", same_as=isp)  # naming a later member joins the same group
    groups = ben_wall.groups()
    assert [g.names for g in groups] == [["ITP", "ISP", "IDP"], ["CAAP"]]
    assert groups[0].id == itp and [e.id for e in groups[0].entries] == [itp, isp, idp]
    assert groups[1].entries[0].id == caap


def test_didnt_know_counts_people_and_can_be_taken_back(store, ana_wall, ben_wall, cohort):
    itp = ana_wall.add("ITP")
    ben_wall.mark_didnt_know(itp)
    ben_wall.mark_didnt_know(itp)  # twice is still one person
    JargonWall(store, facilitator_of(store, cohort)).mark_didnt_know(itp)
    [entry] = ben_wall.entries()
    assert (entry.didnt_know, entry.i_didnt_know) == (2, True)
    assert ana_wall.entries()[0].i_didnt_know is False
    ben_wall.mark_didnt_know(itp, False)
    assert ben_wall.entries()[0].didnt_know == 1


@pytest.mark.parametrize(
    ("term", "meaning", "field", "message"),
    [
        ("", "a meaning", "", "Please write the term first"),
        ("   ", "", "", "Please write the term first"),
        ("x" * (TERM_LIMIT + 1), "", "", f"The term is {TERM_LIMIT + 1} characters long"),
        ("ITP", "m" * (MEANING_LIMIT + 1), "", f"keep it to {MEANING_LIMIT} or fewer"),
        ("ITP", "", "f" * (FIELD_LIMIT + 1), "The field it comes from is"),
    ],
)
def test_limits_have_clear_messages_and_save_nothing(ana_wall, term, meaning, field, message):
    with pytest.raises(SpaceError, match=message):
        ana_wall.add(term, meaning, field)
    assert ana_wall.entries() == []


def test_text_is_tidied_but_kept_as_written(ana_wall):
    payload = '<img src=x onerror="alert(1)">'
    ana_wall.add("  two\n words  ", f"line one\n{payload}", " housing ")
    [entry] = ana_wall.entries()
    assert (entry.term, entry.meaning, entry.field) == ("two words", f"line one\n{payload}",
                                                        "housing")
    ana_wall.add("x" * TERM_LIMIT)  # exactly at the limit is fine


def test_hidden_posts_vanish_for_trainees_only(store, cohort, ana_wall, ben_wall):
    facilitator = facilitator_of(store, cohort)
    itp = ana_wall.add("ITP")
    Moderation(store, facilitator).hide(itp)
    assert ben_wall.entries() == []
    [seen] = JargonWall(store, facilitator).entries()
    assert seen.hidden and not seen.notice  # the facilitator's view marks it as hidden
    with pytest.raises(SpaceError, match="no longer here"):
        ben_wall.mark_didnt_know(itp)
    with pytest.raises(SpaceError, match="no longer here"):
        ben_wall.add("ISP", same_as=itp)
    Moderation(store, facilitator).unhide(itp)
    assert [e.term for e in ben_wall.entries()] == ["ITP"]


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_author_of_a_hidden_term_is_told_and_nobody_else(store, cohort, ana_wall,
                                                              ben_wall, anonymous):
    facilitator = facilitator_of(store, cohort)
    itp = ana_wall.add("ITP", "Individual transition plan", anonymous=anonymous)
    ana_wall.add("OOHC")
    Moderation(store, facilitator).hide(itp)
    [mine] = [e for e in ana_wall.entries() if e.id == itp]
    assert mine.hidden and mine.mine
    assert mine.notice == "Your facilitator took this off the wall. Only you can see it now."
    assert [e.term for e in ben_wall.entries()] == ["OOHC"]  # Ben: simply not there
    assert all(not e.notice for e in ben_wall.entries() + JargonWall(
        store, facilitator).entries())
    with pytest.raises(SpaceError, match="no longer here"):
        ana_wall.mark_didnt_know(itp)  # taken off: nobody can add to it, its author neither
    Moderation(store, facilitator).unhide(itp)
    [back] = [e for e in ana_wall.entries() if e.id == itp]
    assert not back.hidden and not back.notice


def test_archived_cohort_reads_but_does_not_write(store, cohort, ana_wall, ben_wall):
    itp = ana_wall.add("ITP")
    cohort_admin.archive(store, cohort.name)
    assert [e.term for e in ben_wall.entries()] == ["ITP"]
    for write in (lambda: ben_wall.add("ISP"), lambda: ben_wall.mark_didnt_know(itp)):
        with pytest.raises(CohortArchivedError, match="read-only"):
            write()
    cohort_admin.archive(store, cohort.name, archived=False)
    ben_wall.add("ISP")


def test_fingerprint_changes_with_anything_visible(store, cohort, ana_wall, ben_wall):
    before = ben_wall.fingerprint()
    assert ben_wall.fingerprint() == before  # asking again changes nothing
    itp = ana_wall.add("ITP")
    after_post = ben_wall.fingerprint()
    assert after_post != before
    ana_wall.mark_didnt_know(itp)
    after_mark = ben_wall.fingerprint()
    assert after_mark != after_post
    Moderation(store, facilitator_of(store, cohort)).hide(itp)
    assert ben_wall.fingerprint() != after_mark
    hidden = ben_wall.fingerprint()
    cohort_admin.archive(store, cohort.name)
    assert ben_wall.fingerprint() != hidden
