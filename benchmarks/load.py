"""Load benchmark: the public pages under gunicorn and wrk, as throughput and latency.

    .venv/bin/python benchmarks/load.py --database-url sqlite:////work/bench/medium.sqlite3
    .venv/bin/python benchmarks/load.py --database-url sqlite:///$PWD/bench.sqlite3 \\
        --generate small --seconds 2 --connections 4

Starts the app with config/gunicorn.conf.py (the production worker settings) on
127.0.0.1 at a free port, with production settings (DEBUG off, collected static
files, HTTPS as the proxy reports it), then runs wrk on loopback against each
page for a fixed time with a fixed number of connections, after a warm-up that
fills each worker's caches. The table gives every page's throughput as a share
of a trivial /healthz measured in the same run: absolute numbers drift on a
shared machine, the ratio much less. wrk's latencies are from the requests it
sent (closed loop, no coordinated-omission correction). Exits 1 if any page
answered an error, 2 if the benchmark could not run; gunicorn is stopped either way.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from loadtable import Measurement, format_facts, format_table, ticks_in_group

REPO = Path(__file__).resolve().parent.parent
LUA = Path(__file__).with_name("load.lua")
GUNICORN_CONF = REPO / "config" / "gunicorn.conf.py"
WARM_UP_SECONDS = 1
WRK_TIMEOUT = "5s"  # a response slower than this counts as an error (wrk's default is 2 s)
START_TIMEOUT_SECONDS = 60
IDLE_CHECK_SECONDS = 0.3
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


class BenchmarkFailed(Exception):
    """The benchmark could not run (no wrk, no server, no archive): exit 2 with the message."""


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A TERM (a CI timeout, `timeout`) unwinds like Ctrl-C, so gunicorn is stopped too.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    try:
        return run(args)
    except BenchmarkFailed as error:
        print(f"load benchmark failed: {error}", file=sys.stderr)
        return 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or f"sqlite:///{REPO / 'db.sqlite3'}",
        help="the archive to serve (default: $DATABASE_URL, else the app's own db.sqlite3)",
    )
    parser.add_argument("--seconds", type=positive, default=10, help="per page (default: 10)")
    parser.add_argument(
        "--connections", type=positive, default=8, help="wrk's, open at once (default: 8)"
    )
    parser.add_argument("--workers", type=positive, default=2, help="gunicorn's (default: 2)")
    parser.add_argument(
        "--threads",
        type=positive,
        default=int(os.environ.get("GUNICORN_THREADS") or 1),
        help="per worker; above 1 gunicorn runs gthread workers (default: $GUNICORN_THREADS or 1)",
    )
    parser.add_argument(
        "--generate",
        choices=["small", "medium"],
        help="migrate, and generate a synthetic archive (seed 1) if the database has none",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="PAGE",
        help="measure only this page (repeatable; /healthz is always measured): host, guest, "
        "episode, quote, search-common, search-rare, search-phrase, search-speaker, compare, feed",
    )
    return parser.parse_args(argv)


def positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def run(args: argparse.Namespace) -> int:
    wrk = find_wrk()
    with tempfile.TemporaryDirectory(prefix="load-bench-") as scratch:
        env = production_env(args, Path(scratch) / "static")
        pages, facts = prepare(args, env, wrk)
        collect_static(env)
        port = free_port()
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        log = Path(scratch) / "gunicorn.log"
        with running_server(env, port, log) as server:
            measurements, problems = measure_all(server, port, pages, args, wrk)
        failed = bool(problems) or any(m.errors for m in measurements)
        if failed:
            print(f"\nthe server's log ends:\n{tail(log)}")
    print()
    print(format_facts(facts))
    print()
    print(format_table(measurements, measurements[0].per_second))
    for problem in problems:
        print(f"problem: {problem}")
    return 1 if failed else 0


def find_wrk() -> str:
    """wrk on PATH, else Debian's package installed with apt-get (these machines run as root)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk is not on PATH: installing Debian's wrk (apt-get update; apt-get install -y wrk)")
    quiet = {"env": {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, "check": False}
    try:
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet)
    except OSError as error:
        raise BenchmarkFailed(f"wrk is missing and apt-get could not run ({error})") from None
    found = shutil.which("wrk")
    if not found:
        raise BenchmarkFailed("wrk is missing and apt-get could not install it: install wrk")
    return found


