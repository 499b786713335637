"""Places from hub groups and who may open the course on a hub server (no hub needed:
the rules of commonground.hub.groups and commonground.hub.access on a real store)."""

from __future__ import annotations

import pytest

from commonground.hub.access import (
    LINK_SWITCHED_OFF_MESSAGE,
    NOT_PLACED_MESSAGE,
    TWO_COHORTS_MESSAGE,
    UNKNOWN_COHORT_MESSAGE,
    enter,
)
from commonground.hub.groups import Place, cohort_group, cohort_slug, facilitators_group, places


@pytest.mark.parametrize(("name", "slug"), [
    ("Southside 2026", "southside-2026"),
    ("  Inner West — March 2027! ", "inner-west-march-2027"),
    ("Ōtautahi / Christchurch", "tautahi-christchurch"),
])
def test_cohort_slug(name, slug):
    assert cohort_slug(name) == slug
    assert cohort_group(name) == f"cohort-{slug}"
    assert facilitators_group(name) == f"facilitators-{slug}"


@pytest.mark.parametrize(("groups", "expected"), [
    ([], []),
    (["staff", "cohort-", "formgrade-x"], []),
    (["cohort-south"], [Place("south", "trainee")]),
    (["cohort-south", "facilitators-south"], [Place("south", "facilitator")]),
    (["facilitators-south", "cohort-south"], [Place("south", "facilitator")]),
    (["cohort-west", "cohort-east"], [Place("east", "trainee"), Place("west", "trainee")]),
])
def test_places(groups, expected):
    assert places(groups) == expected


def test_a_group_places_a_new_hub_user_in_their_cohort(store, cohort):
    entry = enter(store, "ana", ["cohort-southside-2026", "staff"])
    assert entry.message is None
    p = entry.participant
    assert (p.display_name, p.kind, p.cohort_id) == ("ana", "trainee", cohort.id)
    assert store.people.existing_login("hub:ana") == p


def test_the_facilitators_group_makes_a_facilitator_and_back(store, cohort):
    assert enter(store, "robin", ["facilitators-southside-2026"]).participant.is_facilitator
    again = enter(store, "robin", ["cohort-southside-2026"]).participant
    assert (again.kind, again.cohort_id) == ("trainee", cohort.id)
    assert len(store.people.members(cohort.id)) == 1  # one person, moved, not copied


def test_no_group_and_no_link_opens_nothing(store, cohort):
    assert enter(store, "stranger", ["staff"]).message == NOT_PLACED_MESSAGE
    assert store.people.existing_login("hub:stranger") is None  # nothing written
    enter(store, "ana", ["cohort-southside-2026"])
    assert enter(store, "ana", []).message == NOT_PLACED_MESSAGE  # taken out of the group


def test_two_cohorts_or_an_unknown_one_is_refused_plainly(store, cohort):
    store.people.create_cohort("Northside", "Sam")
    two = enter(store, "ana", ["cohort-southside-2026", "cohort-northside"])
    assert two.message == TWO_COHORTS_MESSAGE.format(names="northside, southside-2026")
    unknown = enter(store, "ana", ["facilitators-nowhere"])
    assert unknown.message == UNKNOWN_COHORT_MESSAGE.format(group="facilitators-nowhere")
    assert store.people.existing_login("hub:ana") is None


def test_a_link_holder_comes_in_while_their_link_works(store, trainee):
    login = store.people.claim_login(trainee.id, f"hub:{trainee.public_id}")
    assert login == f"hub:{trainee.public_id}"
    assert store.people.claim_login(trainee.id, "hub:someone-else") == login  # kept
    assert enter(store, trainee.public_id, []).message == NOT_PLACED_MESSAGE  # no link yet
    store.people.issue_link(trainee.id)
    assert enter(store, trainee.public_id, []).participant.id == trainee.id
    store.people.revoke_links(trainee.id)
    assert enter(store, trainee.public_id, []).message == LINK_SWITCHED_OFF_MESSAGE
    # A switched-off link ends access even for someone a group also names.
    assert enter(store, trainee.public_id, ["cohort-southside-2026"]).message == (
        LINK_SWITCHED_OFF_MESSAGE)
    store.people.issue_link(trainee.id)  # reissued
    assert enter(store, trainee.public_id, ["cohort-southside-2026"]).message is None


def test_link_state_and_hub_users(store, trainee, other_trainee):
    assert store.people.link_state(trainee.id) == "none"
    store.people.issue_link(trainee.id)
    assert store.people.link_state(trainee.id) == "active"
    store.people.issue_link(trainee.id)  # the earlier one is switched off, this one works
    assert store.people.link_state(trainee.id) == "active"
    store.people.revoke_links(trainee.id)
    assert store.people.link_state(trainee.id) == "revoked"
    assert store.people.hub_users(trainee.cohort_id).get(trainee.id) is None
    store.people.claim_login(other_trainee.id, "hub:p123")
    assert store.people.hub_users(other_trainee.cohort_id).get(other_trainee.id) == "p123"


def test_place_login_refuses_a_role_that_is_not_a_cohort_place(store, cohort):
    from commonground.errors import StoreError

    with pytest.raises(StoreError, match="'trainee' or 'facilitator'"):
        store.people.place_login("hub:x", "x", cohort.id, "self")


# -- the door of the course as one hub service (commonground.hub.service) ------------------

