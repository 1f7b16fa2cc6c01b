"""The JSON API under /api/: what the site shows, as data, and never what it hides."""

import base64
import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.db import connection

from archive.models import Role
from speakers.models import LinkKind, SpeakerAlias, SpeakerLink, SpeakerSlugRedirect
from tests.factories import (
    make_appearance,
    make_episode,
    make_show,
    make_speaker,
    make_staff,
    make_utterance,
)
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    """The throttle counts requests in the cache, which would carry over from test to test."""
    cache.clear()


def day(month: int, number: int) -> datetime:
    return datetime(2024, month, number, 12, tzinfo=UTC)


@pytest.fixture
def cast():
    """Two shows; Ada and Bo in public; a hidden person; a published and a hidden episode."""
    signal = make_show(title="Signal", slug="signal")
    noise = make_show(title="Noise", slug="noise")
    ada = make_speaker("Ada Lovelace", slug="ada", bio="Wrote the first program.")
    SpeakerAlias.build(ada, "A. Lovelace").save()
    SpeakerLink.objects.create(
        speaker=ada, kind=LinkKind.WIKIDATA, url="https://www.wikidata.org/wiki/Q7259"
    )
    bo = make_speaker("Bo Brown", slug="bo")
    secret = make_speaker("Secret Person", slug="secret", is_published=False)
    pilot = make_episode(signal, slug="pilot", title="Pilot", published_at=day(1, 10))
    later = make_episode(noise, slug="later", title="Later", published_at=day(3, 5))
    draft = make_episode(signal, slug="draft", is_published=False, published_at=day(2, 1))
    make_appearance(pilot, ada, role=Role.HOST, utterance_count=1, word_count=5)
    make_appearance(pilot, bo, role=Role.GUEST, utterance_count=1, word_count=4)
    make_appearance(pilot, secret, role=Role.GUEST, utterance_count=1, word_count=4)
    make_appearance(later, ada, role=Role.GUEST)
    make_appearance(draft, ada, role=Role.HOST)
    lines = {
        "ada": make_utterance(pilot, ada, text="Welcome to the caching show.", start_ms=0),
        "secret": make_utterance(pilot, secret, text="My secret caching plan.", start_ms=1000),
        "voice": make_utterance(
            pilot, None, speaker_label="Speaker 9", text="Caching from the back row."
        ),
        "bo": make_utterance(pilot, bo, text="Thanks for caching me in."),
        "later": make_utterance(later, ada, text="More about caching, later on."),
        "draft": make_utterance(draft, ada, text="Caching in the draft."),
    }
    return {"signal": signal, "ada": ada, "bo": bo, "secret": secret, "lines": lines}


def results(client, path) -> list:
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()["results"]


# Speakers


def test_speakers_list_public_people_with_their_counts(client, cast):
    rows = results(client, "/api/speakers/")

    assert [row["slug"] for row in rows] == ["ada", "bo"]
    ada = rows[0]
    assert ada["appearance_count"] == 2  # the hidden episode does not count
    assert [show["slug"] for show in ada["shows"]] == ["noise", "signal"]
    assert ada["url"] == "http://testserver/speakers/ada/"
    assert ada["api_url"] == "http://testserver/api/speakers/ada/"


@pytest.mark.parametrize(
    ("query", "slugs"),
    [("name=lovel", ["ada"]), ("show=noise", ["ada"]), ("role=guest", ["bo", "ada"])],
)
def test_speakers_filter_as_on_the_site(client, cast, query, slugs):
    assert sorted(row["slug"] for row in results(client, f"/api/speakers/?{query}")) == sorted(
        slugs
    )


def test_speaker_has_aliases_links_and_page(client, cast):
    speaker = client.get("/api/speakers/ada/").json()

    assert speaker["name"] == "Ada Lovelace"
    assert speaker["bio"] == "Wrote the first program."
    assert speaker["aliases"] == ["A. Lovelace", "Ada Lovelace"]
    assert speaker["links"] == [{"kind": "wikidata", "url": "https://www.wikidata.org/wiki/Q7259"}]
    assert speaker["appearance_count"] == 2
    assert speaker["url"] == "http://testserver/speakers/ada/"
    assert speaker["appearances_url"] == "http://testserver/api/speakers/ada/appearances/"


