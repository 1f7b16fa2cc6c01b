"""Production worker settings: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

The app runs behind a reverse proxy that terminates TLS and buffers slow clients
(settings.py's SECURE_PROXY_SSL_HEADER assumes one). Each knob reads the
environment, so a deployment tunes it without editing this file;
benchmarks/load.py starts the app with exactly this file.
"""

import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Where to listen. The proxy is on the same host by default; a container says 0.0.0.0:8000.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# Pages are CPU-bound (templates and SQL on a local database), so one process per core:
# more would only queue on the same cores, and each worker keeps its own rendered-
# transcript cache (CACHES is locmem, CACHE_MAX_ENTRIES of up to ~1 MB each), which
# multiplies memory. These machines have 2 cores. WEB_CONCURRENCY is the usual name
# for this knob on hosting platforms.
workers = _env_int("WEB_CONCURRENCY", 2)

# Sync workers: one request at a time per process, no GIL contention between threads
# rendering templates, one persistent database connection per worker (CONN_MAX_AGE).
# That is safe only because the proxy buffers requests and responses, so a slow client
# never holds a worker. GUNICORN_THREADS above 1 switches gunicorn to gthread workers,
# worth it when the database is remote and requests spend their time waiting on it.
worker_class = "sync"
threads = _env_int("GUNICORN_THREADS", 1)

# Seconds an idle keep-alive connection stays open. Sync workers close after every
# response and ignore this; with gthread it should outlast the proxy's own upstream
# idle timeout, so that the proxy, not gunicorn, closes idle connections (no race on reuse).
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# A page renders in milliseconds; a worker silent for 30 s is stuck and gets restarted.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30

# Restart each worker after about this many requests, an insurance against slow leaks.
# The jitter staggers the restarts so the workers never recycle together. High enough
# that the restart (a fork, with preload_app) and the refill of its transcript cache
# cost nothing measurable; 0 turns recycling off.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 10_000)
max_requests_jitter = max_requests // 10

# The proxy already logs every request; a line per request here costs throughput on
# small machines. GUNICORN_ACCESS_LOG=- writes them to stdout. Errors always go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"

# Import Django once in the master and fork the workers from it: faster starts,
# shared memory pages, and a broken deploy fails once at start instead of in a loop
# of dying workers. The price: new code needs a restart (HUP does not reload it).
preload_app = True

# The workers' heartbeat files in memory, not on a disk that may stall (containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def pre_fork(server, worker):
    """No database connection crosses a fork: a socket shared by two processes corrupts both.

    Nothing opens one at import today; this keeps it so if something ever does.
    """
    from django.db import connections

    connections.close_all()
