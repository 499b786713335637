"""Checks on the course content: module notebooks, reflection prompts, facilitator notes.

These tests read only files inside the repository. The map from source-text sections to
the places the course teaches them is kept here, in SOURCE_SECTIONS.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests._source_runs import RUN_WORDS, digest, source_digests

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
MODULES_DIR = ROOT / "modules"
NOTES_DIR = ROOT / "facilitator_notes"


def _course() -> dict:
    return yaml.safe_load((CONTENT / "course.yaml").read_text(encoding="utf-8"))


MODULE_IDS = [m["id"] for m in _course()["modules"]]

# Where each scenario is played (the scenario files themselves are checked elsewhere).
SCENARIO_HOMES = {
    "first_care_team_meeting": "01_safe_environment",
    "information_sharing": "05_philosophical_differences",
    "naming_the_elephant": "04_jargon_and_uncomfortable_moments",
    "many_names_one_plan": "04_jargon_and_uncomfortable_moments",
    "hot_desk": "06_competition_and_hot_desks",
    "traumatised_organisation": "03_trauma_informed",
    "partners_from_the_start": "07_bringing_it_together",
}

# Shared cohort spaces and the module that holds each.
SHARED_SPACE_HOMES = {
    "agreement": "01_safe_environment",
    "jargon_wall": "04_jargon_and_uncomfortable_moments",
    "elephant_box": "04_jargon_and_uncomfortable_moments",
}

# Every section of the source text (person-centred-partnerships.txt), and where the course
# teaches it: (file relative to the repository root, a key phrase that file must contain).
# A home may be a module notebook (its Markdown cells) or a facilitator note.
SOURCE_SECTIONS: dict[str, list[tuple[str, str]]] = {
    "(opening, untitled)": [
        ("modules/01_safe_environment.ipynb", "connect on a shared value"),
        ("facilitator_notes/00_welcome.md", "shared value"),
    ],
    "The safe environment": [
        ("modules/01_safe_environment.ipynb", "Southern Melbourne Services Connect Partnership"),
        ("modules/01_safe_environment.ipynb", "promoted learning, encouraged reflective practice"),
        ("modules/01_safe_environment.ipynb", "Fook and Askeland"),
        ("facilitator_notes/01_safe_environment.md", "four ingredients"),
    ],
    "What do team meetings look like?": [
        ("modules/02_meeting_and_learning.ipynb", "regular in-person contact"),
        ("modules/02_meeting_and_learning.ipynb", "Reflective practice groups"),
        ("modules/02_meeting_and_learning.ipynb", "state-wide community of project leads"),
        ("facilitator_notes/02_meeting_and_learning.md", "What do team meetings look like?"),
    ],
    "Learning Together becomes its own learning": [
        ("modules/02_meeting_and_learning.ipynb", "Learning together becomes its own learning"),
        ("facilitator_notes/02_meeting_and_learning.md", "contributor to the learning"),
    ],
    "More about critical reflection": [
        ("modules/02_meeting_and_learning.ipynb", "More about critical reflection"),
        ("modules/02_meeting_and_learning.ipynb", "procedures and its objectives"),
        ("facilitator_notes/02_meeting_and_learning.md", "critical-reflection cycle"),
    ],
    "Barriers to creating meaningful relationships": [
        ("modules/03_trauma_informed.ipynb", "barriers"),
        (
            "facilitator_notes/03_trauma_informed.md",
            "Barriers to creating meaningful relationships",
        ),
    ],
    "Safety": [
        ("modules/03_trauma_informed.ipynb", "may never feel safe"),
        ("facilitator_notes/03_trauma_informed.md", "individual choice"),
    ],
    "The Traumatised Organisation": [
        ("modules/03_trauma_informed.ipynb", "The traumatised organisation"),
        ("modules/03_trauma_informed.ipynb", "(ACF, p40)"),
        ("modules/03_trauma_informed.ipynb", "parallel"),
        ("facilitator_notes/03_trauma_informed.md", "not reasonable to expect vulnerable"),
    ],
    "Professionalism": [
        ("modules/04_jargon_and_uncomfortable_moments.ipynb", "side-effect"),
        ("facilitator_notes/04_jargon_and_uncomfortable_moments.md", "sector rhetoric"),
    ],
    "Name the Jargon": [
        ("modules/04_jargon_and_uncomfortable_moments.ipynb", "butcher's paper"),
        ("modules/04_jargon_and_uncomfortable_moments.ipynb", "Individual Treatment Plan (ITP)"),
        ("facilitator_notes/04_jargon_and_uncomfortable_moments.md", "four unintended effects"),
    ],
    "Uncomfortable moments": [
        ("modules/04_jargon_and_uncomfortable_moments.ipynb", "hold the space"),
        ("facilitator_notes/04_jargon_and_uncomfortable_moments.md", "Uncomfortable moments"),
    ],
    "Naming the Elephant": [
        (
            "modules/04_jargon_and_uncomfortable_moments.ipynb",
            "Practice Leads from the eight test sites",
        ),
        (
            "modules/04_jargon_and_uncomfortable_moments.ipynb",
            "Victorian Services Connect initiative",
        ),
        ("facilitator_notes/04_jargon_and_uncomfortable_moments.md", "DHHS-led reference groups"),
    ],
    "Philosophical differences": [
        ("modules/05_philosophical_differences.ipynb", "(Wall et al, p14)"),
        ("modules/05_philosophical_differences.ipynb", "right to information"),
        ("modules/05_philosophical_differences.ipynb", "negotiated inter-agency protocols"),
        ("facilitator_notes/05_philosophical_differences.md", "privacy and confidentiality"),
    ],
    "Competition for funding": [
        ("modules/06_competition_and_hot_desks.ipynb", "competitive environment"),
        ("facilitator_notes/06_competition_and_hot_desks.md", "Competition for funding"),
    ],
    "Hot Desks": [
        ("modules/06_competition_and_hot_desks.ipynb", "we are in competition with each other"),
        ("modules/06_competition_and_hot_desks.ipynb", "kept the hot desk going after the"),
        ("facilitator_notes/06_competition_and_hot_desks.md", "hot desk"),
    ],
}

# US spellings that must not appear in course text. Australian usage keeps "program".
US_SPELLINGS = [
    r"organiz\w*",
    r"behavior\w*",
    r"center(s|ed|ing)?",
    r"practicing",
    r"practiced",
    r"color\w*",
    r"favor\w*",
    r"honor\w*",
    r"labor\w*",
    r"recogniz\w*",
    r"prioritiz\w*",
    r"emphasiz\w*",
    r"summariz\w*",
    r"realiz\w*",
    r"analyz\w*",
    r"apologiz\w*",
    r"minimiz\w*",
    r"judgment",
    r"enroll(s|ment)?",
    r"counseling",
    r"counselor\w*",
    r"modeling",
    r"traveling",
    r"defense",
]
US_RE = re.compile(r"\b(" + "|".join(US_SPELLINGS) + r")\b", re.IGNORECASE)
HTML_RE = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>")
CALL_RE = re.compile(r"""course\.(\w+)\(\s*(?:"([^"]*)")?\s*\)""")


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def _notebook(module_id: str) -> dict:
    path = MODULES_DIR / f"{module_id}.ipynb"
    if not path.exists():
        pytest.fail(f"modules/{module_id}.ipynb is missing")
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    src = cell["source"]
    return src if isinstance(src, str) else "".join(src)


