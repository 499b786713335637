"""A trainee's journal: every reflection across the course with its status and released
feedback, a completion record, and two exports (Markdown and a printable HTML page).

Everything here reads one participant's own data. Exports carry no personal link and no
link back to the server, so they can be shared as evidence of professional development.
Trainee text (and facilitator feedback) is escaped in the HTML export and backslash-
escaped in the Markdown export, so neither can turn into live HTML anywhere.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from commonground.content.course import Course
from commonground.data.assessment import counts_as_complete
from commonground.data.attendance import AttendedSession
from commonground.data.people import Participant
from commonground.data.plays import PlayRecord
from commonground.data.reflections import Feedback, ReflectionRecord, Version
from commonground.data.store import Store, utcnow
from commonground.scenario import titles
from commonground.templates import Markup, render

from .reflection import TAKEN_OFF, VISIBILITY_NOW

STATUS_WORDS = {"draft": "Draft, not submitted", "submitted": "Submitted", "passed": "Passed"}


@dataclass(frozen=True)
class JournalEntry:
    module_id: str
    module_title: str
    module_number: int | None
    prompt_id: str
    prompt_title: str
    prompt_text: str
    record: ReflectionRecord
    complete: bool = False  # counts as complete in the completion record

    @property
    def status(self) -> str:
        return self.record.status

    @property
    def latest(self) -> Version | None:
        return self.record.latest

    @property
    def text(self) -> str:
        """The latest submitted text, or the draft when nothing was submitted."""
        return self.latest.text if self.latest else self.record.draft_text

    @property
    def earlier(self) -> tuple[Version, ...]:
        return self.record.versions[:-1]

    @property
    def feedback(self) -> tuple[Feedback, ...]:
        return self.record.feedback

    @property
    def unsubmitted_changes(self) -> bool:
        return self.latest is not None and self.record.draft_text != self.latest.text

    @property
    def date(self) -> _dt.datetime | None:
        if self.latest:
            return self.latest.submitted_at
        return self.record.draft_saved_at or self.record.updated_at

    @property
    def status_label(self) -> str:
        if self.latest:
            n = self.latest.version
            where = VISIBILITY_NOW.get(self.record.visibility or "private", "private")
            label = f"Submitted (version {n}), {where}"
            if self.status == "passed":
                label = f"Passed; earlier submitted (version {n}), {where}"
            if self.record.visibility == "cohort" and self.record.hidden:
                label += ". " + TAKEN_OFF
            return label
        if self.status == "passed" and self.complete:
            return "Passed (this counts as complete)"
        return STATUS_WORDS.get(self.status, self.status)

    @property
    def module_label(self) -> str:
        if self.module_number is None:
            return self.module_title
        return f"Module {self.module_number}: {self.module_title}"


@dataclass(frozen=True)
class ModuleRecord:
    module_id: str
    title: str
    number: int
    visited: bool
    completed: bool
    seconds_spent: int


@dataclass(frozen=True)
class Activity:
    """A role-play played to one of its endings."""

    scenario_id: str
    title: str
    role_id: str
    finished_at: _dt.datetime | None
    role_name: str = ""  # the seat it was played from, as the scenario names it

    @property
    def words(self) -> str:
        """"Hot desk: played as Sam, key worker; finished 2 December 2026"."""
        seat = f": played as {self.role_name}" if self.role_name else ""
        return f"{self.title}{seat}; finished {format_date(self.finished_at, False)}"


@dataclass(frozen=True)
class CompletionRecord:
    name: str  # "" for a self-paced learner
    agency: str
    cohort_name: str
    facilitator_name: str
    modules: tuple[ModuleRecord, ...]
    activities: tuple[Activity, ...]
    reflections_submitted: int
    reflections_passed: int
    seconds_spent: int
    reflections_complete: int | None = None  # None: not in a cohort (nobody marks them)
    # Sessions the facilitator recorded this person as attending (face to face or online).
    sessions_attended: tuple[AttendedSession, ...] = ()

    @property
    def session_minutes(self) -> int:
        return sum(s.minutes for s in self.sessions_attended)

    @property
    def visited(self) -> tuple[ModuleRecord, ...]:
        return tuple(m for m in self.modules if m.visited)

    @property
    def completed(self) -> tuple[ModuleRecord, ...]:
        return tuple(m for m in self.modules if m.completed)


@dataclass(frozen=True)
class Journal:
    course_title: str
    entries: tuple[JournalEntry, ...]
    record: CompletionRecord
    made_at: _dt.datetime

    @property
    def is_empty(self) -> bool:
        return not self.entries


# -- loading ----------------------------------------------------------------------------
def load_journal(store: Store, person: Participant, course: Course) -> Journal:
    """One participant's journal, in course order (module, then prompt)."""
    participant_id = person.id
    records = [r for r in store.reflections.all_for(participant_id) if _worth_listing(r)]
    settings = store.assessment.settings(person.cohort_id)
    in_cohort = person.cohort_id is not None
    complete = {r.prompt_id for r in records
                if in_cohort and counts_as_complete(r, r.feedback, settings)}
    plays = store.plays.finished_for(participant_id)
    entries = sorted((_entry(course, r, r.prompt_id in complete, plays) for r in records),
                     key=_order(course))
    progress = store.progress.for_participant(participant_id)
    seconds = store.progress.seconds_spent(participant_id)
    modules = tuple(
        ModuleRecord(
            m.id, m.title, m.number,
            visited=m.id in progress,
            completed=bool(progress.get(m.id) and progress[m.id].completed),
            seconds_spent=seconds.get(m.id, 0),
        )
        for m in course.modules
    )
    record = CompletionRecord(
        name="" if person.kind == "self" else person.display_name,
        agency=person.agency,
        cohort_name=person.cohort_name or "",
        facilitator_name=person.facilitator_name or "",
        modules=modules,
        activities=tuple(_activities(plays, course)),
        reflections_submitted=sum(1 for r in records if r.versions),
        reflections_passed=sum(1 for r in records if r.status == "passed"),
        seconds_spent=sum(seconds.values()),
        reflections_complete=len(complete) if in_cohort else None,
        sessions_attended=store.attendance.attended(participant_id) if in_cohort else (),
    )
    return Journal(course.title, tuple(entries), record, utcnow())


