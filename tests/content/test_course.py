"""The course outline and every shipped prompt file pass their schema."""

from pathlib import Path

import pytest

from commonground import DataFileError
from commonground.content.course import load_course, load_prompts

ROOT = Path(__file__).resolve().parents[2]
PROMPT_FILES = sorted((ROOT / "content" / "prompts").glob("*.yaml"))


def test_outline_loads(course):
    assert course.modules[0].id == "00_welcome"
    assert [m.number for m in course.modules] == list(range(len(course.modules)))


@pytest.mark.parametrize("path", PROMPT_FILES, ids=lambda p: p.name)
def test_every_shipped_prompt_file_is_valid(path, course):
    prompts = load_prompts(path, path.stem)
    assert prompts, f"{path.name} has no prompts"
    course.module(path.stem)  # the file belongs to a module in the outline


def test_neighbours(course):
    prev, nxt = course.neighbours("00_welcome")
    assert prev is None and nxt.id == course.modules[1].id


@pytest.fixture
def content(tmp_path):
    (tmp_path / "prompts").mkdir()
    return tmp_path


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_outline_problem_names_file_line_and_fix(content):
    write(
        content / "course.yaml",
        "schema_version: 1\ntitle: T\nmodules:\n  - id: a\n    title: A\n  - id: a\n    title: B\n",
    )
    with pytest.raises(DataFileError) as err:
        load_course.__wrapped__(content)
    assert "course.yaml:6" in str(err.value)
    assert "used twice" in str(err.value)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("schema_version: 1\nmodule: m\nprompts:\n  - id: p\n    title: T\n", 4, "`text`"),
        ("schema_version: 1\nmodule: m\nprompts:\n  - id: P Q\n    title: T\n    text: x\n",
         4, "lowercase"),
        ("module: m\nprompts: []\n", 1, "schema_version: 1"),
        ("schema_version: 9\nmodule: m\nprompts: []\n", 1, "newer"),
        ("schema_version: 1\nmodule: m\nprompts:\n  - id: p\n   title: bad indent\n", 5,
         "not valid YAML"),
        ("schema_version: 1\nmodule: m\nprompts:\n  - id: p\n    title: T\n    text: x\n"
         "    colour: red\n", 7, "remove it"),
        ("schema_version: 1\nmodule: m\nprompts:\n  - id: p\n    title: T\n    text: x\n"
         "  - id: scenario-notes\n    title: T\n    text: x\n", 7,
         "the role-plays' after-play questions"),
    ],
)
def test_broken_prompt_file_messages(content, text, line, words):
    path = write(content / "prompts" / "m.yaml", text)
    with pytest.raises(DataFileError) as err:
        load_prompts.__wrapped__(path, "m")
    message = str(err.value)
    assert f"m.yaml:{line}:" in message
    assert words in message


def test_prompt_file_for_wrong_module(content):
    path = write(
        content / "prompts" / "m.yaml",
        "schema_version: 1\nmodule: other\nprompts:\n  - id: p\n    title: T\n    text: x\n",
    )
    with pytest.raises(DataFileError, match="make them the same"):
        load_prompts.__wrapped__(path, "m")
