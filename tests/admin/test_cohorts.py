"""Running a cohort: listing, one person's link, archiving, purging and exporting."""

from __future__ import annotations

import pytest

from commonground import resolve_identity
from commonground.admin import cohorts as admin
from commonground.data import _purge
from commonground.data import _schema as t
from commonground.data.plays import Plays
from commonground.data.store import StoreError
from commonground.spaces import Agreement, ElephantBox, JargonWall, Moderation
from tests._cohorts import facilitator_of, other_cohort_trainee
from tests._db import row_counts, stored_bytes


def _fill(store, cohort, person, facilitator, marker: str) -> None:
    """Some of every kind of data a cohort member leaves behind, each carrying marker."""
    r = store.reflections
    store.progress.complete(person.id, "00_welcome")
    store.people.issue_link(person.id)
    r.submit(person.id, "00_welcome", "welcome-why-here", f"{marker} v1", "facilitator")
    r.submit(person.id, "00_welcome", "welcome-why-here", f"{marker} v2", "facilitator")
    r.give_feedback(person.id, "welcome-why-here", 2, f"{marker} feedback")
    r.save_draft(person.id, "01_safe_environment", "safe-env-power", f"{marker} draft", 0)
    plays = Plays(store)
    play = plays.start(person.id, "hot_desk", "key_worker", {"m": marker})
    plays.record_step(play, person.id, "proposal", "sam_volunteers", {"m": marker})
    wall = JargonWall(store, person)
    term = wall.add(f"{marker} term", "meaning")
    wall.mark_didnt_know(term)
    elephant = ElephantBox(store, person).add(f"{marker} elephant")
    ElephantBox(store, facilitator).surface(elephant)
    agreement = Agreement(store, person)
    agreement.endorse(agreement.items()[0].id)
    agreement.suggest(f"{marker} rule")
    Agreement(store, facilitator).finalise([f"{marker} agreed"])
    Moderation(store, facilitator).hide(term)


def test_list_cohorts_and_members(store, cohort, trainee, other_trainee):
    store.people.issue_link(trainee.id)
    facilitator_of(store, cohort)
    [summary] = admin.list_cohorts(store)
    assert (summary.name, summary.trainees, summary.active_links, summary.archived) == (
        "Southside 2026", 2, 1, False)
    members = admin.list_members(store, cohort.name)
    assert [(m.name, m.kind, m.link) for m in members] == [
        ("Robin Facilitator", "facilitator", "none"),
        ("Ana Lee", "trainee", "active"),
        ("Ben Cho", "trainee", "none"),
    ]


def test_find_member_by_id_or_name(store, cohort, trainee):
    assert admin.find_member(store, cohort.name, trainee.public_id).id == trainee.id
    assert admin.find_member(store, cohort.name, "ana lee").id == trainee.id
    store.people.add_participant(cohort.id, "Ana Lee", "Housing")
    with pytest.raises(StoreError, match=r"2 people .* are called 'Ana Lee'.*Use the id"):
        admin.find_member(store, cohort.name, "Ana Lee")
    with pytest.raises(StoreError, match="Nobody in 'Southside 2026'"):
        admin.find_member(store, cohort.name, "Zed")
    outsider = other_cohort_trainee(store)
    with pytest.raises(StoreError, match="Nobody"):  # another cohort's member is not found
        admin.find_member(store, cohort.name, outsider.public_id)


def test_revoke_and_reissue(store, cohort, trainee):
    token = store.people.issue_link(trainee.id)
    person, n = admin.revoke_link(store, cohort.name, "Ana Lee")
    assert (person.id, n) == (trainee.id, 1)
    assert resolve_identity(store, f"t={token}", environ={}).mode == "invalid"
    person, url = admin.reissue_link(store, cohort.name, trainee.public_id, "https://cg.example/")
    assert url.startswith("https://cg.example/?t=")
    assert resolve_identity(store, url.split("?", 1)[1], environ={}).participant.id == trainee.id
    _, again = admin.reissue_link(store, cohort.name, trainee.public_id, "https://cg.example/")
    assert resolve_identity(store, url.split("?", 1)[1], environ={}).mode == "invalid"
    assert resolve_identity(store, again.split("?", 1)[1], environ={}).valid


