"""Databases other processes can reach, and the processes the fault tests run against them.

The suite's own test database will not do: on SQLite it lives in this process's memory, and
every fault here needs a second process (an import killed halfway, two imports at once,
visitors beside a writer). So each test gets a freshly migrated database of the kind the
suite runs on: a copy of a file migrated once per session (SQLite), or a ``CREATE DATABASE
... TEMPLATE`` of one migrated once per session on the suite's server (PostgreSQL).
``manage.py`` and ``tests.faults.actor`` run against it in subprocesses, and the test watches
them from outside, as an operator would: the write lock and the WAL file, or
``pg_stat_activity``. No application code knows it is being tested.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from django.db import connection

from tests.conftest import REPO
from tests.factories import vtt

MB = 1024 * 1024
# Everything these tests wait for takes a second or two; this bounds each wait.
PATIENCE = 30


def transcript_file(path: Path, lines: int, tag: str, speakers=("Ada Lovelace", "Bo Diddley")):
    """A WebVTT file of ``lines`` one-cue turns by ``speakers`` in turn, each text opening with
    ``tag`` (so a test can tell whose lines it finds)."""
    cues = [
        (
            speakers[n % len(speakers)],
            n * 3000,
            n * 3000 + 2500,
            f"{tag} line {n}: enough words to make a sentence somebody said on air.",
        )
        for n in range(lines)
    ]
    path.write_bytes(vtt(*cues))
    return path


def wait_for(check, *, what: str, timeout: float = PATIENCE, alive: Background | None = None):
    """Poll ``check`` until it returns something true, and return that.

    With ``alive``, stop at once (with its output) should that process end first.
    """
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if alive is not None and not alive.running:
            result = alive.finish()
            raise AssertionError(
                f"{alive.name} ended ({result.returncode}) before {what}: "
                f"{result.stdout}{result.stderr}"
            )
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.02)
    return value


@dataclass
class Background:
    """A process a test started; ``name`` tells it apart in ``pg_stat_activity``."""

    process: subprocess.Popen
    name: str

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def read_line(self, timeout: float = PATIENCE) -> str:
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                raise AssertionError(f"{self.name} printed nothing for {timeout} s")
        return self.process.stdout.readline().strip()

    def kill(self) -> None:
        """SIGKILL, as the OOM killer or a pulled plug: no atexit, no rollback, no goodbye."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(PATIENCE)

    def finish(self, timeout: float = PATIENCE) -> subprocess.CompletedProcess:
        stdout, stderr = self.process.communicate(timeout=timeout)
        return subprocess.CompletedProcess(
            self.process.args, self.process.returncode, stdout, stderr
        )


