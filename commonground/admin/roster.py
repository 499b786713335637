"""Reading a facilitator's roster (name, agency, role, and optionally email), as CSV or as
an Excel workbook (.xlsx: its first sheet, read with openpyxl), with every problem reported
(a workbook's by its row numbers, as Excel shows them).

Nothing is imported until the whole file is clean: the facilitator gets one list of
every bad line, with its line number, and what to change. Read with the ``csv``
module (a 10 000-line roster takes a fraction of a second, and pandas would guess
at rows with too many values instead of saying so).

Spaces, tabs and line breaks inside a value become single spaces. Any other invisible
control character (NUL, an Escape that starts a terminal colour code, a bidirectional
override) refuses its line: dropping it would silently change a person's name (an
Escape sequence would leave ``[31m`` behind), and the facilitator can fix the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from commonground.content.datafile import DataFileError, Problem, read_text
from commonground.data.messages import check_address
from commonground.data.people import NAME_LIMIT
from commonground.data.store import Store
from commonground.errors import StoreError
from commonground.text import first_control

__all__ = [
    "MAX_FIELD",
    "MAX_PROBLEMS",
    "OPTIONAL",
    "REQUIRED",
    "WORKBOOK",
    "RosterAdded",
    "RosterRow",
    "add_roster",
    "read_roster",
    "read_uploaded_roster",
]

REQUIRED = ("name", "agency")
OPTIONAL = ("role", "email")
MAX_FIELD = NAME_LIMIT
MAX_PROBLEMS = 20  # said one by one; after that, how many more there are
_HEADER = "The first line should read: name,agency,role"


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    agency: str
    role: str
    email: str = ""  # checked for its shape; "" when the roster has none for them


def read_roster(path: Path | str) -> list[RosterRow]:
    """Every trainee in the roster, or :class:`DataFileError` listing every problem."""
    name = str(path)
    if Path(name).suffix.lower() == WORKBOOK:
        records = _sheet_records(name)
    else:
        text = read_text(path)  # missing, a folder, unreadable, not UTF-8: said plainly
        records = _records(text) if text.strip() else iter(())
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], RosterRow] = {}
    try:
        head = next(records, None)
        if head is None:
            raise DataFileError([Problem(name, None, "the roster file is empty. " + _HEADER
                                         + ", then one trainee a line.")])
        _, header = head
        columns = _columns(name, header)
        for line, values in records:
            row = _row(name, line, columns, values, problems)
            if row is None or not row.name:
                continue
            key = (row.name.casefold(), row.agency.casefold())
            if key in seen:
                first = seen[key]
                problems.append(Problem(
                    name, line, f"{row.name} ({row.agency}) is already on line {first.line} "
                    f"as {first.name} ({first.agency}); remove one of the two lines."))
            else:
                seen[key] = row
            rows.append(row)
    except _BadCsv as e:
        problems.append(Problem(
            name, e.line, f"this line could not be read as CSV ({e.reason}). Check its "
            "double quotes: a value with a comma in it is written \"like, this\"."))
    if not rows and not problems:
        problems.append(Problem(name, None, "has a header line but no trainees."))
    if problems:
        raise DataFileError(_capped(name, problems))
    return rows


WORKBOOK = ".xlsx"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_records(name: str) -> Iterator[tuple[int, list[str]]]:
    """(row number, values) for each non-blank row of the workbook's first sheet, the
    header first; :class:`DataFileError` when it cannot be read as a workbook."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # no stubs shipped

    if not Path(name).is_file():
        raise DataFileError([Problem(name, None, "there is no such file.")])
    try:
        book = load_workbook(name, read_only=True, data_only=True)
        rows = [[_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        book.close()
    except Exception as e:  # a damaged or renamed file: openpyxl raises many kinds
        raise DataFileError([Problem(name, None, "this file could not be read as an Excel "
                                     f"workbook ({type(e).__name__}). Open it in Excel and "
                                     "save it again as .xlsx, or save it as CSV.")]) from None
    return ((number, values) for number, values in enumerate(rows, start=1)
            if any(v.strip() for v in values))


class _BadCsv(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line, self.reason = line, reason


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number, values) for each non-blank record, the header first. Raises
    :class:`_BadCsv` at a record the ``csv`` module cannot read."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if "," not in first and ";" in first else (
        "\t" if "," not in first and "\t" in first else ",")  # Excel in some countries
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise _BadCsv(last + 1, str(e)) from e
        start, last = last + 1, reader.line_num
        if any(v.strip() for v in values):
            yield start, values


def _columns(name: str, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, col in enumerate(c.strip().lower() for c in header):
        if col in columns and col in (*REQUIRED, *OPTIONAL):
            raise DataFileError([Problem(name, 1, f"the header line has the column {col} "
                                         f"twice. {_HEADER}")])
        columns.setdefault(col, i)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise DataFileError([Problem(name, 1, f"the header line is missing the column(s) "
                                     f"{', '.join(missing)}. {_HEADER}")])
    return columns


def _row(name: str, line: int, columns: dict[str, int], values: list[str],
         problems: list[Problem]) -> RosterRow | None:
    if len(values) > len(columns):
        problems.append(Problem(
            name, line, f"this line has {len(values)} values but the header line has "
            f"{len(columns)} columns. A name, agency or role with a comma in it needs "
            "double quotes around it, like \"Health, Housing\"."))
        return None
    found = {}
    for col in (*REQUIRED, *OPTIONAL):
        i = columns.get(col)
        value = " ".join(values[i].split()) if i is not None and i < len(values) else ""
        found[col] = value
        if col in REQUIRED and not value:
            problems.append(Problem(name, line, f"the {col} is empty; fill it in."))
        elif len(value) > MAX_FIELD:
            problems.append(Problem(name, line, f"the {col} is {len(value)} characters long; "
                                    f"please keep it to {MAX_FIELD} or fewer."))
        elif (bad := first_control(value)) is not None:
            problems.append(Problem(
                name, line, f"the {col} has an invisible control character ({bad[1]}) at "
                f"character {bad[0]}. Retype the {col} on this line without it."))
        elif col == "email" and value:
            try:
                found[col] = check_address(value)
            except StoreError as e:
                problems.append(Problem(name, line, f"{e} Correct it or leave it empty."))
    return RosterRow(line, found["name"], found["agency"], found["role"], found["email"])


@dataclass(frozen=True)
class RosterAdded:
    added: int
    skipped: list[tuple[str, str]]  # (name, agency) of those already in the cohort
    emailed: int  # email addresses kept (for new people and those already there)


def add_roster(store: Store, cohort_id: int, rows: list[RosterRow]) -> RosterAdded:
    """Add a roster's trainees (anyone already in the cohort is skipped, their details
    left as they were) and keep its email addresses for everyone on it."""
    added, skipped = store.people.add_trainees(cohort_id,
                                               [(r.name, r.agency, r.role) for r in rows])
    wanted = {(r.name.casefold(), r.agency.casefold()): r.email for r in rows if r.email}
    found = {m.id: wanted[key] for m in store.people.members(cohort_id)
             if (key := (" ".join(m.display_name.split()).casefold(),
                         " ".join(m.agency.split()).casefold())) in wanted}
    if found:
        store.messages.set_addresses(found)
    return RosterAdded(added, skipped, len(found))


def read_uploaded_roster(filename: str, data: bytes) -> list[RosterRow]:
    """A roster a facilitator uploaded (its file name, its bytes), read by the same rules
    as :func:`read_roster` and with the same messages, naming the file as they know it."""
    import tempfile

    from commonground.private_files import create_private

    name = Path(filename or "").name or "roster.csv"
    if name.lower().endswith((".xls", ".ods")):
        raise DataFileError([Problem(name, None, "this spreadsheet is in an older or other "
                                     "format. Save it as an Excel workbook (.xlsx) or as CSV "
                                     "(in Excel: File, Save As, CSV UTF-8), then choose that "
                                     "file.")])
    with tempfile.TemporaryDirectory(prefix="cg-roster-") as folder:
        path = create_private(Path(folder) / name)  # it holds people's names: 0600
        path.write_bytes(data)
        try:
            return read_roster(path)
        except DataFileError as e:  # said by the name the facilitator knows, not ours
            raise DataFileError([replace(p, file=name) for p in e.problems]) from None


def _capped(name: str, problems: list[Problem]) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    rest = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS],
            Problem(name, None, f"… and {rest:,} more problem(s) like these. Nothing was "
                    "added; fix these and run the command again.")]
