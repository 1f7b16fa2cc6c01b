"""A PostgreSQL server of the test's own, to stop and start at will, and the site served on it.

Never the suite's shared server: this one lives in a temporary directory, listens on a free
loopback port, and is gone when the test ends. initdb refuses to run as root, so as root the
server's commands run as the ``postgres`` user (``runuser``), which owns the directory.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import REPO
from tests.faults.scratch import PATIENCE, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_binaries() -> Path:
    """Debian keeps them in /usr/lib/postgresql/VERSION/bin (the newest wins), else PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    initdb = found[-1] if found else shutil.which("initdb")
    if initdb is None:
        raise AssertionError("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    return Path(initdb).parent


def _version(path: str) -> int:
    version = Path(path).parent.parent.name
    return int(version) if version.isdigit() else 0


class ThrowawayCluster:
    """``with ThrowawayCluster() as cluster:`` an initialised cluster, stopped; ``start()`` it."""

    def __init__(self):
        self.bin = postgres_binaries()
        self.directory = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.port = free_port()
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.directory, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]

    @property
    def data(self) -> str:
        return str(self.directory / "data")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        # No fsync: a throwaway cluster needs no durability, and the test needs speed.
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.directory / "server.log")
        self._run("pg_ctl", "start", "-D", self.data, "-w", "-t", "30", "-l", log, "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """``fast``: what a restart does, ending every session; ``immediate``: a crash."""
        self._run("pg_ctl", "stop", "-D", self.data, "-w", "-m", mode)

    def remove(self) -> None:
        if (self.directory / "data" / "postmaster.pid").exists():
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def _run(self, command: str, *args: str) -> None:
        result = subprocess.run(
            [*self.as_owner, str(self.bin / command), *args],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
        assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"

    def __enter__(self) -> ThrowawayCluster:
        try:
            self._run(
                "initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                "--no-locale", "--no-sync",
            )  # fmt: skip
        except BaseException:
            self.remove()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.remove()


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: str


@dataclass
class Site:
    """``gunicorn config.wsgi`` with one worker (one connection, reused across requests, as in
    production) on ``database_url``; stderr goes to ``log``."""

    database_url: str
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    def __enter__(self) -> Site:
        environment = {**os.environ, "DATABASE_URL": self.database_url, "DEBUG": "true"}
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        wait_for(self._listening, what="gunicorn to listen")
        return self

    def __exit__(self, *exc_info) -> None:
        self.process.terminate()
        self.process.wait(PATIENCE)

    def get(self, path: str, accept: str = "text/html") -> Answer:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        request.add_header("Accept", accept)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # no proxies
        try:
            with opener.open(request, timeout=PATIENCE) as response:
                return Answer(response.status, dict(response.headers), response.read().decode())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read().decode())

    def _listening(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return True
        except OSError:
            return False
