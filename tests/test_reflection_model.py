import pytest

from commonground import MAX_WORDS, ReflectionInputError, ReflectionModel, StoreError


@pytest.fixture
def model(store, trainee, welcome_prompt):
    return ReflectionModel(store, trainee.id, welcome_prompt)


def reopen(model):
    return ReflectionModel(model.store, model.participant_id, model.prompt)


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
    assert "could not be saved" in model.status_text()
    assert model.text == "precious words"
    assert model.dirty
    monkeypatch.undo()
    assert model.save()
    assert reopen(model).text == "precious words"


def test_trainees_only_see_their_own_reflection(store, trainee, other_trainee, welcome_prompt):
    mine = ReflectionModel(store, trainee.id, welcome_prompt)
    mine.edit("my private words")
    mine.submit("private")
    theirs = ReflectionModel(store, other_trainee.id, welcome_prompt)
    assert theirs.text == ""
    assert theirs.versions == ()
