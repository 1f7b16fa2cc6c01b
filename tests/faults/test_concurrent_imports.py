"""Two imports of one episode at once: the second waits for the first, then imports over it.

The database orders them, not luck: ``lock_transcript`` takes the episode's row lock on
PostgreSQL (SELECT ... FOR UPDATE) and SQLite's transactions take the write lock when they
begin (``transaction_mode`` IMMEDIATE, in settings). And a line's place is unique, so not
even a bug in that ordering could leave two lines at one place.
"""

import re

import pytest
from django.db import IntegrityError

from archive.models import Utterance
from tests.factories import make_episode
from tests.faults.scratch import transcript_file, wait_for

pytestmark = pytest.mark.faults

SUMMARY = re.compile(r"(\d+) created, (\d+) updated, (\d+) unchanged, (\d+) removed")


def lines_replaced(summary: str) -> int:
    """How many lines the episode had when this import took it over (its summary says)."""
    _, updated, unchanged, removed = map(int, SUMMARY.search(summary).groups())
    return updated + unchanged + removed


def test_two_imports_at_once_queue_and_leave_one_transcript(scratch_database, tmp_path):
    database = scratch_database
    seeded = database.actor("seed", transcript_file(tmp_path / "first.vtt", 3, "First"))
    episode = seeded["episode"]
    sizes = {"bee": 1500, "cee": 1200}
    files = {name: transcript_file(tmp_path / f"{name}.vtt", n, name) for name, n in sizes.items()}

    # Both start while the episode is locked, so both are inside their import at once.
    with database.episode_locked(seeded["id"]):
        importers = {
            name: database.start("import_transcript", path, "--episode", episode, name=name)
            for name, path in files.items()
        }
        for importer in importers.values():
            wait_for(
                lambda importer=importer: database.waiting_for_lock(importer),
                what=f"{importer.name} to wait for the lock",
                alive=importer,
            )
    results = {name: importer.finish() for name, importer in importers.items()}

    for result in results.values():
        assert result.returncode == 0, result.stderr
    replaced = {name: lines_replaced(result.stdout) for name, result in results.items()}
    # The first to get the lock replaced the 3 lines; the other waited and replaced its lines.
    first, second = sorted(replaced, key=lambda name: replaced[name] != 3)
    assert replaced == {first: 3, second: sizes[first]}
    state = database.actor("state", episode)
    lines = state["lines"]
    assert [text.partition(" ")[0] for *_, text in lines] == [second] * sizes[second]
    assert [sequence for _, sequence, *_ in lines] == list(range(sizes[second]))
    assert state["drift"] == []


def test_an_import_that_waits_too_long_gives_up_cleanly(scratch_database, tmp_path):
    database = scratch_database
    seeded = database.actor("seed", transcript_file(tmp_path / "first.vtt", 3, "First"))
    episode, before = seeded["episode"], seeded["state"]
    second = transcript_file(tmp_path / "second.vtt", 50, "Second")

    with database.episode_locked(seeded["id"]):
        result = database.manage(
            "import_transcript", second, "--episode", episode, DATABASE_LOCK_TIMEOUT="1"
        )

    assert result.returncode == 1
    assert "the database refused the import" in result.stderr
    assert "Traceback" not in result.stderr
    assert database.actor("state", episode) == before


def test_two_imports_meeting_the_same_new_person_make_one_speaker(scratch_database, tmp_path):
    """One import creates "Zed Newperson" and has not committed yet when another, into a
    different episode, meets the same name: the second waits, then finds the person."""
    database = scratch_database
    seeded = database.actor("seed")
    stop = tmp_path / "commit"
    meeting = database.start_actor("meet", "Zed Newperson", stop, name="meeting")
    assert meeting.read_line() == "ready"
    path = transcript_file(tmp_path / "zed.vtt", 20, "Zed", speakers=("Zed Newperson",))

    importer = database.start("import_transcript", path, "--episode", seeded["episode"], name="b")
    wait_for(lambda: database.waiting_for_lock(importer), what="the import to wait", alive=importer)
    stop.touch()

    assert meeting.finish().returncode == 0
    result = importer.finish()
    assert result.returncode == 0, result.stderr
    assert "new speakers" not in result.stdout
    assert database.actor("state", seeded["episode"])["speakers"] == ["Zed Newperson"]


def test_the_database_refuses_two_lines_at_one_place(db):
    episode = make_episode()
    Utterance.objects.create(episode=episode, sequence=0, text="Hello.")

    with pytest.raises(IntegrityError):
        Utterance.objects.create(episode=episode, sequence=0, text="Hello again.")
