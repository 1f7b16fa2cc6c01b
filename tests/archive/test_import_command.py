"""``manage.py import_transcript``: the command-line entry point to the importer."""

import pytest
from django.core.management import CommandError, call_command

from archive.models import Utterance
from speakers.models import Speaker
from tests.factories import make_episode, vtt

pytestmark = pytest.mark.django_db

SAMPLE = vtt(
    ("Speaker 1", 0, 2000, "Welcome to the show."),
    ("Speaker 2", 2000, 4000, "Glad to be here."),
    ("Speaker 1", 4000, 6000, "Let us begin."),
)


@pytest.fixture
def episode():
    return make_episode(slug="pilot", show=make_episode().show)


def run(capsys, *args):
    call_command("import_transcript", *args)
    return capsys.readouterr().out


def test_import_prints_the_summary(tmp_path, capsys, episode):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    out = run(
        capsys, str(path), "--episode", f"{episode.show.slug}/pilot", "--map", "Speaker 1=Jane Doe"
    )

    assert "Imported WebVTT into " in out and "(starts with a WEBVTT header)" in out
    assert "3 created, 0 updated, 0 unchanged, 0 removed" in out
    assert "unattributed labels (map them to people): Speaker 2" in out
    assert Speaker.objects.get().name == "Jane Doe"


def test_running_the_same_import_again_changes_nothing(tmp_path, capsys, episode):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)
    run(capsys, str(path), "--episode", f"{episode.show.slug}/pilot")
    ids = list(Utterance.objects.values_list("id", flat=True))

    out = run(capsys, str(path), "--episode", f"{episode.show.slug}/pilot")

    assert "0 created, 0 updated, 3 unchanged, 0 removed" in out
    assert list(Utterance.objects.values_list("id", flat=True)) == ids


def test_dry_run_reports_without_writing(tmp_path, capsys, episode):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    out = run(capsys, str(path), "--episode", f"{episode.show.slug}/pilot", "--dry-run")

    assert "Would import" in out
    assert not Utterance.objects.exists()


def test_bad_input_names_file_and_cue_and_writes_nothing(tmp_path, episode):
    path = tmp_path / "broken.vtt"
    # No good cue at all (one bad cue among good ones is skipped with a warning instead).
    path.write_bytes(
        b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nbackwards\n\n00:00:03.000 -> 4\nbad\n"
    )

    with pytest.raises(CommandError, match=r"broken\.vtt: cue 1\b"):
        call_command("import_transcript", str(path), "--episode", f"{episode.show.slug}/pilot")
    assert not Utterance.objects.exists()


def test_unknown_episode_is_refused(tmp_path):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    with pytest.raises(CommandError, match="no episode 'nope/nothing'"):
        call_command("import_transcript", str(path), "--episode", "nope/nothing")


def test_missing_file_is_refused(tmp_path, episode):
    with pytest.raises(CommandError, match="No such file"):
        call_command(
            "import_transcript",
            str(tmp_path / "gone.vtt"),
            "--episode",
            f"{episode.show.slug}/pilot",
        )


def test_malformed_map_is_refused(tmp_path, episode):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    with pytest.raises(CommandError, match='--map entry 1: expected "LABEL=NAME"'):
        call_command(
            "import_transcript",
            str(path),
            "--episode",
            f"{episode.show.slug}/pilot",
            "--map",
            "oops",
        )


def test_file_over_the_size_limit_is_refused(tmp_path, episode):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    with pytest.raises(CommandError, match="over the 10-byte limit"):
        call_command(
            "import_transcript",
            str(path),
            "--episode",
            f"{episode.show.slug}/pilot",
            "--max-bytes",
            "10",
        )


def test_command_exits_with_status_1_and_no_traceback(tmp_path, episode, capsys):
    from django.core.management import execute_from_command_line

    path = tmp_path / "broken.vtt"
    path.write_bytes(b"not a transcript at all")
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(
            ["manage.py", "import_transcript", str(path), "--episode", f"{episode.show.slug}/pilot"]
        )
    assert exit.value.code == 1
    err = capsys.readouterr().err
    assert "broken.vtt" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("gap", ["nan", "inf", "-1", "soon"])
def test_bad_gap_is_a_usage_error(tmp_path, episode, gap):
    path = tmp_path / "pilot.vtt"
    path.write_bytes(SAMPLE)

    with pytest.raises(CommandError, match="--gap"):
        call_command(
            "import_transcript", str(path), "--episode", f"{episode.show.slug}/pilot", "--gap", gap
        )


def test_summary_shows_the_title_the_file_gives(tmp_path, capsys, episode):
    path = tmp_path / "titled.vtt"
    path.write_bytes(SAMPLE.replace(b"WEBVTT", b"WEBVTT - The Pilot Episode", 1))

    out = run(capsys, str(path), "--episode", f"{episode.show.slug}/pilot")

    assert "  title in the file: The Pilot Episode" in out