class ScratchDatabase:
    """A migrated database of the test's own; ``url`` is its DATABASE_URL."""

    def __init__(self, url: str):
        self.url = url
        self.started: list[Background] = []

    def environment(self, name: str = "", **extra: str) -> dict[str, str]:
        return {**os.environ, "DATABASE_URL": self.url, **extra}

    def manage(self, *args, **extra: str) -> subprocess.CompletedProcess:
        """Run ``manage.py ARGS`` to the end (``extra``: environment variables)."""
        return subprocess.run(
            [sys.executable, "manage.py", *map(str, args)],
            cwd=REPO,
            env=self.environment(**extra),
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )

    def start(self, *args, name: str, **extra: str) -> Background:
        """Start ``manage.py ARGS`` in the background."""
        return self._start([sys.executable, "manage.py", *map(str, args)], name, extra)

    def start_actor(self, *args, name: str) -> Background:
        return self._start([sys.executable, "-m", "tests.faults.actor", *map(str, args)], name, {})

    def actor(self, *args) -> dict:
        """Run ``tests.faults.actor ARGS`` to the end and return its JSON answer."""
        result = self.start_actor(*args, name="actor").finish()
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    def _start(self, command: list[str], name: str, extra: dict[str, str]) -> Background:
        process = subprocess.Popen(
            command,
            cwd=REPO,
            env=self.environment(name, **extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(Background(process, name))
        return self.started[-1]

    def close(self) -> None:
        """End what the test started and left running (by its own process handle)."""
        for background in self.started:
            if background.running:
                background.kill()
            background.process.communicate()

    # What the watching side needs, per database: see the subclasses.
    def written(self) -> int:
        raise NotImplementedError

    def in_write_transaction(self, background: Background) -> bool:
        raise NotImplementedError

    def waiting_for_lock(self, background: Background) -> bool:
        raise NotImplementedError

    def disconnected(self, background: Background) -> bool:
        raise NotImplementedError

    def episode_locked(self, episode_id: int):
        raise NotImplementedError


class SqliteScratch(ScratchDatabase):
    def __init__(self, path: Path):
        super().__init__(f"sqlite:///{path}")
        self.path = path

    def written(self) -> int:
        """Bytes in the write-ahead log: pages a writer spilled or committed."""
        wal = Path(f"{self.path}-wal")
        return wal.stat().st_size if wal.exists() else 0

    def in_write_transaction(self, background: Background) -> bool:
        """Whether somebody holds the write lock (the tests start one writer at a time)."""
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # "database is locked": it is being written
            return background.running
        else:
            probe.execute("ROLLBACK")
            return False
        finally:
            probe.close()

    def waiting_for_lock(self, background: Background) -> bool:
        """SQLite's busy handler sleeps between tries: a process waiting for the lock is
        asleep and uses no CPU, while one starting up or parsing runs, or waits to (man 5
        proc). The only sleep before an import's transaction is that wait."""
        before = _scheduling(background.process.pid)
        time.sleep(0.3)
        after = _scheduling(background.process.pid)
        return background.running and before[0] == after[0] == "S" and before[1] == after[1]

    def disconnected(self, background: Background) -> bool:
        return not background.running  # the kernel drops a dead process's file locks

    @contextmanager
    def episode_locked(self, episode_id: int):
        """Hold what an import of the episode takes: on SQLite, the database's write lock."""
        holder = sqlite3.connect(self.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()


class PostgresScratch(ScratchDatabase):
    def __init__(self, url: str, name: str, pristine: PostgresPristine):
        super().__init__(url)
        self.name, self.pristine = name, pristine
        self._watcher: psycopg.Connection | None = None

    def environment(self, name: str = "", **extra: str) -> dict[str, str]:
        # libpq reads PGAPPNAME: each process shows up under its name in pg_stat_activity.
        return super().environment(PGAPPNAME=self._application(name), **extra)

    def _application(self, name: str) -> str:
        return f"faults-{os.getpid()}-{name}"

    def _ask(self, query: str, *params):
        if self._watcher is None:
            self._watcher = psycopg.connect(self.url, autocommit=True)
        return self._watcher.execute(query, params).fetchone()

    def _backend(self, background: Background, condition: str):
        """``condition`` on the backend serving ``background``; None once it is gone."""
        row = self._ask(
            f"SELECT {condition} FROM pg_stat_activity WHERE application_name = %s",
            self._application(background.name),
        )
        return row[0] if row else None

    def written(self) -> int:
        """Bytes of the utterance table and its indexes, uncommitted rows included."""
        return self._ask("SELECT pg_total_relation_size('archive_utterance')")[0]

    def in_write_transaction(self, background: Background) -> bool:
        # A backend gets a transaction id with its first write, and keeps it until the end.
        return bool(self._backend(background, "backend_xid IS NOT NULL"))

    def waiting_for_lock(self, background: Background) -> bool:
        return bool(self._backend(background, "wait_event_type = 'Lock'"))

    def disconnected(self, background: Background) -> bool:
        return self._backend(background, "true") is None

    @contextmanager
    def episode_locked(self, episode_id: int):
        """Hold the row lock an import of the episode takes (``lock_transcript``)."""
        with psycopg.connect(self.url) as holder:
            holder.execute("SELECT id FROM archive_episode WHERE id = %s FOR UPDATE", [episode_id])
            try:
                yield
            finally:
                holder.rollback()

    def close(self) -> None:
        super().close()
        if self._watcher is not None:
            self._watcher.close()
        self.pristine.drop(self.name)


class SqlitePristine:
    """A SQLite file migrated once; each test works on a copy."""

    def __init__(self, directory: Path):
        self.path = directory / "pristine.sqlite3"
        _migrate(SqliteScratch(self.path))

    def scratch(self, directory: Path) -> SqliteScratch:
        path = directory / "scratch.sqlite3"
        source, copy = sqlite3.connect(self.path), sqlite3.connect(path)
        try:
            source.backup(copy)  # consistent whatever the WAL holds, unlike copying the file
        finally:
            source.close()
            copy.close()
        return SqliteScratch(path)

    def close(self) -> None:
        pass  # pytest removes its temporary directories


class PostgresPristine:
    """A database migrated once on the suite's server; each test gets a copy by TEMPLATE."""

    def __init__(self, url: str):
        self.parts = urlsplit(url)
        base = self.parts.path.lstrip("/") or "postgres"
        self.name = f"{base}_faults_{os.getpid()}"[:50]
        self.copies = count(1)
        self._create(self.name)
        _migrate(ScratchDatabase(self._url(self.name)))

    def scratch(self, directory: Path) -> PostgresScratch:
        name = f"{self.name}_{next(self.copies)}"
        self._create(name, template=self.name)
        return PostgresScratch(self._url(name), name, self)

    def close(self) -> None:
        self.drop(self.name)

    def drop(self, name: str) -> None:
        self._maintain(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _create(self, name: str, template: str = "template1") -> None:
        self.drop(name)
        self._maintain(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def _url(self, name: str) -> str:
        return self.parts._replace(path=f"/{name}").geturl()

    def _maintain(self, statement: str) -> None:
        with psycopg.connect(self._url("postgres"), autocommit=True) as maintenance:
            maintenance.execute(statement)


def pristine_database(directory: Path) -> SqlitePristine | PostgresPristine:
    """A migrated database of the kind the suite runs on, outside the suite's test database."""
    if connection.vendor == "postgresql":
        return PostgresPristine(os.environ["DATABASE_URL"])
    return SqlitePristine(directory)


def _migrate(database: ScratchDatabase) -> None:
    result = database.manage("migrate", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr


def _scheduling(pid: int) -> tuple[str, int]:
    """``pid``'s state (R running or runnable, S asleep...) and the CPU time it has used, in
    clock ticks: fields 3, 14 and 15 of /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return fields[0], int(fields[11]) + int(fields[12])
