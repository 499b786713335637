"""`commonground pack build`: every file, read back (PDF text, pages, A4, embedded fonts),
and a clear message with nothing written when the content is broken."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from commonground.admin.cli import main
from commonground.content.course import load_course
from commonground.pack.build import MARKER
from commonground.pack.paper import paper_play
from commonground.pack.schedule import schedules
from commonground.scenario import load_scenarios
from tests._pack import fonts, is_a4, pages_text

ROOT = Path(__file__).resolve().parents[2]
COURSE = load_course(ROOT / "content")
SCENARIOS = load_scenarios(ROOT / "content" / "scenarios")


def _pdfs(pack: Path) -> list[Path]:
    return sorted(pack.rglob("*.pdf"))


def _starts(pages: list[str], text: str) -> int:
    """The page (0-based) that begins with ``text`` (card numbers, set at the right of
    each card, come first in a page's text)."""
    hits = [i for i, p in enumerate(pages) if re.sub(r"^(Card \d+ )+", "", p).startswith(text)]
    assert hits, f"no page begins with {text!r}"
    return hits[0]


def test_the_pack_holds_every_part(pack):
    names = {p.relative_to(pack).as_posix() for p in pack.rglob("*") if p.is_file()}
    expected = {"index.html", "schedule.pdf", "schedule.html", "handouts.pdf",
                "handouts.html", "law.pdf", "law.html", "session-one-kit.pdf",
                "session-one-kit.html", "run-sheets.pdf", "run-sheets.html",
                "pre-course-email.md",
                MARKER, "slides/reveal.js/dist/reveal.js", "slides/reveal.js/dist/reveal.css",
                "slides/reveal.js/dist/theme/white.css", "slides/reveal.js/plugin/notes/notes.js"}
    expected |= {f"slides/{m.id}.slides.html" for m in COURSE.modules}
    expected |= {f"roleplays/roleplay-{sid}.pdf" for sid in SCENARIOS}
    expected |= {f"roleplays/{sid}/seat-{rid}.pdf" for sid, s in SCENARIOS.items()
                 for rid in s.roles}
    assert expected <= names
    assert not list(pack.parent.glob(".pack.building-*")), "no half-built folder is left"


def test_every_link_on_the_front_page_is_a_file_in_the_pack(pack):
    links = re.findall(r'href="([^"#]+)"', (pack / "index.html").read_text(encoding="utf-8"))
    assert "run-sheets.pdf" in links
    assert all(f"roleplays/{sid}/seat-{rid}.pdf" in links
               for sid, s in SCENARIOS.items() for rid in s.roles)
    missing = [link for link in links if "://" not in link and not (pack / link).is_file()]
    assert missing == []


def test_every_pdf_is_a4_with_its_fonts_embedded(pack):
    for pdf in _pdfs(pack):
        assert is_a4(pdf), pdf.name
        used = fonts(pdf)
        assert used and all(used.values()), (pdf.name, used)


def test_the_schedule_has_a_part_per_format_each_from_a_new_page(pack):
    pages = pages_text(pack / "schedule.pdf")
    assert pages[0].startswith(f"{COURSE.title}: course schedule")
    for m in COURSE.modules:
        assert f"{m.title} {m.room.minutes} min {m.minutes} min" in pages[0]
    starts = [_starts(pages, f.title) for f in schedules(COURSE)]
    assert starts == sorted(starts) and starts[0] == 1
    sessions, days, weeks = schedules(COURSE)
    text = " ".join(pages)
    for block in (*sessions.blocks, *days.blocks, *weeks.blocks):
        assert block.title in text
    assert "Spare time" not in text
    assert "Day 1 9:00 am to 4:15 pm: 6 hours together and 75 minutes of breaks" in text
    assert "0:00 Acknowledgement of Country and welcome 10 min" in text
    assert "9:00 am Module 0: Welcome and the person-centred approach to partnership" in text
    assert re.search(r"12:\d\d pm Lunch 45 min", text)


def test_module_times_add_up_to_the_schedule(pack):
    html = (pack / "schedule.html").read_text(encoding="utf-8")
    for fmt in schedules(COURSE):
        part = html.split(f'<section id="{fmt.id}">')[1].split("</section></section>")[0]
        minutes = [int(n) for n in re.findall(
            r'<tr class="cg-module[^"]*">.*?<td class="cg-mins">(\d+) min</td>', part)]
        expected = (sum(m.minutes or 0 for m in COURSE.modules) if fmt.id == "weeks" else
                    sum(m.room.minutes for m in COURSE.modules))
        assert sum(minutes) == expected, fmt.id


def test_the_run_sheets_have_a_part_per_module_with_its_timings_and_notes(pack):
    from commonground.content.notes import load_notes

    pages = pages_text(pack / "run-sheets.pdf")
    assert pages[0].startswith(f"{COURSE.title}: run sheets")
    starts = [_starts(pages, f"Module {m.number}: {m.title}") for m in COURSE.modules]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    for m, first, nxt in zip(COURSE.modules, starts, [*starts[1:], len(pages)], strict=True):
        text = " ".join(pages[first:nxt])
        notes = load_notes(m.id)
        for segment, row in zip(m.room.plan, notes.workshop, strict=True):
            hm = f"{segment.start // 60}:{segment.start % 60:02d}"
            assert f"{hm}–" in text and segment.activity in text
            assert " ".join(re.sub(r"[*_]", "", row.text).split())[:40] in text, row.text
        before = notes.section("Before the session")
        assert " ".join(re.sub(r"[*_]|^- ", "", before, flags=re.M).split())[:40] in text
        assert "Materials" in text and f"slides/{m.id}.slides.html" in text
        assert "Rubric" not in text and "What trainees are asked" not in text


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_each_group_gets_only_its_own_seats_cards(pack, sid):
    play = paper_play(SCENARIOS[sid])
    for deck in play.decks:
        pages = pages_text(pack / "roleplays" / sid / f"seat-{deck.role.id}.pdf")
        text = " ".join(pages)
        assert f"Your group's seat: {deck.role.name}" in text
        cards = {int(n) for n in re.findall(r"\bCard (\d+)\b", text)}
        assert cards == {c.number for c in deck.cards}, deck.role.id
        targets = {int(n) for n in re.findall(r"[Gg]o to card (\d+)", text)}
        assert targets <= cards
        for other in play.decks:
            if other is not deck:
                assert f"Role brief: {other.role.name}" not in text
                assert f"Cards for {other.role.name}" not in text
        assert "For the facilitator" not in text
    full = " ".join(pages_text(pack / "roleplays" / f"roleplay-{sid}.pdf"))
    full = re.sub(r"([/-]) ", r"\1", full)  # a file name broken at a line's end
    assert all(f"{sid}/seat-{d.role.id}.pdf" in full for d in play.decks)


@pytest.mark.parametrize("sid", sorted(SCENARIOS))
def test_each_roleplay_pdf_has_briefs_score_sheets_every_card_and_the_debrief(pack, sid):
    scenario = SCENARIOS[sid]
    play = paper_play(scenario)
    pages = pages_text(pack / "roleplays" / f"roleplay-{sid}.pdf")
    assert pages[0].startswith(f"Role-play on paper: {scenario.title}")
    assert "How to play without devices" in pages[0]
    briefs = _starts(pages, "Role briefs")
    first_sheet = _starts(pages, f"Score sheet: {play.decks[0].role.name}")
    def flat(text: str) -> str:  # a long name may wrap, losing its hyphen in the text
        return " ".join(re.sub(r"-\s*", "", text).split())

    brief_text = flat(" ".join(pages[briefs:first_sheet]))
    assert all(flat(f"Role brief: {r.name}") in brief_text for r in scenario.roles.values())
    order = [briefs]
    for deck in play.decks:
        order.append(_starts(pages, f"Score sheet: {deck.role.name}"))
        order.append(_starts(pages, f"Cards for {deck.role.name}"))
    debrief = _starts(pages, "For the facilitator: the endings and the debrief")
    assert [*order, debrief] == sorted([*order, debrief])
    text = " ".join(pages)
    headers = re.findall(r"\bCard (\d+)\b", text)
    assert sorted(map(int, headers)) == list(range(1, len(play.cards) + 1)), "each card once"
    targets = {int(n) for n in re.findall(r"[Gg]o to card (\d+)", text)}
    assert targets and targets <= set(range(1, len(play.cards) + 1))
    endings = {n.ending.title for n in scenario.nodes.values() if n.ending}
    debrief_text = " ".join(pages[debrief:])
    assert all(title in debrief_text for title in endings)
    assert len(pages) >= 2 + 3 * len(play.decks) + 1
    outcomes = {c.number for c in play.cards if c.kind == "outcome"}
    for page in pages:  # a card is never split across two pages: it ends where it starts
        here = [int(n) for n in re.findall(r"\bCard (\d+)\b", page) if int(n) in outcomes]
        assert len(here) == page.count("Now go to card"), page[:80]


def test_the_handouts_have_a_part_per_module_and_the_glossary(pack):
    pages = pages_text(pack / "handouts.pdf")
    assert pages[0].startswith(f"{COURSE.title}: handouts")
    starts = [_starts(pages, f"Module {m.number}: {m.title}") for m in COURSE.modules]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    glossary = _starts(pages, "Words used in this course")
    assert glossary > starts[-1]
    text = " ".join(pages)
    for m in COURSE.modules:
        for prompt in COURSE.prompts(m.id).values():
            assert " ".join(prompt.title.split()) in text


def test_the_handouts_list_every_support_line(pack):
    from commonground.content.support_lines import load_support_lines

    text = " ".join(" ".join(pages_text(pack / "handouts.pdf")).split())
    assert "If something in the course brings things up" in text
    for line in load_support_lines().lines:
        assert f"{line.name}: {line.number}" in text


def test_the_law_has_a_page_for_each_state_and_territory_with_every_statement(pack):
    from commonground.content.jurisdictions import load_jurisdictions

    law = load_jurisdictions()
    pages = pages_text(pack / "law.pdf")
    assert pages[0].startswith(f"{COURSE.title}: the law where you work")
    assert "General information, not legal advice" in pages[0]
    starts = [_starts(pages, entry.name) for entry in law.entries]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    # a word with a hyphen may break at it ("non- accidental"), an address anywhere
    text = re.sub(r"(\w)- (\w)", r"\1-\2", " ".join(" ".join(pages).split()))
    unspaced = text.replace(" ", "")
    for entry in law.entries:
        for statement in entry.statements:
            assert " ".join(statement.says.split()) in text
            assert statement.source.url in unspaced  # written out: paper has no links
            assert statement.note in text and statement.check_note in text
    assert _starts(pages, "Working across a border") > starts[-1]


def test_the_session_one_kit_holds_everything_for_the_first_meeting(pack):
    from commonground.content.de_roling import load_de_roling
    from commonground.content.notes import load_notes
    from commonground.content.support_lines import load_support_lines
    from commonground.pack.kit import README_PARTS

    pages = pages_text(pack / "session-one-kit.pdf")
    assert pages[0].startswith(f"{COURSE.title}: session one kit")
    kit = load_notes("session_one")
    headings = [name for name, _ in kit.sections] + list(README_PARTS)
    assert headings[:3] == ["Setting up the room", "An opening script",
                            "The group agreement comes before anyone shares"]
    text = " ".join(" ".join(pages).split())
    at = [text.index(heading) for heading in headings]
    assert at == sorted(at)  # the kit's own parts, then the notes' protocols
    starts = [_starts(pages, heading) for heading in README_PARTS]  # each from a new page
    assert len(set(starts)) == len(starts)
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    steps = load_de_roling()
    for step in steps.steps:
        assert " ".join(step.replace("{name}", "(name)").split()) in text
    assert "Online" in text or "online" in text
    assert _starts(pages, "Support lines") > starts[-1]
    for line in load_support_lines().lines:
        assert f"{line.name}: {line.number}" in text


def test_slides_hold_the_module_headings_and_no_code(pack):
    for m in COURSE.modules:
        deck = (pack / "slides" / f"{m.id}.slides.html").read_text(encoding="utf-8")
        nb = json.loads((ROOT / "modules" / m.notebook).read_text(encoding="utf-8"))
        markdown = "\n".join("".join(c["source"]) for c in nb["cells"]
                             if c["cell_type"] == "markdown")
        for heading in re.findall(r"^##? (.+)$", markdown, re.MULTILINE):
            assert f">{heading.strip()}<" in deck.replace("&#39;", "'").replace("&quot;", '"')
        for code in (r"from widgets", r"course\.\w+\(", r'class="[^"]*jp-CodeCell', r"<pre"):
            assert not re.search(code, deck), (m.id, code)
        sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', deck)
        assert sources and all(s.startswith("reveal.js/") for s in sources), sources
        assert "reveal.js/plugin/notes/notes.js" in sources and "RevealNotes" in deck


def test_the_slides_speaker_notes_are_the_run_sheet(pack):
    from commonground.content.notes import load_notes

    for m in COURSE.modules:
        deck = (pack / "slides" / f"{m.id}.slides.html").read_text(encoding="utf-8")
        notes = re.findall(r'<aside class="notes">(.*?)</aside>', deck, re.S)
        slides = deck.count("<section")
        assert len(notes) >= slides // 2, (m.id, len(notes), slides)
        title = re.sub(r"<[^>]+>", "", notes[0])
        for segment in m.room.plan:
            hm = f"{segment.start // 60}:{segment.start % 60:02d}"
            assert (f"{hm}–" in title and segment.activity.replace("'", "&#39;") in title) \
                or segment.activity in title.replace("&#x27;", "'").replace("&#39;", "'")
        every = " ".join(re.sub(r"<[^>]+>", "", n) for n in notes)
        rows = load_notes(m.id).workshop
        told = [r for r in rows if r.text.split(".")[0][:30] in every.replace("&quot;", '"')
                .replace("&#x27;", "'").replace("&#39;", "'")]
        assert len(told) >= len(rows) // 2, (m.id, [r.text[:30] for r in rows if r not in told])


def test_the_email_says_what_the_course_is_how_to_get_a_link_and_that_it_is_optional(pack):
    email = (pack / "pre-course-email.md").read_text(encoding="utf-8")
    for part in ("## What the course is", "## What to expect", "## Taking part is optional",
                 "## Content notes", "## How to get your link"):
        assert part in email
    for m in COURSE.modules:
        assert (f"{m.number}. {m.title} ({m.room.minutes} minutes in the room, or about "
                f"{m.minutes} minutes on your own)") in email
        if m.content_note:
            assert m.content_note in email
    alone = sum(m.minutes or 0 for m in COURSE.modules)
    alone_words = f"{alone // 60} hours" + (f" {alone % 60} minutes" if alone % 60 else "")
    assert " ".join(email.split()).count(
        f"in a room they take 12 hours; on your own, about {alone_words}") == 1
    assert "[eight 90-minute sessions / two full days, 9:00 am to 4:25 pm / four weeks" in email
    for s in SCENARIOS.values():
        for note in s.content_notes:
            assert " ".join(note.split()) in email
    assert "marked down" not in email


# -- nothing written when something is wrong ----------------------------------------------
@pytest.fixture
def course_copy(tmp_path) -> tuple[Path, Path]:
    content, modules = tmp_path / "content", tmp_path / "modules"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "modules", modules)
    return content, modules