def _markdown(nb: dict) -> list[str]:
    return [_source(c) for c in nb["cells"] if c["cell_type"] == "markdown"]


def _code(nb: dict) -> list[str]:
    return [_source(c).strip() for c in nb["cells"] if c["cell_type"] == "code"]


def _calls(nb: dict, name: str) -> list[str]:
    return [m.group(2) for src in _code(nb) for m in CALL_RE.finditer(src) if m.group(1) == name]


def _prompt_file(module_id: str) -> dict | None:
    path = CONTENT / "prompts" / f"{module_id}.yaml"
    if not path.exists():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _home_text(rel: str) -> str:
    path = ROOT / rel
    if path.suffix == ".ipynb":
        return "\n".join(_markdown(json.loads(path.read_text(encoding="utf-8"))))
    return path.read_text(encoding="utf-8")


# (a) every module in the outline has a notebook ---------------------------------------


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_module_has_notebook(module_id):
    assert (MODULES_DIR / f"{module_id}.ipynb").is_file(), (
        f"content/course.yaml lists {module_id} but modules/{module_id}.ipynb does not exist"
    )


def test_module_ids_unique():
    assert len(MODULE_IDS) == len(set(MODULE_IDS))


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_notebook_is_clean(module_id):
    nb = _notebook(module_id)
    assert nb["metadata"].get("kernelspec", {}).get("name") == "python3"
    assert nb["metadata"].get("language_info", {}).get("name") == "python"
    assert "widgets" not in nb["metadata"], "saved widget state must not be committed"
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"{module_id}: a code cell has outputs"
            assert cell.get("execution_count") is None, f"{module_id}: execution_count is set"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_thin_notebook_with_header_and_footer(module_id):
    code = _code(_notebook(module_id))
    assert code, f"{module_id} has no code cells"
    assert code[0] == f'from widgets import course; course.header("{module_id}")'
    assert code[-1] == f'course.footer("{module_id}")'
    for src in code:
        assert "\n" not in src, f"{module_id}: code cells must be one line: {src!r}"
        assert src.startswith(("from widgets import course;", "course.")), src