def test_facilitator_link_opens_the_dashboard(store, cohort):
    fid = admin.ensure_facilitator(store, cohort)
    assert admin.ensure_facilitator(store, cohort) == fid  # only one
    _, url = admin.reissue_link(store, cohort.name, "Robin Facilitator", "http://h:1")
    assert url.startswith("http://h:1/voila/render/facilitator_dashboard.ipynb?t=")


def test_archive_is_read_only_until_undone(store, cohort, trainee):
    assert admin.archive(store, cohort.name).archived
    assert store.people.get(trainee.id).cohort_archived
    with store.write() as conn, pytest.raises(admin.CohortArchivedError, match="read-only"):
        admin.ensure_writable(conn, trainee.id)
    assert not admin.archive(store, cohort.name, archived=False).archived
    with store.write() as conn:
        admin.ensure_writable(conn, trainee.id)


def test_purge_needs_the_name_typed(store, cohort, trainee):
    before = row_counts(store)
    with pytest.raises(StoreError, match="Nothing was deleted"):
        admin.purge(store, cohort.name, "southside 2026")
    assert row_counts(store) == before


def test_purge_leaves_nothing_of_the_cohort(store, db_url, cohort, trainee, other_trainee):
    facilitator = facilitator_of(store, cohort)
    _fill(store, cohort, trainee, facilitator, "Quokka-31")
    _fill(store, cohort, other_trainee, facilitator, "Quokka-31")
    outsider = other_cohort_trainee(store)
    _fill(store, store.people.cohort(outsider.cohort_name), outsider,
          facilitator_of(store, store.people.cohort(outsider.cohort_name)), "Wombat-77")
    learner = store.people.for_login("self", "self", "You")
    JargonWall(store, learner).add("Wombat-77 self term")
    kept_before = _rows_of(store, outsider.cohort_id)

    report = admin.purge(store, cohort.name, cohort.name)

    assert report.remaining == {} and report.compacted
    assert report.deleted["participants"] == 3 and report.deleted["cohorts"] == 1
    for table in ("links", "progress", "reflections", "reflection_versions",
                  "reflection_feedback", "scenario_plays", "scenario_steps", "posts",
                  "reactions"):
        assert report.deleted.get(table), table
    assert [c.name for c in admin.list_cohorts(store)] == ["Northside 2026"]
    assert _rows_of(store, outsider.cohort_id) == kept_before  # the other cohort is intact
    assert [e.term for e in JargonWall(store, learner).entries()] == ["Wombat-77 self term"]
    store.dispose()
    on_disk = stored_bytes(db_url)
    assert b"Quokka-31" not in on_disk and b"Ana Lee" not in on_disk
    assert b"Wombat-77" in on_disk


def _rows_of(store, cohort_id):
    with store.read() as conn:
        pids = list(conn.execute(
            t.participants.select().with_only_columns(t.participants.c.id)
            .where(t.participants.c.cohort_id == cohort_id)).scalars())
        return _purge._count_owned(conn, _purge._owned(cohort_id, pids))


# -- exports ---------------------------------------------------------------------------
@pytest.fixture
def shared_and_private(store, cohort, trainee, other_trainee, third_trainee):
    """A cohort where people made every kind of visibility and anonymity choice."""
    facilitator = facilitator_of(store, cohort)
    r = store.reflections
    r.submit(trainee.id, "00_welcome", "welcome-why-here", "PRIVATE-words", "private")
    r.submit(trainee.id, "01_safe_environment", "safe-env-power", "FACILITATOR-words",
             "facilitator")
    r.submit(other_trainee.id, "00_welcome", "welcome-why-here", "COHORT-words", "cohort")
    JargonWall(store, trainee).add("ANON-term", "=HYPERLINK(\"http://x\")", anonymous=True)
    JargonWall(store, other_trainee).add("NAMED-term", "@SUM(1)")
    hidden = JargonWall(store, other_trainee).add("HIDDEN-term")
    Moderation(store, facilitator).hide(hidden)
    ElephantBox(store, trainee).add("UNSURFACED-elephant")
    surfaced = ElephantBox(store, trainee).add("SURFACED-elephant")
    ElephantBox(store, facilitator).surface(surfaced)
    Agreement(store, trainee).suggest("ANON-rule", anonymous=True)
    Agreement(store, facilitator).finalise(["AGREED-rule"])
    store.progress.complete(trainee.id, "00_welcome")
    return cohort


