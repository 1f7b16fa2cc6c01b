"""No public page reads the whole utterance table: every query on it is an index search.

Asked of SQLite's planner (EXPLAIN QUERY PLAN) for every query each page makes,
so a new list or filter without an index fails here before it is slow with a
million lines. PostgreSQL plans by table statistics, which test data cannot
stand for; the same indexes serve it.
"""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from archive.ingest import import_transcript
from archive.models import Role
from speakers.models import Speaker
from tests.factories import make_appearance, make_episode, make_show, transcript

pytestmark = pytest.mark.django_db

# "SCAN archive_utterance" reads every row (or every index entry); "SEARCH" seeks.
FULL_SCAN = re.compile(r"\bSCAN archive_utterance\b(?!_)")


@pytest.fixture
def archive():
    show = make_show(title="Signal", slug="signal")
    for day in (1, 2):
        episode = make_episode(
            show, slug=f"ep-{day}", published_at=datetime(2024, 1, day, tzinfo=UTC)
        )
        import_transcript(
            episode,
            transcript(
                ("Ada", 0, "Welcome back to the show about caches and clocks."),
                ("Bo", 1000, "Thanks."),
                (None, 2000, "An unattributed voice from the back of the room."),
            ),
            source="t",
            content_hash=f"h{day}",
        )
    ada = Speaker.objects.get(name="Ada")
    make_appearance(make_episode(show, slug="credited"), ada, role=Role.GUEST)
    cache.clear()
    return {"show": show, "ada": ada, "episode": show.episodes.get(slug="ep-1")}


def plans_for(client, path):
    """The query plan of every SELECT the page at ``path`` runs."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    plans = []
    with connection.cursor() as cursor:
        for sql, params in seen:
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                plans.append((sql, "\n".join(str(row[-1]) for row in cursor.fetchall())))
    return plans


@pytest.mark.skipif(connection.vendor != "sqlite", reason="asks SQLite's query planner")
@pytest.mark.parametrize(
    "page",
    [
        "home",
        "shows",
        "show",
        "episode",
        "speakers",
        "speakers filtered",
        "speaker",
        "speaker search",
    ],
)
def test_no_page_scans_the_utterance_table(client, archive, page):
    paths = {
        "home": reverse("archive:home"),
        "shows": reverse("archive:shows"),
        "show": archive["show"].get_absolute_url(),
        "episode": archive["episode"].get_absolute_url(),
        "speakers": reverse("speakers:index"),
        "speakers filtered": reverse("speakers:index") + "?show=signal&role=guest&year=2024"
        "&name=a&sort=latest",
        "speaker": archive["ada"].get_absolute_url(),
        "speaker search": archive["ada"].get_absolute_url() + "?q=caches",
    }

    plans = plans_for(client, paths[page])

    assert plans
    for sql, plan in plans:
        assert not FULL_SCAN.search(plan), f"{sql}\n{plan}"