def _worth_listing(r: ReflectionRecord) -> bool:
    return bool(r.versions) or r.status == "passed" or bool(r.draft_text.strip())


def _entry(course: Course, r: ReflectionRecord, complete: bool = False,
           plays: Sequence[PlayRecord] = ()) -> JournalEntry:
    """One reflection, named in words (never by its ids, even when the course has changed
    since it was written; the writing is kept anyway). A role-play's answer is titled with
    its seat and asks its ending's question; one kept from before each seat had its own
    question asks the question of the ending the trainee reached then."""
    module = titles.find_module(r.module_id, course)
    after = titles.debrief_of(r.prompt_id)
    if after is not None:
        ending = after.ending_id or _ending_answered(r, after.scenario_id, plays)
        text = titles.debrief_question(after.scenario_id, ending, course)
    else:
        prompt = titles.find_prompt(r.prompt_id, r.module_id, course)
        text = prompt.text if prompt else ""
    return JournalEntry(
        module_id=r.module_id,
        module_title=module.title if module else titles.GONE_MODULE,
        module_number=module.number if module else None,
        prompt_id=r.prompt_id,
        prompt_title=titles.prompt_title(r.prompt_id, r.module_id, course),
        prompt_text=text,
        record=r,
        complete=complete,
    )


def _ending_answered(r: ReflectionRecord, scenario_id: str,
                     plays: Sequence[PlayRecord]) -> str | None:
    """For an answer kept under the role-play alone (before each seat had its own
    question), the ending whose question it answers: the role-play's box asks the
    question of the ending just reached, so the last play finished before the writing
    was last saved (or, failing that, the last one finished)."""
    finished = [p for p in plays if p.scenario_id == scenario_id and p.ending_id]
    written = r.latest.submitted_at if r.latest else r.draft_saved_at or r.updated_at
    before = [p for p in finished
              if written is None or p.finished_at is None
              or _utc(p.finished_at) <= _utc(written)]
    chosen = (before or finished)[-1:]
    return chosen[0].ending_id if chosen else None


def _utc(when: _dt.datetime) -> _dt.datetime:
    return when if when.tzinfo else when.replace(tzinfo=_dt.UTC)


def _order(course: Course) -> Callable[[JournalEntry], tuple[int, int, str]]:
    modules = [m.id for m in course.modules]

    def key(e: JournalEntry) -> tuple[int, int, str]:
        in_course = e.module_id in modules
        position = modules.index(e.module_id) if in_course else len(modules)
        prompts = list(course.prompts(e.module_id)) if in_course else []
        at = prompts.index(e.prompt_id) if e.prompt_id in prompts else len(prompts)
        return (position, at, e.prompt_id)

    return key


