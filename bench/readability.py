"""Flesch reading ease of each module's trainee-facing prose (aim: 50 or above).

    .venv/bin/python bench/readability.py

Markdown syntax, quotes' citations and headings are stripped first, so the score is
about the sentences a trainee reads.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonground.content.course import load_course, module_prose  # noqa: E402

AIM = 50


def plain(markdown: str) -> str:
    text = re.sub(r"^#{1,6}\s.*$", "", markdown, flags=re.M)  # headings are not sentences
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links -> their words
    text = re.sub(r"^\s*(?:[-*>]|\d+\.)\s*", "", text, flags=re.M)  # bullets, quotes
    text = re.sub(r"[*_`|]", "", text)
    return re.sub(r"\s+", " ", text)


def scores(root: Path = ROOT) -> dict[str, float]:
    import textstat

    course = load_course(root / "content")
    return {
        m.id: textstat.flesch_reading_ease(plain(module_prose(m.id, root / "modules")))
        for m in course.modules
    }


def main() -> int:
    results = scores()
    for module_id, score in results.items():
        flag = "" if score >= AIM else f"  below the aim of {AIM}"
        print(f"{module_id:40s} Flesch reading ease {score:5.1f}{flag}")
    print(f"lowest {min(results.values()):.1f}, aim {AIM}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
