"""Settings come from the environment and refuse unsafe production values loudly."""

import os
import subprocess
import sys

from tests.conftest import REPO

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-and-random-production-secret-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "archive.example.org",
}


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_secret_key_is_refused_when_debug_is_off():
    result = manage("check", DEBUG="false", ALLOWED_HOSTS="archive.example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_bad_boolean_is_refused():
    result = manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be true or false, not 'maybe'" in result.stderr


def test_database_url_selects_the_database():
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = manage(
        "shell", "-c", code, DATABASE_URL="postgres://someone@db.example.org:5432/archive"
    )

    assert result.stdout.strip().splitlines()[-1] == "django.db.backends.postgresql"


def test_limits_past_what_the_columns_hold_are_refused():
    result = manage("check", TRANSCRIPT_MAX_HOURS="1000")

    assert result.returncode != 0
    assert "TRANSCRIPT_MAX_HOURS must be from 1 to 596, not 1000" in result.stderr


def test_each_log_record_is_printed_once():
    code = (
        "import logging; "
        "logging.getLogger('django.request').warning('marker-django'); "
        "logging.getLogger('archive').warning('marker-archive')"
    )
    result = manage("shell", "-c", code, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert result.stderr.count("marker-django") == 1, result.stderr
    assert result.stderr.count("marker-archive") == 1, result.stderr


def test_pages_are_gzipped_for_clients_that_ask(client, db):
    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


def test_cache_url_shares_one_cache_between_processes():
    """Two processes (two app servers) see one another's entries through CACHE_URL."""
    url = "redis://127.0.0.1:6379/15"
    write = "from django.core.cache import cache; cache.set('shared-check', 'from one', 30)"
    read = (
        "from django.core.cache import cache; from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND']); print(cache.get('shared-check'))"
    )

    assert manage("shell", "-c", write, CACHE_URL=url).returncode == 0
    result = manage("shell", "-c", read, CACHE_URL=url)

    backend, value = result.stdout.strip().splitlines()[-2:]
    assert (backend, value) == ("django.core.cache.backends.redis.RedisCache", "from one")


def test_cache_url_that_is_not_redis_is_refused():
    result = manage("check", CACHE_URL="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL, not 'memcached://127.0.0.1:11211'" in result.stderr