# (b) reflection ids match the module's prompt file, both ways -------------------------


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_reflections_match_prompt_file(module_id):
    used = _calls(_notebook(module_id), "reflection")
    assert len(used) == len(set(used)), f"{module_id}: a reflection is shown twice"
    data = _prompt_file(module_id)
    if data is None:
        assert not used, f"{module_id} uses reflections {used} but has no prompt file"
        return
    assert data["module"] == module_id
    defined = [p["id"] for p in data["prompts"]]
    missing = sorted(set(used) - set(defined))
    unused = sorted(set(defined) - set(used))
    assert not missing, f"{module_id}: no prompt for {missing} in content/prompts/{module_id}.yaml"
    assert not unused, f"{module_id}: prompts {unused} are never shown in the notebook"


def test_prompt_ids_unique_across_course():
    seen: dict[str, str] = {}
    for module_id in MODULE_IDS:
        data = _prompt_file(module_id) or {"prompts": []}
        for p in data["prompts"]:
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p["id"]), p["id"]
            assert p["id"] not in seen, f"{p['id']} is in {seen.get(p['id'])} and {module_id}"
            seen[p["id"]] = module_id


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_prompts_are_gradeable(module_id):
    data = _prompt_file(module_id) or {"prompts": []}
    for p in data["prompts"]:
        assert p.get("title") and p.get("text"), p["id"]
        assert isinstance(p.get("points"), (int, float)) and p["points"] > 0, p["id"]
        assert p.get("rubric", "").strip(), f"{p['id']} has no rubric"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_passing_is_offered(module_id):
    nb = _notebook(module_id)
    if _calls(nb, "reflection"):
        text = _normalise("\n".join(_markdown(nb)))
        assert "pass" in text, f"{module_id} never tells trainees they can pass"


# facilitator notes --------------------------------------------------------------------


