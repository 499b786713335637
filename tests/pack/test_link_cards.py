"""Link cards: eight to an A4 page, each with the name as text, a QR code that encodes
the person's link, the link written out and the two lines on keeping it private."""

from __future__ import annotations

import re

import segno

from commonground.pack.link_cards import PRIVATE, Card, cards_html, cards_pdf, qr_svg
from tests._pack import is_a4, pages_text

LINK = "https://course.example.org/?t=abcdefghijklmnopqrstuvwxyz012345"


def svg_matrix(svg: str) -> list[list[int]]:
    """The dark modules an SVG of segno's draws (its one path of horizontal runs)."""
    [size] = re.findall(r'viewBox="0 0 (\d+) \1"', svg)
    n = int(size)
    grid = [[0] * n for _ in range(n)]
    [path] = re.findall(r'<path[^>]* d="([^"]+)"', svg)
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([-\d. ]+)", path):
        numbers = [float(v) for v in args.split()]
        if op in "Mm":
            dx, dy = numbers
            x, y = (dx, dy) if op == "M" else (x + dx, y + dy)
        else:
            run = numbers[0]
            start = x if op == "h" else 0
            end = x + run if op == "h" else run
            for col in range(int(start), int(end)):
                grid[int(y)][col] = 1
            x = end
    return grid


def code_matrix(link: str) -> list[list[int]]:
    code = segno.make(link, error="m", micro=False, boost_error=False)
    return [[int(bool(v)) for v in row] for row in code.matrix_iter(scale=1, border=4)]


def test_the_qr_code_encodes_the_link():
    svg = str(qr_svg(LINK))
    assert svg.startswith("<svg") and "http" not in svg.replace(
        "http://www.w3.org/2000/svg", "")  # inline, nothing to fetch, the link not as text
    assert svg_matrix(svg) == code_matrix(LINK)
    assert svg_matrix(svg) != code_matrix(LINK.replace("abc", "abd"))


def test_each_card_has_its_own_code_and_the_name_is_text():
    cards = [Card("<b>Ana</b> & Lee", "Family <i>Support</i>", LINK),
             Card("Ben Cho", "", LINK.replace("abc", "xyz"))]
    page = cards_html(cards)
    assert "<b>Ana</b>" not in page and "&lt;b&gt;Ana&lt;/b&gt; &amp; Lee" in page
    assert "Family &lt;i&gt;Support&lt;/i&gt;" in page
    svgs = re.findall(r"<svg.*?</svg>", page, re.S)
    assert [svg_matrix(s) for s in svgs] == [code_matrix(c.link) for c in cards]
    assert "<script" not in page and "src=" not in page


def test_the_pdf_eight_cards_a_page(tmp_path):
    cards = [Card(f"Person {i} <script>x</script>", "Housing SA", LINK) for i in range(10)]
    path = tmp_path / "cards.pdf"
    path.write_bytes(cards_pdf(cards, title="Link cards: Southside"))
    assert is_a4(path)
    first, second = pages_text(path)
    assert first.count("Person ") == 8 and second.count("Person ") == 2
    assert "Person 0 <script>x</script>" in first and "Housing SA" in first
    assert "course.example.org/ ?t=abcdefghijklmnop qrstuvwxyz012345" in first
    assert "https://" not in first  # the short form: a browser adds it
    assert " ".join(PRIVATE.split()) in " ".join(first.replace("’", "'").split())
    assert first.count("This link is yours: it signs you in.") == 8


def test_an_http_address_keeps_its_scheme(tmp_path):
    path = tmp_path / "cards.pdf"
    path.write_bytes(cards_pdf([Card("Ana Lee", "", "http://10.0.0.5:8866/?t=" + "a" * 32)]))
    [text] = pages_text(path)
    assert "http://10.0.0.5:8866/ ?t=" + "a" * 16 + " " + "a" * 16 in text