def absolute_sqlite_url(url: str, cwd: Path) -> str:
    """``url`` with a relative SQLite path made absolute from ``cwd``; others unchanged.

    The server and manage.py run in the repository, so ``sqlite:///bench.sqlite3``
    must mean the file where the benchmark was started, as it would for the user.
    """
    prefix = "sqlite:///"
    path = url[len(prefix) :] if url.startswith(prefix) else ""
    if not path or path.startswith("/") or path == ":memory:":
        return url
    return prefix + str(cwd / path)


def production_env(args: argparse.Namespace, static_root: Path) -> dict[str, str]:
    """The settings a deployment runs with, on the chosen database; gunicorn's knobs set here."""
    env = {**os.environ}
    env.pop("GUNICORN_CMD_ARGS", None)  # only config/gunicorn.conf.py decides
    env.pop("GUNICORN_ACCESS_LOG", None)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=absolute_sqlite_url(args.database_url, Path.cwd()),
        DEBUG="false",
        SECRET_KEY=f"load-bench-{secrets.token_hex(24)}",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(static_root),
        WEB_CONCURRENCY=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
    )
    return env


def prepare(args, env: dict[str, str], wrk: str) -> tuple[list, dict[str, object]]:
    """Generate the archive if asked, then choose the pages and describe the run.

    Django is set up in this process on the same settings as the server, to read
    the archive; its connections are closed before the server starts.
    """
    if args.generate:
        manage(env, "migrate", "--noinput", "-v0")
    else:
        refuse_missing_sqlite_file(env["DATABASE_URL"])
    os.environ.update(env)
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.db import DatabaseError, connections

    try:
        if args.generate:
            generate_if_empty(env, args.generate)
        pages = selected(choose(), args.only)
        facts = describe(args, wrk)
    except DatabaseError as error:
        raise BenchmarkFailed(
            f"cannot read an archive at {args.database_url}: {error} (--generate makes one)"
        ) from None
    connections.close_all()
    return pages, facts


def refuse_missing_sqlite_file(url: str) -> None:
    """Opening a SQLite file that is not there would create an empty one: say so instead."""
    path = url.removeprefix("sqlite:///")
    if path != url and path != ":memory:" and not Path(path).is_file():
        raise BenchmarkFailed(f"no SQLite database at {path} (--generate small makes one)")


def choose():
    from loadpages import choose_pages

    try:
        return choose_pages()
    except LookupError as error:
        raise BenchmarkFailed(f"{error} (pass --generate small to make one)") from None


def generate_if_empty(env: dict[str, str], scale: str) -> None:
    from archive.models import Episode

    if Episode.objects.exists():
        print("the database already holds an archive: not generating")
        return
    manage(env, "generate_archive", "--scale", scale, "--seed", "1")


def selected(pages: list, only: list[str] | None) -> list:
    """The pages --only names, /healthz always first; an unknown name is an error."""
    if not only:
        return pages
    known = [page.key for page in pages]
    unknown = sorted(set(only) - set(known))
    if unknown:
        raise BenchmarkFailed(f"no page called {', '.join(unknown)}; pages: {', '.join(known)}")
    return [page for page in pages if page.key == "healthz" or page.key in only]


def describe(args, wrk: str) -> dict[str, object]:
    """The header above the table: machine, software, database, archive, load."""
    import django
    import gunicorn
    from django.db import connection
    from loadpages import archive_size

    version = ".".join(str(part) for part in connection.get_database_version())
    return {
        "machine": f"{cpu_model()}, {os.cpu_count()} cores",
        "software": f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"gunicorn {gunicorn.__version__}, {wrk_version(wrk)}",
        "database": f"{connection.vendor} {version} ({connection.settings_dict['NAME']})",
        "archive": archive_size(),
        "server": f"gunicorn, {args.workers} {worker_kind(args.threads)} workers, "
        "config/gunicorn.conf.py, DEBUG off",
        "load": f"wrk -t1 -c{args.connections} -d{args.seconds}s per page, "
        f"after a {WARM_UP_SECONDS} s warm-up; gzip accepted",
    }


def worker_kind(threads: int) -> str:
    """What gunicorn makes of GUNICORN_THREADS: sync workers, or gthread above 1."""
    return f"gthread ({threads} threads)" if threads > 1 else "sync"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def wrk_version(wrk: str) -> str:
    """wrk prints its version first, then its usage, and exits 1 for -v."""
    output = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (output.stdout or output.stderr).splitlines()[0].split("[")[0].strip()


