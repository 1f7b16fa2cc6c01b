from django.core.management.base import BaseCommand, CommandError

from archive.curation.audit import find_drift, repair


class Command(BaseCommand):
    help = (
        "Recount everything derived (appearance counts, tombstones, slugs, alias keys, "
        "the search index) from scratch and report drift; exits 1 when there is any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Recount drifted appearances, reindex drifted lines; recheck.",
        )

    def handle(self, *args, **options):
        drift = find_drift()
        if drift and options["repair"]:
            repair(drift)
            self.stdout.write(f"Repaired what recounting fixes ({len(drift)} found).")
            drift = find_drift()
        for item in drift:
            self.stdout.write(f"drift: {item}")
        if drift:
            raise CommandError(f"{len(drift)} derived values drifted; see above.")
        self.stdout.write("No drift: every derived value matches a recount.")
