"""Mixed load while a feed imports: many clients over pages and the API, zero errors allowed.

    .venv/bin/python benchmarks/mixed_load.py --database-url sqlite:////work/bench/medium.sqlite3
    .venv/bin/python benchmarks/mixed_load.py --database-url postgres://…/bench_medium

The server is benchmarks/load.py's (gunicorn with config/gunicorn.conf.py, production
settings). wrk opens ``--connections`` (50) connections for ``--seconds`` (60), each
walking one list of paths: both speaker pages, the 3,000-line episode, a quote
permalink, the searches, and the API's speaker, appearances, episode, utterances and search
endpoints. Meanwhile a 5,000-item feed is imported again and again with
``import_feed --dry-run``: every row is written and every lock taken, then the
transaction is rolled back, so the archive measured stays the one generated. The
API's per-address limit is raised for the run (every client here is 127.0.0.1).
Prints requests/s, p50/p95/p99 and errors for the mix, and how many imports ran;
exits 1 on any error or failed import.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import load
from loadtable import Measurement, format_facts, parse_wrk_line

FEED_ITEMS = 5000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=load.parse_args([]).database_url)
    parser.add_argument("--seconds", type=load.positive, default=60)
    parser.add_argument("--connections", type=load.positive, default=50)
    parser.add_argument("--workers", type=load.positive, default=2)
    parser.add_argument("--threads", type=load.positive, default=1)
    parser.add_argument("--feed-items", type=load.positive, default=FEED_ITEMS)
    args = parser.parse_args(argv)
    args.generate, args.only = None, None
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args)
    except load.BenchmarkFailed as error:
        print(f"mixed load failed: {error}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    wrk = load.find_wrk()
    with tempfile.TemporaryDirectory(prefix="mixed-load-") as scratch:
        env = load.production_env(args, Path(scratch) / "static")
        env["API_ANON_RATE"] = "1000000/min"
        pages, facts = load.prepare(args, env, wrk)
        paths = [page.url for page in pages if page.key != "healthz"] + api_paths()
        feed = Path(scratch) / "feed.xml"
        feed.write_bytes(feed_bytes(args.feed_items))
        load.collect_static(env)
        port = load.free_port()
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        log = Path(scratch) / "gunicorn.log"
        with load.running_server(env, port, log):
            problems = [problem for page in pages if (problem := load.check(port, page))]
            importer = ImportLoop(env, feed)
            started = time.monotonic()
            output = mixed_run(wrk, port, paths, args)
            imports = importer.stop()
            elapsed = time.monotonic() - started
        result = Measurement.from_wrk("mix", "", output)
        kinds = parse_wrk_line(output)
        failed = bool(problems) or result.errors > 0 or imports.failed > 0
        if failed:
            print(f"\nthe server's log ends:\n{load.tail(log)}")
    facts["load"] = (
        f"wrk -t2 -c{args.connections} -d{args.seconds}s over {len(paths)} paths, "
        f"while a {args.feed_items:,}-item feed imported (--dry-run) in a loop"
    )
    print()
    print(format_facts(facts))
    print()
    print(f"paths: {', '.join(paths)}")
    print(
        f"mix: {result.per_second:,.1f} requests/s, p50 {result.p50_ms:.1f} ms, "
        f"p95 {result.p95_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, {result.errors} errors "
        f"({kinds['status_errors']:.0f} answered 4xx/5xx, {kinds['socket_errors']:.0f} socket "
        f"errors or timeouts; {result.requests:,} requests in {result.seconds:.1f} s)"
    )
    print(f"feed imports: {imports.done} finished, {imports.failed} failed in {elapsed:.0f} s")
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if failed else 0


def api_paths() -> list[str]:
    """The API's busiest reads, for the same speaker, episode and word as the pages."""
    from loadpages import busiest_host, long_episode, search_words

    host, episode = busiest_host(), long_episode()
    show, slug = episode.show.slug, episode.slug
    return [
        f"/api/speakers/{host.slug}/",
        f"/api/episodes/{show}/{slug}/",
        f"/api/episodes/{show}/{slug}/utterances/",
        f"/api/speakers/{host.slug}/appearances/",
        f"/api/search/?q={search_words().common}",
    ]


def feed_bytes(items: int) -> bytes:
    sys.path.insert(0, str(Path(__file__).parent))
    from feed_import import feed

    return feed(items)


def mixed_run(wrk: str, port: int, paths: list[str], args) -> str:
    command = [wrk, "-t2", f"-c{args.connections}", f"-d{args.seconds}s"]
    command += ["--timeout", load.WRK_TIMEOUT, "--latency", "-s", str(load.LUA)]
    command += [f"http://127.0.0.1:{port}/", "--", *paths]
    done = subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 120)
    if done.returncode:
        raise load.BenchmarkFailed(f"wrk exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


class ImportLoop:
    """``manage.py import_feed FEED --dry-run`` again and again, in a thread, until stopped."""

    def __init__(self, env: dict[str, str], feed: Path):
        self.env, self.feed = env, feed
        self.done = self.failed = 0
        self.stopping = threading.Event()
        self.process: subprocess.Popen | None = None
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        command = [sys.executable, "manage.py", "import_feed", str(self.feed), "--dry-run"]
        while not self.stopping.is_set():
            self.process = subprocess.Popen(
                command,
                cwd=load.REPO,
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            _, errors = self.process.communicate()
            if self.stopping.is_set():
                break  # killed by stop(): neither finished nor failed
            if self.process.returncode:
                self.failed += 1
                print(errors[-2000:], file=sys.stderr)
            else:
                self.done += 1

    def stop(self) -> ImportLoop:
        self.stopping.set()
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        self.thread.join()
        return self


if __name__ == "__main__":
    sys.exit(main())
