"""No prompt, guide or rubric rewards self-disclosure: the source says such vulnerable
contribution is something "it is not reasonable to expect". Each refused phrase is a
pattern; the examples show what it catches (old rubric lines) and what it lets through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonground.content.course import load_course
from commonground.grading import _notebook as nbf
from commonground.grading import assignments, build_assignment

ROOT = Path(__file__).resolve().parents[2]

# What a rubric (and anything said about marking) must never reward.
REFUSED = {
    "own assumptions": r"\bown assumptions?\b",
    "the writer's own ...": r"\bwriter'?s own\b",
    "an assumption the writer held": r"\bassumptions? (?:the writer|they|you|i) "
                                     r"(?:held|holds|had|has|brought|bring)\b",
    "names an assumption": r"\bnames? (?:an|one|at least one) (?:of (?:the writer's|their|your) )?"
                           r"assumptions?\b",
    "honest(ly)": r"\bhonest(?:ly|y)?\b",
    "personal experience": r"\bpersonal (?:experiences?|story|stories|feelings?|disclosure|life|"
                           r"history|trauma)\b",
    "vulnerable": r"\bvulnerab",
    "admits / confesses / opens up": r"\b(?:admits?|confess(?:es)?|opens? up|reveals?)\b",
    "self-disclosure": r"\bself-disclos",
    "earns credit": r"\bearns? (?:credit|marks?|points?)\b",
    "shares about themselves": r"\bshares? (?:something|anything|a story|an experience|their "
                               r"feelings) (?:about|of|from) (?:themselves|yourself|the writer)",
}
# A prompt's own words may ask about experience (it is optional); they must never say
# that telling more earns more.
REFUSED_IN_PROMPTS = {k: REFUSED[k] for k in ("earns credit", "self-disclosure")} | {
    "the more you share": r"\bthe more (?:you|they) (?:share|disclose|reveal)\b",
    "marked on what you share": r"\b(?:marked|graded|scored|assessed) on (?:how much|what) "
                                r"(?:you|they) (?:share|disclose|reveal)",
}


def refused(text: str, patterns: dict[str, str] = REFUSED) -> list[str]:
    return [name for name, pattern in patterns.items()
            if re.search(pattern, text or "", re.IGNORECASE)]


def _prompts():
    course = load_course(ROOT / "content")
    return [p for m in course.modules for p in course.prompts(m.id).values()]


@pytest.mark.parametrize("line", [
    "Strong | 5 | Describes what happened clearly and fairly; names at least one of the "
    "writer's own assumptions;",
    "Any honest answer earns credit; passing is always acceptable.",
    "Recognises the writer's own part, not only other agencies' part.",
    "Names an assumption the writer held about the other agency before.",
    "States the writer's own position honestly and traces where it comes from.",
    "A strong reflection shares a personal experience of being talked over.",
    "Rewards a reflection that opens up about a mistake.",
])
def test_the_refused_phrases_catch_rubrics_that_reward_disclosure(line):
    assert refused(line), line


@pytest.mark.parametrize("line", [
    "Considers the person's own voice in the decision.",
    "An example can be real, changed or imagined, and nothing here asks for anything personal.",
    "Plans a space where nobody is expected to share more than they choose.",
    "Names terms used in a field of practice and explains them plainly.",
])
def test_the_refused_phrases_let_engagement_with_ideas_through(line):
    assert refused(line) == []


@pytest.mark.parametrize("prompt", _prompts(), ids=lambda p: p.id)
def test_no_rubric_rewards_self_disclosure(prompt):
    assert refused(prompt.rubric) == [], f"content/prompts/{prompt.module_id}.yaml {prompt.id}"


@pytest.mark.parametrize("prompt", _prompts(), ids=lambda p: p.id)
def test_no_prompt_says_that_sharing_more_earns_more(prompt):
    for field in (prompt.title, prompt.text, prompt.guidance):
        assert refused(field, REFUSED_IN_PROMPTS) == [], prompt.id


@pytest.mark.parametrize("scored", [False, True], ids=["formative", "scored"])
def test_the_generated_assignments_say_nothing_that_rewards_disclosure(scored):
    course = load_course(ROOT / "content")
    for a in assignments(course, scored=scored):
        cells = build_assignment(a)["cells"]
        said = [nbf.source(c) for c in cells
                if c["id"] == "intro" or c["id"].endswith("-rubric")]
        assert said and all(refused(text) == [] for text in said), a.id


def test_every_rubric_has_a_not_yet_level_and_scores_to_its_points():
    for prompt in _prompts():
        levels = re.findall(r"^\|\s*([A-Z][\w ]+?)\s*\|\s*(\d+)\s*\|", prompt.rubric, re.M)
        assert ("Not yet", "0") in levels, prompt.id
        assert max(int(points) for _, points in levels) == prompt.points, prompt.id


def _section(text: str, heading: str) -> str:
    """A Markdown section's own lines (up to the next ``## ``), without quoted prompts."""
    part = text.split(heading, 1)[1].split("\n## ", 1)[0] if heading in text else ""
    return "\n".join(line for line in part.splitlines() if not line.startswith(">"))


@pytest.mark.parametrize("note", sorted((ROOT / "facilitator_notes").glob("*.md")),
                         ids=lambda p: p.name)
def test_the_facilitator_notes_rubrics_reward_no_self_disclosure(note):
    text = note.read_text(encoding="utf-8")
    rubrics = (_section(text, "## Reflection prompts and rubrics")
               + _section(text, "## Grading reflections"))
    assert refused(rubrics) == [], note.name
