"""The support lines file (content/support_lines.yaml) and the note every module shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.content.datafile import DataFileError
from commonground.content.support_lines import load_support_lines
from widgets.support import support_html

ROOT = Path(__file__).resolve().parents[2]

GOOD = """schema_version: 1
lines:
  - name: Lifeline
    number: 13 11 14
    for: Anyone in crisis.
    hours: 24 hours, every day
also: Your supervisor and EAP.
"""


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "support_lines.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_the_course_file_loads():
    lines = load_support_lines(ROOT / "content")
    assert [x.name for x in lines.lines][:5] == ["Lifeline", "13YARN", "1800RESPECT", "QLife",
                                                 "Blue Knot Helpline and Redress Support Service"]
    assert lines.lines[4].number == "1300 657 380"
    assert "EAP" in lines.also


def test_the_note_lists_every_line_with_a_number_to_tap(tmp_path):
    html = support_html(load_support_lines(_write(tmp_path, GOOD)))
    assert '<a href="tel:131114">13 11 14</a>' in html
    assert 'role="note"' in html and "Your supervisor and EAP." in html


def test_text_in_the_file_is_shown_as_text(tmp_path):
    html = support_html(load_support_lines(_write(tmp_path, GOOD.replace(
        "Anyone in crisis.", "<script>x()</script>"))))
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize(("change", "says"), [
    (("13 11 14", "call us"), "number"),
    (("    hours: 24 hours, every day\n", ""), "hours"),
])
def test_a_broken_file_names_the_line_and_the_fix(tmp_path, change, says):
    with pytest.raises(DataFileError) as caught:
        load_support_lines(_write(tmp_path, GOOD.replace(*change)))
    message = str(caught.value)
    assert "support_lines.yaml:" in message and says in message
