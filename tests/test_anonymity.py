"""Nobody can tell who wrote an anonymous item from anything the course shows or exports.

Ana, Ben and the others of a cohort post under their name and anonymously, in quick
succession, on every anonymous surface: the jargon wall, the agreement, the elephant box,
a module's reflection shared with the cohort and the question at the end of a role-play
(as Lena or as Tom). Then the facilitator reads the dashboard's model, the moderation
list, the spaces and every export format, and Ben reads what a trainee sees. The test
fails if any anonymous item's author can be singled out:

* by **group size**: an item another person wrote is shown while fewer than 3 people could
  have written it (the cohort's trainees; for a role-play's question, those who played that
  part to that ending);
* by **time**: an anonymous item carries a time finer than the day;
* by **order**: anonymous items sit among named ones, or come in an order that follows
  posting (the same posts made in the opposite order, in a twin cohort, must be listed in
  the same order);
* by **question**: a role-play answer is shown with another part's question.

Every text says what it is: ``N3-…`` was written under person 3's name, ``A3-…``
anonymously by person 3. Run for cohorts of 2, 3 and 10 trainees, through the models (no
browser).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from collections import defaultdict

import pytest

from commonground import ReflectionModel, shared_reflections
from commonground.admin import cohorts as admin
from commonground.content.course import load_course
from commonground.pages.dashboard import Dashboard
from commonground.pages.scenario import ScenarioPlayerModel, get_scenario
from commonground.scenario.debrief import prompt_id
from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation
from tests._cohorts import facilitator_of
from tests._walks import walks

NAMES = ["Ana Lee", "Ben Cho", "Cat Diaz", "Dev Rao", "Eve Moss", "Fay Ode", "Gus Hill",
         "Hana Ito", "Ira Kaye", "Jo Lam"]
AGENCIES = ["Family Support", "Housing", "Health", "Justice", "Education", "Disability",
            "Aged Care", "Youth", "Legal Aid", "Mental Health"]
MODULE = "04_jargon_and_uncomfortable_moments"
TO_COHORT = "elephant-in-the-room"  # shared with the cohort, without a name
TO_FACILITATOR = "jargon-my-words"  # shared with the facilitator, with the name
SCENARIO = "traumatised_organisation"
LENA = ("returning_worker", "ending_quiet_support")
TOM = ("facilitator", "ending_business_only")
# Who plays which part to which ending, by cohort size: at 10, four people were asked
# Lena's question (enough) and two Tom's (not enough, however large the cohort).
SEATS = {2: {0: LENA, 1: TOM}, 3: {0: LENA, 1: TOM, 2: LENA},
         10: {0: LENA, 1: TOM, 2: LENA, 3: LENA, 4: LENA, 5: TOM}}
MARK = re.compile(r"([AN])(\d+)-")
BEN = 1


def _mark(text: str) -> tuple[str, int] | None:
    """("A", person) for an anonymous text, ("N", person) for a named one, None for the
    course's own."""
    found = MARK.search(text or "")
    return (found[1], int(found[2])) if found else None


# -- the cohort and what its people do ----------------------------------------------------
def _people(store, size: int, name: str):
    cohort = store.people.create_cohort(name, "Robin Ng")
    people = [store.people.get(store.people.add_participant(cohort.id, NAMES[i], AGENCIES[i]))
              for i in range(size)]
    return cohort, people, facilitator_of(store, cohort)


def _actions(store, people, seats):
    """What everyone does, as (label, do) in the order one cohort does it: each person
    posts under their name and then anonymously, space after space."""
    course = load_course()
    scenario = get_scenario(SCENARIO)
    paths = {seat: next(w.choices for w in walks(scenario, seat[0]) if w.ending == seat[1])
             for seat in (LENA, TOM)}

    def reflect(person, prompt, text, visibility):
        model = ReflectionModel(store, person, prompt)
        model.edit(text)
        model.submit(visibility)

    def play(person, i, seat):
        model = ScenarioPlayerModel(store, person, scenario)
        model.start(seat[0])
        for choice in paths[seat]:
            model.choose(choice)
        reflect(person, model.after_play_prompt(), f"A{i}-after-play {seat[0]}", "cohort")

    out = []
    for i, p in enumerate(people):
        out += [
            (f"N{i}-term", lambda p=p, i=i: JargonWall(store, p).add(f"N{i}-term", "said aloud")),
            (f"A{i}-term", lambda p=p, i=i: JargonWall(store, p).add(
                f"A{i}-term", "said quietly", anonymous=True)),
            (f"N{i}-rule", lambda p=p, i=i: Agreement(store, p).suggest(f"N{i}-rule")),
            (f"A{i}-rule", lambda p=p, i=i: Agreement(store, p).suggest(f"A{i}-rule",
                                                                      anonymous=True)),
            (f"N{i}-feedback", lambda p=p, i=i: reflect(
                p, course.prompt(TO_FACILITATOR, MODULE), f"N{i}-for my facilitator",
                "facilitator")),
            (f"A{i}-elephant", lambda p=p, i=i: ElephantBox(store, p).add(f"A{i}-elephant")),
            (f"A{i}-reflection", lambda p=p, i=i: reflect(
                p, course.prompt(TO_COHORT, MODULE), f"A{i}-shared with the cohort",
                "cohort")),
        ]
        if i in seats:
            out.append((f"A{i}-after-play", lambda p=p, i=i: play(p, i, seats[i])))
    return out


