"""Import speed: utterances per second through the real import service, and peak memory.

Runs against a throwaway test database on whatever DATABASE_URL selects
(SQLite by default, in a temporary file so that several processes can share
it), so it never touches your data:

    .venv/bin/python benchmarks/import_speed.py [CUES]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/import_speed.py

Prints, per corpus file (../shared/corpus) and for a synthetic 5,000-turn
episode: the parse time, the first import, and a forced re-import of the same
bytes (which must change nothing). Then, for a synthetic long episode (50,000
cues unless CUES says otherwise; four named speakers taking turns, so one
attributed turn per cue): a fresh import, a re-import of the very same bytes
(the content-hash shortcut), the same bytes forced through the full
re-import, and a re-import with every line reworded, in three rounds (medians
shown). Each of those runs in a fresh Python process, so its peak memory is
its own: the process's peak resident set size
(``getrusage(RUSAGE_SELF).ru_maxrss`` read at the end of the child), shown
with the resident size the child had before the step (Django loaded, the
file's bytes built). Numbers, not assertions: compare runs by eye.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from support import REPO, on_test_database, webvtt

CORPUS = REPO.parent / "shared" / "corpus"
TRANSCRIPT_PREFIXES = ("vtt_", "srt_", "html_", "p20json_", "json_", "txt_", "otter_")
REPEATS = 3
LONG_CUES = 50_000
LONG_GUID = "long-episode"
LONG_ROUNDS = 3
# A cue every three seconds keeps 50,000 cues inside the importer's 48-hour limit.
LONG_EVERY_MS = 3000
LONG_VOICES = ("Ann Lee", "Bo Diaz", "Cy Young", "Di Kay")
ORIGINAL_WORDING = "said with a few more words"
OTHER_WORDING = "now phrased in other words entirely"
# Step name -> (wording, force): run in this order, each in its own process.
LONG_STEPS = {
    "fresh import": (ORIGINAL_WORDING, False),
    "same bytes again": (ORIGINAL_WORDING, False),
    "same bytes, forced": (ORIGINAL_WORDING, True),
    "every line reworded": (OTHER_WORDING, False),
}


def run(cues: int) -> None:
    print(f"{'file':58} {'turns':>6} {'parse ms':>9} {'import/s':>9} {'reimport/s':>10}")
    for name, data in samples():
        report(name, data)
    report_rewrite(5000)
    report_long_episode(cues)


def samples():
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.name.startswith(TRANSCRIPT_PREFIXES):
                yield path.name, path.read_bytes()
    else:
        print(f"(no corpus at {CORPUS}; synthetic sample only)")
    yield "synthetic: 5,000 turns, 4 speakers", synthetic_vtt(5000)


def synthetic_vtt(
    turns: int,
    wording: str = ORIGINAL_WORDING,
    every_ms: int = 4000,
    voices: tuple[str, ...] = ("Person 0", "Person 1", "Person 2", "Person 3"),
) -> bytes:
    """``voices`` taking turns, one cue each ``every_ms``.

    "Person 0" is a placeholder label (left unattributed); the long episode's
    voices are names, so its lines are attributed as a real interview's are.
    """
    return webvtt(
        (
            voices[number % len(voices)],
            number * every_ms,
            number * every_ms + every_ms - 500,
            f"This is line {number}, {wording} "
            "so that it reads like a real turn in a conversation.",
        )
        for number in range(turns)
    )


def report_rewrite(turns: int) -> None:
    """Re-import a transcript whose every line was reworded: the matcher's worst case."""
    from archive.ingest import import_transcript_file
    from archive.models import Episode, Show

    show, _ = Show.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
    episode = Episode.objects.create(show=show, guid="rewrite", slug="rewrite", title="rewrite")
    import_transcript_file(episode, synthetic_vtt(turns), source="original.vtt")
    reworded = synthetic_vtt(turns, wording=OTHER_WORDING)
    started = time.perf_counter()
    summary = import_transcript_file(episode, reworded, source="reworded.vtt")
    rate = summary.updated / (time.perf_counter() - started)
    label = "synthetic: every line reworded, ids kept"
    print(f"{label:58} {summary.updated:>6} {'':>9} {'':>9} {rate:>10,.0f}")


def report(name: str, data: bytes) -> None:
    """Parse, first import and forced re-import of one file (medians of ``REPEATS`` runs)."""
    from archive.formats import read_transcript
    from archive.ingest import import_transcript_file
    from archive.models import Episode, Show

    parse_times, import_rates, reimport_rates = [], [], []
    for attempt in range(REPEATS):
        started = time.perf_counter()
        read_transcript(data, source=name)
        parse_times.append(time.perf_counter() - started)

        show, _ = Show.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
        episode = Episode.objects.create(
            show=show, guid=f"{name}-{attempt}", slug=f"e{attempt}-{abs(hash(name))}", title=name
        )
        started = time.perf_counter()
        summary = import_transcript_file(episode, data, source=name)
        import_rates.append(summary.created / (time.perf_counter() - started))

        started = time.perf_counter()
        again = import_transcript_file(episode, data, source=name, **forced())
        reimport_rates.append(again.unchanged / (time.perf_counter() - started))
        if again.changed:
            raise SystemExit(f"{name}: re-importing the same bytes changed something")
    print(
        f"{name[:58]:58} {summary.created:>6} {statistics.median(parse_times) * 1000:>9.1f} "
        f"{statistics.median(import_rates):>9,.0f} {statistics.median(reimport_rates):>10,.0f}"
    )


