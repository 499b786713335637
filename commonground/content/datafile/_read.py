"""Read a data file as UTF-8 text, saying plainly why not when it cannot be read."""

from __future__ import annotations

from pathlib import Path

from ._problem import DataFileError, Problem

_UTF8_FIX = "save it as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)"


def read_text(path: Path | str) -> str:
    """The text of a file (a leading byte-order mark is dropped); raises ``DataFileError``."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise DataFileError([_unreadable(name, exc)]) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise DataFileError([Problem(
            name, line, f"the file is not UTF-8 text (the byte 0x{byte} on this line is not "
            "UTF-8; the file was probably saved in another encoding)", _UTF8_FIX)]) from exc


def _unreadable(name: str, exc: OSError) -> Problem:
    if isinstance(exc, FileNotFoundError):
        return Problem(name, None, "cannot read the file: it does not exist",
                       "check the folder and the spelling of the file name")
    if isinstance(exc, IsADirectoryError):
        return Problem(name, None, "cannot read the file: it is a folder, not a file",
                       "give the path of a file inside it")
    if isinstance(exc, PermissionError):
        return Problem(name, None, "cannot read the file: permission denied",
                       "ask whoever looks after the server to let you read it")
    return Problem(name, None, f"cannot read the file ({exc.strerror or exc})",
                   "check the path and that the file is not open in another program")
