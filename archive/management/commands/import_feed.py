from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.feeds.fetch import FetchError
from archive.feeds.importer import Options, import_feed_file, import_feed_url
from archive.feeds.parsed import FeedError
from archive.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Add a show from its RSS feed (a URL or a saved file), or refresh it: episodes, "
        "credited people and their transcripts. Idempotent by guid; a curator's edits stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("feed", help="an http(s) URL, or the path of a saved feed file")
        parser.add_argument(
            "--show", default="", help="import into (or create) the show with this slug"
        )
        parser.add_argument(
            "--no-transcripts", action="store_true", help="do not fetch the items' transcripts"
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument(
            "--changes-only", action="store_true", help="leave unchanged items out of the summary"
        )

    def handle(self, *args, feed, show, no_transcripts, dry_run, changes_only, **options):
        options = Options(
            show_slug=show,
            transcripts=not no_transcripts,
            dry_run=dry_run,
            progress=ProgressBar("transcripts", self.stderr._out),
        )
        try:
            summary = self._import(feed, options)
        except (FeedError, FetchError) as error:
            raise CommandError(str(error)) from None
        for line in summary.lines(every_item=not changes_only):
            self.stdout.write(line)

    def _import(self, feed: str, options: Options):
        if feed.startswith(("http://", "https://")):
            return import_feed_url(feed, options)
        path = Path(feed)
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{feed}: {error.strerror}") from None
        return import_feed_file(data, source=path.name, options=options)
