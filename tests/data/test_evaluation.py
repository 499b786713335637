"""The course evaluation: anonymous answers (no participant, no time), one per person,
bad input refused with nothing written, and the facilitator sees only aggregates of 3
or more."""

from __future__ import annotations

import json

import pytest

from commonground.admin.cohorts import archive, export_tables, purge
from commonground.content.evaluation_form import (
    TEXT_LIMIT,
    EvaluationInputError,
    load_evaluation_form,
)
from commonground.data import _schema as t
from commonground.data.evaluation import MIN_RESPONSES
from commonground.errors import StoreError
from tests._cohorts import facilitator_of, other_cohort_trainee, self_paced
from tests._db import row_counts

FORM = load_evaluation_form()
FIRST, SECOND = FORM.statements[0].id, FORM.statements[1].id


@pytest.fixture
def trainees(store, cohort):
    return [store.people.get(store.people.add_participant(cohort.id, f"Person {i}", "Housing"))
            for i in range(4)]


def _answer(store, person, rating=4, useful="", change=""):
    store.evaluation.submit(person, FORM, {FIRST: rating},
                            {"most_useful": useful, "to_change": change})


def _rows(store, table):
    with store.read() as conn:
        return [dict(r._mapping) for r in conn.execute(table.select())]


def test_the_form_has_about_five_statements_and_two_questions():
    assert 4 <= len(FORM.statements) <= 6 and len(FORM.scale) == 5
    assert list(FORM.questions) == ["most_useful", "to_change"]


def test_an_answer_is_stored_without_the_person_and_only_the_fact_they_answered(
        store, cohort, trainee):
    _answer(store, trainee, 5, "The role-plays", "More time")
    [answer] = _rows(store, t.evaluation_answers)
    [done] = _rows(store, t.evaluation_done)
    assert done == {"participant_id": trainee.id}  # no time, no answer id
    assert set(answer) == {"id", "cohort_id", "answered_on", "ratings_json", "most_useful",
                           "to_change"}
    assert answer["cohort_id"] == cohort.id and len(answer["answered_on"]) == 10  # a date
    assert json.loads(answer["ratings_json"]) == {FIRST: 5}
    assert str(trainee.id) != answer["id"] and trainee.public_id not in json.dumps(
        answer, default=str)
    assert store.evaluation.has_answered(trainee.id)


def test_each_person_answers_once_and_a_second_answer_writes_nothing(store, trainee):
    _answer(store, trainee)
    before = row_counts(store)
    with pytest.raises(StoreError, match="already answered"):
        _answer(store, trainee, 1)
    assert row_counts(store) == before


@pytest.mark.parametrize("ratings, texts, says", [
    ({FIRST: 6}, {}, "choose a number from 1 to 5"),
    ({FIRST: "4"}, {}, "choose a number from 1 to 5"),
    ({FIRST: True}, {}, "choose a number from 1 to 5"),
    ({"not-a-statement": 3}, {}, "reload the page"),
    ({}, {"most_useful": "x" * (TEXT_LIMIT + 1)}, "please keep it to 4,000"),
    ({}, {"to_change": "fine\x00 then"}, r"invisible character \(NUL, U\+0000\) at position 5"),
    ({}, {"most_useful": "ok \x1b[31m red"}, r"Escape, U\+001B"),
    ({}, {"most_useful": "half \ud83d an emoji"}, "a broken character"),
    ({FIRST: None}, {"most_useful": "   "}, "nothing to send yet"),
])
def test_bad_input_gets_a_clear_message_and_writes_nothing(store, trainee, ratings, texts,
                                                           says):
    before = row_counts(store)
    with pytest.raises(EvaluationInputError, match=says):
        store.evaluation.submit(trainee, FORM, ratings, texts)
    assert row_counts(store) == before
    assert not store.evaluation.has_answered(trainee.id)


def test_line_breaks_and_tabs_are_kept(store, trainee):
    _answer(store, trainee, None, "one\r\ntwo\tthree")
    assert _rows(store, t.evaluation_answers)[0]["most_useful"] == "one\ntwo\tthree"