def test_facilitator_readme_exists():
    text = _normalise((NOTES_DIR / "README.md").read_text(encoding="utf-8"))
    for phrase in ("holding the space", "passing is always fine", "distressed", "trauma-informed"):
        assert phrase in text, f"facilitator_notes/README.md does not cover {phrase!r}"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_facilitator_note_covers_module(module_id):
    path = NOTES_DIR / f"{module_id}.md"
    assert path.is_file(), f"facilitator_notes/{module_id}.md is missing"
    text = path.read_text(encoding="utf-8")
    for heading in (
        "## Purpose",
        "## Session plans",
        "## Holding the space",
        "## Discussion questions",
    ):
        assert heading in text, f"{path.name} has no {heading!r} section"
    data = _prompt_file(module_id) or {"prompts": []}
    for p in data["prompts"]:
        assert f"`{p['id']}`" in text, f"{path.name} has no rubric for prompt {p['id']}"


# (c) every section of the source text has a home that exists --------------------------


@pytest.mark.parametrize("section", sorted(SOURCE_SECTIONS))
def test_source_section_has_home(section):
    homes = SOURCE_SECTIONS[section]
    assert homes, f"source section {section!r} has no home in the course"
    for rel, phrase in homes:
        path = ROOT / rel
        assert path.is_file(), f"{section!r} is mapped to {rel}, which does not exist"
        assert _normalise(phrase) in _normalise(_home_text(rel)), (
            f"{rel} is the home of source section {section!r} but never mentions {phrase!r}"
        )


def test_every_module_notebook_is_a_home():
    homes = {rel for entries in SOURCE_SECTIONS.values() for rel, _ in entries}
    for module_id in MODULE_IDS:
        if module_id in ("00_welcome", "07_bringing_it_together"):
            continue  # the welcome and the closing module draw on the others
        assert f"modules/{module_id}.ipynb" in homes, f"{module_id} teaches no source section"


# scenarios and shared spaces sit where they belong ------------------------------------


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_scenarios_and_shared_spaces_in_place(module_id):
    nb = _notebook(module_id)
    scenarios = _calls(nb, "scenario")
    assert sorted(scenarios) == sorted(s for s, m in SCENARIO_HOMES.items() if m == module_id)
    for space, home in SHARED_SPACE_HOMES.items():
        count = len(_calls(nb, space))
        assert count == (1 if home == module_id else 0), f"{module_id}: course.{space}() x{count}"


# content notes come before distressing material ---------------------------------------


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_content_note_before_material(module_id):
    entry = next(m for m in _course()["modules"] if m["id"] == module_id)
    cells = [c for c in _notebook(module_id)["cells"] if c["cell_type"] == "markdown"]
    notes = [i for i, c in enumerate(cells) if "**content note:**" in _source(c).lower()]
    for i in notes:
        first = _source(cells[i]).lstrip()
        assert first.startswith(">"), f"{module_id}: content note {i} is not a blockquote"
    if entry.get("content_note"):
        sections = [i for i, c in enumerate(cells) if _source(c).lstrip().startswith("## ")]
        assert notes, f"{module_id} is marked with a content note but has none"
        assert sections and notes[0] < sections[0], (
            f"{module_id}: the content note must come before the first section"
        )


# (d) Australian spelling --------------------------------------------------------------


def _course_text(module_id: str) -> list[tuple[str, str]]:
    texts = [(f"modules/{module_id}.ipynb", md) for md in _markdown(_notebook(module_id))]
    data = _prompt_file(module_id) or {"prompts": []}
    for p in data["prompts"]:
        for key in ("title", "text", "guidance", "rubric"):
            texts.append((f"content/prompts/{module_id}.yaml:{p['id']}", p.get(key) or ""))
    note = NOTES_DIR / f"{module_id}.md"
    if note.exists():
        texts.append((f"facilitator_notes/{module_id}.md", note.read_text(encoding="utf-8")))
    return texts


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_australian_spelling(module_id):
    found = [
        f"{where}: {m.group(0)!r}"
        for where, text in _course_text(module_id)
        for m in US_RE.finditer(text)
    ]
    assert not found, "US spellings in course text (use Australian spelling):\n" + "\n".join(found)


