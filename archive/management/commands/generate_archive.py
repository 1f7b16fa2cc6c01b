from django.core.management.base import BaseCommand, CommandError

from archive.synthetic import SCALES, ArchiveNotEmpty, generate_archive


class Command(BaseCommand):
    help = (
        "Generate a deterministic synthetic archive for benchmarking: small (~50,000 "
        "utterances, seconds), medium (~1,000,000, minutes) or large (~5,000,000, for "
        "PostgreSQL). The same --seed gives the same archive. Refuses a database that "
        "already holds an archive unless --flush, which deletes ALL of it first (every "
        "show, episode, speaker, line and tombstone). Run check_archive afterwards to "
        "confirm there is no drift."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", choices=sorted(SCALES), default="small", help="how big (default: small)"
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="which archive of that size (default: 1)"
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="empty every archive table (and the search index) before generating",
        )

    def handle(self, *args, scale, seed, flush, **options):
        self.stdout.write(f"Generating the {scale} archive, seed {seed}…")
        try:
            generated = generate_archive(
                SCALES[scale], seed, flush=flush, report=lambda line: self.stdout.write(line)
            )
        except ArchiveNotEmpty as error:
            raise CommandError(str(error)) from None
        self.stdout.write(generated.summary())
