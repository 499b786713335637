"""The database tables (SQLAlchemy Core) and the schema version they make up.

Each table is read and written by one owner module only (``OWNERS``; a test enforces
it): everyone else calls the owner's functions.

When a table changes, add an Alembic revision (``alembic revision --autogenerate -m
"..."`` from the repository root, then check and tidy it) and list it in
``commonground.data.migrations.REVISIONS``; ``tests/data/test_migrations.py`` fails on a model
change without a revision.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import false as sa_false

from .migrations import HEAD, version_number

SCHEMA_VERSION = version_number(HEAD)  # what meta.schema_version says at the head revision

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

cohorts = Table(
    "cohorts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("facilitator_name", String(200), nullable=False, default=""),
    Column("starts_on", String(10)),
    Column("ends_on", String(10)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("archived_at", DateTime(timezone=True)),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    # A stable pseudonym used wherever a participant must be named outside the course
    # (exports, nbgrader student ids).
    Column("public_id", String(32), nullable=False, unique=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), index=True),
    # How a participant signs in without a link: "self" (self-paced) or "hub:<user>".
    Column("login", String(200), unique=True),
    Column("kind", String(16), nullable=False),  # trainee | facilitator | self | hub
    Column("display_name", String(200), nullable=False, default=""),
    Column("agency", String(200), nullable=False, default=""),
    Column("role", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

links = Table(
    "links",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    # A sign-in made elsewhere (an LMS launch, the hub's door), not a personal link.
    Column("session", Boolean, nullable=False, default=False, server_default=sa_false()),
)

progress = Table(
    "progress",
    metadata,
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("module_id", String(100), primary_key=True),
    Column("first_visit_at", DateTime(timezone=True), nullable=False),
    Column("last_visit_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    # Time with the module open, added up by the page while it is open.
    Column("seconds_spent", Integer, nullable=False, default=0),
)

reflections = Table(
    "reflections",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("prompt_id", String(100), nullable=False),
    Column("module_id", String(100), nullable=False),
    Column("draft_text", Text, nullable=False, default=""),
    # Bumped on every saved draft: a save based on an older revision is a conflict.
    Column("draft_revision", Integer, nullable=False, default=0),
    Column("draft_saved_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False, default="draft"),  # draft|submitted|passed
    # Who may read the latest submitted version NOW: private | facilitator | cohort (NULL
    # until a first submit). The trainee can change it later; this column, not the
    # per-version ``visibility`` (the choice made at each submit), decides access.
    Column("visibility", String(16)),
    # Set by the facilitator's moderation: a cohort-shared reflection no longer shown.
    Column("hidden_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "prompt_id"),
)

reflection_versions = Table(
    "reflection_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "reflection_id",
        ForeignKey("reflections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("version", Integer, nullable=False),
    Column("text", Text, nullable=False),
    # The choice made at this submit (history); current access is reflections.visibility.
    Column("visibility", String(16), nullable=False),  # private | facilitator | cohort
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("reflection_id", "version"),
)

# Feedback a facilitator (or an nbgrader import) has since corrected: the words, mark and
# score as they were, and when they were replaced. ``reflection_feedback`` holds the
# latest, which is what the trainee sees; these are the facilitator's history of it.
reflection_feedback_earlier = Table(
    "reflection_feedback_earlier",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "reflection_id",
        ForeignKey("reflections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("version", Integer, nullable=False),  # the submitted version it was about
    Column("comment", Text, nullable=False, default=""),
    Column("score", Float),
    Column("max_score", Float),
    Column("source", String(16), nullable=False, default="facilitator"),
    Column("mark", String(16)),
    Column("given_at", DateTime(timezone=True), nullable=False),  # when it was written
    Column("released_at", DateTime(timezone=True)),  # when its author could first see it
    Column("replaced_at", DateTime(timezone=True), nullable=False),
)

# Facilitator feedback on a reflection (from nbgrader or given directly); trainees see
# it once ``released_at`` is set.
reflection_feedback = Table(
    "reflection_feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "reflection_id",
        ForeignKey("reflections.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("version", Integer, nullable=False),  # the submitted version it is about
    Column("comment", Text, nullable=False, default=""),
    Column("score", Float),
    Column("max_score", Float),
    Column("source", String(16), nullable=False, default="facilitator"),  # |nbgrader
    # The completion mark: complete | not_yet (NULL: feedback given before marks existed).
    Column("mark", String(16)),
    # The facilitator chose to send this comment to the LMS's gradebook too.
    Column("to_lms", Boolean, nullable=False, default=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("released_at", DateTime(timezone=True)),
    UniqueConstraint("reflection_id", "version"),
)

# One play of a scenario from one role. ``state_json`` is the engine's saved state
# (so a reloaded page continues); the steps table is the path log, one row a choice.
scenario_plays = Table(
    "scenario_plays",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "participant_id",
        ForeignKey("participants.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("scenario_id", String(100), nullable=False),
    Column("role_id", String(100), nullable=False),
    Column("state_json", Text, nullable=False),
    Column("status", String(16), nullable=False, default="playing"),  # |finished|left
    Column("ending_id", String(100)),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

scenario_steps = Table(
    "scenario_steps",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "play_id", ForeignKey("scenario_plays.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("seq", Integer, nullable=False),
    Column("node_id", String(100), nullable=False),
    Column("choice_id", String(100), nullable=False),
    Column("state_json", Text, nullable=False),  # the state after the choice
    Column("at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("play_id", "seq"),
)

# Shared cohort spaces: the jargon wall, the elephant box and the safe-space agreement.
# ``cohort_id`` is NULL for a self-paced learner's own private space.
posts = Table(
    "posts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), index=True),
    # NULL only for a cohort agreement's starting points, written by the course itself.
    Column("author_id", ForeignKey("participants.id", ondelete="CASCADE"), index=True),
    Column("space", String(16), nullable=False),  # jargon | elephant | agreement | agreed
    Column("anonymous", Boolean, nullable=False, default=False),
    Column("body_json", Text, nullable=False),  # the fields of the post, as JSON
    Column("group_id", Integer),  # jargon: terms that mean the same thing share a group
    Column("status", String(16), nullable=False, default="visible"),  # | hidden
    # Elephant box: set when the facilitator shows the post to the cohort (still anonymous).
    Column("surfaced_at", DateTime(timezone=True)),
    Column("hidden_at", DateTime(timezone=True)),
    Column("hidden_by", ForeignKey("participants.id", ondelete="SET NULL")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

reactions = Table(
    "reactions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("post_id", ForeignKey("posts.id", ondelete="CASCADE"), nullable=False, index=True),
    Column(
        "participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("kind", String(32), nullable=False),  # e.g. didnt_know | other_name | endorse
    Column("body_json", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("post_id", "participant_id", "kind"),
)

# How a cohort's reflections are assessed, set by its facilitator (no row: the defaults,
# formative: a completion mark and written feedback, no scored rubric).
cohort_assessment = Table(
    "cohort_assessment",
    metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("scored_rubric", Boolean, nullable=False, default=False),
    # A passed (or privately kept) reflection counts as complete.
    Column("passing_counts", Boolean, nullable=False, default=True),
    # A module once complete in an LMS's gradebook stays complete there (a later lower
    # mark is not sent).
    Column("lms_keeps_complete", Boolean, nullable=False, default=False,
           server_default=false()),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The states and territories (and the Commonwealth) whose law a cohort's pages show, set
# by its facilitator; more than one for a partnership across a border (no row: none
# chosen, and module 05's law panel offers a picker). ``code`` is one of
# ``commonground.content.jurisdictions.CODES``.
cohort_jurisdictions = Table(
    "cohort_jurisdictions",
    metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(8), primary_key=True),
)

# The state or territory a person picked in module 05's law panel, where nobody chose one
# for them (a self-paced learner, or a cohort whose facilitator has not chosen): kept so
# the page shows it again. Only they see it.
participant_jurisdiction = Table(
    "participant_jurisdiction",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("code", String(8), nullable=False),
)

# The course evaluation (end of module 07), anonymous: the answers carry no participant,
# only the cohort, a random id and the date; ``evaluation_done`` records only that a
# person has answered (no time at all), so each person answers once. The answers table
# keeps no insertion order on SQLite (WITHOUT ROWID, ordered by the random id).
evaluation_answers = Table(
    "evaluation_answers",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("answered_on", String(10), nullable=False),  # YYYY-MM-DD, never a time
    Column("ratings_json", Text, nullable=False),  # {statement id: 1..5}
    Column("most_useful", Text, nullable=False, default=""),
    Column("to_change", Text, nullable=False, default=""),
    sqlite_with_rowid=False,
)

evaluation_done = Table(
    "evaluation_done",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
)

# Face-to-face (or online) sessions a cohort held, and who attended each, as the
# facilitator confirmed it. A trainee's certificate counts the sessions they attended.
cohort_sessions = Table(
    "cohort_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("held_on", String(10), nullable=False),  # YYYY-MM-DD
    Column("title", String(120), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("cohort_id", "held_on", "title"),
)

session_attendance = Table(
    "session_attendance",
    metadata,
    Column("session_id", ForeignKey("cohort_sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)

# Email: each person's address as the facilitator gave it (a roster's email column), and
# every email the course sent or tried to send: to whom, when, and what became of it
# ("sent": the relay took it; "failed": ``error`` says why in words; "sending": under
# way). No message text and no link is kept.
email_addresses = Table(
    "email_addresses",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("address", String(254), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           nullable=False, index=True),
    Column("kind", String(32), nullable=False),  # link: their personal link
    Column("address", String(254), nullable=False),
    Column("status", String(16), nullable=False),  # sending | sent | failed
    Column("error", Text, nullable=False, default=""),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
)

# Where a cohort's room is in a live session, as its facilitator moved it: the activity
# (a module, and optionally a part of it: ``anchor``, and its title in words), whether
# everyone is paused, and the end of a break (none: no break). One row per cohort; no row:
# the facilitator has not moved the room. ``changed_at`` is when it last changed.
room_state = Table(
    "room_state",
    metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("module_id", String(64)),
    Column("anchor", String(128), nullable=False, default=""),
    Column("title", String(300), nullable=False, default=""),
    Column("paused", Boolean, nullable=False, default=False),
    Column("break_until", DateTime(timezone=True)),
    # Live check-ins: the facilitator's latest (0: none yet) and whether it is open.
    Column("checkin_round", Integer, nullable=False, default=0),
    Column("checkin_open", Boolean, nullable=False, default=False),
    # Its kind ("arriving": 1 to 5 and a word; "word": one word for a word cloud;
    # "agree": agree or disagree with a statement) and its question in words.
    Column("checkin_kind", String(16), nullable=False, default="arriving",
           server_default="arriving"),
    Column("checkin_question", String(300), nullable=False, default="", server_default=""),
    # The session the facilitator started ("Session 2: modules 01 and 02"; "": none).
    Column("session", String(120), nullable=False, default="", server_default=""),
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# Live check-in answers ("how are you arriving?" 1-5, a one-word answer), anonymous like
# the course evaluation: no participant, only the cohort, the check-in, a random id and
# the day (never a time); ``room_checkin_done`` records only that a person answered a
# check-in, so each person answers once and the rule counts people, not answers.
room_checkins = Table(
    "room_checkins",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("round", Integer, nullable=False),
    Column("answered_on", String(10), nullable=False),  # YYYY-MM-DD, never a time
    Column("arriving", Integer),  # 1..5, or none given
    Column("word", String(40), nullable=False, default=""),
    Column("agree", Boolean),  # agree (true) or disagree (false), or not asked
    sqlite_with_rowid=False,
)

room_checkin_done = Table(
    "room_checkin_done",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("round", Integer, primary_key=True),
)

# Playing a role-play together: a "group play" is one playing of a role-play written for
# seats played at the same time, in a cohort, joined with a short code. Each seat is played
# by a small group of the cohort on their own devices: they vote, and the group's choice
# moves them all on. ``met``: the meeting points every seat has passed (JSON list);
# ``known``: what each seat had chosen at the last one (JSON), which the seats' scenes may
# depend on. ``changed_at`` changes with every vote and move (the pages' live poll).
group_plays = Table(
    "group_plays",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("scenario_id", String(64), nullable=False),
    Column("met", Text, nullable=False, default="[]"),
    Column("known", Text, nullable=False, default="{}"),
    Column("started_on", String(10), nullable=False),  # YYYY-MM-DD
    Column("changed_at", DateTime(timezone=True), nullable=False),
)

# One seat of a group play: where its group is (the play engine's saved progress), its
# step, when the group's discussion of this step began (none: waiting or finished) and
# its reader, who decides a tie.
group_seats = Table(
    "group_seats",
    metadata,
    Column("play_id", ForeignKey("group_plays.id", ondelete="CASCADE"), primary_key=True),
    Column("seat", String(64), primary_key=True),
    Column("reader_id", ForeignKey("participants.id", ondelete="SET NULL")),
    Column("state", Text, nullable=False),
    Column("step", Integer, nullable=False, default=0),
    Column("step_started_at", DateTime(timezone=True)),
)

# Who plays which seat (a person plays one seat of a group play).
group_members = Table(
    "group_members",
    metadata,
    Column("play_id", ForeignKey("group_plays.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seat", String(64), nullable=False),
)

# A member's vote at the seat's current step (deleted once the group has chosen: only the
# group's choice is kept). Nobody outside the group sees votes; inside, only counts.
group_votes = Table(
    "group_votes",
    metadata,
    Column("play_id", ForeignKey("group_plays.id", ondelete="CASCADE"), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("choice_id", String(64), nullable=False),
)

# What each seat's group chose at each step: the scene, the choice, how long they talked
# (seconds) and how it was decided ("everyone", "most", "reader"). No names.
group_steps = Table(
    "group_steps",
    metadata,
    Column("play_id", ForeignKey("group_plays.id", ondelete="CASCADE"), primary_key=True),
    Column("seat", String(64), primary_key=True),
    Column("step", Integer, primary_key=True),
    Column("node_id", String(64), nullable=False),
    Column("choice_id", String(64), nullable=False),
    Column("seconds", Integer, nullable=False),
    Column("how", String(16), nullable=False),
)

# The organisation's course administrator's link (a role above facilitators: creates
# cohorts, names their facilitators, archives, exports and purges), stored only as a hash
# as personal links are. One link works at a time: a new one switches the earlier off
# (``revoked_at``). No row yet: ``commonground serve`` makes the first at its first start.
administrators = Table(
    "administrators",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
    # A hub administrator's sign-in (``hub:<user>``); NULL: the administrator link.
    Column("login", String(200), index=True),
)

# LTI 1.3: the learning management systems (platforms) the course is registered with.
# One row per registration (issuer and client id); ``deployment_ids`` is a JSON list,
# ``platform_keys`` the platform's own public keys (its JWKS, JSON) as last fetched.
lti_platforms = Table(
    "lti_platforms",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("issuer", String(300), nullable=False),
    Column("client_id", String(300), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("deployment_ids", Text, nullable=False, default="[]"),
    Column("auth_login_url", String(1000), nullable=False),
    Column("auth_token_url", String(1000), nullable=False, default=""),
    Column("jwks_url", String(1000), nullable=False),
    Column("platform_keys", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("issuer", "client_id", name="uq_lti_platforms_issuer_client"),
)

# What LTI uses once: the ``state`` and ``nonce`` the course's login step made (kind
# ``login``), and a teacher's choice of modules from the LMS's picker (kind ``deeplink``,
# ``payload``: where to send the choice, as JSON). ``used_at`` is set when it is used; a
# second use is refused.
lti_once = Table(
    "lti_once",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("platform_id", ForeignKey("lti_platforms.id", ondelete="CASCADE"), index=True),
    Column("nonce", String(100), nullable=False, default=""),
    Column("payload", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)

# An LMS course (its ``context``, on one issuer) -> the cohort made for it at its first
# launch.
lti_contexts = Table(
    "lti_contexts",
    metadata,
    Column("issuer", String(300), primary_key=True),
    Column("context_id", String(255), primary_key=True),
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False,
           index=True),
    # Where its roster is (LTI Names and Role Provisioning), from its latest launch.
    Column("platform_id", ForeignKey("lti_platforms.id", ondelete="SET NULL")),
    Column("memberships_url", String(1000), nullable=False, default=""),
)

# A person of an LMS course (the platform's ``sub`` on one issuer, in one context) -> the
# participant who signs in as them. Never keyed by email or name.
lti_people = Table(
    "lti_people",
    metadata,
    Column("issuer", String(300), primary_key=True),
    Column("sub", String(255), primary_key=True),
    Column("context_id", String(255), primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           nullable=False, index=True),
)

# Marks for an LMS's gradebook (LTI Assignment and Grade Services): one row per person and
# graded module (``lineitem_url``, the LMS's column; ``sub``, the LMS's id for them). What
# to send (``score_given`` of ``score_maximum``) and whether it reached the LMS: ``state``
# ``waiting`` (with ``attempts`` so far and the ``next_try_at`` of the next) or ``sent``
# (``sent_at``); ``last_error`` says, in words, why the last try failed.
lti_marks = Table(
    "lti_marks",
    metadata,
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"),
           primary_key=True),
    Column("module_id", String(100), primary_key=True),
    Column("platform_id", ForeignKey("lti_platforms.id", ondelete="CASCADE"), nullable=False,
           index=True),
    Column("sub", String(255), nullable=False),
    Column("lineitem_url", String(1000), nullable=False),
    Column("score_given", Float),
    Column("score_maximum", Float, nullable=False, default=1),
    Column("state", String(16), nullable=False, default="waiting"),
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_try_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Column("last_error", String(300), nullable=False, default=""),
    # What the mark says (LTI AGS): of the person's work and of its grading.
    Column("activity_progress", String(16), nullable=False, default="", server_default=""),
    Column("grading_progress", String(16), nullable=False, default="", server_default=""),
    # The facilitator's own words, only where they chose to send them ("": none).
    Column("comment", Text, nullable=False, default="", server_default=""),
    # Counts each new mark: a try that answers after it changed records nothing over it.
    Column("revision", Integer, nullable=False, default=0, server_default="0"),
)

# The one module that reads and writes each table (``commonground.<module>``).
OWNERS = {
    "meta": "data.store",
    "cohorts": "data.people",
    "participants": "data.people",
    "links": "data.people",
    "progress": "data.progress",
    "reflections": "data.reflections",
    "reflection_versions": "data.reflections",
    "reflection_feedback": "data.reflections",
    "reflection_feedback_earlier": "data.reflections",
    "scenario_plays": "data.plays",
    "scenario_steps": "data.plays",
    "posts": "spaces._posts",
    "reactions": "spaces._posts",
    "cohort_assessment": "data.assessment",
    "cohort_jurisdictions": "data.jurisdictions",
    "participant_jurisdiction": "data.jurisdictions",
    "evaluation_answers": "data.evaluation",
    "evaluation_done": "data.evaluation",
    "cohort_sessions": "data.attendance",
    "session_attendance": "data.attendance",
    "email_addresses": "data.messages",
    "messages": "data.messages",
    "room_state": "data.room_state",
    "room_checkins": "data.room_state",
    "room_checkin_done": "data.room_state",
    "group_plays": "data.group_play",
    "group_seats": "data.group_play",
    "group_members": "data.group_play",
    "group_votes": "data.group_play",
    "group_steps": "data.group_play",
    "administrators": "data.administrators",

    "lti_platforms": "data.lti_platforms",
    "lti_once": "data.lti_platforms",
    "lti_contexts": "data.lti_platforms",
    "lti_people": "data.lti_platforms",
    "lti_marks": "data.lti_marks",
}
