import pytest

from commonground import MAX_WORDS, ReflectionInputError, ReflectionModel, StoreError


@pytest.fixture
def model(store, trainee, welcome_prompt):
    return ReflectionModel(store, trainee, welcome_prompt)


def reopen(model):
    return ReflectionModel(model.store, model.participant, model.prompt)


def test_new_reflection_is_empty(model):
    assert model.text == ""
    assert model.status_text() == "Nothing written yet"


def test_draft_is_saved_and_restored(model):
    model.edit("First thoughts")
    assert model.status_text() == "Saving…"
    assert model.save()
    assert model.status_text().startswith("Saved at ")
    assert reopen(model).text == "First thoughts"


def test_submit_records_a_version_with_visibility(model):
    model.edit("Something honest")
    assert model.submit("facilitator") == 1
    model.edit("Something honest, revised")
    assert model.submit("private") == 2
    again = reopen(model)
    assert again.status == "submitted"
    assert [(v.version, v.visibility) for v in again.versions] == [
        (1, "facilitator"),
        (2, "private"),
    ]
    assert again.versions[-1].text == "Something honest, revised"


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_reflection_cannot_be_submitted(model, text):
    model.edit(text)
    with pytest.raises(ReflectionInputError, match="Pass"):
        model.submit("private")
    assert reopen(model).versions == ()


def test_huge_reflection_is_refused_but_kept_whole(model):
    text = "word " * (MAX_WORDS + 1)
    model.edit(text)
    with pytest.raises(ReflectionInputError, match="limit is 5,000"):
        model.submit("private")
    assert model.save()
    assert reopen(model).text == text  # nothing truncated


def test_unknown_visibility_is_refused(model):
    model.edit("text")
    with pytest.raises(ReflectionInputError):
        model.submit("everyone")


def test_pass_is_recorded_and_keeps_the_draft(model):
    model.edit("half a thought")
    model.pass_prompt()
    again = reopen(model)
    assert again.status == "passed"
    assert again.text == "half a thought"


def test_two_tabs_do_not_overwrite_each_other(model):
    other_tab = reopen(model)
    model.edit("written in tab one")
    assert model.save()
    other_tab.edit("written in tab two")
    assert not other_tab.save()
    assert other_tab.their_text == "written in tab one"
    assert other_tab.text == "written in tab two"
    assert "another tab" in other_tab.status_text()
    assert reopen(model).text == "written in tab one"  # nothing overwritten silently
    other_tab.resolve_conflict("mine")
    assert reopen(model).text == "written in tab two"


def test_conflict_can_take_the_other_version(model):
    other_tab = reopen(model)
    model.edit("one")
    model.save()
    other_tab.edit("two")
    other_tab.save()
    other_tab.resolve_conflict("theirs")
    assert other_tab.text == "one"
    assert reopen(model).text == "one"


def test_failed_save_keeps_text_and_says_so(model, monkeypatch):
    def broken(*a, **k):
        raise StoreError("disk full")

    monkeypatch.setattr(type(model.store.reflections), "save_draft", broken)
    model.edit("precious words")
    assert not model.save()
    assert "Not saved yet" in model.status_text() and model.unreachable
    assert model.text == "precious words"
    assert model.dirty
    monkeypatch.undo()
    assert model.save() and not model.unreachable
    assert reopen(model).text == "precious words"


def test_trainees_only_see_their_own_reflection(store, trainee, other_trainee, welcome_prompt):
    mine = ReflectionModel(store, trainee, welcome_prompt)
    mine.edit("my private words")
    mine.submit("private")
    theirs = ReflectionModel(store, other_trainee, welcome_prompt)
    assert theirs.text == ""
    assert theirs.versions == ()


# -- limits ------------------------------------------------------------------------------
def test_exactly_the_word_limit_can_be_submitted(model):
    model.edit("word " * MAX_WORDS)
    assert not model.too_long
    assert model.submit("private") == 1


# -- conflicts ---------------------------------------------------------------------------
def test_submit_from_a_stale_tab_is_a_conflict_not_an_overwrite(model):
    other_tab = reopen(model)
    model.edit("saved in tab one")
    assert model.save()
    other_tab.edit("typed in tab two")
    with pytest.raises(ReflectionInputError, match="another tab"):
        other_tab.submit("private")
    assert other_tab.their_text == "saved in tab one"
    assert other_tab.text == "typed in tab two"
    assert reopen(model).versions == ()
    other_tab.resolve_conflict("mine")
    assert other_tab.submit("private") == 1
    assert reopen(model).versions[-1].text == "typed in tab two"


def test_unchanged_stale_tab_cannot_submit_over_a_newer_draft(model):
    model.edit("old words")
    assert model.save()
    other_tab = reopen(model)  # holds "old words", never edited: nothing to save first
    model.edit("newer words from tab one")
    assert model.save()
    with pytest.raises(ReflectionInputError, match="another tab"):
        other_tab.submit("private")
    assert reopen(model).text == "newer words from tab one"
    assert reopen(model).versions == ()


