"""Several course services, each holding some cohorts (no hub needed: the rules of
commonground.hub.services and the door's refusal on a real store)."""

from __future__ import annotations

import pytest

from commonground.hub.access import ELSEWHERE_MESSAGE, door, enter
from commonground.hub.services import (
    CourseService,
    cohort_of,
    parse_services,
    service_for,
    services_by_cohort,
)

SETTING = "north=http://10.0.0.3:9970=northside-2027, inner-west ; south=http://10.0.0.4:9970/=southside-2026"


def test_the_setting_lists_each_service_its_address_and_cohorts():
    services = parse_services(SETTING)
    assert services == [
        CourseService("north", "http://10.0.0.3:9970", ("northside-2027", "inner-west")),
        CourseService("south", "http://10.0.0.4:9970", ("southside-2026",)),
    ]
    assert services_by_cohort(services) == {"northside-2027": "north", "inner-west": "north",
                                            "southside-2026": "south"}
    assert parse_services("") == [] == parse_services(" ; ")


@pytest.mark.parametrize(("text", "words"), [
    ("North=http://10.0.0.3:9970=a", "lower-case letters"),
    ("north=10.0.0.3:9970=a", "is not an address"),
    ("north=http://10.0.0.3=a", "is not an address"),
    ("north=http://10.0.0.3:9970=", "holds no cohort"),
    ("north=http://10.0.0.3:9970=a;south=http://10.0.0.4:9970=a", "held by two"),
    ("north=http://10.0.0.3:9970=a;north=http://10.0.0.4:9970=b", "two course services"),
])
def test_a_wrong_setting_is_explained(text, words):
    with pytest.raises(ValueError, match=words):
        parse_services(text)


def test_a_person_lands_on_the_service_holding_their_cohort(store, cohort, trainee):
    by_cohort = {"southside-2026": "south", "northside": "north"}
    assert cohort_of(store, "ana", ["cohort-southside-2026", "staff"]) == "southside-2026"
    assert cohort_of(store, "ana", ["cohort-southside-2026", "cohort-northside"]) is None
    assert cohort_of(store, "nobody", []) is None
    # No group: the cohort their personal link placed them in.
    store.people.claim_login(trainee.id, f"hub:{trainee.public_id}")
    assert cohort_of(store, trainee.public_id, []) == "southside-2026"
    assert service_for("southside-2026", by_cohort, "north") == "south"
    assert service_for(None, by_cohort, "north") == "north"
    assert service_for("elsewhere", by_cohort, "north") == "north"


def test_a_service_refuses_a_person_another_service_holds_and_writes_nothing(
        store, cohort, trainee):
    north = store.people.create_cohort("Northside", "Sam")
    assert enter(store, "ana", ["cohort-southside-2026"], frozenset({"northside"})).message == (
        ELSEWHERE_MESSAGE)
    assert store.people.existing_login("hub:ana") is None
    placed = enter(store, "ana", ["cohort-northside"], frozenset({"northside"})).participant
    assert placed is not None and placed.cohort_id == north.id
    # A link holder (no group) of a cohort this service does not hold.
    store.people.claim_login(trainee.id, f"hub:{trainee.public_id}")
    store.people.issue_link(trainee.id)
    here = door(store, trainee.public_id, [], False, "00_welcome.ipynb", None,
                frozenset({"northside"}))
    assert here.message == ELSEWHERE_MESSAGE and here.token is None
    there = door(store, trainee.public_id, [], False, "00_welcome.ipynb", None,
                 frozenset({"southside-2026"}))
    assert there.message is None and there.token
    # A hub admin in no cohort still reaches the administration page on any service.
    assert door(store, "boss", [], True, "00_welcome.ipynb", None,
                frozenset({"northside"})).administration