def manage(env: dict[str, str], *command: str) -> None:
    """``manage.py command`` on the benchmarked database; its output is the user's to see."""
    done = subprocess.run([sys.executable, "manage.py", *command], cwd=REPO, env=env, check=False)
    if done.returncode:
        raise BenchmarkFailed(f"manage.py {' '.join(command)} exited {done.returncode}")


def collect_static(env: dict[str, str]) -> None:
    """Production pages need the hashed static manifest that only collectstatic writes."""
    manage(env, "collectstatic", "--noinput", "-v0")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_server(env: dict[str, str], port: int, log: Path):
    """gunicorn on ``port`` until the block ends, in its own process group, stopped however
    the block ends. Its log is shown if it fails to start."""
    command = [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONF), "config.wsgi"]
    with log.open("wb") as output:
        server = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )
    try:
        wait_until_healthy(server, port, log)
        yield server
    finally:
        stop(server)


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchmarkFailed(f"gunicorn exited {server.returncode}:\n{tail(log)}")
        try:
            if get(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchmarkFailed(f"no answer from /healthz in {START_TIMEOUT_SECONDS} s:\n{tail(log)}")


def stop(server: subprocess.Popen) -> None:
    """TERM to the whole group (master and workers), then KILL if it lingers."""
    for sig, grace in ((signal.SIGTERM, 40), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            break
        try:
            server.wait(timeout=grace)
            break
        except subprocess.TimeoutExpired:
            continue


def tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def get(port: int, path: str) -> tuple[int, int]:
    """(status, body length) of one GET as the proxy would send it; redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=PROXY_HEADERS)
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def measure_all(server, port: int, pages: list, args, wrk: str):
    """Each page checked (a 200, not a redirect), warmed up, then measured. And what went wrong.

    Returns (measurements, problems). Before each run the workers must be idle:
    requests a slow page left queued would otherwise be served on the next page's time.
    """
    measurements, problems = [], []
    for page in pages:
        print(f"measuring {page.key}: {page.url}", flush=True)
        problem = check(port, page)
        if problem:
            problems.append(problem)
        url = f"http://127.0.0.1:{port}{page.url}"
        wrk_run(wrk, url, WARM_UP_SECONDS, args.connections)
        wait_until_idle(server.pid)
        measurement = parse(page, wrk_run(wrk, url, args.seconds, args.connections))
        if not measurement.requests:
            problems.append(f"{page.key}: no request finished in {args.seconds} s")
        measurements.append(measurement)
        wait_until_idle(server.pid)
    return measurements, problems


def check(port: int, page) -> str | None:
    """What is wrong with the page's answer to one plain GET, if anything."""
    try:
        status, _ = get(port, page.url)
    except OSError as error:
        return f"{page.key}: no answer ({error}): {page.url}"
    return None if status == 200 else f"{page.key} answered {status}, not 200: {page.url}"


def parse(page, output: str) -> Measurement:
    try:
        return Measurement.from_wrk(page.label, page.url, output)
    except ValueError as error:
        raise BenchmarkFailed(f"{error}; wrk printed:\n{output}") from None


def wait_until_idle(group: int, limit_seconds: float = 120) -> None:
    """Until the server's processes use no CPU for a moment (wrk gone, their queue drained)."""
    started = time.monotonic()
    before = cpu_ticks(group)
    while time.monotonic() - started < limit_seconds:
        time.sleep(IDLE_CHECK_SECONDS)
        now = cpu_ticks(group)
        if now - before <= 1:
            break
        before = now
    waited = time.monotonic() - started
    if waited > 2:
        print(f"  waited {waited:.0f} s for the workers to finish requests left queued", flush=True)


def cpu_ticks(group: int) -> int:
    """User and system CPU time, in clock ticks, of every process in process group ``group``."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            total += ticks_in_group(stat.read_text(), group)
        except OSError:
            continue  # the process ended while we looked
    return total


def wrk_run(wrk: str, url: str, seconds: int, connections: int) -> str:
    """wrk's output for one fixed-length run with load.lua; a crashed wrk is a failure."""
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", WRK_TIMEOUT]
    command += ["--latency", "-s", str(LUA), url]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode:
        raise BenchmarkFailed(f"wrk exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


if __name__ == "__main__":
    sys.exit(main())