# -- visibility, now and later ---------------------------------------------------------------
@pytest.mark.parametrize("visibility", ["private", "facilitator", "cohort"])
def test_each_visibility_is_recorded(model, visibility):
    model.edit("words")
    model.submit(visibility)
    again = reopen(model)
    assert again.visibility == visibility
    assert again.versions[-1].visibility == visibility


def test_visibility_can_be_changed_later_without_a_new_version(model):
    model.edit("words")
    model.submit("cohort")
    model.set_visibility("private")
    again = reopen(model)
    assert again.visibility == "private"
    assert [v.version for v in again.versions] == [1]
    assert again.versions[0].visibility == "cohort"  # history keeps what was chosen then
    assert "private" in again.sharing_text()


def test_unsharing_removes_it_from_the_cohort_view(model, trainee, other_trainee, third_trainee):
    from commonground import shared_reflections

    model.edit("shared thought")
    model.submit("cohort")
    assert [s.text for s in shared_reflections(model.store, trainee.cohort_id, "welcome-why-here")
            ] == ["shared thought"]
    model.set_visibility("facilitator")
    assert shared_reflections(model.store, trainee.cohort_id, "welcome-why-here") == []


def test_sharing_in_a_cohort_too_small_tells_the_author_who_sees_it(model, other_trainee):
    """Two trainees: the other could tell it is theirs, so nobody sees it yet, and the
    author is told so where they chose it."""
    from commonground import shared_reflections

    model.edit("shared thought")
    model.submit("cohort")
    assert shared_reflections(model.store, model.participant.cohort_id, "welcome-why-here") == []
    assert "Only you can see this for now" in model.sharing_text()
    assert "at least 3 people in your cohort" in model.sharing_text()
    model.store.people.add_participant(model.participant.cohort_id, "Cat Diaz", "Health")
    assert "Only you can see this" not in model.sharing_text()
    model.set_visibility("facilitator")
    assert "Only you can see this" not in model.sharing_text()


def test_visibility_cannot_be_changed_before_submitting(model):
    model.edit("draft only")
    with pytest.raises(ReflectionInputError, match="not been submitted"):
        model.set_visibility("cohort")


def test_self_paced_learner_can_only_keep_reflections_private(store, welcome_prompt):
    me = store.people.for_login("self", "self", "You")
    model = ReflectionModel(store, me, welcome_prompt)
    assert model.choices == ("private",)
    model.edit("alone")
    with pytest.raises(ReflectionInputError, match="on your own"):
        model.submit("cohort")
    assert model.submit("private") == 1


# -- versions and history ------------------------------------------------------------------
def test_every_submit_is_a_version_and_history_is_kept(model):
    for i in range(3):
        model.edit(f"take {i}")
        model.submit("private")
    assert [(v.version, v.text) for v in reopen(model).versions] == [
        (1, "take 0"), (2, "take 1"), (3, "take 2"),
    ]
    assert "Submitted 3 times" in model.sharing_text()


# -- pass -------------------------------------------------------------------------------------
def test_pass_after_submitting_keeps_the_submission(model):
    model.edit("said my piece")
    model.submit("private")
    model.pass_prompt()
    again = reopen(model)
    assert again.status == "submitted"
    assert len(again.versions) == 1


def test_passed_reflection_can_still_be_written_and_submitted(model):
    model.pass_prompt()
    model.edit("changed my mind")
    assert model.submit("private") == 1
    assert reopen(model).status == "submitted"


# -- withdraw ---------------------------------------------------------------------------------
def test_withdraw_deletes_every_version_draft_and_feedback(model, trainee):
    model.edit("first")
    model.submit("facilitator")
    model.edit("second")
    model.submit("facilitator")
    model.store.reflections.give_feedback(trainee.id, "welcome-why-here", 2, "Good", 4, 5)
    model.store.reflections.release_feedback(trainee.id, "welcome-why-here")
    model.withdraw()
    assert model.text == "" and model.versions == () and model.feedback == ()
    again = reopen(model)
    assert (again.text, again.versions, again.feedback, again.visibility) == ("", (), (), None)
    assert again.status == "draft"
    from commonground.data import _schema as t

    with model.store.read() as conn:
        texts = [r.text for r in conn.execute(t.reflection_versions.select())]
        comments = [r.comment for r in conn.execute(t.reflection_feedback.select())]
        drafts = [r.draft_text for r in conn.execute(t.reflections.select())]
    assert texts == [] and comments == [] and drafts == [""]


def test_a_tab_open_during_withdraw_meets_a_conflict_not_a_silent_save(model):
    model.edit("to be withdrawn")
    model.submit("private")
    other_tab = reopen(model)
    model.withdraw()
    other_tab.edit("still typing in the other tab")
    assert not other_tab.save()
    assert other_tab.their_text == ""
    assert other_tab.text == "still typing in the other tab"


