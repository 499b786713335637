"""The PostgreSQL test server (named by the PG* environment variables, as pg_virtualenv
sets them): one fresh schema per test, and a superuser connection to look around.

Under pytest-xdist each worker works in a database of its own (``cg_gw0``, ``cg_gw1``):
advisory locks belong to a database, so two workers' tests never wait on each other's
locks, and the lock tests see only their own."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

__all__ = ["PrivateServer", "admin", "fresh_schema", "private_server", "schema_of",
           "schema_url"]


def _database() -> str:
    """This test process's database: its xdist worker's own, or the PG* default ("")."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return f"cg_{worker}" if worker.isalnum() else ""


@functools.cache
def admin():
    """An autocommit connection to the test server (its PG* environment variables), in
    this process's database (made the first time it is asked for)."""
    import psycopg

    name = _database()
    if not name:
        return psycopg.connect(autocommit=True)
    with psycopg.connect(autocommit=True) as first:
        found = first.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if found.fetchone() is None:
            first.execute(f'CREATE DATABASE "{name}"')
    return psycopg.connect(autocommit=True, dbname=name)


def schema_url(schema: str, application_name: str | None = None) -> str:
    """A URL whose connections work in ``schema`` and say ``application_name`` (default:
    the schema's name) in pg_stat_activity."""
    options = quote(f"-csearch_path={schema}")
    return (f"postgresql:///{_database()}?application_name={application_name or schema}"
            f"&options={options}")


def schema_of(url: str) -> str:
    """The schema a URL made by :func:`schema_url` works in."""
    options = parse_qs(urlparse(url).query)["options"][0]
    return options.removeprefix("-csearch_path=")


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A URL for an empty schema of its own (a schema costs well under a millisecond to
    make, a database 30-200 ms); afterwards the schema is dropped and any connection the
    test left open is closed."""
    name = f"cg_test_{uuid.uuid4().hex[:16]}"
    conn = admin()
    conn.execute(f'CREATE SCHEMA "{name}"')
    try:
        yield schema_url(name)
    finally:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE application_name = %s", (name,))
        conn.execute(f'DROP SCHEMA "{name}" CASCADE')


class PrivateServer:
    """A PostgreSQL server of a test's own (Debian's PostgreSQL 15 binaries, trust
    authentication on 127.0.0.1, a free port), which the test may stop and start again:
    to see what the course does while its database is away. Run as the ``postgres`` user
    when the tests run as root (``initdb`` refuses root)."""

    BIN = Path("/usr/lib/postgresql/15/bin")

    def __init__(self, folder: Path, *, address: str = "127.0.0.1",
                 prefix: tuple[str, ...] = (), allow: str | None = None):
        """``address`` to listen on; ``prefix`` runs its commands elsewhere (another
        host: ``ip netns exec <host>``); ``allow`` is a subnet to trust besides this
        machine (``10.77.30.0/24``)."""
        self.folder = folder
        self.data = folder / "data"
        self.address, self.prefix, self.allow = address, prefix, allow
        self.port = _free_port() if address == "127.0.0.1" else 5432
        self.url = f"postgresql://postgres@{address}:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(self.BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run([*self.prefix, *command], check=True, capture_output=True, timeout=120)

    def make(self) -> PrivateServer:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "--no-sync", "-E", "UTF8")
        if self.allow:
            with open(self.data / "pg_hba.conf", "a", encoding="utf-8") as hba:
                hba.write(f"host all all {self.allow} trust\n")
        return self.start()

    def start(self) -> PrivateServer:
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses={self.address} "
                   "-c fsync=off")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l",
                  str(self.folder / "log"), "start")
        return self

    def stop(self) -> None:
        """Stop at once, as a crash or a restart would: open connections are cut."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")


@contextmanager
def private_server(**where: object) -> Iterator[PrivateServer]:
    """A :class:`PrivateServer` (``where``: its ``address``, ``prefix`` and ``allow``) in a
    folder of its own under /tmp (which the ``postgres`` user can reach, unlike pytest's
    folders under root), stopped and removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="cg-pg-"))
    try:
        server = PrivateServer(folder, **where).make()  # type: ignore[arg-type]
        try:
            yield server
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
