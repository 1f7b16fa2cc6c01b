"""Import speed: utterances per second through the real import service.

Runs against a throwaway test database on whatever DATABASE_URL selects
(SQLite by default), so it never touches your data:

    .venv/bin/python benchmarks/import_speed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/import_speed.py

Prints, per corpus file (../shared/corpus) and for a synthetic long episode:
the parse time, the first import, and a re-import of the same bytes (which
must change nothing). Numbers, not assertions: compare runs by eye.
"""

from __future__ import annotations

import statistics
import time

from support import REPO, on_test_database, webvtt

CORPUS = REPO.parent / "shared" / "corpus"
TRANSCRIPT_PREFIXES = ("vtt_", "srt_", "html_", "p20json_", "json_", "txt_", "otter_")
REPEATS = 3


def run() -> None:
    print(f"{'file':58} {'turns':>6} {'parse ms':>9} {'import/s':>9} {'reimport/s':>10}")
    for name, data in samples():
        report(name, data)
    report_rewrite(5000)


def samples():
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.name.startswith(TRANSCRIPT_PREFIXES):
                yield path.name, path.read_bytes()
    else:
        print(f"(no corpus at {CORPUS}; synthetic sample only)")
    yield "synthetic: 5,000 turns, 4 speakers", synthetic_vtt(5000)


def synthetic_vtt(turns: int, wording: str = "said with a few more words") -> bytes:
    return webvtt(
        (
            f"Person {number % 4}",
            number * 4000,
            number * 4000 + 3500,
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
    reworded = synthetic_vtt(turns, wording="now phrased in other words entirely")
    started = time.perf_counter()
    summary = import_transcript_file(episode, reworded, source="reworded.vtt")
    rate = summary.updated / (time.perf_counter() - started)
    label = "synthetic: every line reworded, ids kept"
    print(f"{label:58} {summary.updated:>6} {'':>9} {'':>9} {rate:>10,.0f}")


def report(name: str, data: bytes) -> None:
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
        again = import_transcript_file(episode, data, source=name)
        reimport_rates.append(again.unchanged / (time.perf_counter() - started))
        if again.changed:
            raise SystemExit(f"{name}: re-importing the same bytes changed something")
    print(
        f"{name[:58]:58} {summary.created:>6} {statistics.median(parse_times) * 1000:>9.1f} "
        f"{statistics.median(import_rates):>9,.0f} {statistics.median(reimport_rates):>10,.0f}"
    )


if __name__ == "__main__":
    on_test_database(run)
