"""The page shell and the print stylesheet every pack document shares (HTML and PDF)."""

from __future__ import annotations

import html

__all__ = ["PRINT_CSS", "esc", "page"]

#: A4, fonts that Debian ships (fonts-dejavu-core, fonts-liberation) and WeasyPrint embeds.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
  @bottom-center { content: string(doc) " · page " counter(page) " of " counter(pages);
    font: 8.5pt 'DejaVu Sans', 'Liberation Sans', sans-serif; color: #444; } }
html { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; font-size: 10.5pt;
  line-height: 1.45; color: #111; }
body { margin: 0 auto; max-width: 50em; }
h1 { font-size: 20pt; margin: 0 0 .3em; string-set: doc content(); line-height: 1.2; }
h2 { font-size: 15pt; margin: 1.1em 0 .4em; line-height: 1.25; }
h3 { font-size: 12pt; margin: 1em 0 .3em; }
h1, h2, h3, h4 { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
.cg-lead { font-size: 11.5pt; }
.cg-meta { color: #333; }
.cg-new-page { break-before: page; }
.cg-note { border-left: 4px solid #7a4b00; background: #fff6e5; padding: .4em .8em;
  margin: .6em 0; }
.cg-problem { border-left: 4px solid #a00; background: #fdecec; padding: .4em .8em;
  margin: .6em 0; }
table { border-collapse: collapse; width: 100%; margin: .4em 0 1em; break-inside: avoid; }
th, td { border: 1px solid #888; padding: .25em .5em; text-align: left; vertical-align: top; }
thead th { background: #eee; }
td.cg-time { white-space: nowrap; width: 7.5em; }
td.cg-mins { white-space: nowrap; width: 5em; text-align: right; }
tr.cg-break td, tr.cg-meal td { background: #f3f3f3; font-style: italic; }
tr.cg-spare td { color: #333; }
tr.cg-over td { background: #fdecec; }
@media screen { body { padding: 1em; } }
"""


def esc(text: str | None) -> str:
    return html.escape(text or "")


def page(title: str, body: str, css: str = "") -> str:
    """A complete HTML page that runs no script (a Content-Security-Policy forbids any)."""
    return (
        '<!DOCTYPE html>\n<html lang="en-AU"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{PRINT_CSS}{css}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )
