"""The course's HTML templates (commonground/templates): every one compiles and is used,
the environment escapes whatever it is given, and no module builds lists, tables or
pages of HTML in Python strings again."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from commonground.templates import FOLDER, environment, render

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p.relative_to(FOLDER).as_posix() for p in FOLDER.rglob("*")
                   if p.suffix in (".html", ".css"))
SCRIPT = "<script>alert('x')</script>"


def test_there_are_templates():
    assert "page.html" in TEMPLATES and "print.css" in TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_compiles(name):
    environment().get_template(name)


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_is_used(name):
    """Named by the code that renders it, or by a template that includes or extends it."""
    users = [*ROOT.joinpath("commonground").rglob("*.py"), *ROOT.joinpath("widgets").rglob("*.py"),
             *(FOLDER / t for t in TEMPLATES if t != name)]
    assert any(f'"{name}"' in p.read_text(encoding="utf-8") for p in users), name


def test_html_is_escaped_css_is_not():
    env = environment()
    assert env.from_string("<p>{{ x }}</p>").render(x=SCRIPT) == (
        "<p>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;</p>")
    assert env.autoescape("journal/entry.html") and not env.autoescape("print.css")


def test_text_passed_to_a_template_comes_out_as_text():
    shown = render("course/blocked.html", message=SCRIPT)
    assert "<script" not in shown and "&lt;script&gt;" in shown


def test_the_filters_and_markup_say_what_is_html():
    env = environment()
    page = env.from_string("{{ a|text }}|{{ b|markdown }}|{{ c }}")
    shown = page.render(a=f"{SCRIPT}\nnext", b=f"*course* {SCRIPT}", c=Markup("<b>ok</b>"))
    text, markdown, markup = shown.split("|")
    assert text == "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>next"
    assert "<em>course</em>" in markdown and "<script" not in markdown  # raw HTML is off
    assert markup == "<b>ok</b>"


def test_a_missing_value_is_an_error_not_a_blank():
    import jinja2

    with pytest.raises(jinja2.UndefinedError):
        render("course/blocked.html")


def test_no_template_marks_a_value_safe():
    """HTML that is meant as HTML arrives as Markup or through |text and |markdown."""
    for name in TEMPLATES:
        assert not re.search(r"\|\s*safe\b", (FOLDER / name).read_text(encoding="utf-8")), name


# -- no HTML built in Python strings -------------------------------------------------------
# Elements that only come in groups (list items, table rows) or make a page or a region of
# one: in a Python string they mean markup is being put together there, not in a template.
BUILDS = re.compile(
    r"<(!doctype|html|head|body|main|table|thead|tbody|tr|th|td|ul|ol|li|dl|dt|dd|section|"
    r"article|nav|header|footer|aside|details|summary|figure|blockquote)[\s>/]",
    re.IGNORECASE)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def html_in_strings(source: str) -> list[str]:
    """Each string (f-string parts included) in ``source``, docstrings aside, that holds
    one of those elements."""
    tree = ast.parse(source)
    skip = _docstrings(tree)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and BUILDS.search(node.value)]


def test_the_check_sees_html_put_together_in_python():
    assert html_in_strings('items = "".join(f"<li>{x}</li>" for x in xs)')
    assert html_in_strings('page = "<!DOCTYPE html>\\n<html>" + body')
    assert html_in_strings("row = '<tr><td>%s</td></tr>' % x")
    assert not html_in_strings('note = f\'<p class="cg-note">{x}</p>\'')
    assert not html_in_strings('def f():\n    """Makes <ul> items."""\n')


@pytest.mark.parametrize("path", sorted(
    p.relative_to(ROOT).as_posix()
    for package in ("commonground", "widgets") for p in (ROOT / package).rglob("*.py")))
def test_no_module_builds_html_in_strings(path):
    found = html_in_strings((ROOT / path).read_text(encoding="utf-8"))
    assert not found, (f"{path} builds HTML in Python: put it in a template in "
                       f"commonground/templates/ instead: {found[:3]}")
