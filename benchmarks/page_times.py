"""Server time and SQL of the pages issue 12 sets targets for, on an existing (large) archive.

    DATABASE_URL=sqlite:////work/bench/medium.sqlite3 .venv/bin/python benchmarks/page_times.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_medium \\
        .venv/bin/python benchmarks/page_times.py --runs 50 --only quote --explain

Renders each page through Django's test client (whole middleware stack, no
network) with production settings (DEBUG off, the hashed static manifest),
on a connection that cannot write: SQLite is opened ``mode=ro`` and
PostgreSQL sessions are ``default_transaction_read_only``. Each page is
fetched a few times to warm up (connection, caches), then ``--runs`` times
for median, p95 and p99 in milliseconds (and the median CPU time of this
process: on PostgreSQL that leaves the server's share out); one more fetch under
an execute wrapper counts the queries and names the slowest.
``--cold`` empties the cache before every fetch: a page's first view.
``--explain`` prints the database's plan for each page's slowest query
(EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite) and
``--profile`` the functions a page spends its time in (cProfile).

Issue 12's targets, for a floor (/healthz) of about 0.17 ms: quote ≤ 1.1 ms,
busiest host's speaker page ≤ 3.3 ms (p99 < 100 ms), common-word search
p95 < 50 ms on PostgreSQL and < 150 ms on SQLite. Numbers, not assertions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
WARM_UP = 3
# Per checkout: the manifest names the static files of the templates it is used with.
STATIC_ROOT = Path(tempfile.gettempdir()) / ("page-times-static" + str(REPO).replace("/", "-"))


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    url: str


@dataclass
class Timing:
    page: Page
    times: list[float]
    cpu: list[float]  # this process's CPU time: less shaken than wall time by a busy machine
    queries: list[dict]

    def percentile(self, share: float) -> float:
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def sql_ms(self) -> float:
        return sum(query["time"] for query in self.queries) * 1000

    def slowest(self, count: int) -> list[dict]:
        return sorted(self.queries, key=lambda query: -query["time"])[:count]


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    set_up_django()
    from django.db import connection

    pages = [page for page in choose_pages() if not args.only or page.key in args.only]
    print(f"database: {connection.vendor}, {args.runs} runs per page after {WARM_UP} warm-ups")
    print(
        f"{'page':34} {'median':>8} {'p95':>8} {'p99':>8} {'cpu':>8} {'sql':>8} {'queries':>7}  url"
    )
    for page in pages:
        timing = measure(page, args.runs, cold=args.cold)
        print(
            f"{page.label:34} {timing.median:8.2f} {timing.percentile(0.95):8.2f} "
            f"{timing.percentile(0.99):8.2f} {statistics.median(timing.cpu):8.2f} "
            f"{timing.sql_ms:8.2f} {len(timing.queries):7}  {page.url}"
        )
        for query in timing.slowest(args.slowest):
            print(f"    {query['time'] * 1000:7.2f} ms  {query['sql'][: args.width]}")
        if args.explain and timing.queries:
            print(indented(explain(timing.slowest(1)[0]["sql"])))
        if args.profile:
            print(indented(profile(page, args.runs)))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed fetches per page (30)")
    parser.add_argument("--only", action="append", metavar="KEY", help="a page key (repeatable)")
    parser.add_argument("--slowest", type=int, default=3, help="slowest queries shown (3)")
    parser.add_argument("--width", type=int, default=400, help="characters of SQL shown (400)")
    parser.add_argument("--explain", action="store_true", help="plan of each slowest query")
    parser.add_argument("--profile", action="store_true", help="cProfile each page")
    parser.add_argument(
        "--cold", action="store_true", help="empty the cache before each fetch (first views)"
    )
    return parser.parse_args(argv)


def set_up_django() -> None:
    """Production settings on a read-only connection to DATABASE_URL, static files collected."""
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the archive to measure (it is opened read-only).")
    sys.path.insert(0, str(REPO))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "page-times-benchmark-only"),
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(STATIC_ROOT),
        LOG_LEVEL="WARNING",
    )
    from django.conf import settings

    read_only(settings.DATABASES["default"])
    import django

    django.setup()
    if not (STATIC_ROOT / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", "--noinput", verbosity=0)


def read_only(database: dict) -> None:
    """Make the connection refuse writes: the benchmarked archive is shared."""
    if database["ENGINE"].endswith("sqlite3"):
        database["NAME"] = f"file:{database['NAME']}?mode=ro"
        database["OPTIONS"] = {**database["OPTIONS"], "uri": True}
        database["OPTIONS"].pop("transaction_mode", None)  # BEGIN IMMEDIATE would write-lock
    else:
        options = database["OPTIONS"].get("options", "")
        database["OPTIONS"]["options"] = f"{options} -c default_transaction_read_only=on".strip()


def choose_pages() -> list[Page]:
    """/healthz (the floor), then each page issue 12 names, at the generated archive's landmarks."""
    from django.urls import reverse

    from archive.models import Utterance
    from archive.synthetic import busiest_host, probe_terms, typical_guest
    from speakers.models import Speaker

    host, guest, terms = busiest_host(), typical_guest(), probe_terms()
    busiest = list(Speaker.objects.most_appearing()[:3])
    quote = Utterance.objects.public().filter(pk__gte=middle_id()).order_by("pk").first()
    search = reverse("archive:search")
    compare = reverse("speakers:compare") + "?" + urlencode([("s", s.slug) for s in busiest])
    return [
        Page("healthz", "healthz (floor)", reverse("healthz")),
        Page("quote", "quote permalink", quote.permalink),
        Page("host", "speaker: busiest host", host.get_absolute_url()),
        Page("guest", "speaker: typical guest", guest.get_absolute_url()),
        Page(
            "host-words",
            "speaker: host, search their words",
            host.get_absolute_url() + "?" + urlencode({"q": terms.common}),
        ),
        Page("search-common", "search: common word", f"{search}?q={terms.common}"),
        Page(
            "search-newest",
            "search: common, newest first",
            f"{search}?q={terms.common}&sort=newest",
        ),
        Page("search-rare", "search: rare word", f"{search}?q={terms.rare}"),
        Page(
            "search-phrase", "search: phrase", f"{search}?" + urlencode({"q": terms.phrase_query})
        ),
        Page(
            "search-speaker",
            "search: common, by speaker",
            f"{search}?" + urlencode({"q": terms.common, "speaker": host.name}),
        ),
        Page("compare", "compare: 3 busiest", compare),
        Page("feed", "feed: busiest host", reverse("syndication:speaker-feed", args=[host.slug])),
        Page("home", "home", reverse("archive:home")),
        Page("shows", "shows index", reverse("archive:shows")),
    ]


