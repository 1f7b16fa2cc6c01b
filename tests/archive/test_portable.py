"""``export_archive`` and ``import_archive``: the whole archive in open formats, and back
with every quote id, slug and tombstone, on either database.

Most tests move a small cast out and back within the test database (emptied
in between as a fresh one would be). One moves the demo archive to the other
database (PostgreSQL when the suite runs on SQLite, SQLite when it runs on
PostgreSQL) through the real commands in subprocesses, and compares
everything, permalinks included.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import connection
from django.test import Client

from archive import curation, search
from archive.curation.audit import find_drift
from archive.demo import load_demo
from archive.formats import read_transcript
from archive.ingest import import_transcript_file
from archive.models import Episode, RemovedUtterance, Role, Show, Utterance
from archive.portable import export_archive
from archive.portable.layout import ARCHIVE_MODELS, MANIFEST, sha256_of
from speakers.models import LinkKind, Speaker, SpeakerLink, SpeakerSlugRedirect
from tests.conftest import REPO
from tests.factories import make_episode, make_show, make_utterance, vtt

# Where the round trip finds PostgreSQL when the suite itself runs on SQLite (.ci/run's server).
POSTGRES_URL = os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
# The round trip renders every this-many-th quote page on both sides (all of them take ~15 s).
PAGE_SAMPLE = 20


@pytest.fixture
def cast(db):
    """A show with a transcribed episode (a guest, an unattributed line, a tombstone), a
    hidden episode, a renamed speaker (a slug redirect) and an identity link."""
    show = make_show(slug="signal", title="Signal", feed_url="https://demo.invalid/signal.xml")
    episode = make_episode(show, slug="one", title="One", feed_values={"b": 1, "a": [2, 3]})
    make_episode(show, slug="hidden", is_published=False)
    transcript = vtt(
        ("Ada Okafor", 0, 1500, "Hello and welcome to the show."),
        ("Speaker 2", 2000, 4250, "Thanks for having me."),
        ("Bo Lindqvist", 5001, 9999, "Glad to be here, truly."),
        ("Ada Okafor", 10000, 11000, "That line will be deleted."),
    )
    import_transcript_file(episode, transcript, source="one.vtt")
    ada = Speaker.objects.get(name="Ada Okafor")
    curation.credit(episode, ada, Role.HOST)
    curation.rename_speaker_slug(ada, "ada")
    SpeakerLink.objects.create(speaker=ada, kind=LinkKind.WEBSITE, url="https://ada.example/")
    curation.delete_utterances(Utterance.objects.filter(text__startswith="That line"))
    return episode


def test_export_writes_every_table_and_a_manifest_of_counts_and_checksums(cast, tmp_path):
    call_command("export_archive", tmp_path / "out", stdout=io.StringIO())

    manifest = json.loads((tmp_path / "out" / MANIFEST).read_text())
    assert manifest["format_version"] == 1
    assert manifest["counts"] == {
        "shows": 1,
        "speakers": 2,
        "speaker_aliases": 2,
        "speaker_links": 1,
        "speaker_slug_redirects": 1,
        "episodes": 2,
        "appearances": 2,
        "utterances": 3,
        "tombstones": 1,
        "transcripts": 1,
    }
    for name, entry in manifest["files"].items():
        assert sha256_of(tmp_path / "out" / name) == entry["sha256"], name
    tombstone = json.loads((tmp_path / "out" / "tombstones.jsonl").read_text())
    assert tombstone["text"] == "That line will be deleted."


def test_transcripts_are_podcasting_json_with_speakers_named_and_quote_ids_kept(cast, tmp_path):
    export_archive(tmp_path / "out")

    data = (tmp_path / "out" / "transcripts" / "signal" / "one.json").read_bytes()
    segments = json.loads(data)["segments"]
    parsed = read_transcript(data, source="one.json")
    ids = list(cast.utterances.order_by("sequence").values_list("pk", flat=True))
    assert parsed.format == "p20json"
    assert [segment.label for segment in parsed.segments] == [
        "Ada Okafor",
        "Speaker 2",
        "Bo Lindqvist",
    ]
    assert segments[1] == {
        "speaker": "Speaker 2",
        "startTime": 2.0,
        "endTime": 4.25,
        "body": "Thanks for having me.",
        "archive": {"id": ids[1], "sequence": 1, "speakerSlug": None, "label": "Speaker 2"},
    }
    assert segments[0]["archive"]["speakerSlug"] == "ada"


def test_restore_brings_back_every_row_id_slug_and_timestamp(cast, tmp_path):
    export_archive(tmp_path / "before")
    _empty_the_archive()

    out = io.StringIO()
    call_command("import_archive", tmp_path / "before", stdout=out)

    export_archive(tmp_path / "after")
    assert "3 utterances" in out.getvalue()
    assert _differences(tmp_path / "before", tmp_path / "after") == []
    assert find_drift() == []


def test_restored_lines_are_searchable(cast, tmp_path):
    export_archive(tmp_path / "out")
    _empty_the_archive()

    call_command("import_archive", tmp_path / "out", stdout=io.StringIO())

    found = Utterance.objects.search("welcome").values_list("text", flat=True)
    assert list(found) == ["Hello and welcome to the show."]


def test_permalinks_answer_as_before_the_move(cast, tmp_path, client):
    removed = RemovedUtterance.objects.get()
    redirect = SpeakerSlugRedirect.objects.get()
    export_archive(tmp_path / "out")
    _empty_the_archive()

    call_command("import_archive", tmp_path / "out", stdout=io.StringIO())

    line = Utterance.objects.get(text="Thanks for having me.")
    assert "Thanks for having me." in client.get(f"/q/{line.pk}/").content.decode()
    assert client.get(f"/q/{removed.pk}/").status_code == 410
    assert client.get(f"/speakers/{redirect.old_slug}/").status_code == 301


def test_new_rows_after_a_restore_never_take_a_restored_or_tombstoned_id(cast, tmp_path):
    tombstone_id = RemovedUtterance.objects.get().pk
    assert tombstone_id > Utterance.objects.order_by("-pk").first().pk
    export_archive(tmp_path / "out")
    _empty_the_archive()
    call_command("import_archive", tmp_path / "out", stdout=io.StringIO())

    line = make_utterance(Episode.objects.get(slug="one"), text="A new line.")
    show = make_show()

    assert line.pk > tombstone_id
    assert show.pk > Show.objects.exclude(pk=show.pk).get().pk


def test_a_database_that_holds_an_archive_is_refused_and_left_alone(cast, tmp_path):
    export_archive(tmp_path / "out")

    with pytest.raises(CommandError, match=r"already holds shows.*--merge"):
        call_command("import_archive", tmp_path / "out")

    assert Utterance.objects.count() == 3


def test_a_changed_file_is_refused_by_name_before_anything_is_written(cast, tmp_path):
    export_archive(tmp_path / "out")
    _empty_the_archive()
    transcript = tmp_path / "out" / "transcripts" / "signal" / "one.json"
    transcript.write_text(transcript.read_text().replace("welcome", "goodbye"))

    with pytest.raises(CommandError, match=r"transcripts/signal/one\.json does not match"):
        call_command("import_archive", tmp_path / "out")

    assert not Show.objects.exists()


def test_an_export_that_did_not_finish_is_refused(db, tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "shows.jsonl").write_text("")

    with pytest.raises(CommandError, match=r"has no manifest\.json"):
        call_command("import_archive", tmp_path / "out")


def test_export_refuses_a_directory_that_is_not_empty(cast, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="is not an empty directory"):
        call_command("export_archive", tmp_path)


def test_a_restore_that_fails_late_lands_nothing(cast, tmp_path):
    export_archive(tmp_path / "out")
    _empty_the_archive()
    segments = json.loads((tmp_path / "out" / "transcripts" / "signal" / "one.json").read_text())
    live_id = segments["segments"][0]["archive"]["id"]  # the tombstone will claim a live id
    tombstones = tmp_path / "out" / "tombstones.jsonl"
    row = json.loads(tombstones.read_text())
    tombstones.write_text(json.dumps({**row, "id": live_id}) + "\n")
    _rewrite_checksums(tmp_path / "out")

    with pytest.raises(CommandError, match=f"quote {live_id} is both live and tombstoned"):
        call_command("import_archive", tmp_path / "out")

    assert [model.objects.count() for model in ARCHIVE_MODELS] == [0] * len(ARCHIVE_MODELS)


def test_merge_refuses_the_first_taken_id_or_slug_by_name(cast, tmp_path):
    export_archive(tmp_path / "out")

    with pytest.raises(CommandError, match=r"shows\.jsonl: show id \d+ is already a show's id"):
        call_command("import_archive", tmp_path / "out", merge=True)


def test_merge_refuses_a_line_that_would_take_a_tombstoned_id(cast, tmp_path):
    export_archive(tmp_path / "out")
    kept_tombstone = RemovedUtterance.objects.get()
    _empty_the_archive()
    line_id = json.loads((tmp_path / "out" / "transcripts" / "signal" / "one.json").read_text())
    line_id = line_id["segments"][0]["archive"]["id"]
    RemovedUtterance.objects.create(id=line_id, text="Gone here.")

    with pytest.raises(CommandError, match=f"utterance id {line_id} is already a removed"):
        call_command("import_archive", tmp_path / "out", merge=True)

    assert kept_tombstone.pk != line_id


def test_merge_adds_an_archive_whose_ids_and_slugs_are_new_here(cast, tmp_path):
    export_archive(tmp_path / "out")
    _empty_the_archive()
    elsewhere = make_show(id=900, slug="elsewhere")

    call_command("import_archive", tmp_path / "out", merge=True, stdout=io.StringIO())

    assert set(Show.objects.values_list("slug", flat=True)) == {"signal", elsewhere.slug}
    assert find_drift() == []


def test_progress_is_drawn_on_a_terminal(cast, tmp_path):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    export_archive(tmp_path / "out", progress=screen)

    assert "utterances [##############################] 3/3\n" in screen.getvalue()


@pytest.mark.django_db
def test_the_demo_archive_moves_to_the_other_database_with_every_permalink(
    other_database, tmp_path
):
    load_demo()
    curation.delete_utterances(Utterance.objects.filter(pk=Utterance.objects.order_by("pk")[40].pk))
    ada = Speaker.objects.get(slug="ada-okafor")
    curation.rename_speaker_slug(ada, "ada-okafor-host")
    export_archive(tmp_path / "here")

    moved = _in_other_database(other_database, tmp_path)

    assert _differences(tmp_path / "here", tmp_path / "there") == []
    assert moved == what_permalinks_answer()
    assert len(moved["lines"]) > 1000 and len(moved["tombstones"]) == 1


def what_permalinks_answer() -> dict:
    """Every quote id's words (live) or forward (tombstoned), and a sample of the pages
    themselves: status and a hash of the HTML. Run on both sides of the move."""
    lines = {str(pk): text for pk, text in Utterance.objects.values_list("pk", "text")}
    tombstones = {
        str(pk): moved_to for pk, moved_to in RemovedUtterance.objects.values_list("pk", "moved_to")
    }
    sample = sorted(map(int, lines))[::PAGE_SAMPLE] + sorted(map(int, tombstones))
    client = Client()
    pages = {}
    for pk in sample:
        response = client.get(f"/q/{pk}/")
        pages[str(pk)] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
    return {"lines": lines, "tombstones": tombstones, "pages": pages}


@pytest.fixture
def other_database(tmp_path):
    """A fresh database of the other kind: a scratch PostgreSQL database (created and
    dropped here, never the suite's) when the suite runs on SQLite; else a SQLite file."""
    if connection.vendor == "postgresql":
        yield f"sqlite:///{tmp_path / 'moved.sqlite3'}"
        return
    psycopg = pytest.importorskip("psycopg")
    name = f"archive_roundtrip_{secrets.token_hex(4)}"
    server = _with_database(POSTGRES_URL, "postgres")
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable at {server}: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield _with_database(POSTGRES_URL, name)
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _in_other_database(url: str, tmp_path: Path) -> dict:
    """migrate, import_archive ``here``, export_archive ``there``, and what the permalinks
    answer there: each through manage.py in a subprocess on ``url``."""
    answers = tmp_path / "answers.json"
    check = (
        "import json, os; from django.test.utils import setup_test_environment; "
        "setup_test_environment(debug=False); "
        "from tests.archive.test_portable import what_permalinks_answer; "
        "open(os.environ['ANSWERS'], 'w').write(json.dumps(what_permalinks_answer()))"
    )
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["import_archive", str(tmp_path / "here")],
        ["export_archive", str(tmp_path / "there")],
        ["shell", "-v0", "-c", check],
    ):
        _manage(command, DATABASE_URL=url, ANSWERS=str(answers))
    return json.loads(answers.read_text())