def test_spelling_check_catches_us_forms():
    for word in (
        "organization",
        "behavior",
        "center",
        "practicing",
        "color",
        "favorite",
        "judgment",
    ):
        assert US_RE.search(f"the {word} here"), word
    for word in (
        "organisation",
        "behaviour",
        "centre",
        "practising",
        "colour",
        "favour",
        "program",
    ):
        assert not US_RE.search(f"the {word} here"), word


# (e) no raw HTML in Markdown ----------------------------------------------------------


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_no_raw_html(module_id):
    for md in _markdown(_notebook(module_id)):
        m = HTML_RE.search(md)
        assert not m, f"{module_id}: raw HTML {m.group(0)!r} in Markdown; use Markdown instead"


def test_html_check_catches_tags():
    assert HTML_RE.search('see <span style="x">this</span>')
    assert HTML_RE.search("line<br>break")
    assert not HTML_RE.search("> **Content note:** a blockquote, and 3 < 5 > 2")


# the support note: one list, shown wherever a module mentions distress -----------------

DISTRESS_RE = re.compile(
    r"\bdistress\w*|\bcontent note\b|\bstirred (?:things )?up|\blook after yourself",
    re.IGNORECASE,
)
PAGES_WITH_TEXT = [*MODULE_IDS, "who_sees_what"]


def _support_numbers() -> list[str]:
    data = yaml.safe_load((CONTENT / "support_lines.yaml").read_text(encoding="utf-8"))
    return [line["number"] for line in data["lines"]]


@pytest.mark.parametrize("page", PAGES_WITH_TEXT)
def test_support_note_wherever_distress_is_mentioned(page):
    nb = _notebook(page)
    text = "\n".join(_markdown(nb))
    if DISTRESS_RE.search(text):
        assert _calls(nb, "support_note"), (
            f"{page} mentions distress but never shows course.support_note()"
        )
    for number in _support_numbers():
        assert number not in text, (
            f"{page} writes the support number {number} into its Markdown; show "
            "course.support_note() instead, so every module shows the same list"
        )


def test_distress_check_catches_the_words():
    for phrase in ("material that may be distressing", "> **Content note:** x",
                   "If this has stirred things up", "please look after yourself"):
        assert DISTRESS_RE.search(phrase), phrase
    assert not DISTRESS_RE.search("a plain paragraph about meeting rooms")


def test_support_lines_are_the_agreed_list():
    numbers = _support_numbers()
    for number in ("13 11 14", "13 92 76", "1800 737 732", "1300 657 380", "1800 184 527"):
        assert number in numbers


# the optional promise: once per module, in its own words; guidance fits each prompt ---

BOILERPLATE = (
    "taking part is optional. write as much",
    "nobody will ask why you passed",
    "nobody is marked down",
    "writing here is optional",
)


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_the_optional_promise_is_said_once_before_the_first_reflection(module_id):
    nb = _notebook(module_id)
    text = _normalise("\n".join(_markdown(nb)))
    for phrase in BOILERPLATE:
        assert phrase not in text, f"{module_id} still carries {phrase!r}"
    data = _prompt_file(module_id) or {"prompts": []}
    for p in data["prompts"]:
        for phrase in BOILERPLATE:
            assert phrase not in _normalise(p["text"]), f"{p['id']} text still says {phrase!r}"
    if not _calls(nb, "reflection"):
        return
    before: list[str] = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and "course.reflection(" in _source(cell):
            break
        if cell["cell_type"] == "markdown":
            before.append(_source(cell))
    assert re.search(r"\bpass", _normalise("\n".join(before))), (
        f"{module_id} must say, before its first reflection, that passing is fine"
    )