def middle_id() -> int:
    from django.db.models import Max, Min

    from archive.models import Utterance

    bounds = Utterance.objects.aggregate(low=Min("pk"), high=Max("pk"))
    return (bounds["low"] + bounds["high"]) // 2


def fetch(client, page: Page):
    response = client.get(page.url, secure=True, headers={"accept-encoding": "gzip"})
    if response.status_code != 200:
        raise SystemExit(f"{page.url} answered {response.status_code}")
    return response


def measure(page: Page, runs: int, *, cold: bool = False) -> Timing:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    client = Client()
    for _ in range(WARM_UP):
        fetch(client, page)
    times, cpu = [], []
    for _ in range(runs):
        if cold:
            cache.clear()
        started, cpu_started = time.perf_counter(), time.process_time()
        fetch(client, page)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    if cold:
        cache.clear()
    captured: list[dict] = []
    with connection.execute_wrapper(QueryTimer(captured)):
        fetch(client, page)
    return Timing(page, times, cpu, captured)


class QueryTimer:
    """An execute wrapper that keeps each query's SQL (parameters filled in) and its time."""

    def __init__(self, captured: list[dict]):
        self.captured = captured

    def __call__(self, execute, sql, params, many, context):
        from django.db import connection

        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            filled = connection.ops.last_executed_query(context["cursor"], sql, params)
            self.captured.append({"sql": filled, "time": elapsed})


def explain(sql: str) -> str:
    from django.db import connection

    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS)" if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"{prefix} {sql}")
        rows = cursor.fetchall()
    return "\n".join(" ".join(str(cell) for cell in row) for row in rows)


def profile(page: Page, runs: int) -> str:
    from io import StringIO

    from django.test import Client

    client, profiler, out = Client(), cProfile.Profile(), StringIO()
    profiler.enable()
    for _ in range(runs):
        fetch(client, page)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)
    return out.getvalue()


def indented(text: str) -> str:
    return "\n".join(f"      {line}" for line in text.splitlines())


if __name__ == "__main__":
    main()
