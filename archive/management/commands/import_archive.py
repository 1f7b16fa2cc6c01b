import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from archive.portable import PortableError, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an export_archive directory with every quote id, slug and tombstone, so "
        "every permalink keeps working. Checksums are verified first; all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="a directory export_archive wrote")
        parser.add_argument(
            "--merge",
            action="store_true",
            help="add to a database that already holds an archive, refused if any id or "
            "slug is taken there (speakers are never merged: see merge_speakers in the admin)",
        )

    def handle(self, *args, directory, merge, **options):
        started = time.monotonic()
        try:
            report = restore_archive(directory, merge=merge, progress=self.stderr._out)
        except (OSError, PortableError) as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"the database refused the archive ({error}); nothing was imported"
            ) from None
        self.stdout.write("\n".join(report.lines()))
        self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")
