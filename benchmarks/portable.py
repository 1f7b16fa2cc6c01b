"""Export and import times: the demo archive and a synthetic one, on SQLite and PostgreSQL.

    .venv/bin/python benchmarks/portable.py                  # 50,000 synthetic lines
    .venv/bin/python benchmarks/portable.py --lines 200000
    PORTABLE_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python ...

Every database here is a scratch one of its own: a temporary SQLite file, or a
PostgreSQL database ``portable_bench_<random>`` created and dropped on the
server PORTABLE_POSTGRES_URL names (PostgreSQL is skipped when unreachable).
Not ``support.on_test_database``: that makes ``test_<name>`` of DATABASE_URL,
which may be the database a test suite is using right then.

Each step is the real command in a subprocess (``manage.py export_archive``,
then ``import_archive`` into a freshly migrated database), timed from outside,
Python's and Django's start-up included (measured apart with ``diffsettings``).
The million-line projection scales the synthetic run, less start-up, linearly:
every step is linear (batched fetches and inserts, one reindex pass, one recount).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from support import REPO

POSTGRES = os.environ.get("PORTABLE_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
LINES_PER_EPISODE = 200
SPEAKERS = 200
SHOWS = 10
# One line in this many is deleted (a tombstone), one tombstone in ten forwards.
TOMBSTONE_EVERY = 100
VOCABULARY = (
    "the a we said because data model cache people listen really think question answer "
    "time year show guest host story never always maybe music garden kitchen river city"
)
WORDS = VOCABULARY.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000, help="synthetic archive size")
    parser.add_argument("--fill", type=int, help=argparse.SUPPRESS)  # internal: fill DATABASE_URL
    options = parser.parse_args()
    if options.fill is not None:
        fill(options.fill)
        return
    print(f"{'database':10} {'archive':18} {'lines':>9} {'export s':>9} {'import s':>9} {'MB':>6}")
    for kind in ("sqlite", "postgresql"):
        with scratch_databases(kind) as databases:
            if databases is None:
                print(f"{kind:10} (not reachable at {POSTGRES}; skipped)")
                continue
            for archive in ("demo", options.lines):
                measure(kind, archive, databases)


def measure(kind: str, archive: str | int, databases) -> None:
    source, target = next(databases), next(databases)
    manage(source, "migrate", "--noinput", "-v0")
    if archive == "demo":
        manage(source, "load_demo")
    else:
        run([sys.executable, __file__, "--fill", str(archive)], source)
    start_up = timed(lambda: manage(source, "diffsettings"))
    with tempfile.TemporaryDirectory() as scratch:
        export = Path(scratch) / "export"
        exported = timed(lambda: manage(source, "export_archive", str(export)))
        manage(target, "migrate", "--noinput", "-v0")
        imported = timed(lambda: manage(target, "import_archive", str(export)))
        size = sum(p.stat().st_size for p in export.rglob("*") if p.is_file()) / 1e6
        lines = count_lines(export)
    label = "demo" if archive == "demo" else "synthetic"
    print(f"{kind:10} {label:18} {lines:9,} {exported:9.2f} {imported:9.2f} {size:6.1f}")
    if archive != "demo":
        scale = 1_000_000 / lines
        export_m, import_m = (start_up + (t - start_up) * scale for t in (exported, imported))
        print(
            f"{kind:10} {'→ 1,000,000 lines':18} {1_000_000:9,} "
            f"{export_m:9.0f} {import_m:9.0f} {size * scale:6.0f}"
            f"   (start-up {start_up:.1f} s not scaled)"
        )


@contextmanager
def scratch_databases(kind: str):
    """An iterator of fresh database URLs of ``kind``, every one dropped afterwards."""
    made: list[str] = []
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield (f"sqlite:///{folder}/db{n}.sqlite3" for n in range(100))
        return
    import psycopg

    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError:
        yield None
        return

    def fresh():
        while True:
            name = f"portable_bench_{secrets.token_hex(4)}"
            admin.execute(f'CREATE DATABASE "{name}"')
            made.append(name)
            yield urlunsplit(urlsplit(POSTGRES)._replace(path=f"/{name}"))

    with admin:
        try:
            yield fresh()
        finally:
            for name in made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database: str, *args: str) -> None:
    run([sys.executable, "manage.py", *args], database)


def run(command: list[str], database: str) -> None:
    env = {**os.environ, "DATABASE_URL": database}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"{' '.join(command[1:3])} failed:\n{result.stderr}")


def timed(step) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def count_lines(export: Path) -> int:
    import json

    return json.loads((export / "manifest.json").read_text())["counts"]["utterances"]


def fill(lines: int) -> None:
    """A synthetic archive of ``lines`` utterances in DATABASE_URL, drift-free, in seconds:
    bulk inserts with exact appearance counts, tombstones, then one search rebuild."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import transaction

    from archive import search

    with transaction.atomic():
        _fill(lines, random.Random(lines))
        search.rebuild()


def _fill(lines: int, chance: random.Random) -> None:
    from archive.models import Appearance, Episode, RemovedUtterance, Show, Utterance
    from archive.turns import word_count
    from speakers.models import Speaker, SpeakerAlias

    speakers = Speaker.objects.bulk_create(
        Speaker(name=f"Person {n}", slug=f"person-{n}") for n in range(SPEAKERS)
    )
    SpeakerAlias.objects.bulk_create(SpeakerAlias.build(s, s.name) for s in speakers)
    shows = Show.objects.bulk_create(
        Show(title=f"Show {n}", slug=f"show-{n}") for n in range(SHOWS)
    )
    episodes = Episode.objects.bulk_create(
        Episode(show=shows[n % SHOWS], guid=f"g{n}", slug=f"episode-{n}", title=f"Episode {n}")
        for n in range(max(1, lines // LINES_PER_EPISODE))
    )
    utterances, tombstones, counts = [], [], {}
    for number in range(1, lines + 1):
        episode = episodes[min((number - 1) // LINES_PER_EPISODE, len(episodes) - 1)]
        speaker = speakers[(episode.pk * 7 + number % 4) % SPEAKERS]
        text = " ".join(chance.choices(WORDS, k=chance.randint(3, 40))).capitalize() + "."
        sequence, start = number % LINES_PER_EPISODE, (number % LINES_PER_EPISODE) * 5000
        if number % TOMBSTONE_EVERY == 0:
            forward = number - 1 if number % (TOMBSTONE_EVERY * 10) == 0 else None
            tombstones.append(
                RemovedUtterance(id=number, episode=episode, text=text, moved_to=forward)
            )
            continue
        utterances.append(
            Utterance(
                id=number,
                episode=episode,
                speaker=speaker,
                speaker_label=speaker.name,
                sequence=sequence,
                start_ms=start,
                end_ms=start + 4000,
                text=text,
            )
        )
        heard, words = counts.get((episode.pk, speaker.pk), (0, 0))
        counts[episode.pk, speaker.pk] = (heard + 1, words + word_count(text))
    Utterance.objects.bulk_create(utterances, batch_size=2000)
    RemovedUtterance.objects.bulk_create(tombstones, batch_size=2000)
    Appearance.objects.bulk_create(
        (
            Appearance(episode_id=e, speaker_id=s, utterance_count=n, word_count=w)
            for (e, s), (n, w) in counts.items()
        ),
        batch_size=2000,
    )


if __name__ == "__main__":
    main()