@pytest.mark.parametrize("who", ["facilitator", "self-paced"])
def test_only_trainees_in_a_cohort_answer(store, cohort, who):
    person = facilitator_of(store, cohort) if who == "facilitator" else self_paced(store)
    before = row_counts(store)
    with pytest.raises(StoreError, match="in a group with a facilitator"):
        _answer(store, person)
    assert row_counts(store) == before


def test_an_archived_cohort_takes_no_answers(store, cohort, trainee):
    archive(store, cohort.name)
    with pytest.raises(StoreError, match="read-only"):
        _answer(store, trainee)
    assert not store.evaluation.has_answered(trainee.id)


def test_the_summary_waits_for_three_answers(store, cohort, trainees):
    for person in trainees[:MIN_RESPONSES - 1]:
        _answer(store, person, 5, "Useful words")
    early = store.evaluation.summary(cohort.id, FORM)
    assert (early.responses, early.shown, early.statements) == (MIN_RESPONSES - 1, False, ())
    assert all(v == () for v in early.texts.values())
    _answer(store, trainees[MIN_RESPONSES - 1], 2)
    summary = store.evaluation.summary(cohort.id, FORM)
    first = summary.statements[0]
    assert summary.shown and first.counts == (0, 1, 0, 0, 2) and first.unanswered == 0
    assert summary.statements[1].unanswered == MIN_RESPONSES
    # Only 2 people wrote in "most useful": not listed, however many answered.
    assert summary.texts["most_useful"] == ()


def test_free_text_is_listed_in_a_random_order_once_three_wrote(store, cohort, trainees):
    for i, person in enumerate(trainees[:3]):
        _answer(store, person, None, f"Answer {i}")
    orders = {store.evaluation.summary(cohort.id, FORM).texts["most_useful"] for _ in range(30)}
    assert all(sorted(o) == ["Answer 0", "Answer 1", "Answer 2"] for o in orders)
    assert len(orders) > 1  # (1/6)^29 that one order comes back every time


def test_other_cohorts_answers_are_not_counted(store, cohort, trainees):
    for person in trainees[:2]:
        _answer(store, person)
    outsider = other_cohort_trainee(store)
    _answer(store, outsider)
    assert store.evaluation.summary(cohort.id, FORM).responses == 2


def test_purging_the_cohort_removes_its_answers(store, cohort, trainees):
    for person in trainees:
        _answer(store, person, 3, "Gone with the cohort")
    outsider = other_cohort_trainee(store)
    _answer(store, outsider, 4, "Kept")
    report = purge(store, cohort.name, cohort.name)
    assert report.remaining == {}
    assert report.deleted["evaluation_answers"] == 4 and report.deleted["evaluation_done"] == 4
    assert [r["most_useful"] for r in _rows(store, t.evaluation_answers)] == ["Kept"]
    assert [r["participant_id"] for r in _rows(store, t.evaluation_done)] == [outsider.id]


def test_the_cohort_export_holds_the_aggregate_only(store, cohort, trainees, tmp_path):
    for i, person in enumerate(trainees[:3]):
        _answer(store, person, 4, f"=cmd|' /C calc'!A{i}")
    tables = export_tables(store, cohort.name)
    counts = tables["evaluation"]
    assert list(counts["statement"]) == [s.text for s in FORM.statements]
    assert counts.iloc[0]["4 Agree"] == 3
    assert sorted(tables["evaluation_comments"]["answer"]) == [
        f"=cmd|' /C calc'!A{i}" for i in range(3)]
    from commonground.admin.cohorts import export

    written = {p.name: p for p in export(store, cohort.name, tmp_path / "csv")}
    comments = written["evaluation_comments.csv"].read_text(encoding="utf-8-sig")
    assert "'=cmd" in comments and "Person" not in comments  # text, never a formula


def test_the_export_leaves_out_fewer_than_three(store, cohort, trainees):
    _answer(store, trainees[0], 4, "Only me")
    tables = export_tables(store, cohort.name)
    assert tables["evaluation"].empty and tables["evaluation_comments"].empty
