"""The search page: results with safe snippets, filters, order, pages, helpful refusals."""

import pytest
from django.urls import reverse

from archive import curation
from archive.demo import load_demo
from archive.ingest import import_transcript
from archive.models import Episode, Role
from archive.search import results
from speakers.models import Speaker
from tests.factories import make_episode, make_show, transcript

pytestmark = pytest.mark.django_db

URL = reverse("archive:search")


def episode_with(show, published, *lines, **fields):
    episode = make_episode(show, published_at=published, **fields)
    import_transcript(episode, transcript(*lines), source="t", content_hash="h")
    return episode


@pytest.fixture
def shows():
    signal, hearth = (
        make_show(title="Signal", slug="signal"),
        make_show(title="Hearth", slug="hearth"),
    )
    episode_with(
        signal,
        "2020-01-01T00:00Z",
        ("Ada", 0, "The cache lied to us again."),
        ("Kenji", 2000, "A <b>stale</b> cache is the usual suspect."),
    )
    episode_with(hearth, "2023-06-01T00:00Z", ("Tomas", 0, "Salt cures the fish; no cache needed."))
    curation.credit(Episode.objects.get(show=signal), Speaker.objects.get(name="Ada"), Role.HOST)
    return signal, hearth


def texts(response):
    return [hit.text for hit in response.context["page"].object_list]


def test_hits_show_speaker_episode_date_and_a_safe_highlight(client, shows):
    response = client.get(URL, {"q": "stale"})

    html = response.content.decode()
    (hit,) = response.context["page"].object_list
    assert "&lt;b&gt;<mark>stale</mark>&lt;/b&gt; cache" in html
    assert f'href="{hit.moment_url}"' in html
    assert "Kenji</bdi></a>" in html and "(<bdi>Signal</bdi>, " in html and "1 line found" in html


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"show": "hearth"}, ["Salt cures the fish; no cache needed."]),
        ({"speaker": "kenj"}, ["A <b>stale</b> cache is the usual suspect."]),
        ({"role": "host"}, ["The cache lied to us again."]),
        ({"after": "2021-01-01"}, ["Salt cures the fish; no cache needed."]),
        (
            {"before": "2021-01-01", "sort": "oldest"},
            ["The cache lied to us again.", "A <b>stale</b> cache is the usual suspect."],
        ),
    ],
)
def test_filters_narrow_the_hits(client, shows, filters, expected):
    response = client.get(URL, {"q": "cache", **filters})

    assert texts(response) == expected


def test_newest_first_orders_by_episode_date(client, shows):
    response = client.get(URL, {"q": "cache", "sort": "newest"})

    assert texts(response)[0] == "Salt cures the fish; no cache needed."


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("the", "too common"),
        ("a", "two letters"),
        ("-cache", "not only what to leave out"),
        ('"""', "Type a word"),
    ],
)
def test_a_query_with_nothing_to_find_gets_a_helpful_page(client, shows, query, message):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert message in response.context["problem"]


def test_no_query_shows_just_the_form(client, shows):
    response = client.get(URL)

    assert response.status_code == 200 and "page" not in response.context


def test_hidden_episodes_and_speakers_never_appear(client, shows):
    curation.set_published(Speaker.objects.filter(name="Kenji"), False)
    curation.set_published(Episode.objects.filter(show__slug="hearth"), False)

    assert texts(client.get(URL, {"q": "cache"})) == ["The cache lied to us again."]


def test_pages_keep_the_query_and_filters(client):
    show = make_show(slug="long")
    episode_with(
        show,
        "2024-01-01T00:00Z",
        *[("Ada" if n % 2 else "Bo", n * 1000, f"Cache line {n}.") for n in range(45)],
    )

    response = client.get(URL, {"q": "cache", "show": "long", "page": "2"})

    assert response.context["page"].number == 2 and len(texts(response)) == 20
    assert 'href="?q=cache&amp;show=long&amp;page=3"' in response.content.decode()


@pytest.mark.parametrize("hits", [1, 500])
def test_search_query_count_is_flat(client, django_assert_num_queries, hits):
    show = make_show(slug="many")
    lines = [("Ada" if n % 2 else "Bo", n * 1000, f"Cache line {n}.") for n in range(hits)]
    episode_with(show, "2024-01-01T00:00Z", *lines, ("Cy", 10**7, "Nothing to see."))

    # the archive's freshness, the show filter's choices, the count, the page, when it was said
    with django_assert_num_queries(5):
        response = client.get(URL, {"q": "cache"})

    assert response.context["page"].paginator.count == hits


def test_a_word_from_the_demo_is_found_with_a_highlight(client):
    load_demo()

    response = client.get(URL, {"q": "postmortems"})

    assert response.context["page"].paginator.count >= 1
    assert "<mark>postmortems</mark>" in response.content.decode()


def test_a_repeated_search_is_304_for_one_query(client, django_assert_num_queries):
    episode_with(make_show(slug="again"), "2024-01-01T00:00Z", ("Ada", 0, "Cache line."))
    first = client.get(URL, {"q": "cache"})

    with django_assert_num_queries(1):
        again = client.get(URL, {"q": "cache"}, headers={"if-none-match": first.headers["ETag"]})

    assert again.status_code == 304
    assert client.get(URL, {"q": "line"}).headers["ETag"] != first.headers["ETag"]


@pytest.fixture
def five_matches(monkeypatch):
    """Five lines say "cache", in two episodes; a pool of three makes the archive "large"."""
    monkeypatch.setattr(results, "POOL", 3)
    show = make_show(slug="pooled")
    episode_with(
        show,
        "2021-01-01T00:00Z",
        ("Ada", 0, "Cache one, said first."),
        ("Bo", 1000, "Cache cache cache: two, the best match of all."),
    )
    episode_with(
        show,
        "2022-01-01T00:00Z",
        ("Ada", 0, "Cache three."),
        ("Bo", 1000, "Cache four, a longer line about cache."),
        ("Ada", 2000, "Cache five, said last."),
    )


def test_past_the_pool_the_latest_matches_are_ranked_and_the_count_says_so(
    client, five_matches, django_assert_num_queries
):
    # the archive's freshness, the show filter's choices, the pool, the page: no chart
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "cache"})

    html = response.content.decode()
    assert texts(response) == [
        "Cache four, a longer line about cache.",
        "Cache three.",
        "Cache five, said last.",
    ]
    assert response.context["page"].paginator.count == 3
    assert "More than 3 lines found" in html and "These are the latest 3 added" in html
    assert "mentions" not in response.context and "When it was said" not in html


def test_oldest_first_past_the_pool_lists_the_first_lines_added(client, five_matches):
    response = client.get(URL, {"q": "cache", "sort": "oldest"})

    assert texts(response) == [
        "Cache one, said first.",
        "Cache cache cache: two, the best match of all.",
        "Cache three.",
    ]
    assert "These are the first 3 added" in response.content.decode()


def test_within_the_pool_every_match_is_counted_ranked_and_charted(client, five_matches):
    response = client.get(URL, {"q": "cache", "show": "pooled", "after": "2021-06-01"})

    assert response.context["page"].paginator.count == 3
    assert "3 lines found" in response.content.decode()
    assert response.context["mentions"].timeline.total == 3


def test_a_name_fragment_naming_many_people_still_filters(client, shows, monkeypatch):
    from archive.search import filters

    monkeypatch.setattr(filters, "MAX_NAMED_SPEAKERS", 0)  # every fragment is "too many"

    response = client.get(URL, {"q": "cache", "speaker": "kenj"})

    assert texts(response) == ["A <b>stale</b> cache is the usual suspect."]
