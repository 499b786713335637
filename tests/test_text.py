"""Text a person types, kept so that every database can store it and nothing visible is
lost: a broken character (a lone surrogate, such as half an emoji from a bad paste)
becomes "�", NUL bytes and other invisible control characters are dropped, in every
field a trainee or facilitator writes; and what a terminal may print."""

from __future__ import annotations

import pytest

from commonground import ReflectionModel
from commonground.spaces import Agreement, ElephantBox, JargonWall
from commonground.text import first_control, shown_plain, storable

from ._cohorts import facilitator_of

BROKEN = [  # (typed, kept)
    pytest.param("Kept \ud800 safe", "Kept \ufffd safe", id="lone-surrogate"),
    pytest.param("Nul\x00 byte", "Nul byte", id="nul"),
    pytest.param("Red \x1b[31mtext\x07", "Red [31mtext", id="ansi-escape-and-bell"),
    pytest.param("Smile \ud83d\ude00", "Smile \U0001f600", id="split-emoji-pair"),
]


@pytest.mark.parametrize(("typed", "kept"), BROKEN)
def test_storable_keeps_everything_visible(typed, kept):
    assert storable(typed) == kept
    assert storable(typed).encode("utf-8")  # every database takes it


def test_storable_keeps_tabs_line_breaks_and_other_scripts():
    text = "Line one\n\tindented\r\nمرحبا שלום 你好 ‌ZWNJ"
    assert storable(text) == text.replace("\r\n", "\n")


def test_first_control_says_where_and_what():
    assert first_control("Ana\x00Lee") == (4, "NUL, U+0000")
    assert first_control("\u202eevil") == (1, "a right-to-left or left-to-right override, "
                                               "U+202E")
    assert first_control("Ana Lee") is None


def test_shown_plain_writes_control_characters_as_codes():
    assert shown_plain("Ben\x1b[31mRed") == "Ben\\x1b[31mRed"
    assert shown_plain("Zoë") == "Zoë"


def _reflection(store, person, prompt, typed):
    model = ReflectionModel(store, person, prompt)
    model.edit(typed)
    assert model.save() and model.error is None
    return ReflectionModel(store, person, prompt).text


def _submitted(store, person, prompt, typed):
    model = ReflectionModel(store, person, prompt)
    model.edit(typed)
    assert model.submit("private") == 1  # no UnicodeEncodeError, no error for the trainee
    assert model.error is None and model.text == storable(typed)  # the box shows what is kept
    return ReflectionModel(store, person, prompt).versions[-1].text


def _feedback(store, person, prompt, typed):
    store.reflections.submit(person.id, prompt.module_id, prompt.id, "Mine", "facilitator")
    store.reflections.give_feedback(person.id, prompt.id, 1, typed)
    return store.reflections.feedback_for_facilitator(person.id, prompt.id)[0].comment


def _jargon(part):
    def write(store, person, _prompt, typed):
        wall = JargonWall(store, person)
        wall.add(**{"term": "ITP", part: typed})
        return getattr(wall.entries()[0], part)
    return write


def _elephant(store, person, _prompt, typed):
    box = ElephantBox(store, person)
    box.add(typed)
    return box.mine()[0].text


def _suggestion(store, person, _prompt, typed):
    agreement = Agreement(store, person)
    agreement.suggest(typed)
    return next(i.text for i in agreement.items() if i.mine)


def _agreed(store, person, _prompt, typed):
    agreement = Agreement(store, facilitator_of(store, store.people.cohort("Southside 2026")))
    return agreement.finalise([typed]).items[0]


FIELDS = [
    pytest.param(_reflection, id="reflection-draft"),
    pytest.param(_submitted, id="reflection-submitted"),
    pytest.param(_feedback, id="facilitator-feedback"),
    pytest.param(_jargon("term"), id="jargon-term"),
    pytest.param(_jargon("meaning"), id="jargon-meaning"),
    pytest.param(_jargon("field"), id="jargon-field"),
    pytest.param(_elephant, id="elephant"),
    pytest.param(_suggestion, id="agreement-suggestion"),
    pytest.param(_agreed, id="agreement-agreed"),
]


@pytest.mark.parametrize("write", FIELDS)
@pytest.mark.parametrize(("typed", "kept"), BROKEN)
def test_every_typed_field_saves_broken_text(store, trainee, welcome_prompt, write, typed,
                                             kept):
    assert write(store, trainee, welcome_prompt, typed) == kept