def _all_text(frames) -> str:
    return "\n".join(f.to_csv(index=False) for f in frames.values())


def test_export_honours_every_choice(store, shared_and_private, trainee):
    frames = admin.export_tables(store, shared_and_private.name)
    text = _all_text(frames)
    for present in ("COHORT-words", "ANON-term", "NAMED-term", "SURFACED-elephant",
                    "ANON-rule", "AGREED-rule"):
        assert present in text, present
    for absent in ("PRIVATE-words", "FACILITATOR-words", "HIDDEN-term", "UNSURFACED-elephant"):
        assert absent not in text, absent
    shared = frames["shared"].set_index("about")
    assert shared.loc["ANON-term", "author"] == ""
    assert shared.loc["NAMED-term", "author"] == "Ben Cho (Housing)"
    assert set(frames["shared"].query("space != 'jargon wall' and about != 'NAMED-term'")
               ["author"]) <= {""}
    people = frames["participation"].set_index("name")
    assert people.loc["Ana Lee", "modules_completed"] == 1
    assert people.loc["Ana Lee", "reflections_shared_with_facilitator"] == 1
    assert people.loc["Ana Lee", "named_posts"] == 0  # anonymous posts are not counted


def test_export_files_keep_formulas_as_text(store, shared_and_private, tmp_path):
    import openpyxl
    import pandas as pd

    [xlsx] = admin.export(store, shared_and_private.name, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(xlsx)["shared"]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if c.value}
    assert cells['=HYPERLINK("http://x")'] == "s"
    assert set(openpyxl.load_workbook(xlsx).sheetnames) == {
        "participation", "modules", "shared", "evaluation", "evaluation_comments"}
    written = admin.export(store, shared_and_private.name, tmp_path / "csv")
    assert sorted(p.name for p in written) == [
        "evaluation.csv", "evaluation_comments.csv", "modules.csv", "participation.csv",
        "shared.csv"]
    shared = pd.read_csv(tmp_path / "csv" / "shared.csv", dtype=str, keep_default_na=False)
    assert "'=HYPERLINK(\"http://x\")" in set(shared["text"])
    assert "'@SUM(1)" in set(shared["text"])
    with pytest.raises(StoreError, match="xlsx file or to a folder"):
        admin.export(store, shared_and_private.name, tmp_path / "out.pdf")


def _hide_reflection(store, facilitator, text):
    mod = Moderation(store, facilitator)
    [item] = [i for i in mod.queue() if i.kind == "reflection" and i.text == text]
    mod.hide(item.key)


def _post_kinds():
    """Each kind of thing the cohort can see, made by ``who`` with ``text``: a way to make
    it and a way to hide it (the facilitator's moderation, as on the dashboard)."""
    def jargon(store, who, fac, text):
        return JargonWall(store, who).add(text, "meaning")

    def named_rule(store, who, fac, text):
        return Agreement(store, who).suggest(text)

    def anonymous_rule(store, who, fac, text):
        return Agreement(store, who).suggest(text, anonymous=True)

    def surfaced_elephant(store, who, fac, text):
        post = ElephantBox(store, who).add(text)
        ElephantBox(store, fac).surface(post)
        return post

    def cohort_reflection(store, who, fac, text):
        store.reflections.submit(who.id, "00_welcome", "welcome-why-here", text, "cohort")
        return None

    return [jargon, named_rule, anonymous_rule, surfaced_elephant, cohort_reflection]


@pytest.mark.parametrize("make", _post_kinds(), ids=lambda f: f.__name__)
def test_export_never_contains_a_hidden_item(store, cohort, trainee, other_trainee,
                                             third_trainee, make):
    facilitator = facilitator_of(store, cohort)
    text = f"HIDE-ME-{make.__name__}"
    post = make(store, trainee, facilitator, text)
    assert text in _all_text(admin.export_tables(store, cohort.name))  # shown before
    if post is None:
        _hide_reflection(store, facilitator, text)
    else:
        Moderation(store, facilitator).hide(post)
    assert text not in _all_text(admin.export_tables(store, cohort.name))
    # ... and showing it again puts it back, in the export as on the page.
    mod = Moderation(store, facilitator)
    [item] = [i for i in mod.queue() if i.text.startswith(text)]
    mod.unhide(item.key)
    assert text in _all_text(admin.export_tables(store, cohort.name))
