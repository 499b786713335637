"""The pre-course email: a Markdown template a facilitator fills in and sends.

The modules, their times and every content note come from the course outline and the
scenario files; the parts only the facilitator knows are in [square brackets].
"""

from __future__ import annotations

from ..content.course import Course, Module
from ..content.support_lines import load_support_lines
from ..scenario.model import Scenario
from .schedule import DAY_START, clock, schedules

__all__ = ["precourse_email"]


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    text = f"{hours} hour{'s' if hours != 1 else ''}"
    return text + (f" {rest} minutes" if rest else "")


def _support(course: Course) -> str:
    """The support lines from the course's own list (content/support_lines.yaml)."""
    lines = load_support_lines(course.root)
    listed = "\n".join(f"- {x.name}: {x.number} ({x.hours}). {x.who_for}" for x in lines.lines)
    return ("If something in the course brings up distress, these lines can help:\n\n"
            f"{listed}\n\n{lines.also}")


def _module_line(m: Module) -> str:
    alone = f"about {m.minutes} minutes on your own"
    if m.room is None:
        return f"{m.number}. {m.title} ({alone})"
    return f"{m.number}. {m.title} ({m.room.minutes} minutes in the room, or {alone})"


def _formats(course: Course) -> str:
    """The ways to run the course, with their real times (from the schedule)."""
    sessions, days, _weeks = schedules(course)
    end = max(b.ends_at or 0 for b in days.blocks)
    return (f"{sessions.title.lower()} / {days.title.lower()}, {clock(DAY_START)} to "
            f"{clock(end)} / four weeks at your own pace")


def precourse_email(course: Course, scenarios: dict[str, Scenario]) -> str:
    total = sum(m.minutes or 0 for m in course.modules)
    room = sum(m.room.minutes for m in course.modules if m.room is not None)
    modules = "\n".join(_module_line(m) for m in course.modules)
    notes = []
    for m in course.modules:
        if m.content_note:
            notes.append(f"- Module {m.number}, {m.title}: {m.content_note}")
        notes += [f"- The role-play \"{s.title}\" (module {m.number}): {' '.join(n.split())}"
                  for s in scenarios.values() if s.module == m.id for n in s.content_notes]
    content_notes = "\n".join(notes) or "- None of the modules has a content note."
    return f"""\
Subject: {course.title}: what to expect before we start

Hello [first name],

You are booked into **{course.title}: {course.subtitle.lower()}**, starting
[day and date] at [time], [in the room at ADDRESS / online at LINK].
This email tells you what the course is, what to expect, and how to get in.

## What the course is

{course.title} is a short course for people who work in community services: child
protection, family support, housing, mental health, alcohol and other drugs, and more.
It is about working well with other agencies, with the person or family at the centre.
You read short modules, try role-plays where you choose what to say and see what
happens, and think about your own practice. There is no test.

The course has {len(course.modules)} modules. Together in a room they take
{_hours(room)}; on your own, about {_hours(total)} in all:

{modules}

We will run it as [{_formats(course)}].
The schedule is attached.

## What to expect

- The course opens in a web browser, like an ordinary website, on a computer, tablet or
  phone. There is nothing to install and no account to make.
- In a session we talk in the whole group and in small groups, and play role-plays
  together. If you have no device on the day, there are paper copies of everything.
- You can write reflections as you go. You choose, each time, who can read what you
  write: only you, me as your facilitator, or the group without your name.

## Taking part is optional

Every activity is optional. You can pass on any question or role-play, sit out an
activity, or step out of the room, and you do not have to say why. Please share only
what you are comfortable sharing about yourself, your work or the people you support.

## Content notes

Some parts of the course touch on things that may be hard, especially if they are close
to your own life or work. Each of these has a note before it in the course:

{content_notes}

If you would like to talk about any of this before we start, or need the course in
another format, reply to this email or ring me on [phone number].
{_support(course)}

## How to get your link

I will send you a personal link by email on [date]. Open it in your browser to start.
Keep it to yourself: it signs you in as you, so please do not forward it or post it in a
group chat. If you lose it, or it stops working, ask me and I will send a new one.

If you cannot come to a session, you can do that module on your own with your link.

See you on [day],

[your name]
[your role and organisation]
[phone] · [email]
"""
