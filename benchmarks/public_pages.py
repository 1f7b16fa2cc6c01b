"""Server time and queries for every public page, on the demo archive plus a 3,000-line episode.

Renders through Django's test client (no network, no browser) against a
throwaway test database on whatever DATABASE_URL selects (SQLite by default):

    .venv/bin/python benchmarks/public_pages.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \\
        .venv/bin/python benchmarks/public_pages.py

Each page is fetched once to warm up, then timed over five runs (median);
the episode pages are timed again with the transcript cache emptied each run.
Numbers, not assertions.
"""

from __future__ import annotations

import statistics
import time

from support import on_test_database, webvtt

RUNS = 5
LONG_EPISODE_TURNS = 3000


def long_vtt(turns: int) -> bytes:
    return webvtt(
        (
            "Ada Okafor" if number % 2 else "Kenji Marlowe",
            number * 3600,
            number * 3600 + 3000,
            f"Line {number}: caches, queues and the people who debug them, "
            "said at some length to read like a turn.",
        )
        for number in range(turns)
    )


def measure(client, label: str, url: str, *, cold: bool = False) -> None:
    """Median of RUNS fetches; ``cold`` empties the cache first (a transcript's first view)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            client.get(url)
            timings.append(time.perf_counter() - started)
    size = len(response.content) / 1024
    median = statistics.median(timings) * 1000
    print(f"{label:44} {median:>8.1f} {len(queries):>8} {size:>9.0f}  {url}")


def run() -> None:
    from django.test import Client

    from archive.demo import load_demo
    from archive.ingest import import_transcript_file
    from archive.models import Episode, Show
    from speakers.models import Speaker

    load_demo()
    show = Show.objects.get(slug="signal-and-noise")
    long = Episode.objects.create(
        show=show, guid="bench-long", slug="three-hours", title="Three hours of caches"
    )
    import_transcript_file(long, long_vtt(LONG_EPISODE_TURNS), source="long.vtt")
    demo_episode = Episode.objects.get(slug="why-caches-lie")
    speaker = Speaker.objects.get(slug="ada-okafor")
    client = Client()
    print(f"{long.utterances.count()} lines in the long episode")
    print(f"{'page':44} {'ms':>8} {'queries':>8} {'KiB':>9}  url")
    pages = [
        ("home", "/"),
        ("speakers index", "/speakers/"),
        ("shows index", "/shows/"),
        ("speaker page (demo host)", speaker.get_absolute_url()),
        ("show page", show.get_absolute_url()),
        ("episode page (demo, with audio)", demo_episode.get_absolute_url()),
        (f"episode page ({LONG_EPISODE_TURNS:,} utterances)", long.get_absolute_url()),
        ("search the demo: cache", "/search/?q=cache"),
        ('search the demo: "the database" -cache', "/search/?q=%22the+database%22+-cache"),
        ("search everything: caches (3,000+ hits)", "/search/?q=caches"),
        ("search, newest first, one show", "/search/?q=caches&sort=newest&show=signal-and-noise"),
    ]
    for label, url in pages:
        measure(client, label, url)
    for label, url in pages[5:7]:
        measure(client, f"{label}, cold cache", url, cold=True)


if __name__ == "__main__":
    on_test_database(run)
