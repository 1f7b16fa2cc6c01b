from django.core.management.base import BaseCommand, CommandError

from archive.feeds.fetch import FetchError
from archive.feeds.importer import Options, refresh_show
from archive.feeds.parsed import FeedError
from archive.models import Show


class Command(BaseCommand):
    help = (
        "Refresh every show that has a feed URL (for cron). One failing feed does not stop "
        "the rest; the exit status is non-zero if any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("shows", nargs="*", metavar="SHOW-SLUG", help="only these shows")
        parser.add_argument(
            "--no-transcripts", action="store_true", help="do not fetch the items' transcripts"
        )

    def handle(self, *args, shows, no_transcripts, **options):
        queryset = Show.objects.exclude(feed_url="").order_by("slug")
        if shows:
            queryset = queryset.filter(slug__in=shows)
        failed = []
        for show in queryset:
            try:
                summary = refresh_show(show, Options(transcripts=not no_transcripts))
            except (FeedError, FetchError) as error:
                failed.append(show.slug)
                self.stderr.write(f"{show.slug}: {error}")
                continue
            except Exception as error:  # one broken feed must not stop the others
                failed.append(show.slug)
                self.stderr.write(f"{show.slug}: failed unexpectedly: {error!r}")
                continue
            for line in summary.lines(every_item=False):
                self.stdout.write(line)
        if failed:
            raise CommandError(f"{len(failed)} feeds failed: {', '.join(failed)}")