def test_writing_again_after_withdrawing_starts_afresh(model):
    model.edit("gone")
    model.submit("cohort")
    model.withdraw()
    model.edit("a new start")
    assert model.save()
    assert model.submit("private") == 1
    assert reopen(model).visibility == "private"


# -- feedback ---------------------------------------------------------------------------------
def test_feedback_shows_only_once_released(model, trainee):
    model.edit("for my facilitator")
    model.submit("facilitator")
    model.store.reflections.give_feedback(
        trainee.id, "welcome-why-here", 1, "Thoughtful.", score=4, max_score=5
    )
    assert reopen(model).feedback == ()
    assert model.store.reflections.release_feedback(trainee.id, "welcome-why-here") == 1
    [fb] = reopen(model).feedback
    assert (fb.version, fb.comment, fb.grade) == (1, "Thoughtful.", "4 out of 5")
    assert reopen(model).feedback_for(1) == fb


def test_archived_cohort_is_read_only_and_keeps_the_text(store, trainee, cohort, welcome_prompt):
    from commonground.admin import cohorts as cohort_admin

    model = ReflectionModel(store, trainee, welcome_prompt)
    model.edit("written before the cohort closed")
    assert model.save()
    model.submit("cohort")
    cohort_admin.archive(store, cohort.name)
    closed = ReflectionModel(store, store.people.get(trainee.id), welcome_prompt)  # a new page
    assert closed.read_only and "read-only" in closed.status_text()
    closed.edit("a new thought")
    assert not closed.save()
    assert "read-only" in closed.error and closed.text == "a new thought"
    with pytest.raises(StoreError, match="read-only"):
        closed.submit("private")
    closed.set_visibility("private")  # sharing less is always allowed
    assert ReflectionModel(store, trainee, welcome_prompt).text == (
        "written before the cohort closed"
    )


# -- text the browser kept while the kernel was out of reach (widgets/static/draft_copy.js) --
def _saved_then_died(model, text):
    """A page saved ``text``, then its kernel died: a new page loads the stored draft."""
    model.edit(text)
    assert model.save()
    return reopen(model)


def test_a_kept_copy_is_saved_on_the_new_page(model):
    page = _saved_then_died(model, "Typed before")
    assert page.restore("Typed before, and after the kernel died", page.revision)
    assert reopen(model).text == "Typed before, and after the kernel died"
    assert page.saved_draft() == (page.revision, "Typed before, and after the kernel died")


def test_a_kept_copy_from_before_another_tab_saved_is_a_conflict(model):
    page = _saved_then_died(model, "Mine so far")
    base = page.revision
    elsewhere = reopen(model)
    elsewhere.edit("Written in another tab")
    assert elsewhere.save()
    newest = reopen(model)
    assert not newest.restore("Mine so far, and more", base)
    assert newest.text == "Mine so far, and more"  # in the box, still unsaved
    assert newest.their_text == "Written in another tab"
    assert newest.saved_draft() is None
    assert reopen(model).text == "Written in another tab"  # nothing overwritten
    newest.resolve_conflict("mine")
    assert reopen(model).text == "Mine so far, and more"


def test_a_kept_copy_equal_to_the_stored_draft_changes_nothing(model):
    page = _saved_then_died(model, "Already saved")
    revision = page.revision
    assert page.restore("Already saved", revision - 1)  # its base is stale, the text is not
    assert page.their_text is None and reopen(model).revision == revision


def test_text_sent_again_on_the_same_page_saves_on_its_own_revision(model):
    model.edit("Before the connection dropped")
    assert model.save()
    assert model.restore("Before the connection dropped, and during", None)
    assert reopen(model).text == "Before the connection dropped, and during"


@pytest.mark.parametrize("dirty", [True, False])
def test_saved_draft_is_only_text_the_database_holds(model, dirty):
    model.edit("words")
    if not dirty:
        model.save()
    assert (model.saved_draft() is None) is dirty


def test_a_hidden_reflection_tells_its_author_and_nobody_else(
        store, cohort, model, trainee, other_trainee, third_trainee, course):
    """The facilitator takes a shared reflection off the cohort's page: its author reads
    why, on the reflection and in their journal; the others simply no longer see it."""
    from commonground import load_journal, shared_reflections
    from commonground.pages.reflection import TAKEN_OFF
    from commonground.spaces import Moderation
    from tests._cohorts import facilitator_of

    model.edit("shared thought")
    model.submit("cohort")
    moderation = Moderation(store, facilitator_of(store, cohort))
    [item] = [i for i in moderation.queue() if i.kind == "reflection"]
    moderation.hide(item.key)
    assert shared_reflections(store, cohort.id, "welcome-why-here") == []
    assert TAKEN_OFF in reopen(model).sharing_text()
    [entry] = load_journal(store, trainee, course).entries
    assert TAKEN_OFF in entry.status_label
    other = ReflectionModel(store, other_trainee, model.prompt)
    assert TAKEN_OFF not in other.sharing_text()
    moderation.hide(item.key, hidden=False)
    assert TAKEN_OFF not in reopen(model).sharing_text()
