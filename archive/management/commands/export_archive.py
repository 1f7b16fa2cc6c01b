import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.portable import PortableError, export_archive


class Command(BaseCommand):
    help = (
        "Write the whole archive into a new directory in open formats: JSON Lines per table, "
        "a Podcasting 2.0 JSON transcript per episode (quote ids kept), and a manifest "
        "with counts and checksums. import_archive restores it on any database."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a new or empty directory")

    def handle(self, *args, directory, **options):
        started = time.monotonic()
        try:
            report = export_archive(directory, progress=self.stderr._out)
        except (OSError, PortableError) as error:
            raise CommandError(str(error)) from None
        self.stdout.write("\n".join(report.lines()))
        self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")
