"""Fingerprints of the source text's 11-word runs, so the content tests can tell copied
prose without the project reading ``../shared`` (which it must not depend on).

``tests/files/source_runs.txt`` holds one short SHA-256 digest per run, never the text.
After the source text changes, write it again::

    .venv/bin/python -m tests._source_runs ../shared/source/person-centred-partnerships.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

__all__ = ["RUNS_FILE", "RUN_WORDS", "digest", "runs", "source_digests"]

RUN_WORDS = 11
RUNS_FILE = Path(__file__).parent / "files" / "source_runs.txt"


def _normalise(text: str) -> str:
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def runs(text: str, n: int = RUN_WORDS) -> set[tuple[str, ...]]:
    """Every run of ``n`` words in ``text`` (a ``|`` marks a break no run crosses)."""
    words = re.findall(r"[a-z0-9']+|\|", _normalise(text))
    found = {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    return {r for r in found if "|" not in r}


def digest(run: tuple[str, ...]) -> str:
    return hashlib.sha256(" ".join(run).encode("utf-8")).hexdigest()[:16]


def source_digests() -> set[str]:
    return set(RUNS_FILE.read_text(encoding="ascii").split())


def _main(source: str) -> None:
    digests = sorted({digest(r) for r in runs(Path(source).read_text(encoding="utf-8"))})
    RUNS_FILE.write_text("\n".join(digests) + "\n", encoding="ascii")
    print(f"{RUNS_FILE}: {len(digests)} runs of {RUN_WORDS} words")


if __name__ == "__main__":
    _main(sys.argv[1])
