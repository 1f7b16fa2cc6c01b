"""SQLite with visitors reading while an import writes: WAL and a busy timeout, never
"database is locked". (PostgreSQL's readers never wait for writers: nothing to show there.)
"""

import json
import sqlite3
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.faults.scratch import transcript_file, wait_for

pytestmark = [
    pytest.mark.faults,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's locking; runs in the SQLite pass"
    ),
]

READERS = 2


def test_visitors_are_served_while_an_import_writes(scratch_database, tmp_path):
    database = scratch_database
    first = transcript_file(tmp_path / "first.vtt", 100, "First")
    episode = database.actor("seed", first)["episode"]
    second = transcript_file(tmp_path / "second.vtt", 5000, "Second")
    stop = tmp_path / "stop"
    readers = [
        database.start_actor("read", episode, stop, name=f"reader-{n}") for n in range(READERS)
    ]
    for reader in readers:
        assert reader.read_line() == "ready"

    writer = database.start("import_transcript", second, "--episode", episode, name="writer")
    wait_for(
        lambda: database.in_write_transaction(writer), what="the import to write", alive=writer
    )
    writing_since = time.time()
    imported = writer.finish()
    committed_by = time.time()
    stop.touch()
    visits = [reader.finish() for reader in readers]

    assert imported.returncode == 0, imported.stderr
    for visit in visits:
        assert visit.returncode == 0, visit.stderr
        record = json.loads(visit.stdout.splitlines()[-1])
        assert [request for request in record["requests"] if request[3] != 200] == []
        # Served while the import held the write lock, not merely before and after it.
        during = [r for r in record["requests"] if writing_since <= r[1] and r[2] <= committed_by]
        assert during
        # Each count saw the first transcript or the second, never a part of one.
        assert set(record["line_counts"]) <= {100, 5000}
    with sqlite3.connect(database.path) as check:
        assert check.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_sqlite_connections_wait_their_turn_to_write(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        busy_timeout = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = cursor.fetchone()[0]

    assert busy_timeout == settings.DATABASE_LOCK_TIMEOUT * 1000
    assert synchronous == 1  # NORMAL
    assert connection.transaction_mode == "IMMEDIATE"