def _activities(plays: Sequence[PlayRecord], course: Course) -> Iterator[Activity]:
    for row in plays:
        scenario = titles.find_scenario(row.scenario_id, course)
        role = scenario.roles.get(row.role_id) if scenario else None
        yield Activity(
            row.scenario_id, titles.scenario_title(row.scenario_id, course), row.role_id,
            row.finished_at, role.name if role else "",
        )


# -- words --------------------------------------------------------------------------------
def local_time(when: _dt.datetime | None) -> _dt.datetime | None:
    if when is None:
        return None
    if when.tzinfo is None:  # SQLite hands back naive UTC
        when = when.replace(tzinfo=_dt.UTC)
    return when.astimezone()


def format_date(when: _dt.datetime | None, with_time: bool = True) -> str:
    """26 November 2026, 10:42 (Australian order)."""
    when = local_time(when)
    if when is None:
        return ""
    day = f"{when.day} {when:%B %Y}"
    return f"{day}, {when:%H:%M}" if with_time else day


def format_duration(seconds: int) -> str:
    minutes = int(seconds) // 60
    if minutes < 1:
        return "less than a minute"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def feedback_words(f: Feedback) -> str:
    """Who gave the feedback, on which version, and its mark: "Your facilitator, on
    version 2. Complete" ("Your facilitator, marking this module's reflections, on
    version 2" when it came from nbgrader), with ". Rubric score: 2 out of 3" where the
    cohort uses the scored rubric; feedback from before completion marks says "Grade: ..."."""
    who = ("Your facilitator" if f.source == "facilitator"
           else "Your facilitator, marking this module's reflections")  # nbgrader
    words = f"{who}, on version {f.version}"
    if f.mark:
        words += f". {f.mark_words}"
        if f.mark == "not_yet":
            words += " (the feedback says what would complete it)"
        return words + (f". Rubric score: {f.grade}" if f.grade else "")
    return words + (f". Grade: {f.grade}" if f.grade else "")


# -- Markdown export ------------------------------------------------------------------------
_MD_ACTIVE = re.compile(r"([\\`*_\[\]<>&])")
_MD_LINE_START = re.compile(r"^(\s*)([#=+-]|\d+[.)])", re.MULTILINE)


def md_text(text: str) -> str:
    """Trainee text inside Markdown: characters that could start markup (HTML tags,
    links, images, emphasis, code, headings, lists) are backslash-escaped, so any
    Markdown viewer shows exactly what was written, as text."""
    escaped = _MD_ACTIVE.sub(r"\\\1", text or "")
    return _MD_LINE_START.sub(lambda m: m.group(1) + _escape_lead(m.group(2)), escaped)


def _escape_lead(lead: str) -> str:
    return lead[:-1] + "\\" + lead[-1] if lead[0].isdigit() else "\\" + lead


def _md_quote(text: str) -> str:
    """Trainee text as a quotation, each line kept on its own line (a hard break, a
    backslash at the end of the line) and every character shown as written."""
    lines = md_text(text.strip()).splitlines() or [""]
    out = []
    for i, line in enumerate(lines):
        last = i + 1 == len(lines) or not lines[i + 1].strip()
        if not line.strip():
            out.append(">")
        else:
            out.append(f"> {_keep_indent(line.rstrip())}" + ("" if last else "\\"))
    return "\n".join(out)


def _keep_indent(line: str) -> str:
    """Leading spaces as no-break spaces, so an indented line stays text (four spaces
    would start a code block) and keeps its indent."""
    body = line.lstrip(" \t")
    lead = line[: len(line) - len(body)].replace("\t", "    ")
    return "\u00a0" * len(lead) + body