def test_speaker_appearances_are_public_and_newest_first(client, cast):
    rows = results(client, "/api/speakers/ada/appearances/")

    assert [row["episode"]["slug"] for row in rows] == ["later", "pilot"]
    pilot = rows[1]
    assert pilot["role"] == "host"
    assert (pilot["utterance_count"], pilot["word_count"]) == (1, 5)
    assert pilot["episode"]["show"]["slug"] == "signal"
    assert pilot["episode"]["api_url"] == "http://testserver/api/episodes/signal/pilot/"


@pytest.mark.parametrize(
    "query", ["", "?by=quarter&from=2023-11&to=2024-06&stack=role", "?by=fortnight&from=junk"]
)
def test_appearances_over_time_are_the_charts_own_numbers(client, cast, query):
    api = client.get(f"/api/speakers/ada/appearances-over-time/{query}").json()
    page = client.get(f"/speakers/ada/appearances.json{query}").json()

    assert api == page
    assert api["total"] == 2


def test_hidden_speaker_is_nowhere(client, cast):
    for path in [
        "/api/speakers/secret/",
        "/api/speakers/secret/appearances/",
        "/api/speakers/secret/appearances-over-time/",
    ]:
        assert client.get(path).status_code == 404, path
    assert "secret" not in [row["slug"] for row in results(client, "/api/speakers/")]


def test_hidden_speakers_lines_are_attributed_to_nobody(client, cast):
    lines = {line["id"]: line for line in results(client, "/api/episodes/signal/pilot/utterances/")}

    secret = lines[cast["lines"]["secret"].pk]
    assert secret["speaker"] is None
    assert secret["display_speaker"] == "Unattributed"
    for path in ["/api/episodes/signal/pilot/", "/api/episodes/signal/pilot/utterances/"]:
        assert b"Secret Person" not in client.get(path).content, path


@pytest.mark.parametrize(
    "path", ["/", "/appearances/?page=1", "/appearances-over-time/?by=year&stack=role"]
)
def test_an_old_slug_answers_301_to_the_same_request(client, cast, path):
    SpeakerSlugRedirect.objects.create(old_slug="ada-l", speaker=cast["ada"])

    response = client.get(f"/api/speakers/ada-l{path}")

    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/speakers/ada{path}"


def test_a_hidden_speakers_old_slug_is_not_found(client, cast):
    SpeakerSlugRedirect.objects.create(old_slug="secret-old", speaker=cast["secret"])

    assert client.get("/api/speakers/secret-old/").status_code == 404


# Shows and episodes


def test_shows_have_their_public_episode_counts(client, cast):
    rows = results(client, "/api/shows/")

    assert [(row["slug"], row["episode_count"]) for row in rows] == [("noise", 1), ("signal", 1)]
    assert rows[1]["latest_episode"]["slug"] == "pilot"


def test_show_points_to_its_episodes(client, cast):
    show = client.get("/api/shows/signal/").json()

    assert show["title"] == "Signal"
    assert show["episodes_url"] == "http://testserver/api/episodes/?show=signal"
    assert [row["slug"] for row in results(client, show["episodes_url"])] == ["pilot"]
    assert client.get("/api/shows/nothing/").status_code == 404


@pytest.mark.parametrize(
    ("query", "slugs"),
    [("", ["later", "pilot"]), ("?after=2024-02-01", ["later"]), ("?before=2024-01-10", ["pilot"])],
)
def test_episodes_are_public_newest_first_and_filtered_by_date(client, cast, query, slugs):
    assert [row["slug"] for row in results(client, f"/api/episodes/{query}")] == slugs


@pytest.mark.parametrize("query", ["?show=no-such-show", "?after=someday"])
def test_episode_filters_refuse_what_they_do_not_understand(client, cast, query):
    response = client.get(f"/api/episodes/{query}")

    assert response.status_code == 400
    assert set(response.json()) <= {"show", "after"}


def test_episode_lists_its_public_credits(client, cast):
    episode = client.get("/api/episodes/signal/pilot/").json()

    credits = [(row["speaker"]["slug"], row["role"]) for row in episode["appearances"]]
    assert credits == [("ada", "host"), ("bo", "guest")]
    assert episode["show"]["slug"] == "signal"
    assert episode["utterances_url"] == "http://testserver/api/episodes/signal/pilot/utterances/"


