"""A real PostgreSQL server for the tests and the load benchmark, started from the installed binaries (Debian's
``postgresql`` package) in a temporary folder and thrown away afterwards.

PostgreSQL refuses to run as root (CI runs as root), so there ``initdb`` and ``pg_ctl`` run as ``nobody``
through ``runuser``; the data folder lives in a fresh private folder under the system temp dir that nobody
owns. (pytest-postgresql starts the server as the current user, which fails as root.)
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable
from itertools import count
from pathlib import Path


def find_bindir() -> Path | None:
    """The folder with pg_ctl, initdb and postgres: pg_ctl's on PATH (resolved), else Debian's newest."""
    found = shutil.which("pg_ctl")
    candidates = [Path(os.path.realpath(found)).parent] if found else []
    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)]
    for d in candidates:
        if (d / "initdb").exists() and (d / "postgres").exists():
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One throw-away server on 127.0.0.1 (trust auth, user ``postgres``) and the databases made on it."""

    def __init__(self, bindir: Path, *, fsync: bool = False) -> None:
        self.bindir = bindir
        root = os.geteuid() == 0
        # As root the server runs as nobody, who must reach the folder: /tmp, not a private $TMPDIR.
        self.root = Path(tempfile.mkdtemp(prefix="align-pg-", dir="/tmp" if root else None))
        self.data = self.root / "data"
        self.port = _free_port()
        self._as: list[str] = []
        if root:
            self._as = ["runuser", "-u", "nobody", "--"]
            shutil.chown(self.root, "nobody")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not fsync:  # tests: a killed test run loses nothing that matters
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-o", options, "-w", "start")
        self._names = count()
        self._templates: dict[str, str] = {}

    def _run(self, tool: str, *args: str) -> None:
        proc = subprocess.run([*self._as, str(self.bindir / tool), *args], capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"{tool} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of ``template``'s); → its URL."""
        name = f"t{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def from_template(self, key: str, build: Callable[[str], None]) -> str:
        """A new database copied from a template that ``build(url)`` fills once (e.g. a seeded review)."""
        if key not in self._templates:
            url = self.create_database()
            build(url)  # must close every connection to it: a template in use cannot be copied
            self._templates[key] = url.rsplit("/", 1)[1]
        return self.create_database(self._templates[key])

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


_SHARED: PgServer | None = None


def postgres_required() -> bool:
    """Whether a missing PostgreSQL fails the PostgreSQL tests instead of skipping them: in CI (``CI=true``, or
    ``ALIGN_REQUIRE_POSTGRES=1``, which .ci/run sets)."""
    flag = os.environ.get("ALIGN_REQUIRE_POSTGRES", "").strip().lower()
    if flag:
        return flag not in ("0", "false", "no")
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def shared_server() -> PgServer:
    """The test session's one server, started on first use and stopped at exit; skips (or fails where required)
    without PostgreSQL. For tests that cannot take fixtures (hypothesis state machines)."""
    global _SHARED
    if _SHARED is None:
        import atexit

        import pytest

        bindir = find_bindir()
        if bindir is None:
            msg = "PostgreSQL is not installed (apt-get install postgresql): the PostgreSQL store tests need it"
            if postgres_required():
                pytest.fail(f"{msg} (required here: CI or ALIGN_REQUIRE_POSTGRES=1)", pytrace=False)
            pytest.skip(msg)
        _SHARED = PgServer(bindir)
        atexit.register(_SHARED.stop)
    return _SHARED


def empty_db() -> str:
    """A new database on the shared server with the store's schema already in it (copied from a template)."""
    from align.review_store import ReviewStore

    return shared_server().from_template("empty", lambda url: ReviewStore(url).close())
