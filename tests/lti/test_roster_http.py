"""Pulling an LMS course's roster into its cohort (NRPS), over HTTP with the test LMS:
new members get places, people who left are listed and never deleted."""

from __future__ import annotations

import pytest

from commonground.errors import StoreError
from commonground.lti.roster import pull_roster

from .test_launch_http import _signed_in_as, launch

pytestmark = pytest.mark.server

LIS = "http://purl.imsglobal.org/vocab/lis/v2/membership#"


def _member(sub: str, name: str, role: str = "Learner", status: str = "Active") -> dict:
    return {"user_id": sub, "name": name, "roles": [LIS + role], "status": status}


def test_the_roster_brings_new_people_in_and_lists_those_who_left(store, lms, lti_keys):
    ana = _signed_in_as(store, launch(lms, who="learner", sub="sub-ana", name="Ana Lee").answer)
    left = _signed_in_as(store, launch(lms, who="learner", sub="sub-old", name="Old Timer").answer)
    lms.roster["course-101"] = [
        _member("sub-ana", "Ana Lee"), _member("sub-ben", "Ben Cho"),
        _member("sub-kim", "Kim Teacher", "Instructor"), _member("sub-zed", "Zed", "Mentor"),
        _member("sub-gone", "Gone Person", status="Inactive")]
    pulled = pull_roster(store, ana.cohort_id, lti_keys)
    assert (pulled.added, pulled.known, pulled.left) == (
        ["Ben Cho", "Kim Teacher"], 1, ["Old Timer"])
    members = {p.display_name: p.kind for p in store.people.members(ana.cohort_id)}
    assert members["Ben Cho"] == "trainee" and members["Kim Teacher"] == "facilitator"
    assert "Old Timer" in members and "Zed" not in members  # listed, never deleted
    assert store.people.get(left.id).cohort_id == ana.cohort_id
    again = pull_roster(store, ana.cohort_id, lti_keys)
    assert (again.added, again.known) == ([], 3)
    # Ben's first launch finds his place from the roster.
    ben = _signed_in_as(store, launch(lms, who="learner", sub="sub-ben", name="Ben C").answer)
    assert ben.display_name == "Ben Cho" and ben.cohort_id == ana.cohort_id
    assert "2 new from the LMS (Ben Cho, Kim Teacher); 1 already here; no longer in " in (
        pulled.summary())


def test_a_cohort_without_an_lms_roster_is_told_so(store, lms, lti_keys):
    cohort = store.people.create_cohort("By hand")
    with pytest.raises(StoreError, match="has not said where its roster is"):
        pull_roster(store, cohort.id, lti_keys)


def test_the_facilitator_brings_the_roster_in_from_the_dashboard(store, lms, db_url,
                                                                 monkeypatch):
    from commonground import environment
    from commonground.pages.dashboard import Dashboard
    from widgets._errors import message_area
    from widgets.dashboard_lms import LmsSection

    monkeypatch.setenv(environment.DB, db_url)  # as in a page's kernel: keys beside it
    teacher = _signed_in_as(store, launch(lms, who="instructor", sub="sub-t",
                                          name="Robin Teacher").answer)
    lms.roster["course-101"] = [_member("sub-t", "Robin Teacher", "Instructor"),
                                _member("sub-new", "New Learner")]
    section = LmsSection(Dashboard(store, teacher), message_area())
    assert section.children and "From your LMS" in section.children[0].value
    section.pull_button.click()
    assert "1 new from the LMS (New Learner); 1 already here." in section.result.value
    by_hand = store.people.get(store.people.facilitator_of(store.people.create_cohort("Other")))
    assert LmsSection(Dashboard(store, by_hand), message_area()).children == ()
