"""`commonground cohort links`: every trainee's personal link, in a CSV file for a mail
merge.

The file is all or nothing: it is written to a temporary file beside ``out`` (readable
only by its owner, as it holds sign-in links), the new links are stored in one
transaction only once every row is written, and then the file takes ``out``'s name.
When anything fails, no link changes and no half-written file is left. Names, agencies
and roles that a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+``, ``-``,
``@``, a tab) start with ``'``, as in the exports; the link column stays a plain URL.
"""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from commonground.data.people import Cohort
from commonground.data.store import Store
from commonground.data.tokens import new_token
from commonground.errors import StoreError

from .cohorts import csv_safe, dashboard_url, ensure_facilitator, link_url

__all__ = ["LinksWritten", "check_base_url", "write_links"]

COLUMNS = ["name", "agency", "role", "kind", "link"]


@dataclass(frozen=True)
class LinksWritten:
    path: Path
    count: int
    facilitator_url: str


def check_base_url(base_url: str) -> str:
    """The course's address, refused unless it is a web address."""
    if not base_url.startswith(("https://", "http://")) or len(base_url) < 10:
        raise StoreError(
            f"The --base-url {base_url!r} is not a web address. Give the address trainees "
            "open, starting with https:// (or http://), for example https://course.example.org/"
        )
    return base_url


def write_links(store: Store, cohort: Cohort, base_url: str, out: Path | str) -> LinksWritten:
    """Issue new links for everyone in the cohort and write the trainees' ones to
    ``out``; returns what was written and the facilitator's dashboard link."""
    base = check_base_url(base_url)
    out = Path(out)
    if out.is_dir():
        raise StoreError(f"{out} is a folder. Give a file name for the links, for example "
                         f"{out / 'links.csv'}. Nothing was changed.")
    handle, temp = _temp_beside(out)
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as f:
            facilitator = ensure_facilitator(store, cohort)  # their link opens the dashboard
            members = [m for m in store.people.members(cohort.id) if m.id != facilitator]
            tokens = {m.id: new_token() for m in members}
            tokens[facilitator] = new_token()
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for m in members:
                writer.writerow([*(csv_safe(x) for x in (m.display_name, m.agency, m.role,
                                                         m.kind)),
                                 link_url(base, tokens[m.id])])
            f.flush()
            os.fsync(f.fileno())
        store.people.replace_links(tokens)
        os.replace(temp, out)
    except OSError as e:
        raise StoreError(f"Could not write the links to {out} ({e.strerror or e}). No link "
                         "was changed: the earlier links still work.") from e
    finally:
        Path(temp).unlink(missing_ok=True)
    return LinksWritten(out, len(members), dashboard_url(base, tokens[facilitator]))


def _temp_beside(out: Path) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as e:
        raise StoreError(
            f"Could not write the links to {out}: {e.strerror or e} in the folder "
            f"{out.parent}. Choose another place with --out. Nothing was changed."
        ) from e
