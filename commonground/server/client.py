"""Asking a running `commonground serve` to get a module ready for the room.

Two callers, two proofs (the server checks them in :class:`commonground.server.room.
RoomHandler`):

- ``commonground ready`` on the server's own computer reads the server's runtime file
  (``serve-<port>.json`` in :func:`runtime_dir`, readable only by the account that runs
  the server), which holds the port and a secret made at start-up;
- the facilitator dashboard's kernel sends the facilitator's own personal-link token.
  The kernel learns the server's address from ``COMMONGROUND_SERVE_URL``, which
  `commonground serve` sets for every kernel (an address, not a secret).

Only the standard library: this module is imported by the dashboard kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from commonground import environment
from commonground.private_files import private_folder

__all__ = [
    "ADMIN_SCHEME",
    "LINK_SCHEME",
    "MAX_PEOPLE",
    "RoomAnswer",
    "RoomRequestError",
    "ask_server",
    "people_count",
    "read_runtime_file",
    "remove_runtime_file",
    "running_ports",
    "runtime_dir",
    "runtime_file",
    "server_databases",
    "write_runtime_file",
]

ADMIN_SCHEME = "CommonGroundAdmin"  # Authorization: CommonGroundAdmin <runtime secret>
LINK_SCHEME = "CommonGroundLink"  # Authorization: CommonGroundLink <facilitator token>
MAX_PEOPLE = 500
DEFAULT_PORT = 8866
TIMEOUT = 30


def people_count(n: int) -> str:
    """``1 person``, ``24 people``."""
    return f"{n} {'person' if n == 1 else 'people'}"


class RoomRequestError(Exception):
    """Why the server could not be asked, or what it refused, in plain words."""


@dataclass(frozen=True)
class RoomAnswer:
    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:  # a JSON value
        return self.data[key]


def runtime_dir() -> Path:
    """Where servers leave their runtime files (``COMMONGROUND_RUNTIME_DIR``, else
    Jupyter's runtime folder)."""
    explicit = environment.read().runtime_dir
    if explicit:
        return Path(explicit)
    from jupyter_core.paths import jupyter_runtime_dir

    return Path(jupyter_runtime_dir()) / "commonground"


def runtime_file(port: int, folder: Path | None = None) -> Path:
    return (folder or runtime_dir()) / f"serve-{port}.json"


def write_runtime_file(port: int, url: str, secret: str, db: str = "") -> Path:
    """The file ``commonground ready`` reads (and the other commands, to say where the
    server's database is: ``db``, a path or a URL without its password): 0600, in a
    folder made 0700 when the server makes it (a folder the administrator gave is left
    as they set it). It is written under a new name and then moved into place, so a file
    someone else left there is never written into."""
    folder = private_folder(runtime_dir())
    path = runtime_file(port)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".serve-{port}-")  # 0600, new
    try:
        with os.fdopen(fd, "w") as out:
            json.dump({"port": port, "url": url, "secret": secret, "pid": os.getpid(),
                       "db": db}, out)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return path


def remove_runtime_file(port: int) -> None:
    path = runtime_file(port)
    try:
        if json.loads(path.read_text()).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def _not_running(port: int) -> RoomRequestError:
    return RoomRequestError(
        f"No Common Ground server is running on port {port} of this computer. Start it with "
        "`commonground serve` (give the same --port), or check the port.")


def running_ports() -> list[int]:
    """Ports of the servers this account runs that left a runtime file."""
    return _ports_in(runtime_dir())


def server_databases(folder: Path | None = None) -> list[tuple[int, str]]:
    """(port, database) of each running server of this account's that said where its
    database is (a path, or a URL without its password)."""
    found = []
    for port in _ports_in(folder or runtime_dir()):
        try:
            data = json.loads(runtime_file(port, folder).read_text())
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("db"), str) or not data["db"]:
            continue
        try:
            os.kill(int(data["pid"]), 0)
        except ProcessLookupError:
            continue  # a server that ended without tidying up
        except (PermissionError, KeyError, ValueError, TypeError):
            pass
        found.append((port, data["db"]))
    return found


def _ports_in(folder: Path) -> list[int]:
    found = []
    for path in sorted(folder.glob("serve-*.json")):
        try:
            found.append(int(path.stem.removeprefix("serve-")))
        except ValueError:
            continue
    return found


def read_runtime_file(port: int | None = None, folder: Path | None = None) -> tuple[str, str]:
    """(server URL, secret) of the server on ``port`` run by this account; without a
    port, of the only one running (else the default port, 8866)."""
    if port is None:
        ports = running_ports()
        port = ports[0] if len(ports) == 1 else DEFAULT_PORT
    path = runtime_file(port, folder)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise _not_running(port) from None
    except PermissionError:
        raise RoomRequestError(
            f"{path} cannot be read by you: run this command as the account that runs the "
            "server.") from None
    except (OSError, ValueError):
        raise _not_running(port) from None
    try:
        os.kill(int(data["pid"]), 0)
    except ProcessLookupError:
        raise _not_running(port) from None
    except (PermissionError, KeyError, ValueError, TypeError):
        pass
    return str(data["url"]), str(data["secret"])


def ask_server(url: str, scheme: str, proof: str, action: str, module: str,
               people: int = 1) -> RoomAnswer:
    """POST one room request; the answer's fields, or :class:`RoomRequestError` with the
    server's own message."""
    body = json.dumps({"action": action, "module": module, "people": people}).encode()
    request = urllib.request.Request(
        url.rstrip("/") + "/commonground/room", data=body, method="POST",
        headers={"Authorization": f"{scheme} {proof}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return RoomAnswer(json.loads(response.read()))
    except urllib.error.HTTPError as e:
        try:
            message = json.loads(e.read()).get("message")
        except ValueError:
            message = None
        raise RoomRequestError(message or f"The server refused the request ({e.code}).") from None
    except (urllib.error.URLError, OSError) as e:
        raise RoomRequestError(
            f"The course server at {url} did not answer ({getattr(e, 'reason', e)}). Is "
            "`commonground serve` still running?") from None
