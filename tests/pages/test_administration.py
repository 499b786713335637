"""The course administrator's page model (without a kernel): every cohort's state,
creating a cohort and naming its facilitators with their links, a new link for one
facilitator only, archiving, exporting as the CLI does and purging with the typed name."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from commonground.errors import StoreError
from commonground.pages.administration import Administration
from commonground.pages.session import Blocked
from tests._db import row_counts

BASE = "https://course.example.org/"


@pytest.fixture
def admin(store):
    return Administration(store, base_url=BASE)


def _token(url: str) -> str:
    return parse_qs(urlparse(url).query)["t"][0]


def test_create_a_cohort_with_its_facilitator(store, admin):
    said, link = admin.create_cohort("  Southside   March 2027 ", "2027-03-15", "2027-05-30",
                                     "Robin Ng")
    assert said.startswith("Created the cohort Southside March 2027. Robin Ng is a facilitator")
    assert link is not None and link.name == "Robin Ng"
    assert link.url.startswith(BASE + "voila/render/facilitator_dashboard.ipynb?t=")
    robin = store.people.for_token(_token(link.url))
    assert robin is not None and robin.is_facilitator
    assert robin.cohort_name == "Southside March 2027" and robin.facilitator_name == "Robin Ng"
    [state] = admin.cohorts()
    assert (state.name, state.facilitators, state.trainees, state.links_working,
            state.archived) == ("Southside March 2027", ("Robin Ng",), 0, 1, False)
    assert state.last_activity_words == "Nobody yet" and state.state == "Open"
    assert state.dates == "2027-03-15 to 2027-05-30"


def test_bad_input_is_refused_in_words_and_writes_nothing(store, admin):
    before = row_counts(store)
    for args, words in [
        (("",), "A cohort needs a name."),
        (("X", "15/3/2027"), "is not a date"),
        (("X", "2027-05-01", "2027-03-01"), "is before the start date"),
        (("X\x07",), "invisible control character"),
    ]:
        with pytest.raises(StoreError, match=words):
            admin.create_cohort(*args)
    assert row_counts(store) == before
    admin.create_cohort("X")
    with pytest.raises(StoreError, match="already a cohort called 'X'"):
        admin.create_cohort("X", facilitator="Robin")
    with pytest.raises(StoreError, match="Give the facilitator's name"):
        admin.name_facilitator("X", "   ")
    with pytest.raises(StoreError, match="no cohort called 'Nope'"):
        admin.name_facilitator("Nope", "Robin")


def test_no_address_no_links(store):
    admin = Administration(store, base_url="")
    with pytest.raises(StoreError, match="--public-url"):
        admin.create_cohort("X", facilitator="Robin Ng")
    assert admin.cohort_names() == []  # refused before the cohort was made


def test_two_facilitators_and_a_new_link_for_one_only(store, admin):
    _said, first = admin.create_cohort("Southside", facilitator="Robin Ng")
    second = admin.name_facilitator("Southside", "Sam Wu")
    with pytest.raises(StoreError, match="Sam Wu is already a facilitator"):
        admin.name_facilitator("Southside", "sam  wu")
    trainee = store.people.add_participant(store.people.cohort("Southside").id, "Ana Lee")
    ana = store.people.issue_link(trainee)
    [robin, sam] = admin.facilitators("Southside")
    assert [robin.participant.display_name, sam.participant.display_name] == ["Robin Ng",
                                                                              "Sam Wu"]
    again = admin.new_link("Southside", sam.participant.id)
    assert "their earlier link no longer works" in again.words
    assert store.people.for_token(_token(second.url)) is None  # Sam's old one stopped
    assert store.people.for_token(_token(again.url)).display_name == "Sam Wu"
    assert store.people.for_token(_token(first.url)).display_name == "Robin Ng"  # untouched
    assert store.people.for_token(ana).display_name == "Ana Lee"  # untouched
    with pytest.raises(StoreError, match="Choose one of this cohort's facilitators"):
        admin.new_link("Southside", trainee)  # a trainee is not given a facilitator link


def test_archive_export_and_purge(store, admin, cohort, trainee):
    store.progress.visit(trainee.id, "00_welcome")
    [state] = admin.cohorts()
    assert state.trainees == 1 and state.last_activity is not None
    assert "archived (read-only)" in admin.archive(cohort.name)
    assert admin.cohorts()[0].state == "Archived (read-only)"
    assert "open again" in admin.archive(cohort.name, archived=False)
    files = {f.filename: f.data for f in admin.export(cohort.name)}
    assert set(files) >= {"participation.csv", "modules.csv", "shared.csv"}
    rows = list(csv.DictReader(io.StringIO(files["participation.csv"].decode("utf-8-sig"))))
    assert [r["name"] for r in rows] == ["Ana Lee"]
    before = row_counts(store)
    with pytest.raises(StoreError, match="Nothing was deleted"):
        admin.purge(cohort.name, "southside 2026")  # not exactly its name
    assert row_counts(store) == before
    said = admin.purge(cohort.name, cohort.name)
    assert said.startswith("Deleted the cohort Southside 2026 and all its data")
    assert admin.cohorts() == []


def test_the_session_opens_only_for_the_administrators_link(page_env, store, cohort,
                                                             trainee):
    from commonground.pages.administration import administration_session

    facilitator = store.people.issue_link(store.people.facilitator_of(cohort))
    trainee_token = store.people.issue_link(trainee.id)
    admin_token = store.administrators.issue_link()

    def opened(env: dict[str, str]) -> object:
        for name in ("QUERY_STRING", "HTTP_COOKIE", "JUPYTERHUB_USER"):
            page_env.delenv(name, raising=False)
        for name, value in env.items():
            page_env.setenv(name, value)
        session = administration_session()
        if isinstance(session, Administration):
            session.store.dispose()
        return session

    assert isinstance(opened({"QUERY_STRING": f"t={admin_token}"}), Administration)
    assert isinstance(opened({"HTTP_COOKIE": f"cg_link={admin_token}"}), Administration)
    for env in ({"QUERY_STRING": f"t={trainee_token}"}, {"QUERY_STRING": f"t={facilitator}"},
                {"HTTP_COOKIE": f"cg_link={facilitator}"}, {},
                {"HTTP_COOKIE": "cg_learner=" + "x" * 24},
                {"QUERY_STRING": f"t={admin_token.swapcase()}"},
                {"QUERY_STRING": f"t={admin_token}&t={trainee_token}"},
                {"QUERY_STRING": f"t={admin_token}", "JUPYTERHUB_USER": "robin"}):
        session = opened(env)
        assert isinstance(session, Blocked), env
    assert "administrator only" in opened({"QUERY_STRING": f"t={facilitator}"}).message
    # a new administrator link switches the earlier one off
    newer = store.administrators.issue_link()
    assert isinstance(opened({"QUERY_STRING": f"t={admin_token}"}), Blocked)
    assert isinstance(opened({"QUERY_STRING": f"t={newer}"}), Administration)


def test_the_administrators_link_opens_no_other_page(store, cohort):
    from commonground import resolve_identity

    token = store.administrators.issue_link()
    identity = resolve_identity(store, f"t={token}", {})
    assert identity.participant is None and identity.mode == "invalid"
