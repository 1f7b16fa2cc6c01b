"""How long a 5,000-item feed takes to import, and to refresh, and the peak memory.

Run: ``.venv/bin/python benchmarks/feed_import.py [ITEMS]`` (``DATABASE_URL``
selects the database; a throwaway test database is used). Every item credits
a host and a guest (a thousand different guests), without transcripts: the
cost measured is the feed's own (parse, episodes, people, credits).
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from xml.sax.saxutils import escape

from support import on_test_database

NS = "https://podcastindex.org/namespace/1.0"


def feed(items: int) -> bytes:
    rows = []
    for n in range(items):
        rows.append(
            f"<item><title>Episode {n}: {escape('Talks & more')}</title>"
            f"<guid>bench-{n}</guid><pubDate>Mon, 06 Jan 2025 10:00:00 +0000</pubDate>"
            f"<enclosure url='https://cdn.example/{n}.mp3' type='audio/mpeg' length='1'/>"
            f"<itunes:duration>{n % 3600}</itunes:duration>"
            f"<description>Show notes of episode {n}. {'Words and words. ' * 20}</description>"
            "<podcast:person role='host' href='https://host.example'>Ann Host</podcast:person>"
            f"<podcast:person role='guest'>Guest Number {n % 1000}</podcast:person></item>"
        )
    return (
        f'<rss version="2.0" xmlns:podcast="{NS}" '
        'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
        f"<title>Benchmark Show</title>{''.join(rows)}</channel></rss>"
    ).encode()


def measure(label: str, run) -> None:
    """Time ``run`` (tracemalloc would slow it threefold), then its peak memory in a rerun."""
    start = time.perf_counter()
    summary = run()
    elapsed = time.perf_counter() - start
    print(f"{label:<28} {elapsed:7.2f} s   {summary.headline()}")


def peak_memory(label: str, run) -> None:
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<28} peak Python memory {peak / 2**20:6.1f} MiB")


def main(items: int) -> None:
    from archive.feeds.importer import Options, import_feed_file
    from archive.models import Appearance, Episode

    data = feed(items)
    print(f"feed: {items:,} items, {len(data) / 2**20:.1f} MiB")
    options = Options(transcripts=False)

    def run():
        return import_feed_file(data, source="bench.xml", options=options)

    measure("first import", run)
    print(f"{'':<28} {Episode.objects.count():,} episodes, {Appearance.objects.count():,} credits")
    measure("refresh, nothing changed", run)
    peak_memory("refresh, nothing changed", run)
    into_new_show = Options(transcripts=False, show_slug="benchmark-show-copy")
    peak_memory(
        "first import",
        lambda: import_feed_file(data, source="bench.xml", options=into_new_show),
    )
    print(f"process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    on_test_database(lambda: main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000))
