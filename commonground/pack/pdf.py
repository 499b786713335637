"""HTML to PDF with WeasyPrint (A4, fonts embedded as subsets)."""

from __future__ import annotations

from pathlib import Path

from . import PackError

__all__ = ["pdf_bytes", "write_pdf"]


def pdf_bytes(html: str) -> bytes:
    """The PDF of a complete HTML page (its <title> becomes the PDF's title)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise PackError(
            "Making a PDF needs WeasyPrint and the Pango library. Install the course again "
            "(`pip install -e .`) and, on Debian or Ubuntu, `apt-get install "
            f"libpango-1.0-0 libpangoft2-1.0-0`. ({exc})") from exc
    return HTML(string=html, base_url=None).write_pdf() or b""


def write_pdf(html: str, path: Path) -> Path:
    path.write_bytes(pdf_bytes(html))
    return path
