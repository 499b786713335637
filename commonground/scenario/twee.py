"""Turn a Twine story in Twee 3 notation into a scenario YAML skeleton.

Passages (``:: Name [tags] {metadata}``) become nodes, their links become choices, and
passages without links become endings. Everything the author still has to write is
marked ``TODO``; the result loads and can be checked straight away.

Link forms understood: ``[[label->target]]``, ``[[target<-label]]``, ``[[label|target]]``
and ``[[target]]`` (a SugarCube setter ``[[...][$x to 1]]`` is ignored).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^::\s*(?P<name>(?:\\.|[^\\\[{])*?)\s*(?:\[(?P<tags>[^\]]*)\])?\s*"
                     r"(?P<meta>\{.*\})?\s*$")
_LINK = re.compile(r"\[\[(.+?)\]\]")
_SKIP_TAGS = {"script", "stylesheet", "widget", "Twine.private"}
_MACRO = re.compile(r"<<|\(\w+:|\{\{")


@dataclass
class Link:
    label: str
    target: str


@dataclass
class Passage:
    name: str
    tags: list[str] = field(default_factory=list)
    body: str = ""
    line: int = 0

    @property
    def links(self) -> list[Link]:
        found: list[Link] = []
        for inner in _LINK.findall(self.body):
            link = parse_link(inner)
            if link not in found:
                found.append(link)
        return found

    @property
    def prose(self) -> str:
        """The body without link markup (lines holding only links are dropped)."""
        kept = []
        for line in self.body.splitlines():
            if _LINK.search(line) and not _LINK.sub("", line).strip():
                continue
            kept.append(_LINK.sub(lambda m: parse_link(m.group(1)).label, line).rstrip())
        return "\n".join(kept).strip()


@dataclass
class Story:
    title: str
    start: str | None
    passages: list[Passage]


def parse_link(inner: str) -> Link:
    inner = inner.split("][", 1)[0]
    if "->" in inner:
        label, target = inner.rsplit("->", 1)
    elif "<-" in inner:
        target, label = inner.split("<-", 1)
    elif "|" in inner:
        label, target = inner.rsplit("|", 1)
    else:
        label = target = inner
    return Link(label.strip(), target.strip())


def parse_twee(text: str) -> Story:
    passages: list[Passage] = []
    current: Passage | None = None
    body: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _HEADER.match(line) if line.startswith("::") else None
        if match:
            if current is not None:
                current.body = "\n".join(body).strip()
                passages.append(current)
            name = re.sub(r"\\(.)", r"\1", match.group("name")).strip()
            tags = (match.group("tags") or "").split()
            current, body = Passage(name, tags, line=number), []
        elif current is not None:
            body.append(line)
    if current is not None:
        current.body = "\n".join(body).strip()
        passages.append(current)
    title, start = "Untitled story", None
    story: list[Passage] = []
    for passage in passages:
        if passage.name == "StoryTitle":
            title = passage.body.strip() or title
        elif passage.name == "StoryData":
            try:
                start = json.loads(passage.body).get("start")
            except (ValueError, AttributeError):
                start = None
        elif not _SKIP_TAGS.intersection(passage.tags):
            story.append(passage)
    if start is None and story:
        start = next((p.name for p in story if p.name == "Start"), story[0].name)
    return Story(title, start, story)


def slug(name: str, prefix: str = "p") -> str:
    text = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not text or not text[0].isalpha():
        text = f"{prefix}_{text}".rstrip("_")
    return text[:48].rstrip("_")


def _unique(base: str, used: set[str]) -> str:
    name, n = base, 2
    while name in used:
        name, n = f"{base}_{n}", n + 1
    used.add(name)
    return name


def _scalar(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _block(key: str, text: str, indent: int) -> list[str]:
    pad = " " * indent
    if not text:
        return [f'{pad}{key}: ""']
    if "\n" not in text or text[0] in " \t":
        return [f"{pad}{key}: {_scalar(text)}"]
    return [f"{pad}{key}: |"] + [f"{pad}  {line}" if line else "" for line in text.splitlines()]


def twee_to_yaml(text: str, source: str = "story.twee") -> str:
    """Convert Twee 3 text to scenario YAML (a skeleton with TODOs for the author)."""
    story = parse_twee(text)
    used_nodes: set[str] = set()
    ids = {p.name: _unique(slug(p.name), used_nodes) for p in story.passages}
    used_choices: set[str] = set()
    out = [
        f"# Imported from {source} by `commonground scenario import-twee`.",
        "# Complete every TODO, then run `commonground scenario check` on this file.",
        "schema_version: 1",
        f"id: {slug(story.title, 's')}",
        f"title: {_scalar(story.title)}",
        'summary: "TODO: one or two sentences on what this scenario is about"',
        "module: 00_welcome  # TODO: the module this scenario serves",
        "source_sections: []  # TODO: the sections of the source text it draws on",
        "content_notes: []",
        "allow_back: true",
        "variables: {}  # TODO: e.g. trust: {initial: 2, min: 0, max: 5, label: Trust}",
        "roles:",
        "  player:",
        '    name: "TODO: who the trainee plays"',
        '    brief: "TODO: who you are, your agency, your obligations and what you want for the'
        ' person"',
        f"start: {ids.get(story.start or '', slug(story.start or 'start'))}",
        "nodes:",
    ]
    if story.start and story.start not in ids:
        out.insert(-1, f"# TODO: the start passage {story.start!r} was not found")
    for passage in story.passages:
        node = ids[passage.name]
        out.append(f"  {node}:")
        if passage.name != node:
            out.append(f"    title: {_scalar(passage.name)}")
        if _MACRO.search(passage.body):
            out.append("    # TODO: this passage uses story-format macros; rewrite them as `when:`"
                       " conditions and `effects:`")
        out += _block("text", passage.prose, 4)
        links = passage.links
        if not links:
            out += [
                "    ending:",
                f"      title: {_scalar(passage.name)}",
                "      tone: mixed  # hopeful, mixed or hard",
                '      debrief: "TODO: what this ending shows, linked back to the module\'s ideas"',
                '      reflection: "TODO: a question for the trainee"',
            ]
            continue
        out.append("    choices:")
        for link in links:
            target = ids.get(link.target)
            note = ""
            if target is None:
                target = slug(link.target)
                note = f"  # TODO: there is no passage called {link.target!r}"
            choice = _unique(f"{node}_{slug(link.label, 'c')}"[:60].rstrip("_"), used_choices)
            out += [
                f"      - id: {choice}",
                f"        label: {_scalar(link.label)}",
                f"        target: {target}{note}",
                '        feedback: "TODO: what the trainee learns from choosing this"',
            ]
    return "\n".join(out) + "\n"