def test_each_prompt_has_its_own_guidance():
    seen: dict[str, str] = {}
    for module_id in MODULE_IDS:
        for p in (_prompt_file(module_id) or {"prompts": []})["prompts"]:
            guidance = _normalise(p.get("guidance") or "")
            assert guidance, f"{p['id']} has no guidance"
            assert guidance not in seen, f"{p['id']} repeats the guidance of {seen[guidance]}"
            seen[guidance] = p["id"]


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+|\|", _normalise(text))
    runs = {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    return {r for r in runs if "|" not in r}


def test_no_module_repeats_another_modules_paragraphs():
    """Modules (00 and 01 in particular) open in their own words: no run of 15 words
    appears in two modules."""
    shared_frame = "by the end of this module you will be able to:"  # the course's own frame
    runs = {m: _runs(_normalise("\n".join(_markdown(_notebook(m)))).replace(shared_frame, " | "),
                     15)
            for m in MODULE_IDS}
    for i, a in enumerate(MODULE_IDS):
        for b in MODULE_IDS[i + 1:]:
            shared = runs[a] & runs[b]
            assert not shared, f"{a} and {b} share {' '.join(sorted(shared)[0])!r}"


QUOTED = re.compile(r'"[^"]*"')
# A sentence module 05 quotes (with credit): unquoted, the check must flag it.
PLANTED_COPY = ("Philosophical differences between sectors that need to work together to "
                "integrate care can impede systemic change.")


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_no_uncredited_run_copied_from_the_source(module_id):
    """A run of 11 or more words from the source appears only inside quotation marks
    (compared by fingerprint: tests/_source_runs.py)."""
    source = source_digests()
    prose = QUOTED.sub(" ", _normalise("\n".join(_markdown(_notebook(module_id)))))
    copied = sorted(r for r in _runs(prose, RUN_WORDS) if digest(r) in source)
    assert not copied, f"{module_id} copies {' '.join(copied[0])!r} without quoting it"


def test_the_copy_check_catches_a_copied_run():
    source = source_digests()
    assert len(source) > 2000
    copied = [r for r in _runs(_normalise(PLANTED_COPY), RUN_WORDS) if digest(r) in source]
    assert copied, "the fingerprints no longer match the source text"


# stated times agree with the outline ---------------------------------------------------

STATED_RE = re.compile(r"takes about \*\*(\d+) minutes\*\*")


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_stated_minutes_match_the_outline(module_id):
    minutes = next(m["minutes"] for m in _course()["modules"] if m["id"] == module_id)
    stated = STATED_RE.findall("\n".join(_markdown(_notebook(module_id))))
    assert stated == [str(minutes)], f"{module_id} says {stated} minutes; the outline {minutes}"
    note = (NOTES_DIR / f"{module_id}.md").read_text(encoding="utf-8")
    assert f"about {minutes} minutes for a trainee working alone" in note
    assert f"about {minutes} minutes)" in note, f"{module_id}: the self-paced plan's minutes"


# the Who sees what page ----------------------------------------------------------------


def test_who_sees_what_page_is_thin_and_says_what_the_dashboard_does():
    from commonground.pages.dashboard import MIN_CELL

    nb = _notebook("who_sees_what")
    code = _code(nb)
    assert code[0] == "from widgets import course; course.page_top()"
    assert all("\n" not in c and c.startswith(("from widgets import course;", "course."))
               for c in code)
    text = _normalise("\n".join(_markdown(nb)))
    for phrase in (f"at least {MIN_CELL} people", "mandatory reporting", "duty of care",
                   "anonymous", "child protection worker"):
        assert phrase in text, f"who_sees_what never says {phrase!r}"


def test_who_sees_what_says_what_anonymity_protects_and_what_it_cannot():
    """The anonymity rule (commonground.data.anonymity), in the page's words."""
    from commonground.data.anonymity import MIN_AUTHORS

    text = _normalise("\n".join(_markdown(_notebook("who_sees_what"))))
    for phrase in (f"at least {MIN_AUTHORS} people in your cohort could have written it",
                   "played the same part to the same ending", "only the day",
                   "never the time", "nothing to do with when it was written",
                   "only you can see it", "your own turn of phrase", "someone watching",
                   "a quiet day"):
        assert phrase in text.lower(), f"who_sees_what never says {phrase!r}"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_modules_link_who_sees_what_where_they_mention_confidentiality(module_id):
    text = "\n".join(_markdown(_notebook(module_id)))
    if "stays in the room" in text.lower() or module_id == "00_welcome":
        assert "(who_sees_what.ipynb)" in text


# whose centre: adult services and child protection centre different people -------------


def test_the_course_asks_whose_centre():
    text = _normalise("\n".join(_markdown(_notebook("00_welcome"))))
    assert "whose centre?" in text
    for phrase in ("adult services", "centre the adult", "child's best interests paramount"):
        assert phrase in text, f"00_welcome's 'Whose centre?' never says {phrase!r}"
    assert "welcome-whose-centre" in _calls(_notebook("00_welcome"), "reflection")


# the References page ---------------------------------------------------------------------


def test_references_page_is_thin_and_cites_every_source_in_full():
    nb = _notebook("references")
    code = _code(nb)
    assert code == ["from widgets import course; course.page_top()"]
    text = _normalise("\n".join(_markdown(nb)))
    for phrase in ("hodges", "fook, j. and askeland, g. a. (2007)", "social work education",
                   "acf", "australian childhood foundation", "wall, l., higgins, d. and hunter",
                   "national agreement on closing the gap", "clause 44",
                   "child placement principle", "kezelman", "blue knot foundation",
                   "a note on fook and askeland", "vicarious traumatization"):
        assert phrase in text, f"references.ipynb never mentions {phrase!r}"
    assert "(00welcome.ipynb)" in text  # the way back (underscores normalised away)


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_acf_is_never_credited_with_the_source_authors_words(module_id):
    """The source quotes nobody at pages 40 and 49: words in quotation marks beside "(ACF"
    are the source author's, and the module says so."""
    text = _normalise("\n".join(_markdown(_notebook(module_id))))
    for m in re.finditer(r'"[^"]*" \(acf', text):
        raise AssertionError(f"{module_id} credits a quotation to ACF: {m.group(0)!r}")
    if "(acf" in text:
        assert "australian childhood foundation" in text and "source text's author" in text


def test_interpreter_advice_names_aboriginal_languages_and_auslan():
    text = "\n".join(_markdown(_notebook("02_meeting_and_learning")))
    notes = (NOTES_DIR / "README.md").read_text(encoding="utf-8")
    for where in (text, notes):
        assert "TIS National" in where and "Aboriginal Interpreter Service" in where
        assert "Auslan" in where


def test_facilitator_notes_ask_for_aboriginal_co_facilitation_and_acco_review():
    text = _normalise((NOTES_DIR / "README.md").read_text(encoding="utf-8"))
    for phrase in ("co-facilitate with an aboriginal or torres strait islander facilitator",
                   "review the course with a local acco before you use it",
                   "| date | acco", "if a participant discloses something",
                   "current family violence", "abuse in the past", "reportable conduct",
                   "running a session online", "cameras are optional", "step out of role"):
        assert phrase in text, f"facilitator_notes/README.md never says {phrase!r}"


@pytest.mark.parametrize("module_id", ["02_meeting_and_learning", "05_philosophical_differences",
                                       "07_bringing_it_together"])
def test_priority_reform_one_is_taught(module_id):
    text = _normalise("\n".join(_markdown(_notebook(module_id))))
    assert "priority reform one" in text and "shared decision-making" in text


def test_cultural_safety_is_taught():
    text = _normalise("\n".join(_markdown(_notebook("07_bringing_it_together"))))
    assert "cultural safety" in text and "only the aboriginal or torres strait islander" in text


def test_module_03_teaches_vicarious_trauma_and_named_principles():
    text = _normalise("\n".join(_markdown(_notebook("03_trauma_informed"))))
    assert "vicarious trauma" in text and "blue knot foundation" in text
    for principle in ("safety", "trustworthiness", "choice", "collaboration", "empowerment"):
        assert f"| {principle} |" in text, principle