def _afterwards(store, people, facilitator):
    """The same in both cohorts: a named term joins an anonymous one's group and the
    other way round, and the facilitator shares every elephant they can read."""
    ana, ben = people[0], people[BEN]
    group_of = {e.term: e.id for e in JargonWall(store, ben).entries()}
    if "A0-term" in group_of:
        JargonWall(store, ben).add("N1-synonym", "the same", same_as=group_of["A0-term"])
    JargonWall(store, ana).add("A0-synonym", "the same too", anonymous=True,
                               same_as=group_of["N1-term"])
    box = ElephantBox(store, facilitator)
    for elephant in box.everything():
        box.surface(elephant.id)


@pytest.fixture(params=[2, 3, 10], ids=lambda n: f"cohort of {n}")
def twins(request, store):
    """Two cohorts of the same size doing the same things, one in the opposite order."""
    size = request.param
    made = {}
    for name, backwards in (("Forwards", False), ("Backwards", True)):
        cohort, people, facilitator = _people(store, size, name)
        actions = _actions(store, people, SEATS[size])
        for _label, do in reversed(actions) if backwards else actions:
            do()
        _afterwards(store, people, facilitator)
        made[name] = (cohort, people, facilitator)
    return size, made


# -- what each person reads ----------------------------------------------------------------
def _fields(item) -> dict:
    return {f.name: getattr(item, f.name) for f in dataclasses.fields(item)}


def _listed(items, text) -> list[tuple[str, dict]]:
    return [(text(i), _fields(i)) for i in items]


def _wall(store, person) -> dict[str, list[tuple[str, dict]]]:
    """The wall as drawn: its groups in order ("GROUP A:…" for a group of anonymous terms
    only), and each group's terms in order, under the group's first term."""
    groups = JargonWall(store, person).groups()
    out = {"jargon wall": []}
    for group in groups:
        kinds = {(_mark(e.term) or ("N",))[0] for e in group.entries}
        out["jargon wall"].append(
            (f"GROUP {'A' if kinds == {'A'} else 'N'}:{group.entries[0].term}", {}))
        out[f"jargon wall, {group.entries[0].term}"] = _listed(group.entries, lambda e: e.term)
    return out


def _surfaces_of_the_facilitator(store, cohort, facilitator, tmp_path) -> dict:
    import pandas as pd

    seen = {
        **_wall(store, facilitator),
        "agreement": _listed(Agreement(store, facilitator).items(), lambda i: i.text),
        "elephant box": _listed(ElephantBox(store, facilitator).everything(), lambda e: e.text),
        "elephants shared": _listed(ElephantBox(store, facilitator).surfaced(), lambda e: e.text),
        "moderation": _listed(Moderation(store, facilitator).queue(), lambda q: q.text),
    }
    frames = admin.export_tables(store, cohort.name)
    seen["export"] = _rows(frames["shared"])
    folder = tmp_path / f"csv-{cohort.name}"
    admin.export(store, cohort.name, folder)
    seen["export, CSV"] = _rows(pd.read_csv(folder / "shared.csv", dtype=str,
                                            keep_default_na=False))
    xlsx = tmp_path / f"{cohort.name}.xlsx"
    admin.export(store, cohort.name, xlsx)
    seen["export, Excel"] = _rows(pd.read_excel(xlsx, sheet_name="shared", dtype=str,
                                                keep_default_na=False))
    everything_else = {name: f for name, f in frames.items() if name != "shared"}
    board = Dashboard(store, facilitator)
    seen["dashboard"] = [(repr(x), {}) for x in (
        board.awaiting_feedback(), board.by_module(), board.by_agency(),
        board.scenario_choices(), board.evaluation(), everything_else)]
    return seen


def _rows(frame) -> list[tuple[str, dict]]:
    """The export's shared table, one (text, row) a row: a term's text is its name."""
    return [(row["about"] if row["space"] == "jargon wall" else row["text"], dict(row))
            for row in frame.to_dict("records")]


def _surfaces_of_a_trainee(store, cohort, person) -> dict:
    lena, tom = (prompt_id(SCENARIO, *seat) for seat in (LENA, TOM))
    return {
        **_wall(store, person),
        "agreement": _listed(Agreement(store, person).items(), lambda i: i.text),
        "elephants shared": _listed(ElephantBox(store, person).surfaced(), lambda e: e.text),
        "my elephants": _listed(ElephantBox(store, person).mine(), lambda e: e.text),
        "reflections shared": _listed(shared_reflections(store, cohort.id, TO_COHORT),
                                      lambda r: r.text),
        "Lena's question": _listed(shared_reflections(store, cohort.id, lena), lambda r: r.text),
        "Tom's question": _listed(shared_reflections(store, cohort.id, tom), lambda r: r.text),
    }


