"""Every character is one person: a name used in one scenario is not used in another."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from commonground.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "content" / "scenarios").glob("*.yaml"))

#: Capitalised words several scenarios may share because they are not people.
NOT_PEOPLE = {"Child", "Protection", "Friday", "Monday", "Tuesday", "Thursday", "Services",
              "Connect", "Southern", "Melbourne", "Partnership", "Family", "Victoria",
              "English", "Australia", "Aboriginal", "Community", "Controlled", "Organisation",
              "Scheme", "Sharing", "Information", "Violence", "Framework", "Mum", "Dad",
              "Torres", "Strait", "Islander", "Closing", "Gap", "Priority", "Reform", "One",
              "Placement", "Principle", "Elders", "Country", "Agreement", "National"}


def _texts(s: Scenario) -> list[str]:
    out = [s.title, s.summary]
    for role in s.roles.values():
        out += [role.name, role.brief, role.agency, role.obligations, role.wants]
    for node in s.nodes.values():
        out += [p.text for p in node.text]
        for choice in node.choices:
            out += [choice.label, *(p.text for p in choice.feedback)]
        if node.ending:
            out += [node.ending.title, node.ending.reflection,
                    *(p.text for p in node.ending.debrief)]
    return out


def _proper_nouns(s: Scenario) -> set[str]:
    """Capitalised words in the middle of a sentence, and every seat's first name."""
    found = {role.name.split(",")[0].split()[0] for role in s.roles.values()}
    for text in _texts(s):
        found |= set(re.findall(r"(?<=[a-z,] )([A-Z][a-z]+)\b", text))
    return found


def test_no_name_is_used_in_two_scenarios():
    # A role-play played from several seats at once retells another's story, with its
    # people: its names count as that role-play's.
    stories: dict[str, set[str]] = {}
    for path in SHIPPED:
        s = load_scenario(path)
        story = s.together.retells if s.together and s.together.retells else s.id
        stories.setdefault(story, set()).update(_proper_nouns(s))
    counts = Counter(word for names in stories.values() for word in names)
    shared = sorted(w for w, n in counts.items() if n > 1 and w not in NOT_PEOPLE)
    assert shared == []


def test_seat_names_are_picked_up():
    names = _proper_nouns(load_scenario(ROOT / "content" / "scenarios" / "hot_desk.yaml"))
    assert {"Sam", "Helen", "Ari"} <= names
