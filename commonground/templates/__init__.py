"""The HTML the course builds, as Jinja2 templates in this folder, and the one place
they are rendered: ``render("journal/page.html", journal=...)``.

Folders: ``page.html`` (the shell of every page the course prints) and the print
stylesheets (``print.css``, shared by the journal, the certificate and the pack, and the
small ones that extend it); ``journal/``, ``pack/`` and ``hub/`` (whole pages);
``nav/``, ``course/``, ``reflection/``, ``scenario/``, ``spaces/`` and ``dashboard/``
(the pieces of HTML the widgets show); ``mail/`` (the emails, plain text and HTML, which
an organisation may override with its own folder: :func:`render_overridable`).

Escaping. Every ``{{ value }}`` is escaped, the way the course always has escaped text
(``html.escape``, quotes included), so nobody's writing can turn into markup. HTML that
is meant as HTML says so, in one of three ways, and never with ``|safe``:

- ``{{ words|text }}``: any text (a trainee's) shown as text, its line breaks kept
  (:func:`commonground.text.as_text_html`);
- ``{{ source|markdown }}``: the course's own Markdown, raw HTML switched off
  (:func:`commonground.text.markdown_to_html`);
- a :class:`markupsafe.Markup` the caller made on purpose (HTML another template
  rendered, a table pandas escaped).

Trainee pages import this module; Jinja2 itself loads at the first :func:`render`.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..text import as_text_html, markdown_to_html

if TYPE_CHECKING:
    import jinja2
    from jinja2.nodes import EvalContext

__all__ = ["FOLDER", "Markup", "environment", "render", "render_overridable"]

FOLDER = Path(__file__).resolve().parent


def _text(value: str | None) -> Markup:
    return Markup(as_text_html(value or ""))


def _markdown(source: str | None) -> Markup:
    return Markup(markdown_to_html(source or ""))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The course's one Jinja2 environment (made once, at the first render)."""
    import jinja2

    @jinja2.pass_eval_context
    def escaped(eval_ctx: EvalContext, value: Any) -> Any:
        """``html.escape`` (quotes as ``&quot;`` and ``&#x27;``, as the course's Python
        escaped them) rather than Jinja2's own spelling of the same escapes."""
        if not eval_ctx.autoescape or hasattr(value, "__html__"):
            return value
        return Markup(html.escape(str(value)))

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FOLDER),
        autoescape=jinja2.select_autoescape(("html", "svg", "xml"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=escaped,
        auto_reload=False,
    )
    env.filters["text"] = _text
    env.filters["markdown"] = _markdown
    return env


def render(name: str, /, **context: Any) -> str:
    """The template ``name`` (a path in this folder) filled in with ``context``."""
    return str(environment().get_template(name).render(**context))


@lru_cache(maxsize=8)
def _overridden(folder: str) -> jinja2.Environment:
    import jinja2

    base = environment()
    assert base.loader is not None  # made with one above
    return base.overlay(loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(folder),
                                                    base.loader]))


def render_overridable(folder: Path | str | None, name: str, /, **context: Any) -> str:
    """As :func:`render`, but a template of the same name in ``folder`` (an
    organisation's own wording, such as the emails', ``mail/link.html``) is used instead
    of the course's. The same escaping applies; a ``.txt`` template is plain text."""
    if not folder:
        return render(name, **context)
    return str(_overridden(str(folder)).get_template(name).render(**context))