def _md_course(text: str) -> str:
    """Course text (a prompt, written in Markdown by the course's authors) as Markdown,
    quoted, its lists and emphasis kept; only "<" is escaped, so no HTML can start."""
    lines = text.strip().replace("<", "\\<").splitlines()
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def journal_markdown(journal: Journal) -> str:
    r = journal.record
    out = [f"# My reflection journal: {md_text(journal.course_title)}", ""]
    out.append(f"Made on {format_date(journal.made_at)}.")
    out += ["", "## Completion record", ""]
    out += [f"- {line}" for line in _record_lines(r, md_text)]
    out += ["", "### Modules", ""]
    for m in r.modules:
        out.append(f"- {m.number}. {md_text(m.title)}: {_module_state(m)}")
    out += ["", "### Activities done", ""]
    if r.activities:
        out += [
            f"- Role-play: {md_text(a.words)}" for a in r.activities
        ]
    else:
        out.append("- None yet.")
    out += ["", "## Reflections", ""]
    if journal.is_empty:
        out.append("No reflections yet.")
    for e in journal.entries:
        out += [f"### {md_text(e.module_label)}: {md_text(e.prompt_title)}", ""]
        if e.prompt_text:
            out += ["*Prompt:*", "", _md_course(e.prompt_text), ""]
        out += [f"*{e.status_label}. {format_date(e.date)}.*", ""]
        if e.text.strip():
            out += [_md_quote(e.text), ""]
        if e.unsubmitted_changes:
            out += ["*You have changes since this version that are not submitted yet.*", ""]
        for f in e.feedback:
            out += [f"**Feedback.** {md_text(feedback_words(f))}:", ""]
            out += [_md_quote(f.comment) if f.comment.strip() else "> (no comment)", ""]
        for v in reversed(e.earlier):
            out += [f"*Earlier version {v.version}, {format_date(v.submitted_at)}:*", ""]
            out += [_md_quote(v.text), ""]
    return "\n".join(out).rstrip() + "\n"


# -- HTML (the printable export and the journal page share this markup) -------------------
# The markup is in commonground/templates/journal/, the print styles in print.css and
# print_journal.css there.
def record_html(r: CompletionRecord) -> str:
    return render(
        "journal/record.html",
        lines=_record_lines(r, str),
        modules=[(m.number, m.title, _module_state(m)) for m in r.modules],
        activities=[a.words for a in r.activities],
    )


def entry_html(e: JournalEntry, heading: str = "h3", link: str | None = None) -> str:
    """One reflection as HTML; every piece of trainee and facilitator text is escaped."""
    return render(
        "journal/entry.html",
        entry=e, heading=heading, sub=f"h{int(heading[1]) + 1}", link=link,
        date=format_date(e.date),
        feedback=[(feedback_words(f), f.comment) for f in e.feedback],
        earlier=[(v.version, format_date(v.submitted_at), v.text) for v in reversed(e.earlier)],
    )


def journal_html(journal: Journal) -> str:
    """A complete, printable HTML page. It runs no script: a Content-Security-Policy
    forbids any, on top of every piece of writing being escaped."""
    return render(
        "journal/page.html",
        title=f"My reflection journal: {journal.course_title}",
        made=format_date(journal.made_at),
        record=Markup(record_html(journal.record)),
        entries=[Markup(entry_html(e)) for e in journal.entries],
    )


# -- shared pieces -------------------------------------------------------------------------
def _record_lines(r: CompletionRecord, esc: Callable[[str], str]) -> list[str]:
    lines = []
    if r.name:
        lines.append(f"Name: {esc(r.name)}" + (f" ({esc(r.agency)})" if r.agency else ""))
    else:
        lines.append("Taken on my own (self-paced).")
    if r.cohort_name:
        lines.append(f"Cohort: {esc(r.cohort_name)}")
    if r.facilitator_name:
        lines.append(f"Facilitator: {esc(r.facilitator_name)}")
    total = len(r.modules)
    lines.append(f"Modules visited: {len(r.visited)} of {total}")
    lines.append(f"Modules completed: {len(r.completed)} of {total}")
    lines.append(f"Activities done: {len(r.activities)}")
    lines.append(f"Reflections submitted: {r.reflections_submitted}")
    if r.reflections_complete is not None:
        lines.append(f"Reflections complete: {r.reflections_complete}")
    if r.reflections_passed:
        lines.append(f"Reflections passed: {r.reflections_passed}")
    lines.append(f"Time spent in the modules: {format_duration(r.seconds_spent)}")
    if r.cohort_name:
        lines.append(f"Sessions attended, as recorded by the facilitator: "
                     f"{sessions_words(r.sessions_attended)}")
    return lines


def sessions_words(sessions: Sequence[AttendedSession]) -> str:
    """"2 (3 hours in all)", or "none recorded yet"."""
    if not sessions:
        return "none recorded yet"
    return (f"{len(sessions)} ({format_duration(60 * sum(s.minutes for s in sessions))} "
            "in all)")


def _module_state(m: ModuleRecord) -> str:
    state = "completed" if m.completed else "visited" if m.visited else "not visited yet"
    if m.seconds_spent >= 60:
        state += f", {format_duration(m.seconds_spent)}"
    return state
