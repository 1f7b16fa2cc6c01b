from django.core.management.base import BaseCommand, CommandError

from archive.demo import DEMO_MANIFEST, ManifestError, load_demo
from archive.formats import TranscriptError


class Command(BaseCommand):
    help = "Load the demo archive through the real importer (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--manifest", default=str(DEMO_MANIFEST))

    def handle(self, *args, manifest, **options):
        from pathlib import Path

        try:
            report = load_demo(Path(manifest))
        except (ManifestError, TranscriptError) as error:
            raise CommandError(str(error)) from None
        if not report.changed:
            self.stdout.write("Demo archive already loaded; nothing changed.")
            return
        utterances = sum(summary.created for summary in report.imports)
        self.stdout.write(
            f"Demo archive: {report.shows_created} shows, {report.episodes_created} episodes, "
            f"{report.speakers_created} speakers, {len(report.imports)} transcripts "
            f"({utterances} utterances) created."
        )
        for summary in report.feeds:
            self.stdout.write("\n".join(summary.lines(items=False)))