def test_hidden_episode_is_nowhere(client, cast):
    for path in ["/api/episodes/signal/draft/", "/api/episodes/signal/draft/utterances/"]:
        assert client.get(path).status_code == 404, path
    assert "draft" not in [row["slug"] for row in results(client, "/api/episodes/")]
    appearances = results(client, "/api/speakers/ada/appearances/")
    assert "draft" not in [row["episode"]["slug"] for row in appearances]


def test_transcript_lines_come_in_order_a_cursor_page_at_a_time(client, cast):
    first = client.get("/api/episodes/signal/pilot/utterances/?page_size=3").json()
    second = client.get(first["next"]).json()

    lines = first["results"] + second["results"]
    assert [line["sequence"] for line in lines] == [0, 1, 2, 3]
    assert second["next"] is None
    ada, voice = lines[0], lines[2]
    assert ada["speaker"]["slug"] == "ada"
    assert ada["display_speaker"] == "Ada Lovelace"
    assert ada["permalink"] == f"http://testserver/q/{ada['id']}/"
    assert (voice["speaker"], voice["display_speaker"]) == (None, "Speaker 9")


@pytest.mark.parametrize("cursor", ["abc", base64.b64encode(b"p=abc").decode()])
def test_forged_cursor_is_not_found(client, cast, cursor):
    response = client.get("/api/episodes/signal/pilot/utterances/", {"cursor": cursor})

    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


# Search


def test_search_finds_public_lines_only(client, cast):
    hits = results(client, "/api/search/?q=caching")

    found = {hit["id"] for hit in hits}
    lines = cast["lines"]
    assert found == {lines[name].pk for name in ("ada", "voice", "bo", "later")}
    assert results(client, "/api/search/?q=secret") == []
    hit = next(hit for hit in hits if hit["id"] == lines["later"].pk)
    assert hit["episode"]["slug"] == "later"
    assert "<mark>" in hit["snippet_html"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("speaker=lovelace", {"ada", "later"}),
        ("show=noise", {"later"}),
        ("role=guest", {"bo", "later"}),
        ("after=2024-02-01", {"later"}),
        ("before=2024-01-31", {"ada", "voice", "bo"}),
    ],
)
def test_search_filters_as_the_search_page_does(client, cast, query, names):
    hits = results(client, f"/api/search/?q=caching&{query}")

    assert {hit["id"] for hit in hits} == {cast["lines"][name].pk for name in names}


def test_search_sorts_oldest_first_on_request(client, cast):
    hits = results(client, "/api/search/?q=caching&sort=oldest")

    assert [hit["episode"]["slug"] for hit in hits] == ["pilot"] * 3 + ["later"]


@pytest.mark.parametrize("q", [None, "", "the and of", "-redis", "a"])
def test_search_with_nothing_to_search_for_says_why(client, cast, q):
    response = client.get("/api/search/", {} if q is None else {"q": q})

    assert response.status_code == 400
    assert list(response.json()) == ["q"]
    assert response.json()["q"][0]


def test_search_refuses_filters_it_does_not_understand(client, cast):
    response = client.get("/api/search/?q=caching&show=nowhere&after=soon")

    assert response.status_code == 400
    assert set(response.json()) == {"show", "after"}


def test_a_nul_in_a_text_filter_is_refused_not_sent_to_the_database(client, cast):
    assert client.get("/api/speakers/", {"name": "a\x00"}).status_code == 400
    assert client.get("/api/search/", {"q": "caching", "speaker": "\x00"}).status_code == 400


# The API as a whole


def test_root_links_every_resource(client, cast):
    links = client.get("/api/").json()

    assert links["speakers"] == "http://testserver/api/speakers/"
    assert links["docs"] == "http://testserver/api/docs/"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_is_read_only(client, cast, method):
    assert getattr(client, method)("/api/speakers/ada/").status_code == 405


def test_browsers_get_the_browsable_page(client, cast):
    response = client.get("/api/speakers/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert b"Ada Lovelace" in response.content


@pytest.fixture
def two_a_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min"},
    }


