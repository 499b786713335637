"""Playing a role-play together: joining with a code, votes, majorities, ties and the
reader's decision, meeting points where one seat's choice changes another's scene, the
discussion time, and votes kept from everyone outside (and deleted once chosen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from commonground.admin.cohorts import archive
from commonground.data import _schema as t
from commonground.data.group_play import MOST_IN_A_SEAT, normal_code
from commonground.errors import StoreError
from commonground.scenario import Play, load_scenario
from tests._cohorts import facilitator_of, other_cohort_trainee, self_paced

ROOT = Path(__file__).resolve().parents[2]
CARE = load_scenario(ROOT / "content" / "scenarios" / "care_team_together.yaml")
SOLO = load_scenario(ROOT / "content" / "scenarios" / "hot_desk.yaml")
T0 = dt.datetime(2026, 12, 7, 10, 0, tzinfo=dt.UTC)


def people(store, cohort, n):
    return [store.people.get(store.people.add_participant(cohort.id, f"Person {i}", "Agency",
                                                          "Worker")) for i in range(n)]


def node_of(store, play_id, seat):
    return store.group_play.now(play_id).seats[seat].saved["now"]["node"]


@pytest.fixture
def table(store, cohort):
    """A group play of the three-seat role-play: two people on Carmen's seat, one each on
    Farah's and Tania's."""
    c1, c2, f, tn = people(store, cohort, 4)
    code = store.group_play.start(c1, CARE)
    play_id = store.group_play.join(c1, code, "carmen", CARE)
    store.group_play.join(c2, code.lower(), "carmen", CARE)
    store.group_play.join(f, code, "farah", CARE)
    store.group_play.join(tn, f" {code[:2]}-{code[2:]} ", "tania", CARE)
    return play_id, c1, c2, f, tn


def test_codes_are_short_and_forgiving(store, cohort, trainee):
    code = store.group_play.start(trainee, CARE)
    assert len(code) == 5 and code == normal_code(code)
    assert store.group_play.find(cohort.id, code.lower()) is not None
    assert store.group_play.find(cohort.id, "nope") is None
    assert store.group_play.find(None, code) is None
    other = other_cohort_trainee(store)
    with pytest.raises(StoreError, match="no group with that code in your cohort"):
        store.group_play.join(other, code, "carmen", CARE)


def test_a_role_play_for_one_seat_cannot_be_played_together(store, trainee):
    with pytest.raises(StoreError, match="one seat at a time"):
        store.group_play.start(trainee, SOLO)


def test_play_begins_once_every_seat_has_someone(store, cohort):
    a, b = people(store, cohort, 2)
    code = store.group_play.start(a, CARE)
    play_id = store.group_play.join(a, code, "carmen", CARE)
    store.group_play.join(b, code, "farah", CARE)
    assert not store.group_play.now(play_id).begun
    with pytest.raises(StoreError, match="every seat has someone"):
        store.group_play.vote(a, play_id, "carmen_says_hello", CARE)
    assert store.group_play.now(play_id).seats["carmen"].votes == {}


def test_joining_is_refused_in_words(store, cohort, table):
    play_id, c1, *_ = table
    code = store.group_play.now(play_id).code
    with pytest.raises(StoreError, match="already in this group on Carmen"):
        store.group_play.join(c1, code, "farah", CARE)
    assert store.group_play.join(c1, code, "carmen", CARE) == play_id  # again: fine
    with pytest.raises(StoreError, match="one of the role-play's seats"):
        store.group_play.join(people(store, cohort, 1)[0], code, "luke", CARE)
    extra = people(store, cohort, MOST_IN_A_SEAT - 1)
    for p in extra[:-1]:
        store.group_play.join(p, code, "tania", CARE)
    store.group_play.join(extra[-1], code, "tania", CARE)
    with pytest.raises(StoreError, match=f"already has {MOST_IN_A_SEAT} people"):
        store.group_play.join(people(store, cohort, 1)[0], code, "tania", CARE)
    with pytest.raises(StoreError, match="no group with that code"):
        store.group_play.join(self_paced(store), code, "tania", CARE)
    lead = facilitator_of(store, cohort)
    with pytest.raises(StoreError, match="cohort's trainees"):
        store.group_play.join(lead, code, "tania", CARE)


def test_a_majority_moves_the_group_and_the_discussion_time_is_kept(store, table):
    play_id, c1, c2, _f, _tn = table
    now = store.group_play.now(play_id, c1)
    assert now.begun and now.my_seat == "carmen" and now.i_read
    started = now.seats["carmen"].step_started_at
    assert started is not None
    store.group_play.vote(c1, play_id, "carmen_says_hello", CARE,
                          now=started + dt.timedelta(seconds=30))
    mid = store.group_play.now(play_id, c2)
    assert mid.seats["carmen"].votes == {"carmen_says_hello": 1} and mid.my_vote is None
    assert not mid.i_read and node_of(store, play_id, "carmen") == "carmen_before"
    store.group_play.vote(c2, play_id, "carmen_says_hello", CARE,
                          now=started + dt.timedelta(seconds=95))
    assert node_of(store, play_id, "carmen") == "the_table"
    [step] = store.group_play.steps(play_id)
    assert (step.seat, step.node_id, step.choice_id, step.how) == (
        "carmen", "carmen_before", "carmen_says_hello", "everyone")
    assert step.seconds == 95
    with store.read() as conn:  # once chosen, only the group's choice is kept
        assert conn.execute(select(t.group_votes)).all() == []


def test_a_tie_waits_for_the_reader(store, table):
    play_id, c1, c2, _f, _tn = table
    store.group_play.vote(c1, play_id, "carmen_says_hello", CARE)
    store.group_play.vote(c2, play_id, "carmen_reads_file", CARE)
    seat = store.group_play.now(play_id).seats["carmen"]
    assert seat.tied == ("carmen_reads_file", "carmen_says_hello") and seat.voted == 2
    with pytest.raises(StoreError, match="Only your group's reader"):
        store.group_play.decide(c2, play_id, "carmen_reads_file", CARE)
    with pytest.raises(StoreError, match="tied on"):
        store.group_play.decide(c1, play_id, "farah_asks_tania", CARE)
    store.group_play.decide(c1, play_id, "carmen_reads_file", CARE)
    [step] = store.group_play.steps(play_id)
    assert (step.choice_id, step.how) == ("carmen_reads_file", "reader")


def test_changing_a_vote_and_a_new_reader(store, table):
    play_id, c1, c2, _f, _tn = table
    store.group_play.vote(c1, play_id, "carmen_says_hello", CARE)
    store.group_play.vote(c1, play_id, "carmen_reads_file", CARE)
    assert store.group_play.now(play_id, c1).my_vote == "carmen_reads_file"
    store.group_play.take_reader(c2, play_id)
    assert store.group_play.now(play_id, c2).i_read
    store.group_play.vote(c2, play_id, "carmen_says_hello", CARE)
    store.group_play.decide(c2, play_id, "carmen_says_hello", CARE)
    assert node_of(store, play_id, "carmen") == "the_table"


def test_votes_are_checked(store, cohort, table):
    play_id, c1, _c2, _f, _tn = table
    with pytest.raises(StoreError, match="not open here"):
        store.group_play.vote(c1, play_id, "farah_asks_tania", CARE)
    with pytest.raises(StoreError, match="not in this group"):
        store.group_play.vote(people(store, cohort, 1)[0], play_id, "carmen_says_hello",
                              CARE)
    with pytest.raises(StoreError, match="another role-play"):
        store.group_play.vote(c1, play_id, "carmen_says_hello", SOLO)


def test_one_seats_choice_changes_what_another_seat_faces_after_the_meeting(store, table):
    play_id, c1, c2, f, tn = table
    gp = store.group_play
    gp.vote(tn, play_id, "tania_writes_notes", CARE)
    gp.vote(f, play_id, "farah_asks_tania", CARE)
    now = gp.now(play_id, tn)
    assert node_of(store, play_id, "tania") == "the_table"
    assert now.met == () and now.seats["tania"].step_started_at is None  # waiting
    with pytest.raises(StoreError, match="waiting for the other seats"):
        gp.vote(tn, play_id, "tania_says_mum", CARE)
    gp.vote(c1, play_id, "carmen_says_hello", CARE)
    gp.vote(c2, play_id, "carmen_says_hello", CARE)
    now = gp.now(play_id)
    assert now.met == ("first_words",)
    assert now.known["tania"] == ["tania_writes_notes"]
    assert all(s.step_started_at is not None for s in now.seats.values())
    carmen = Play.from_dict(CARE, now.seats["carmen"].saved, others=now.known)
    assert "carmen_asks_for_list" in {c.id for c in carmen.choices()}
    assert "Tania has her phone out" in carmen.text()
    tania = Play.from_dict(CARE, now.seats["tania"].saved, others=now.known)
    assert "Carmen came out to the waiting room" in tania.text()


def play_to_the_end(store, table, carmen_choice):
    play_id, c1, c2, f, tn = table
    gp = store.group_play
    for who, choice in ((tn, "tania_writes_notes"), (f, "farah_asks_tania"),
                        (c1, "carmen_reads_file"), (c2, "carmen_reads_file"),
                        (tn, "tania_says_mum"), (f, "farah_says_tania_decides"),
                        (c1, carmen_choice), (c2, carmen_choice)):
        gp.vote(who, play_id, choice, CARE)
    return gp.now(play_id)


def test_the_second_meeting_and_the_endings(store, table):
    play_id, c1, c2, f, tn = table
    now = play_to_the_end(store, table, "carmen_plain_words")
    assert now.met == ("first_words", "the_question")
    tania = Play.from_dict(CARE, now.seats["tania"].saved, others=now.known)
    assert "tania_every_week" in {c.id for c in tania.choices()}
    assert "has not asked about" in tania.text()
    store.group_play.vote(tn, play_id, "tania_every_week", CARE)
    store.group_play.vote(f, play_id, "farah_asks_tania_in_room", CARE)
    store.group_play.vote(c1, play_id, "carmen_asks_tania", CARE)
    store.group_play.vote(c2, play_id, "carmen_asks_tania", CARE)
    ends = {seat: node_of(store, play_id, seat) for seat in ("carmen", "farah", "tania")}
    assert ends == {"carmen": "carmen_ending_team", "farah": "farah_ending_trusted",
                    "tania": "tania_ending_heard"}
    with pytest.raises(StoreError, match="reached an ending"):
        store.group_play.vote(tn, play_id, "tania_says_nothing", CARE)
    assert len(store.group_play.steps(play_id)) == 3 * 3


def test_when_carmen_asks_farah_tania_faces_it(store, table):
    _play_id, *_ = table
    now = play_to_the_end(store, table, "carmen_asks_farah")
    tania = Play.from_dict(CARE, now.seats["tania"].saved, others=now.known)
    assert "Carmen has just asked Farah" in tania.text()


def test_an_archived_cohort_plays_no_more(store, cohort, table):
    play_id, c1, *_ = table
    archive(store, cohort.name)
    with pytest.raises(StoreError, match="read-only"):
        store.group_play.vote(c1, play_id, "carmen_says_hello", CARE)


def test_votes_never_carry_names_outside_the_group(store, cohort, table):
    play_id, c1, _c2, f, _tn = table
    store.group_play.vote(c1, play_id, "carmen_says_hello", CARE)
    outsider = store.group_play.now(play_id, f)
    assert outsider.my_vote is None and outsider.seats["carmen"].votes == {
        "carmen_says_hello": 1}
    text = repr(outsider)  # everything the pages are given: counts, never who
    assert "Person" not in text and "participant" not in text


def test_a_group_play_goes_with_its_cohort(store, cohort, table):
    from commonground.data._purge import purge_cohort

    purge_cohort(store, cohort)
    with store.read() as conn:
        for name in ("group_plays", "group_seats", "group_members", "group_votes",
                     "group_steps"):
            assert conn.execute(select(t.metadata.tables[name])).all() == []