# -- how an author could be singled out ----------------------------------------------------
def _could_have_written(text: str, size: int, seats: dict) -> int:
    """How many people could have written an anonymous text, from what everyone did."""
    for seat in (LENA, TOM):
        if f"after-play {seat[0]}" in text:
            return sum(1 for s in seats.values() if s == seat)
    return size


def _finer_than_a_day(fields: dict) -> list[str]:
    found = []
    for name, value in fields.items():
        if isinstance(value, _dt.datetime) or (
                isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d.*", value)):
            found.append(f"{name}={value}")
    return found


def _singled_out(seen: dict, viewer: int | None, size: int, seats: dict) -> list[str]:
    """Every way an anonymous item another person wrote can be traced to them here."""
    problems = []
    for surface, items in seen.items():
        kinds = []
        for text, fields in items:
            if text.startswith("GROUP "):  # a group of terms on the wall
                kinds.append(text[len("GROUP ")])
                continue
            mark = _mark(text)
            kind = mark[0] if mark else "N"
            kinds.append(kind)
            if surface == "dashboard" and re.search(r"A\d+-", text):
                problems.append(f"{surface}: shows anonymous writing")
            if mark is None or kind != "A":
                continue
            if _finer_than_a_day(fields):
                problems.append(f"{surface}: {text!r} carries {_finer_than_a_day(fields)}")
            if mark[1] == viewer:
                continue  # their own: they know
            if _could_have_written(text, size, seats) < 3:
                problems.append(f"{surface}: {text!r} is shown, but only "
                                f"{_could_have_written(text, size, seats)} could have written it")
            if fields.get("author"):
                problems.append(f"{surface}: {text!r} names {fields['author']}")
        if kinds != sorted(kinds, key="NA".index):
            problems.append(f"{surface}: anonymous items sit among named ones: {kinds}")
        if surface == "Lena's question" and any("facilitator" in t for t, _ in items):
            problems.append(f"{surface}: holds an answer to Tom's question")
        if surface == "Tom's question" and any("returning_worker" in t for t, _ in items):
            problems.append(f"{surface}: holds an answer to Lena's question")
    return problems


def _anonymous_order(seen: dict) -> dict[str, list[str]]:
    return {surface: [t for t, _ in items if t.startswith(("A", "GROUP A"))]
            for surface, items in seen.items() if surface != "dashboard"}


def test_nobody_can_tell_who_wrote_an_anonymous_item(store, twins, tmp_path):
    size, made = twins
    seats = SEATS[size]
    orders: dict[str, dict] = defaultdict(dict)
    shown: dict[str, dict] = {}
    for name, (cohort, people, facilitator) in made.items():
        for who, viewer, seen in (
            ("facilitator", None, _surfaces_of_the_facilitator(store, cohort, facilitator,
                                                               tmp_path)),
            ("Ben", BEN, _surfaces_of_a_trainee(store, cohort, people[BEN])),
        ):
            problems = _singled_out(seen, viewer, size, seats)
            assert problems == [], f"{name}, as the {who}:\n" + "\n".join(problems)
            orders[who][name] = _anonymous_order(seen)
            shown[f"{name} {who}"] = seen
    for who, by_cohort in orders.items():  # the order owes nothing to the order of posting
        assert by_cohort["Forwards"] == by_cohort["Backwards"], who

    # Not empty by accident: what a large enough group may see, it does see.
    facilitator_sees = _anonymous_order(shown["Forwards facilitator"])
    ben_sees = _anonymous_order(shown["Forwards Ben"])
    others = re.compile(r"A(?!1-)\d+-")  # anything anonymous Ben did not write

    def seen(surfaces: dict, pattern: str | re.Pattern) -> set[str]:
        return {"jargon wall" if name.startswith("jargon wall") else name
                for name, texts in surfaces.items() if any(re.search(pattern, t) for t in texts)}

    if size < 3:
        assert seen(facilitator_sees, others) == set()
        assert seen(ben_sees, others) == set()
        assert "my elephants" in seen(ben_sees, "A1-")  # his own, to him alone
    else:
        assert {"jargon wall", "agreement", "elephant box", "elephants shared", "moderation",
                "export", "export, CSV", "export, Excel"} <= seen(facilitator_sees, "A0-")
        assert {"jargon wall", "agreement", "elephants shared",
                "reflections shared"} <= seen(ben_sees, "A0-")
        assert ben_sees["Tom's question"] == []  # two were asked it, in any cohort
        assert len(ben_sees["Lena's question"]) == (4 if size == 10 else 0)
