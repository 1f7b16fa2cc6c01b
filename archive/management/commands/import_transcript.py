import argparse
import math
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive.formats import FORMATS, TranscriptError
from archive.ingest import (
    configured_limits,
    import_transcript_file,
    parse_speaker_map,
    read_transcript_path,
)
from archive.models import Episode
from archive.turns import DEFAULT_MAX_GAP_MS


def seconds(value: str) -> float:
    """An argparse type: a finite, non-negative number of seconds."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a finite, non-negative number")
    return number


class Command(BaseCommand):
    help = (
        "Import a transcript file into an episode. Re-importing a corrected file keeps the "
        "ids (permalinks) of lines that survive. Nothing is written on error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--episode", required=True, help="SHOW-SLUG/EPISODE-SLUG")
        parser.add_argument("--format", choices=sorted(FORMATS), help="skip auto-detection")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="LABEL=NAME",
            help='attribute a label to a person (name or slug), e.g. "Speaker 1=Jane Doe"',
        )
        parser.add_argument(
            "--gap",
            type=seconds,
            default=DEFAULT_MAX_GAP_MS / 1000,
            help="seconds of silence that split one speaker's turn (default %(default)s)",
        )
        parser.add_argument(
            "--max-bytes", type=int, help="refuse larger files (default: TRANSCRIPT_MAX_BYTES)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--force",
            action="store_true",
            help="read and re-import the file even when it is the one last imported "
            "(same SHA-256), e.g. after a parser fix or to undo edits made since",
        )

    def handle(self, *args, file, episode, format, map, gap, max_bytes, dry_run, force, **options):
        target = self._episode(episode)
        limits = configured_limits(max_bytes=max_bytes) if max_bytes else configured_limits()
        try:
            data = read_transcript_path(file, limits)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from None
        except TranscriptError as error:
            raise CommandError(str(error)) from None
        try:
            speaker_map = parse_speaker_map(map)
        except ValueError as error:
            raise CommandError(f"--map {error}") from None
        try:
            summary = import_transcript_file(
                target,
                data,
                source=file.name,
                format=format,
                speaker_map=speaker_map,
                max_gap_ms=round(gap * 1000),
                dry_run=dry_run,
                limits=limits,
                force=force,
            )
        except TranscriptError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(f"{file.name}: the database refused the import ({error})") from None
        self.stdout.write("\n".join(summary.lines()))
        if summary.already_imported:
            self.stdout.write("  not read again; --force reads and re-imports it")

    def _episode(self, reference: str) -> Episode:
        show_slug, _, episode_slug = reference.partition("/")
        try:
            return Episode.objects.select_related("show").get(
                show__slug=show_slug, slug=episode_slug
            )
        except Episode.DoesNotExist:
            raise CommandError(
                f"no episode {reference!r}: use SHOW-SLUG/EPISODE-SLUG of an existing episode"
            ) from None