def _door(store, user, groups=(), *, admin=False, page="00_welcome.ipynb", token=None):
    from commonground.hub.access import door

    return door(store, user, list(groups), admin, page, token)


def test_the_door_signs_a_placed_hub_user_in_as_themselves(store, cohort):
    first = _door(store, "ana", ["cohort-southside-2026"])
    assert first.message is None and first.token
    ana = store.people.existing_login("hub:ana")
    assert store.people.for_token(first.token) == ana
    # With that sign-in the page opens; nothing more is written.
    assert _door(store, "ana", ["cohort-southside-2026"], token=first.token) == type(first)()


def test_another_hub_users_sign_in_never_serves_them(store, cohort):
    ana = _door(store, "ana", ["cohort-southside-2026"]).token
    # Ben logs in to the hub in the same browser: Ana's cookie is replaced by Ben's.
    ben = _door(store, "ben", ["cohort-southside-2026"], token=ana)
    assert ben.token and ben.token != ana
    assert store.people.for_token(ben.token) == store.people.existing_login("hub:ben")
    # An administrator's sign-in is not a trainee's either.
    boss = _door(store, "boss", admin=True, page="administration.ipynb").token
    assert _door(store, "ben", ["cohort-southside-2026"], token=boss).token not in (None, boss)


def test_the_door_refuses_a_hub_user_without_a_place_in_plain_words(store, cohort):
    from commonground.hub.access import NOT_HUB_ADMIN_MESSAGE

    assert _door(store, "zed", ["staff"]).message == NOT_PLACED_MESSAGE
    assert _door(store, "zed", ["staff"], page="administration.ipynb").message == (
        NOT_HUB_ADMIN_MESSAGE)
    assert store.people.existing_login("hub:zed") is None  # nothing written


def test_hub_admins_are_course_administrators(store, cohort):
    made = _door(store, "boss", admin=True, page="administration.ipynb")
    assert made.message is None and store.administrators.holds(made.token)
    assert store.administrators.login_of(made.token) == "hub:boss"
    assert _door(store, "boss", admin=True, page="administration.ipynb",
                 token=made.token).token is None  # signed in: the page opens
    # Another hub admin's sign-in is not theirs; the administrator link is left alone.
    link = store.administrators.issue_link()
    other = _door(store, "kim", admin=True, page="administration.ipynb", token=made.token)
    assert other.token and store.administrators.login_of(other.token) == "hub:kim"
    assert store.administrators.holds(link) and store.administrators.holds(made.token)
    store.administrators.issue_link()  # a new administrator link: hub sign-ins still work
    assert store.administrators.holds(made.token) and not store.administrators.holds(link)
    # In no cohort, a hub admin's course is the administration page.
    assert _door(store, "boss", admin=True).administration
    # No longer a hub admin: refused, and their sign-ins stop working.
    assert _door(store, "boss", page="administration.ipynb").message
    assert not store.administrators.holds(made.token)


def test_door_sign_ins_leave_a_personal_link_working(store, cohort):
    ben = store.people.add_participant(cohort.id, "Ben Cho", "Housing")
    link = store.people.issue_link(ben)
    store.people.claim_login(ben, "hub:pben")
    for _ in range(7):  # more than the five newest sign-ins kept
        assert _door(store, "pben").token
    assert store.people.for_token(link).id == ben


def test_a_door_sign_in_is_not_a_way_in_once_out_of_the_group(store, cohort):
    assert _door(store, "ana", ["cohort-southside-2026"]).token
    store.people.place_login("hub:ana", "ana", cohort.id, "trainee")
    # Taken out of the group (the hub says so): the door's own sign-ins are no link.
    assert _door(store, "ana", []).message == NOT_PLACED_MESSAGE


# -- a person an LMS launch logged in to the hub (commonground.hub.lti) ---------------------

def test_an_lms_persons_place_comes_from_their_launch_not_from_hub_groups(store, cohort):
    from commonground.hub.access import course_login, lti_hub_user

    login = "lti:" + "a" * 40  # as commonground.lti.launch.arrive places them
    user = lti_hub_user(login)
    assert user == "lti-" + "a" * 40 and course_login(user) == login
    assert course_login("ana") == "hub:ana"
    # Not yet placed by a launch: refused, whatever the groups say; nothing written.
    assert enter(store, user, ["cohort-southside-2026"]).message == NOT_PLACED_MESSAGE
    assert store.people.existing_login(login) is None
    person = store.people.place_login(login, "Ana Lee", cohort.id, "trainee")
    entry = enter(store, user, ["facilitators-southside-2026"])  # groups do not move them
    assert entry.participant == person and not entry.participant.is_facilitator
    signed = _door(store, user, ["facilitators-southside-2026"])
    assert store.people.for_token(signed.token) == person
    # Taken out of their cohort: refused again; a switched-off link still refuses.
    store.people.place_login(login, "Ana Lee", None, "hub")
    assert enter(store, user, []).message == NOT_PLACED_MESSAGE
    store.people.place_login(login, "Ana Lee", cohort.id, "trainee")
    store.people.issue_link(person.id)
    store.people.revoke_links(person.id)
    assert enter(store, user, []).message == LINK_SWITCHED_OFF_MESSAGE
    assert _door(store, user).message == LINK_SWITCHED_OFF_MESSAGE
