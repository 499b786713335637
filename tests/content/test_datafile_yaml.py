"""YAML in data files: parsed once with a line for every key; duplicate keys, anchors,
aliases and merge keys refused in every kind of file, with plain messages."""

from __future__ import annotations

import signal
import time
from contextlib import contextmanager

import pytest
import yaml

from commonground.content.datafile import DataFileError, parse_yaml
from commonground.content.datafile import _yaml as yaml_module
from tests._datafiles import KINDS, marked

#: "Billion laughs": nine lines that expand to 9**8 (43 million) strings.
BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
RECURSIVE = "loop: &loop [*loop]\n"


@contextmanager
def within(seconds: float):
    """Fail (rather than hang) if the block takes longer than ``seconds``."""
    def too_slow(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def problems_of(text: str, file: str = "x.yaml"):
    with pytest.raises(DataFileError) as info:
        parse_yaml(text, file)
    return info.value.problems


# -- one parse, a line for every key ---------------------------------------------------------
def test_lines_are_kept_for_keys_items_and_nested_keys():
    loaded = parse_yaml("# a comment\ntitle: T\nitems:\n  - a\n  -\n    name: b\n"
                        "    kids: {x: 1}\n3: number key\n", "x.yaml")
    assert loaded.data == {"title": "T", "items": ["a", {"name": "b", "kids": {"x": 1}}],
                           3: "number key"}
    assert loaded.lines[("title",)] == 2
    assert loaded.lines[("items", 0)] == 4
    assert loaded.lines[("items", 1, "name")] == 6
    assert loaded.lines[("items", 1, "kids", "x")] == 7
    assert loaded.lines[(3,)] == 8  # paths hold keys as constructed, not as written
    assert loaded.line_of(("items", 1, "kids", "missing", 0)) == 7  # nearest enclosing key
    assert loaded.line_of(("nowhere",)) == 1


def test_libyaml_parses_when_it_is_installed():
    if not yaml.__with_libyaml__:
        pytest.skip("PyYAML was installed without libyaml")
    assert issubclass(yaml_module._StrictLoader, yaml.CSafeLoader)


PURE_PYTHON = """
import json, sys, yaml
del yaml.CSafeLoader  # as if PyYAML had been installed without libyaml
from pathlib import Path
from commonground.content.datafile import DataFileError, parse_yaml
from commonground.content.datafile import _yaml
assert _yaml._Base is yaml.SafeLoader
shipped = {str(f): parse_yaml(f.read_text(encoding="utf-8"), str(f)).data
           for f in sorted(Path("content").rglob("*.yaml"))}
said = []
for text in sys.argv[1:]:
    try:
        parse_yaml(text, "x.yaml")
    except DataFileError as exc:
        said.append([[p.line, p.message] for p in exc.problems])
print(json.dumps([shipped, said]))
"""


def test_without_libyaml_the_same_files_load_and_the_same_things_are_refused():
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    attacks = ["a: 1\na: 2\n", RECURSIVE, BOMB, "x:\n  <<: {a: 1}\n"]
    out = subprocess.run([sys.executable, "-c", PURE_PYTHON, *attacks], cwd=root, check=True,
                         capture_output=True, text=True, timeout=60)
    shipped, said = json.loads(out.stdout)
    files = sorted((root / "content").rglob("*.yaml"))
    assert len(shipped) == len(files) > 10
    for file in files:
        data = parse_yaml(file.read_text(encoding="utf-8"), str(file)).data
        assert shipped[str(file.relative_to(root))] == json.loads(json.dumps(data))
    assert said == [[[p.line, p.message] for p in problems_of(text)] for text in attacks]


def test_an_empty_file_has_no_data():
    assert parse_yaml("# only a comment\n", "x.yaml").data is None


@pytest.mark.parametrize(("text", "line", "words"), [
    ("a: 1\nb: [unclosed\nc: 2\n", 2, "noticed on line 3"),
    ("a:\n  - x\n - y\n", 3, "not valid YAML"),
    ("a: 'unclosed\n", 1, "not valid YAML"),
    ("a: 1\n---\nb: 2\n", 2, "expected a single document"),
    ("a: !python/object:os.system x\n", 1, "not valid YAML"),
], ids=["unclosed_bracket", "bad_indent", "unclosed_quote", "two_documents", "unsafe_tag"])
def test_syntax_errors_name_the_line_to_change(text, line, words):
    [problem] = problems_of(text)
    assert problem.line == line
    assert words in str(problem)
    assert problem.fix


def test_very_deep_nesting_is_a_plain_problem():
    with within(5):
        problems = problems_of("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "not valid YAML" in problems[0].message or "nested too deeply" in problems[0].message


# -- duplicate keys --------------------------------------------------------------------------
def test_a_duplicate_key_names_both_lines():
    [problem] = problems_of("title: A\nsubtitle: S\ntitle: B\n", "course.yaml")
    assert str(problem).startswith("course.yaml:3: `title` appears twice here (on line 1 "
                                   "and on line 3) — ")
    assert "silently replaces" in problem.fix


def test_every_duplicate_is_reported_and_the_same_key_in_two_places_is_fine():
    text = "a:\n  x: 1\n  x: 2\nb:\n  x: 1\n  y: 1\n  y: 2\n"
    assert [(p.line, p.message) for p in problems_of(text)] == [
        (3, "`x` appears twice here (on line 2 and on line 3)"),
        (7, "`y` appears twice here (on line 6 and on line 7)"),
    ]


def test_keys_that_differ_only_in_type_are_not_duplicates():
    assert parse_yaml("1: number\n'1': text\n", "x.yaml").data == {1: "number", "1": "text"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_duplicate_keys_are_refused_in_every_kind_of_file(tmp_path, kind):
    k = KINDS[kind]
    key = k.nested.split(":")[0]
    text, line = marked(k.valid.replace(k.nested, f"{k.nested}{key}: again  # HERE\n", 1))
    with pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, text)
    [problem] = info.value.problems
    assert problem.file == str(tmp_path / k.path)
    assert problem.line == line
    assert f"appears twice here (on line {line - 1} and on line {line})" in problem.message


# -- anchors, aliases and merge keys ---------------------------------------------------------
def test_an_anchor_and_its_alias_are_refused_with_a_plain_message():
    problems = problems_of("intro: &words Hello there.\nagain: *words\n")
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (1, "`&words` marks a part of the file to repeat elsewhere (a YAML anchor)"),
        (2, "`*words` repeats a part of the file marked with `&words` (a YAML alias)"),
    ]
    assert all(p.fix.startswith(("remove `&words`", "write the text out")) for p in problems)


def test_a_merge_key_is_refused():
    problems = problems_of("base: {a: 1}\nmine:\n  <<: {a: 2}\n  b: 3\n")
    assert [(p.line, "merge key" in p.message) for p in problems] == [(3, True)]


def test_a_quoted_double_angle_key_is_just_text():
    assert parse_yaml("'<<': fine\n", "x.yaml").data == {"<<": "fine"}


def test_a_recursive_alias_is_refused_not_a_recursion_error():
    with within(2):
        problems = problems_of(RECURSIVE)
    assert {p.line for p in problems} == {1}
    assert any("`*loop`" in p.message for p in problems)


def test_an_alias_bomb_is_refused_at_once():
    start = time.perf_counter()
    with within(2):
        problems = problems_of(BOMB)
    assert time.perf_counter() - start < 0.5
    assert len(problems) == 17  # nine anchors and eight alias names, each said once
    assert "used 9 times: this is the first" in problems[2].message


@pytest.mark.parametrize("attack", [RECURSIVE, BOMB], ids=["recursive_alias", "alias_bomb"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_aliases_are_refused_in_every_kind_of_file(tmp_path, kind, attack):
    k = KINDS[kind]
    with within(2), pytest.raises(DataFileError) as info:
        k.load_text(tmp_path, k.valid + attack)
    first = len(k.valid.splitlines()) + 1
    assert info.value.problems[0].line == first
    assert all("YAML a" in p.message for p in info.value.problems)  # anchor or alias
