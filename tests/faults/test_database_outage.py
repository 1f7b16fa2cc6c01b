"""While the database is out of reach the site answers a clean 503, and it comes back by itself.

The first tests make the suite's own connection fail, in this process; the last serves the
site with gunicorn on a PostgreSQL server of its own, and stops and starts that server.
"""

import logging
from contextlib import contextmanager
from unittest import mock

import psycopg
import pytest
from django.db import IntegrityError, connection, connections
from django.test import RequestFactory
from django.urls import reverse

from archive.outage import MESSAGE, RETRY_AFTER_SECONDS, DatabaseOutageMiddleware
from tests.faults.actor import EPISODE, SHOW
from tests.faults.cluster import Site, ThrowawayCluster
from tests.faults.scratch import ScratchDatabase

pytestmark = pytest.mark.faults


@contextmanager
def database_unreachable():
    """Every query fails as it does with the server gone (Django wraps the driver's error)."""
    error = connection.Database.OperationalError("connection refused (in a test)")
    with mock.patch.object(connections["default"], "create_cursor", side_effect=error):
        yield


@pytest.mark.parametrize("debug", [False, True], ids=["debug-off", "debug-on"])
def test_a_page_answers_a_clean_503_while_the_database_is_unreachable(
    client, db, settings, caplog, debug
):
    settings.DEBUG = debug

    with database_unreachable(), caplog.at_level(logging.INFO):
        response = client.get(reverse("archive:home"))

    assert response.status_code == 503
    assert "503.html" in [template.name for template in response.templates]
    assert MESSAGE in response.content.decode()
    assert "Traceback" not in response.content.decode()
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "no-store" in response["Cache-Control"]
    assert [record.getMessage() for record in caplog.records] == [
        "Service Unavailable (database: OperationalError: connection refused (in a test)): /"
    ]


def test_the_api_answers_503_in_json_while_the_database_is_unreachable(client, db):
    with database_unreachable():
        response = client.get(reverse("api:speaker-list"), HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert response.json() == {"detail": MESSAGE}
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)


@pytest.mark.parametrize("error", [IntegrityError("duplicate"), ValueError("a bug")])
def test_other_errors_are_not_taken_for_an_outage(error):
    middleware = DatabaseOutageMiddleware(lambda request: None)

    assert middleware.process_exception(RequestFactory().get("/"), error) is None


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="serves the site on a PostgreSQL server of its own: runs once, in the PostgreSQL pass",
)
def test_the_site_rides_out_a_postgresql_restart(tmp_path):
    home, episode = reverse("archive:home"), reverse("archive:episode", args=[SHOW, EPISODE])
    log = tmp_path / "site.log"
    with ThrowawayCluster() as cluster:
        cluster.start()
        with psycopg.connect(cluster.url("postgres"), autocommit=True) as maintenance:
            maintenance.execute("CREATE DATABASE archive")
        database = ScratchDatabase(cluster.url("archive"))
        migrated = database.manage("migrate", "--noinput", "-v0")
        assert migrated.returncode == 0, migrated.stderr
        database.actor("seed")
        with Site(database.url, log) as site:
            assert site.get(episode).status == 200
            cluster.stop()  # a restart between two requests: the worker's connection is dead
            cluster.start()
            after_restart = site.get(episode)
            cluster.stop()
            during = [site.get(home), site.get(episode)]
            api = site.get(reverse("api:speaker-list"), accept="application/json")
            cluster.start()
            back = [site.get(home), site.get(episode)]

    # The health check noticed the dead connection and opened a new one: no failed request.
    assert after_restart.status == 200
    for answer in during:
        assert answer.status == 503
        assert MESSAGE in answer.body
        assert "Traceback" not in answer.body
        assert answer.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert (api.status, api.headers["Content-Type"]) == (503, "application/json")
    assert [answer.status for answer in back] == [200, 200]
    output = log.read_text()
    assert output.count("Booting worker") == 1, output  # the same worker throughout
    assert output.count("Service Unavailable (database: OperationalError") == 3, output
    assert "Traceback" not in output
