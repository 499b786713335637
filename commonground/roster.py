"""Reading a facilitator's CSV roster (name, agency, role) with every problem reported.

Nothing is imported until the whole file is clean: the facilitator gets one list of
every bad line, with its line number, and what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .datafile import DataFileError, Problem

REQUIRED = ("name", "agency")
OPTIONAL = ("role",)
MAX_FIELD = 200


@dataclass(frozen=True)
class RosterRow:
    line: int
    name: str
    agency: str
    role: str


def read_roster(path: Path | str) -> list[RosterRow]:
    import pandas as pd  # facilitator side only; never in a trainee kernel

    name = str(path)
    try:
        frame = pd.read_csv(
            path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding="utf-8-sig"
        )
    except FileNotFoundError as e:
        raise DataFileError([Problem(name, None, "the roster file does not exist.")]) from e
    except UnicodeDecodeError as e:
        raise DataFileError(
            [Problem(name, None, "is not UTF-8 text; in Excel use Save As › CSV UTF-8.")]
        ) from e
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as e:
        raise DataFileError(
            [
                Problem(
                    name,
                    None,
                    "could not be read as CSV. It needs a header line `name,agency,role` "
                    f"and one trainee per line ({e}).",
                )
            ]
        ) from e
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise DataFileError(
            [
                Problem(
                    name,
                    1,
                    f"the header line is missing the column(s) {', '.join(missing)}. "
                    "The first line should read: name,agency,role",
                )
            ]
        )
    problems: list[Problem] = []
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    for i, record in enumerate(frame.to_dict("records")):
        line = i + 2  # header is line 1
        values = {k: str(record.get(k, "")).strip() for k in (*REQUIRED, *OPTIONAL)}
        for col in REQUIRED:
            if not values[col]:
                problems.append(Problem(name, line, f"the {col} is empty; fill it in."))
        for col, value in values.items():
            if len(value) > MAX_FIELD:
                problems.append(
                    Problem(name, line, f"the {col} is longer than {MAX_FIELD} characters.")
                )
        key = (values["name"].casefold(), values["agency"].casefold())
        if values["name"] and key in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    f"{values['name']} ({values['agency']}) is already on line {seen[key]}; "
                    "remove one of the two lines.",
                )
            )
        seen.setdefault(key, line)
        rows.append(RosterRow(line, values["name"], values["agency"], values["role"]))
    if not rows and not problems:
        problems.append(Problem(name, None, "has a header line but no trainees."))
    if problems:
        raise DataFileError(problems)
    return rows
