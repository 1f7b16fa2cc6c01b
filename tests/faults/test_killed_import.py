"""An import killed halfway leaves nothing half-written: the archive is exactly as before."""

import pytest

from tests.faults.scratch import MB, transcript_file, wait_for

pytestmark = pytest.mark.faults

# Long enough that the import's transaction lasts a second or more after the kill point.
LONG_TRANSCRIPT = 20_000


def test_an_import_killed_halfway_leaves_the_previous_transcript(scratch_database, tmp_path):
    database = scratch_database
    first = transcript_file(tmp_path / "first.vtt", 3, "First")
    seeded = database.actor("seed", first)
    episode, before = seeded["episode"], seeded["state"]
    # Replaces every line, by one person more: new rows, deleted rows, a new speaker.
    speakers = ("Ada Lovelace", "Bo Diddley", "Cy Newcomer")
    second = transcript_file(tmp_path / "second.vtt", LONG_TRANSCRIPT, "Second", speakers)
    written = database.written()

    importer = database.start("import_transcript", second, "--episode", episode, name="killed")
    wait_for(
        lambda: database.written() >= written + MB and database.in_write_transaction(importer),
        what="the import to be writing lines",
        alive=importer,
    )
    importer.kill()
    wait_for(lambda: database.disconnected(importer), what="the database to notice")

    assert importer.process.returncode == -9, "finished before the kill: make it longer"
    after = database.actor("state", episode)
    assert after == before
    assert "Cy Newcomer" not in after["speakers"]
    assert after["drift"] == []
    # Nothing is left locked or waiting to be recovered by hand: the next import just runs.
    again = database.manage("import_transcript", first, "--episode", episode)
    assert again.returncode == 0, again.stderr
    assert "0 created, 0 updated, 3 unchanged, 0 removed" in again.stdout