def forced() -> dict:
    """``force=True`` where the import service has it (it did not always)."""
    import inspect

    from archive.ingest import import_transcript_file

    return (
        {"force": True} if "force" in inspect.signature(import_transcript_file).parameters else {}
    )


def report_long_episode(cues: int) -> None:
    """The long episode's four steps, each in a child process on this test database.

    ``LONG_ROUNDS`` rounds, each on an episode of its own; the median time of
    each step is shown, and the highest peak.
    """
    from django.db import connection

    from archive.formats import read_transcript
    from archive.models import Episode, Show

    data = synthetic_vtt(cues, every_ms=LONG_EVERY_MS, voices=LONG_VOICES)
    started = time.perf_counter()
    read_transcript(data, source="long.vtt")
    parse_seconds = time.perf_counter() - started
    show, _ = Show.objects.get_or_create(slug="bench", defaults={"title": "Bench"})
    results: dict[str, list[dict]] = {step: [] for step in LONG_STEPS}
    for round_number in range(LONG_ROUNDS):
        guid = f"{LONG_GUID}-{round_number}"
        Episode.objects.create(show=show, guid=guid, slug=guid, title="Long episode")
        for step in LONG_STEPS:
            results[step].append(run_child(step, cues, connection.settings_dict["NAME"], guid))
    print(f"\nsynthetic long episode: {cues:,} cues, {len(data) / 2**20:.1f} MiB, parse alone")
    print(f"{parse_seconds:.2f} s; each step in a fresh process, median of {LONG_ROUNDS} rounds")
    print(
        f"{'step':24} {'lines':>7} {'seconds':>8} {'lines/s':>9} {'RSS before':>11} {'peak RSS':>9}"
    )
    for step, rounds in results.items():
        lines = rounds[0]["lines"]
        seconds = statistics.median(result["seconds"] for result in rounds)
        rate = lines / seconds if seconds else 0
        before = max(result["rss_before_mb"] for result in rounds)
        peak = max(result["peak_rss_mb"] for result in rounds)
        print(
            f"{step:24} {lines:>7,} {seconds:>8.3f} {rate:>9,.0f} {before:>8.0f} MB {peak:>6.0f} MB"
        )


def run_child(step: str, cues: int, database: str, guid: str) -> dict:
    command = [
        sys.executable,
        __file__,
        *("--step", step, "--database", database, "--episode", guid, str(cues)),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode:
        raise SystemExit(f"step {step!r} failed:\n{finished.stderr}")
    return json.loads(finished.stdout.strip().splitlines()[-1])


def child(step: str, cues: int, database: str, guid: str) -> None:
    """One long-episode step in this fresh process; prints its numbers as one JSON line."""
    import django

    django.setup()
    from django.db import connection

    from archive.ingest import import_transcript_file
    from archive.models import Episode

    connection.settings_dict["NAME"] = database
    wording, force = LONG_STEPS[step]
    data = synthetic_vtt(cues, wording, every_ms=LONG_EVERY_MS, voices=LONG_VOICES)
    episode = Episode.objects.select_related("show").get(guid=guid)
    rss_before = resident_mb()
    options = forced() if force else {}
    started = time.perf_counter()
    summary = import_transcript_file(episode, data, source=f"{step}.vtt", **options)
    seconds = time.perf_counter() - started
    lines = {"fresh import": summary.created, "every line reworded": summary.updated}
    result = {
        "lines": lines.get(step, summary.unchanged),
        "seconds": seconds,
        "rss_before_mb": rss_before,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    print(json.dumps(result))


def resident_mb() -> float:
    """This process's resident set size now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def on_shared_test_database(cues: int) -> None:
    """``on_test_database``, with SQLite's test database in a file the children can open."""
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    with tempfile.TemporaryDirectory() as directory:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path(directory) / "bench.sqlite3")
        on_test_database(lambda: run(cues))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cues", nargs="?", type=int, default=LONG_CUES)
    parser.add_argument("--step", choices=list(LONG_STEPS))
    parser.add_argument("--database")
    parser.add_argument("--episode")
    arguments = parser.parse_args()
    if arguments.step:
        sys.path.insert(0, str(REPO))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        child(arguments.step, arguments.cues, arguments.database, arguments.episode)
    else:
        on_shared_test_database(arguments.cues)


if __name__ == "__main__":
    main()
