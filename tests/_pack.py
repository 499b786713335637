"""Reading the pack's PDFs back: text per page, page size and embedded fonts (pypdf)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

A4_POINTS = (595.28, 841.89)


def pages_text(path: Path) -> list[str]:
    """Each page's text, with runs of spaces and line breaks made single spaces."""
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def is_a4(path: Path) -> bool:
    for page in PdfReader(path).pages:
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        if abs(size[0] - A4_POINTS[0]) > 1 or abs(size[1] - A4_POINTS[1]) > 1:
            return False
    return True


def fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses: its name -> whether the font file is embedded."""
    found: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        for font in (resources.get_object().get("/Font") or {}).values():
            font = font.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for child in font.get("/DescendantFonts") or []:
                descriptors.append(child.get_object().get("/FontDescriptor"))
            embedded = any(
                d is not None and any(k in d.get_object() for k in
                                      ("/FontFile", "/FontFile2", "/FontFile3"))
                for d in descriptors)
            found[str(font.get("/BaseFont"))] = embedded
    return found