def _manage(args: list[str], **env) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {args[0]}: {result.stderr}"


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _differences(before: Path, after: Path) -> list[str]:
    """The files that differ between two exports; the manifests may differ only in when."""
    names = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    names |= {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    differ = []
    for name in sorted(names - {MANIFEST}):
        if not (before / name).is_file() or not (after / name).is_file():
            differ.append(f"{name} is in one export only")
        elif (before / name).read_bytes() != (after / name).read_bytes():
            differ.append(name)
    manifests = [json.loads((side / MANIFEST).read_text()) for side in (before, after)]
    for manifest in manifests:
        manifest.pop("created_at")
    if manifests[0] != manifests[1]:
        differ.append(MANIFEST)
    return differ


def _empty_the_archive() -> None:
    """Delete every archive row, search entries included, and reset the id counters:
    the test database as a fresh one after migrate. (No curation: no tombstones.)"""
    search.forget(Utterance.objects.values_list("pk", flat=True))
    for model in reversed(ARCHIVE_MODELS):
        model.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in connection.ops.sequence_reset_sql(no_style(), ARCHIVE_MODELS):
                cursor.execute(statement)
        else:
            cursor.execute("DELETE FROM sqlite_sequence")


def _rewrite_checksums(directory: Path) -> None:
    manifest = json.loads((directory / MANIFEST).read_text())
    for name, entry in manifest["files"].items():
        entry["sha256"] = sha256_of(directory / name)
    (directory / MANIFEST).write_text(json.dumps(manifest))
