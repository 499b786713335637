"""The reflection box's model: state and rules, no widgets.

The view (``widgets.reflection``) calls :meth:`edit` as the trainee types, :meth:`save`
when typing pauses, :meth:`restore` with text the browser kept while the kernel was out
of reach, and :meth:`submit`, :meth:`pass_prompt`, :meth:`set_visibility` and
:meth:`withdraw` on the buttons. Tests drive this class directly, without a kernel or
browser.
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading

from commonground.content.course import Prompt
from commonground.data.anonymity import WAITING, Cover
from commonground.data.people import ARCHIVED_MESSAGE, CohortArchivedError, Participant
from commonground.data.reflections import VISIBILITIES, DraftConflict, Feedback, ReflectionRecord
from commonground.data.store import Store
from commonground.text import word_count

log = logging.getLogger(__name__)

MAX_WORDS = 5000
# Far past MAX_WORDS in ordinary writing (about 15 000 words); it stops a pasted megabyte
# from being written to the database on every pause in typing.
MAX_CHARS = 100_000

VISIBILITY_CHOICES = {
    "private": "Private: only you can see it, in your journal.",
    "facilitator": "Facilitator: your facilitator can read it and give you feedback.",
    "cohort": "Cohort, anonymously: others in your cohort see it without your name or agency.",
}
assert tuple(VISIBILITY_CHOICES) == VISIBILITIES

# Short words for where a reflection is now, for status lines and the journal.
VISIBILITY_NOW = {
    "private": "private (only you)",
    "facilitator": "shared with your facilitator",
    "cohort": "shared with your cohort, without your name",
}

# For the author only, when the facilitator hid a reflection shared with the cohort.
TAKEN_OFF = ("Your facilitator took this off the cohort's page: only you can see it now. "
             "They can put it back.")

ON_YOUR_OWN = (
    "You are taking this course on your own, so there is no facilitator or cohort to "
    "share with: your reflections stay private, in your journal."
)


class ReflectionInputError(ValueError):
    """Something the trainee can fix; the message is written for them."""


def _clock(when: _dt.datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:  # SQLite hands back naive UTC
        when = when.replace(tzinfo=_dt.UTC)
    return when.astimezone().strftime("%H:%M")


NOT_SAVED_YET = (
    "Not saved yet: the course cannot reach its database just now. Your writing is still "
    "in the box, and this page keeps trying to save it by itself. Keep the page open; you "
    "can go on writing."
)


class ReflectionModel:
    def __init__(self, store: Store, participant: Participant, prompt: Prompt):
        self.store = store
        self.participant = participant
        self.participant_id = participant.id
        self.prompt = prompt
        self._lock = threading.RLock()
        self.dirty = False
        self.error: str | None = None
        # The last save failed for a reason that passes (the database out of reach): the
        # page tries again by itself (:class:`widgets.reflection.ReflectionBox`).
        self.unreachable = False
        self.their_text: str | None = None  # set when another tab saved first
        self._their_revision = 0
        # Archived as the page read it; every save checks again (CohortArchivedError).
        self.read_only = participant.cohort_archived
        if self.read_only:
            self.error = ARCHIVED_MESSAGE
        # Only people in a cohort have someone to share with.
        self.choices: tuple[str, ...] = VISIBILITIES if participant.in_cohort else ("private",)
        self._load(store.reflections.get(participant.id, prompt.id))

    def _load(self, record: ReflectionRecord | None) -> None:
        self.text = record.draft_text if record else ""
        self.revision = record.draft_revision if record else 0
        self.status = record.status if record else "draft"
        self.saved_at = record.draft_saved_at if record else None
        self.versions = record.versions if record else ()
        self.visibility: str | None = record.visibility if record else None
        self.feedback: tuple[Feedback, ...] = record.feedback if record else ()
        self.hidden = record.hidden if record else False

    # -- typing and saving -----------------------------------------------------
    def edit(self, text: str) -> None:
        with self._lock:
            if text != self.text:
                self.text = text
                self.dirty = True

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def too_long(self) -> bool:
        return self.words > MAX_WORDS

    @property
    def too_big(self) -> bool:
        """Too many characters even to keep as a draft (see MAX_CHARS)."""
        return len(self.text) > MAX_CHARS

    def _too_big_message(self) -> str:
        return (
            f"This reflection is {len(self.text):,} characters long, more than the "
            f"{MAX_CHARS:,} a reflection can hold, so it has not been saved. Your text is "
            "still in the box: shorten it and it will be saved as you type."
        )

    def save(self) -> bool:
        """Save the draft if it changed. Returns True when the stored draft matches
        the text. Never raises: problems become :attr:`error` or :attr:`their_text`."""
        with self._lock:
            if not self.dirty:
                return True
            if self.their_text is not None:
                return False  # waiting for the trainee to pick a version
            if self.too_big:
                self.error = self._too_big_message()
                return False  # nothing written; the earlier draft stays as it was
            text = self.text
            try:
                self.revision = self.store.reflections.save_draft(
                    self.participant_id, self.prompt.module_id, self.prompt.id, text, self.revision
                )
            except DraftConflict as conflict:
                self.their_text = conflict.theirs
                self._their_revision = conflict.revision
                return False
            except CohortArchivedError as archived:
                self.error = f"{archived} Your text is still in the box."
                return False
            except Exception:
                log.exception("saving a reflection draft failed")
                self.unreachable = True
                self.error = NOT_SAVED_YET
                return False
            self.error = None
            self.unreachable = False
            self.dirty = self.text != text
            self.saved_at = _dt.datetime.now(_dt.UTC)
            return not self.dirty

    def restore(self, text: str, base_revision: int | None) -> bool:
        """Take back text the browser kept while the kernel could not be reached, and
        save it. ``base_revision`` is the stored draft revision a copy from an earlier
        page grew from: if the stored draft was saved elsewhere since, both texts are
        kept for the trainee to choose (:attr:`their_text`), as for two tabs. ``None``
        is this page's own text, sent again after the connection came back."""
        with self._lock:
            if base_revision is not None and text != self.text:
                self.revision = base_revision
            self.edit(text)
            return self.save()

    def saved_draft(self) -> tuple[int, str] | None:
        """(revision, text) when the stored draft holds exactly the text in the box."""
        with self._lock:
            if self.dirty or self.their_text is not None:
                return None
            return self.revision, self.text

    def resolve_conflict(self, keep: str) -> None:
        """After a conflict: keep "mine" (overwrite the other copy) or "theirs"."""
        with self._lock:
            if self.their_text is None:
                return
            if keep == "theirs":
                self.text = self.their_text
            self.revision = self._their_revision
            self.their_text = None
            self.dirty = True
            self.save()

    def status_text(self) -> str:
        if self.error:
            return self.error
        if self.their_text is not None:
            return "This reflection was changed in another tab or device. Choose which to keep."
        if self.dirty:
            return "Saving…"
        if self.saved_at:
            return f"Saved at {_clock(self.saved_at)}"
        return "Nothing written yet"

    # -- submitting ------------------------------------------------------------------
    def submit(self, visibility: str) -> int:
        with self._lock:
            self._check_choice(visibility)
            if not self.text.strip():
                raise ReflectionInputError(
                    "There is nothing to submit yet. Write something first, or choose "
                    "“Pass” if you would rather not answer this one."
                )
            if self.too_big:
                raise ReflectionInputError(self._too_big_message())
            if self.too_long:
                raise ReflectionInputError(
                    f"This reflection has {self.words:,} words; the limit is {MAX_WORDS:,}. "
                    "Please shorten it a little. Nothing has been cut: all your text is "
                    "still in the box and saved as a draft."
                )
            if not self.save() and self.their_text is not None:
                raise ReflectionInputError(
                    "This reflection was changed in another tab or device. Choose which "
                    "version to keep, then submit."
                )
            try:
                version = self.store.reflections.submit(
                    self.participant_id, self.prompt.module_id, self.prompt.id, self.text,
                    visibility, base_revision=self.revision,
                )
            except DraftConflict as conflict:
                self.their_text = conflict.theirs
                self._their_revision = conflict.revision
                self.dirty = True
                raise ReflectionInputError(
                    "This reflection was changed in another tab or device. Choose which "
                    "version to keep, then submit."
                ) from None
            self._load(self.store.reflections.get(self.participant_id, self.prompt.id))
            self.dirty = False
            return version

    def pass_prompt(self) -> None:
        with self._lock:
            self.save()
            self.store.reflections.pass_prompt(
                self.participant_id, self.prompt.module_id, self.prompt.id
            )
            if self.status == "draft":
                self.status = "passed"

    # -- after submitting ---------------------------------------------------------------
    def set_visibility(self, visibility: str) -> None:
        """Change who can see the submitted reflection, without submitting again."""
        with self._lock:
            self._check_choice(visibility)
            if not self.versions:
                raise ReflectionInputError(
                    "This reflection has not been submitted yet. Choose who can see it "
                    "when you submit."
                )
            self.store.reflections.set_visibility(self.participant_id, self.prompt.id, visibility)
            self.visibility = visibility

    def withdraw(self) -> None:
        """Delete this reflection: the draft, every submitted version and any feedback.
        The view asks the trainee to confirm first."""
        with self._lock:
            revision = self.store.reflections.withdraw(self.participant_id, self.prompt.id)
            self._load(None)
            self.revision = revision or 0
            self.dirty = False
            self.their_text = None
            self.error = None

    def feedback_for(self, version: int) -> Feedback | None:
        return next((f for f in self.feedback if f.version == version), None)

    def sharing_text(self) -> str:
        """Where the submitted reflection is now, in one line ("" before a first submit)."""
        if not self.versions or self.visibility is None:
            return ""
        n = len(self.versions)
        text = (
            f"Submitted {n} time{'s' if n != 1 else ''}. "
            f"Your latest version is {VISIBILITY_NOW[self.visibility]}."
        )
        if self.visibility == "cohort" and self.hidden:
            text += " " + TAKEN_OFF
        elif self.visibility == "cohort" and not self.cohort_can_see():
            text += " " + WAITING
        return text

    def cohort_can_see(self) -> bool:
        """Whether enough people could have written an answer to this prompt for the
        cohort to see the ones shared with it (:mod:`commonground.data.anonymity`)."""
        with self.store.read():
            return Cover(self.store, self.participant.cohort_id).covers(self.prompt.id)

    def _check_choice(self, visibility: str) -> None:
        if visibility not in VISIBILITY_CHOICES:
            raise ReflectionInputError("Please choose who can see this reflection.")
        if visibility not in self.choices:
            raise ReflectionInputError(ON_YOUR_OWN)
