"""Module 05's law panel model: the cohort's jurisdictions (side by side across a border),
or a picker that starts at the national overview where none is chosen."""

from __future__ import annotations

import pytest

from commonground.admin.cohorts import archive
from commonground.pages.dashboard import NotFacilitator
from commonground.pages.law import NATIONAL, CohortLaw, law_panel, remember_pick
from tests._cohorts import facilitator_of, self_paced
from tests._db import row_counts
from widgets._errors import message_area
from widgets.dashboard_law import LawSetting


def test_a_self_paced_learner_picks_starting_from_the_overview(store):
    panel = law_panel(store, self_paced(store))
    assert panel.picks and not panel.in_cohort
    assert panel.options()[0] == ("Across Australia (an overview)", NATIONAL)
    assert [v for _, v in panel.options()[1:]] == list(panel.law.codes)
    assert panel.cards() == ()
    assert [j.name for j in panel.cards("NT")] == ["Northern Territory"]
    assert [n.name for n in panel.notes("NT")] == ["The APY Lands and the tri-state region"]
    assert "Pick your state or territory" in panel.intro


def test_a_cohort_with_none_chosen_is_told_and_picks(store, trainee):
    panel = law_panel(store, trainee)
    assert panel.picks and panel.in_cohort
    assert "Your facilitator has not chosen" in panel.intro


def test_a_cohort_sees_its_own_law(store, cohort, trainee):
    store.jurisdictions.choose(cohort.id, ["QLD"])
    panel = law_panel(store, trainee)
    assert not panel.picks
    assert [j.code for j in panel.cards()] == ["QLD"]
    assert [j.code for j in panel.cards("NT")] == ["QLD"]  # the pick does not apply
    assert panel.notes() == ()


def test_a_border_partnership_sees_both_and_the_border_note(store, cohort, trainee):
    store.jurisdictions.choose(cohort.id, ["VIC", "NSW"])
    panel = law_panel(store, trainee)
    assert [j.code for j in panel.cards()] == ["NSW", "VIC"]
    assert [n.name for n in panel.notes()] == ["Albury–Wodonga"]
    assert "side by side" in panel.intro


def test_before_anyone_is_known_it_is_the_picker():
    assert law_panel(None, None).picks


def test_the_picker_opens_on_the_persons_own_earlier_pick(store, trainee):
    learner = self_paced(store)
    words = remember_pick(store, learner, law_panel(store, learner), "tas")
    assert words == ("Kept for next time: this page will open on Tasmania for you "
                     "(nobody else sees it).")
    assert law_panel(store, learner).start == "TAS"
    assert law_panel(store, trainee).start == NATIONAL  # another person's page
    assert "overview" in remember_pick(store, learner, law_panel(store, learner), NATIONAL)
    assert law_panel(store, learner).start == NATIONAL


def test_a_cohort_choice_wins_over_a_members_own_pick(store, cohort, trainee):
    remember_pick(store, trainee, law_panel(store, trainee), "WA")
    store.jurisdictions.choose(cohort.id, ["SA"])
    panel = law_panel(store, trainee)
    assert not panel.picks and [j.code for j in panel.cards(panel.start)] == ["SA"]


@pytest.fixture
def setting(store, cohort):
    return LawSetting(CohortLaw(store, facilitator_of(store, cohort)), message_area())


def test_only_a_facilitator_sets_the_cohorts_law(store, trainee):
    with pytest.raises(NotFacilitator):
        CohortLaw(store, trainee)
    with pytest.raises(NotFacilitator):
        CohortLaw(store, self_paced(store))


def test_the_facilitator_ticks_where_the_cohort_works_and_trainees_see_it(
        store, cohort, trainee, setting):
    assert "each trainee picks their own" in setting.now.value
    assert [label for label, _ in setting.places.options][:2] == ["New South Wales", "Victoria"]
    setting.choose("VIC", "NSW")
    assert store.jurisdictions.codes(cohort.id) == ("NSW", "VIC")
    assert ("New South Wales and Victoria, side by side" in setting.message.value
            and 'role="status"' in setting.message.value)
    panel = law_panel(store, trainee)
    assert [j.code for j in panel.cards()] == ["NSW", "VIC"] and not panel.picks
    setting.choose()
    assert store.jurisdictions.codes(cohort.id) == () and law_panel(store, trainee).picks


def test_an_archived_cohorts_setting_is_refused_on_the_page(store, cohort, setting):
    setting.choose("WA")
    archive(store, cohort.name)
    before = row_counts(store)
    setting.choose("SA")
    assert "read-only" in setting.message.value and 'role="alert"' in setting.message.value
    assert row_counts(store) == before and store.jurisdictions.codes(cohort.id) == ("WA",)


def test_the_setting_is_on_the_dashboard(store, cohort):
    from widgets.dashboard import DashboardView

    view = DashboardView(store, facilitator_of(store, cohort), live=False)
    assert isinstance(view.sections["law"], LawSetting)