def _build(capsys, out: Path, content: Path, modules: Path) -> tuple[int, str]:
    code = main(["pack", "build", "--out", str(out), "--content", str(content),
                 "--modules", str(modules)])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("break_it, said", [
    (lambda c, m: (c / "scenarios" / "hot_desk.yaml").write_text(
        (c / "scenarios" / "hot_desk.yaml").read_text().replace("target: escalation",
                                                                "target: nowhere")),
     r"hot_desk\.yaml:\d+: .*nowhere"),
    (lambda c, m: (m / "03_trauma_informed.ipynb").unlink(),
     r"03_trauma_informed\.ipynb: module 03_trauma_informed is in content/course\.yaml but "
     r"its notebook is missing"),
    (lambda c, m: (c / "course.yaml").write_text(
        (c / "course.yaml").read_text().replace("    minutes: 40\n", "", 1)),
     r"have no `minutes:`"),
    (lambda c, m: (c / "course.yaml").write_text(
        (c / "course.yaml").read_text().replace("        - {minutes: 15, activity: Introductions",
                                                "        - {minutes: 20, activity: Introductions",
                                                1)),
     r"course\.yaml:\d+: module '00_welcome': its in-room plan adds up to 95 minutes"),
    (lambda c, m: (m / "06_competition_and_hot_desks.ipynb").write_text(
        (m / "06_competition_and_hot_desks.ipynb").read_text().replace(
            'course.scenario(\\"hot_desk\\")', 'course.scenario(\\"hot_dsk\\")')),
     r"the role-play 'hot_dsk' is not in content/scenarios/"),
    (lambda c, m: (c / "de_roling.yaml").unlink(),
     r"de_roling\.yaml"),
    (lambda c, m: (c / "jurisdictions.yaml").write_text(
        (c / "jurisdictions.yaml").read_text().replace('as_at: "2026-12-07"', "as_at: soon", 1)),
     r"jurisdictions\.yaml:\d+: "),
])
def test_broken_content_gives_a_clear_message_and_writes_nothing(
        capsys, tmp_path, course_copy, break_it, said):
    content, modules = course_copy
    break_it(content, modules)
    out = tmp_path / "out"
    code, err = _build(capsys, out, content, modules)
    assert code == 2
    assert re.search(said, err), err
    assert f"Nothing was written to {out}" in err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_an_earlier_pack_stays_whole_when_a_rebuild_fails(capsys, tmp_path, course_copy, pack):
    content, modules = course_copy
    out = tmp_path / "out"
    shutil.copytree(pack, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (content / "scenarios" / "hot_desk.yaml").write_text("schema_version: 1\nid: [unclosed\n")
    code, err = _build(capsys, out, content, modules)
    assert code == 2 and "hot_desk.yaml" in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_a_folder_with_other_files_is_refused(capsys, tmp_path, course_copy):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    code, err = _build(capsys, out, *course_copy)
    assert code == 2 and "already holds other files" in err
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