def test_anonymous_callers_are_throttled(client, cast, two_a_minute):
    statuses = [client.get("/api/shows/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = client.get("/api/speakers/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "throttled" in refused.json()["detail"]


def test_a_forged_forwarded_for_does_not_dodge_the_limit(client, cast, two_a_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}  # no proxy in front

    forged = [f"203.0.113.{n}" for n in range(3)]
    statuses = [client.get("/api/shows/", HTTP_X_FORWARDED_FOR=ip).status_code for ip in forged]

    assert statuses == [200, 200, 429]


def test_behind_a_proxy_each_caller_is_counted_apart(client, cast, two_a_minute, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def status(caller: str) -> int:
        # What the caller claims, then the address the proxy saw, appended by the proxy.
        forwarded = f"198.51.100.9, {caller}"
        return client.get("/api/shows/", HTTP_X_FORWARDED_FOR=forwarded).status_code

    assert [status("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert status("203.0.113.2") == 200


def test_signed_in_staff_are_not_throttled(client, cast, two_a_minute):
    client.force_login(make_staff(curator=False))

    assert [client.get("/api/shows/").status_code for _ in range(3)] == [200] * 3


def test_a_rate_that_is_not_a_rate_is_refused_at_startup():
    result = manage("check", API_ANON_RATE="lots")

    assert result.returncode != 0
    assert "API_ANON_RATE must read like 120/min, not 'lots'" in result.stderr


def test_production_trusts_one_proxy_unless_told_otherwise():
    code = "from django.conf import settings; print(settings.REST_FRAMEWORK['NUM_PROXIES'])"
    production = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org"}

    assert manage("shell", "-c", code, **production).stdout.split()[-1] == "1"
    assert manage("shell", "-c", code, **production, API_NUM_PROXIES="0").stdout.split()[-1] == "0"


# Query budgets: the same number of queries with one row or many.

BUDGETS = [
    ("/api/speakers/", 4),
    ("/api/speakers/?show=signal&role=guest", 5),
    ("/api/speakers/ada/", 4),
    ("/api/speakers/ada/appearances/", 3),
    ("/api/speakers/ada/appearances-over-time/", 2),
    ("/api/shows/", 3),
    ("/api/shows/signal/", 2),
    ("/api/episodes/", 2),
    ("/api/episodes/?show=signal", 3),
    ("/api/episodes/signal/pilot/", 2),
    ("/api/episodes/signal/pilot/utterances/", 2),
    ("/api/search/?q=caching", 2),
    ("/api/search/?q=caching&show=signal", 3),
]


def grow(cast, episodes: int) -> None:
    """More of everything the endpoints list: episodes, people, credits, lines, names, links."""
    signal, ada = cast["signal"], cast["ada"]
    for number in range(episodes):
        episode = make_episode(signal, published_at=day(4, number + 1))
        guest = make_speaker()
        SpeakerLink.objects.create(speaker=ada, url=f"https://example.org/ada/{number}")
        SpeakerAlias.build(ada, f"Ada L. {number}").save()
        for speaker, role in ((ada, Role.HOST), (guest, Role.GUEST)):
            make_appearance(episode, speaker, role=role)
            make_utterance(episode, speaker, text=f"Caching, part {number}.")
        make_utterance(cast["signal"].episodes.get(slug="pilot"), guest, text="Caching again.")


@pytest.mark.parametrize(("path", "queries"), BUDGETS)
def test_query_budget_is_flat(client, cast, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
    grow(cast, 6)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


# "SCAN archive_utterance" reads every row (or every index entry); "SEARCH" seeks.
FULL_SCAN = re.compile(r"\bSCAN archive_utterance\b(?!_)")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="asks SQLite's query planner")
@pytest.mark.parametrize("path", [path for path, _ in BUDGETS])
def test_no_endpoint_scans_the_utterance_table(client, cast, path):
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert client.get(path).status_code == 200
    with connection.cursor() as cursor:
        for sql, params in seen:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
            assert not FULL_SCAN.search(plan), f"{sql}\n{plan}"


def test_search_reads_at_most_the_pool_of_newest_matches(client, cast, monkeypatch):
    from archive.search import results as search_results

    monkeypatch.setattr(search_results, "POOL", 2)

    body = client.get("/api/search/?q=caching").json()

    assert body["count"] == 2  # four lines match; the count stops at the pool
    matching = sorted(cast["lines"][name].pk for name in ("ada", "voice", "bo", "later"))
    assert {hit["id"] for hit in body["results"]} == set(matching[-2:])  # the newest two
