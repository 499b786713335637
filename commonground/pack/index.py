"""The pack's front page (index.html): what each file is for, in the order a
facilitator needs them."""

from __future__ import annotations

from ..content.course import Course
from ..scenario.model import Scenario
from ._html import esc, page

__all__ = ["index_html"]


def index_html(course: Course, scenarios: dict[str, Scenario]) -> str:
    slides = "".join(
        f'<li><a href="slides/{m.id}.slides.html">Module {m.number}: {esc(m.title)}</a></li>'
        for m in course.modules)
    plays = "".join(
        f'<li><a href="roleplays/roleplay-{sid}.pdf">{esc(s.title)}</a> '
        f'(<a href="roleplays/roleplay-{sid}.html">as a web page</a>)</li>'
        for sid, s in scenarios.items())
    body = f"""
<h1>{esc(course.title)}: facilitator's pack</h1>
<p class="cg-lead">Everything you need around the course app to run {esc(course.title)} in a
room (with or without devices) or online. Every file here was made from the course's own
content, so it matches what trainees see. Make it again after the course changes:
<code>commonground pack build --out FOLDER</code>.</p>
<h2>Before the course</h2>
<ul>
<li><a href="pre-course-email.md">Pre-course email</a>: a template to fill in (the parts in
[square brackets]) and send to each trainee.</li>
<li><a href="schedule.pdf">Course schedule</a> (<a href="schedule.html">as a web page</a>):
eight 90-minute sessions, two full days, or four weeks at your own pace.</li>
</ul>
<h2>In the room</h2>
<ul>
<li>Slides for the screen, one deck per module (open in a web browser; arrow keys move on,
F for full screen):<ul>{slides}</ul></li>
<li><a href="handouts.pdf">Handouts</a> (<a href="handouts.html">as a web page</a>): a part
per module with its key points and reflection questions, and the glossary.</li>
<li>Role-plays on paper, for a room without devices: role briefs, score sheets, numbered
cards and your debrief sheet.<ul>{plays}</ul></li>
</ul>
<p>All PDFs are A4. If someone needs another format, the web-page copies work with screen
readers and can be enlarged.</p>
"""
    return page(f"{course.title}: facilitator's pack", body)
