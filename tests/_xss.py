"""The XSS corpus (tests/files/xss_corpus.yaml) and the checks every surface must pass:
the HTML a view produces holds the payload only as text, and Markdown renders it as text.

``inert(markup)`` lists what in a piece of HTML could run or load something (a live tag,
an ``on...`` attribute, a ``javascript:`` or unexpected ``data:`` URL) or carries a
payload's marker inside markup; ``visible_text(markup)`` is what a reader sees.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

CORPUS = Path(__file__).parent / "files" / "xss_corpus.yaml"
MARKER = re.compile(r"cgx\d\d")

# Tags no trainee text may ever turn into.
LIVE_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "svg", "math", "link", "input", "textarea", "button", "select", "meta", "style",
}
URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcdoc",
             "background", "content"}
# Our own markup may use these: the journal's head, the course stylesheet, download links
# and plot images (each checked below).
OWN_META = {"charset", "content-security-policy", "viewport"}


@dataclass(frozen=True)
class Payload:
    id: str
    kind: str
    text: str

    def __str__(self) -> str:  # pytest ids
        return self.id


# Attributes whose value is only ever text (a chart's description, a tooltip): trainee
# words may be there, escaped, as long as they make no attribute or element of their own.
TEXT_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "placeholder"})


def load() -> list[Payload]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    out = []
    for item in data["payloads"]:
        text = item["text"]
        if "pad_to" in item:
            text = (text * (item["pad_to"] // len(text) + 1))[: item["pad_to"]]
        out.append(Payload(item["id"], item["kind"], text))
    return out


PAYLOADS = load()


def one_line(text: str) -> str:
    """What a one-line field keeps (commonground.spaces._access.clean)."""
    return " ".join(text.split())


def fits(payload: Payload, limit: int) -> bool:
    return len(payload.text.strip()) <= limit


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._raw: list[str] = []  # inside <style> or <script>

    def handle_starttag(self, tag, attrs):
        attrs_d = {k.lower(): (v or "") for k, v in attrs}
        where = f"<{tag} {' '.join(k for k, _ in attrs)}>"
        if tag == "meta":
            kind = attrs_d.get("http-equiv", "").lower() or ("charset" if "charset" in attrs_d
                                                             else attrs_d.get("name", ""))
            if kind not in OWN_META:
                self.problems.append(f"live tag {where}")
        elif tag == "style" and not attrs:
            pass  # the course's own stylesheet; its content is checked for markers
        elif tag in LIVE_TAGS:
            self.problems.append(f"live tag {where}")
        for name, value in attrs_d.items():
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} in {where}")
            text_only = name in TEXT_ATTRIBUTES  # read out as words, never run or followed
            if MARKER.search(name) or (MARKER.search(value) and not text_only):
                self.problems.append(f"marker in attribute {name}={value[:60]!r} of {where}")
            if name in URL_ATTRS:
                url = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if url.startswith(("javascript:", "vbscript:")):
                    self.problems.append(f"script URL in {name} of {where}")
                if url.startswith("data:") and not _own_data_url(tag, name, url, attrs_d):
                    self.problems.append(f"data URL in {name} of {where}")
            if name == "style" and "url(" in value.lower():
                self.problems.append(f"url() in a style attribute of {where}")
        if tag in ("style", "script"):
            self._raw.append(tag)
        if tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag):
        if self._raw and tag == self._raw[-1]:
            self._raw.pop()
        if tag in ("p", "li", "blockquote", "div", "h1", "h2", "h3", "h4"):
            self.text.append("\n")

    def handle_data(self, data):
        if self._raw:
            if MARKER.search(data):
                self.problems.append(f"marker inside <{self._raw[-1]}>: {data[:60]!r}")
            return
        self.text.append(data)

    def handle_comment(self, data):
        if MARKER.search(data):
            self.problems.append(f"marker inside an HTML comment: {data[:60]!r}")

    def unknown_decl(self, data):
        self.problems.append(f"markup declaration <![{data[:40]}")


def _own_data_url(tag: str, name: str, url: str, attrs: dict) -> bool:
    """The course's own data: links: PNG plots, and downloads (journal, CSV, Excel)."""
    if tag == "img" and name == "src":
        return url.startswith("data:image/png;base64,")
    return tag == "a" and name == "href" and "download" in attrs and ";base64," in url


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return reader


def inert(markup: str) -> list[str]:
    """What in ``markup`` is live or carries a payload marker inside markup (empty: none)."""
    return _read(markup).problems


def visible_text(markup: str) -> str:
    return "".join(_read(markup).text)


def squash(text: str) -> str:
    """Whitespace folded, for comparing what is shown with what was written."""
    return " ".join(text.split())


def shows(markup: str, text: str) -> bool:
    """Whether ``markup`` shows ``text`` as text (whitespace aside)."""
    return squash(text) in squash(visible_text(markup))


def assert_safe(markup: str, payload: Payload, text: str | None = None) -> None:
    """The markup is inert and shows the payload as the course keeps it (``storable``:
    invisible control and direction-override characters dropped), or ``text``, what the
    field kept."""
    from commonground.text import storable

    problems = inert(markup)
    assert not problems, f"{payload.id}: {problems[:3]}"
    assert shows(markup, storable(payload.text if text is None else text)), (
        f"{payload.id}: not shown as written"
    )


def render_markdown(source: str) -> str:
    """Markdown as a permissive viewer renders it: raw HTML passed through, as GitHub,
    Jupyter or an editor's preview might."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(source)
