"""Atom feeds (a speaker's appearances, a show's episodes, a saved search), conditional GET,
the sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from archive import curation
from archive.models import Episode, Role
from archive.syndication.sitemaps import EpisodeSitemap
from speakers.models import Speaker, SpeakerSlugRedirect
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FIRST_LINE = "Caches are where good intentions go to die."


def feed_of(response):
    """The feed, parsed by a real feed parser, after checking RFC 4287's required elements."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    for entry in root.iter(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def day(number):
    return datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=number)


def appearances(speaker, count, show=None, role=Role.GUEST):
    """``count`` dated episodes on ``show`` with ``speaker`` on each, saying a real first line."""
    show = show or make_show(title="Signal", slug="signal")
    episodes = []
    for number in range(count):
        episode = make_episode(show, title=f"Episode {number}", published_at=day(number))
        make_appearance(episode, speaker, role=role)
        make_utterance(episode, speaker, text="Yes.")  # too short to be their first line
        make_utterance(episode, speaker, text=f"{FIRST_LINE} Number {number}.")
        episodes.append(episode)
    return episodes


def speaker_feed_url(speaker):
    return reverse("syndication:speaker-feed", kwargs={"slug": speaker.slug})


def show_feed_url(show):
    return reverse("syndication:show-feed", kwargs={"slug": show.slug})


SEARCH_FEED = reverse("syndication:search-feed")


# A speaker's appearances


def test_speaker_feed_has_each_appearance_newest_first_with_its_first_line(client):
    ada = make_speaker("Ada Lovelace", slug="ada")
    older, newer = appearances(ada, 2)
    undated = make_episode(older.show, title="Undated", published_at=None)
    make_appearance(undated, ada, role=Role.HOST)

    feed = feed_of(client.get(speaker_feed_url(ada)))

    assert feed.feed.title == "Ada Lovelace on podcasts"
    assert feed.feed.link == "http://testserver/speakers/ada/"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Episode 1 (Signal)", "Episode 0 (Signal)", "Undated (Signal)"]
    first = feed.entries[0]
    assert first.link == f"http://testserver{newer.get_absolute_url()}"
    assert first.published_parsed[:3] == (2024, 1, 2)
    assert "Guest on" in first.summary and f"{FIRST_LINE} Number 1." in first.summary
    line = newer.utterances.get(text__startswith=FIRST_LINE)
    quote_url = f"http://testserver/q/{line.pk}/"
    assert f'href="{quote_url}"' in first.summary
    related = [link for link in first.links if link.rel == "related"]
    assert [(link.href, link.title) for link in related] == [(quote_url, "Quote this line")]
    assert "published" not in feed.entries[2]  # undated: last, with only its updated date
    assert "Host on" in feed.entries[2].summary


def test_speaker_feed_entry_ids_are_unique_and_stable(client):
    ada = make_speaker("Ada Lovelace", slug="ada")
    episodes = appearances(ada, 3)

    ids = [entry.id for entry in feed_of(client.get(speaker_feed_url(ada))).entries]
    Speaker.objects.filter(pk=ada.pk).update(name="Ada King")
    again = [entry.id for entry in feed_of(client.get(speaker_feed_url(ada))).entries]

    assert ids == again and len(set(ids)) == 3
    assert ids[0] == f"tag:testserver,2026:appearance:{ada.pk}:{episodes[2].pk}"


@pytest.mark.parametrize("size", [3, 55])
def test_speaker_feed_query_count_is_flat(client, django_assert_num_queries, size):
    ada = make_speaker("Ada Lovelace", slug="ada")
    appearances(ada, size)

    with django_assert_num_queries(2):  # the speaker with its freshness, the entries
        response = client.get(speaker_feed_url(ada))

    assert len(feed_of(response).entries) == min(size, 50)


def test_a_speaker_feed_polled_again_is_one_query_until_it_changes(
    client, django_assert_num_queries
):
    ada = make_speaker("Ada Lovelace", slug="ada")
    appearances(ada, 3)
    first = client.get(speaker_feed_url(ada))

    with django_assert_num_queries(1):  # the speaker with its freshness: the feed is kept
        again = client.get(speaker_feed_url(ada))
    episode = Episode.objects.get(title="Episode 2")
    curation.credit(episode, ada, Role.HOST)
    changed = client.get(speaker_feed_url(ada))

    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert "Host on" in changed.content.decode() and "Host on" not in first.content.decode()


def test_speaker_feed_leaves_out_hidden_episodes_and_hidden_speakers_have_none(client):
    ada, hidden = make_speaker("Ada", slug="ada"), make_speaker("Hidden", slug="hidden")
    shown, unpublished = appearances(ada, 2)
    Episode.objects.filter(pk=unpublished.pk).update(is_published=False)
    make_appearance(shown, hidden)
    Speaker.objects.filter(pk=hidden.pk).update(is_published=False)

    feed = feed_of(client.get(speaker_feed_url(ada)))

    assert [entry.title for entry in feed.entries] == ["Episode 0 (Signal)"]
    assert client.get(speaker_feed_url(hidden)).status_code == 404
    assert client.get("/speakers/nobody/feed/").status_code == 404


def test_speaker_feed_at_an_old_slug_redirects_to_the_feed_now(client):
    ada = make_speaker("Ada", slug="ada")
    SpeakerSlugRedirect.objects.create(old_slug="ada-old", speaker=ada)

    response = client.get("/speakers/ada-old/feed/")

    assert response.status_code == 301 and response["Location"] == "/speakers/ada/feed/"


# A show's episodes


def show_with_episodes(count):
    show = make_show(title="Signal", slug="signal", description="<p>About <b>caches</b>.</p>")
    guests = [make_speaker(f"Guest {n}") for n in range(3)]
    for number in range(count):
        episode = make_episode(
            show,
            title=f"Episode {number}",
            published_at=day(number),
            description=f"<p>We talk <em>stampedes</em> &amp; locks, part {number}.</p>",
        )
        make_appearance(episode, guests[number % 3], role=Role.GUEST)
    return show


def test_show_feed_has_episodes_newest_first_with_plain_summary_and_guests(client):
    show = show_with_episodes(3)
    newest = show.episodes.get(title="Episode 2")

    feed = feed_of(client.get(show_feed_url(show)))

    assert feed.feed.title == "Signal · Podcast Appearance Archive"
    assert feed.feed.subtitle == "About caches."
    assert [entry.title for entry in feed.entries] == ["Episode 2", "Episode 1", "Episode 0"]
    first = feed.entries[0]
    assert first.id == f"tag:testserver,2026:episode:{newest.pk}"
    assert first.link == f"http://testserver{newest.get_absolute_url()}"
    assert "We talk stampedes &amp; locks, part 2." in first.summary  # tags gone, text escaped
    guest = newest.appearances.get().speaker
    assert f'With <a href="http://testserver{guest.get_absolute_url()}">Guest 2</a>.' in (
        first.summary
    )


@pytest.mark.parametrize("size", [3, 55])
def test_show_feed_query_count_is_flat(client, django_assert_num_queries, size):
    show = show_with_episodes(size)

    with django_assert_num_queries(3):  # the show with its freshness, the episodes, their guests
        response = client.get(show_feed_url(show))

    assert len(feed_of(response).entries) == min(size, 50)


def test_show_feed_leaves_out_hidden_episodes_and_hidden_guests(client):
    show = show_with_episodes(2)
    show.episodes.filter(title="Episode 1").update(is_published=False)
    Speaker.objects.filter(name="Guest 0").update(is_published=False)

    feed = feed_of(client.get(show_feed_url(show)))

    assert [entry.title for entry in feed.entries] == ["Episode 0"]
    assert "Guest 0" not in feed.entries[0].summary and "With" not in feed.entries[0].summary
    assert client.get("/shows/nothing/feed/").status_code == 404


# A saved search


@pytest.fixture
def lines():
    """Three public lines about caches on two shows; one by a hidden speaker, one hidden episode."""
    signal = make_show(title="Signal", slug="signal")
    hearth = make_show(title="Hearth", slug="hearth")
    ada, kenji, hidden = make_speaker("Ada"), make_speaker("Kenji"), make_speaker("Hidden")
    old, new = make_episode(signal, published_at=day(1)), make_episode(hearth, published_at=day(9))
    make_appearance(old, ada, role=Role.HOST)
    make_utterance(old, ada, text="The cache lied to us again.")
    make_utterance(old, kenji, text="A stale cache is the usual suspect.", start_ms=65000)
    make_utterance(new, kenji, text="No cache is needed to salt fish.")
    make_utterance(new, hidden, text="My cache secret.")
    Speaker.objects.filter(pk=hidden.pk).update(is_published=False)
    unpublished = make_episode(signal, published_at=day(20), is_published=False)
    make_utterance(unpublished, ada, text="An unpublished cache line.")
    return signal, hearth


def test_search_feed_has_matching_public_lines_newest_first_with_permalinks(client, lines):
    feed = feed_of(client.get(SEARCH_FEED, {"q": "cache", "sort": "oldest"}))

    assert feed.feed.title == "Lines matching “cache” · Podcast Appearance Archive"
    assert feed.feed.link.startswith("http://testserver/search/?q=cache&sort=newest")
    self_link = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_link == ["http://testserver/search/feed/?q=cache&sort=oldest"]
    texts = [entry.summary for entry in feed.entries]
    assert len(texts) == 3
    assert "salt fish" in texts[0] and "lied to us" in texts[1] and "usual suspect" in texts[2]
    assert not any("secret" in text or "unpublished" in text for text in texts)
    stale = feed.entries[2]
    assert stale.title.startswith("Kenji on ") and stale.title.endswith("(Signal)")
    assert stale.author == "Kenji"
    assert stale.link.startswith("http://testserver/q/") and stale.id.startswith("tag:testserver")
    assert "Hear it at 1:05" in stale.summary


def test_search_feed_uses_the_search_pages_filters(client, lines):
    feed = feed_of(client.get(SEARCH_FEED, {"q": "cache", "show": "signal", "role": "host"}))

    assert [entry.author for entry in feed.entries] == ["Ada"]
    assert feed.feed.title == (
        "Lines matching “cache” (show: signal, role: host) · Podcast Appearance Archive"
    )


@pytest.mark.parametrize("size", [2, 55])
def test_search_feed_query_count_is_flat(client, django_assert_num_queries, size):
    speaker, episode = make_speaker("Ada"), make_episode(make_show(slug="signal"))
    for number in range(size):
        make_utterance(episode, speaker, text=f"Cache line number {number}.")

    with django_assert_num_queries(2):  # the archive's freshness, the matching lines
        response = client.get(SEARCH_FEED, {"q": "cache"})
    with django_assert_num_queries(3):  # and the show filter's show
        client.get(SEARCH_FEED, {"q": "cache", "show": "signal"})

    assert len(feed_of(response).entries) == min(size, 50)


@pytest.mark.parametrize("query", [{}, {"q": ""}, {"q": "the and of"}, {"q": "-cache"}])
def test_search_feed_with_nothing_to_search_for_is_not_found(client, query):
    assert client.get(SEARCH_FEED, query).status_code == 404


# Conditional GET


@pytest.fixture
def feed_urls():
    ada = make_speaker("Ada", slug="ada")
    (episode,) = appearances(ada, 1)
    return {
        "speaker": speaker_feed_url(ada),
        "show": show_feed_url(episode.show),
        "search": f"{SEARCH_FEED}?q=caches",
    }


@pytest.mark.parametrize("feed", ["speaker", "show", "search"])
def test_a_current_etag_gets_304_for_one_query(client, django_assert_num_queries, feed_urls, feed):
    first = client.get(feed_urls[feed])

    with django_assert_num_queries(1):  # the freshness lookup, nothing rendered
        again = client.get(feed_urls[feed], headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200 and again.status_code == 304 and not again.content
    assert again["ETag"] == first["ETag"] and again["Last-Modified"] == first["Last-Modified"]


def test_a_compressed_feeds_weak_etag_still_gets_304(client, feed_urls):
    first = client.get(feed_urls["speaker"], headers={"accept-encoding": "gzip"})
    assert first["Content-Encoding"] == "gzip" and first["ETag"].startswith('W/"')

    again = client.get(feed_urls["speaker"], headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


@pytest.mark.parametrize("feed", ["speaker", "show", "search"])
def test_an_unchanged_date_gets_304(client, feed_urls, feed):
    first = client.get(feed_urls[feed])

    again = client.get(feed_urls[feed], headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == 304


@pytest.mark.parametrize("feed", ["speaker", "show", "search"])
def test_a_changed_episode_gets_the_whole_feed_again(client, feed_urls, feed):
    first = client.get(feed_urls[feed])
    Episode.objects.update(updated_at=timezone.now() + timedelta(hours=1))

    by_etag = client.get(feed_urls[feed], headers={"if-none-match": first["ETag"]})
    by_date = client.get(feed_urls[feed], headers={"if-modified-since": first["Last-Modified"]})

    assert by_etag.status_code == 200 and by_etag["ETag"] != first["ETag"]
    assert by_date.status_code == 200


def test_a_removed_episode_changes_the_etag_though_the_date_goes_back(client):
    ada = make_speaker("Ada", slug="ada")
    appearances(ada, 2)
    first = client.get(speaker_feed_url(ada))
    Episode.objects.order_by("-updated_at").first().delete()

    again = client.get(speaker_feed_url(ada), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200 and len(feed_of(again).entries) == 1


@pytest.mark.parametrize("feed", ["speaker", "show", "search"])
def test_hiding_an_episode_changes_the_etag(client, feed_urls, feed):
    first = client.get(feed_urls[feed])
    curation.set_published(Episode.objects.all(), False)

    again = client.get(feed_urls[feed], headers={"if-none-match": first["ETag"]})

    assert again.status_code == 200 and feed_of(again).entries == []


def test_feeds_answer_only_reads(client, feed_urls):
    assert client.post(feed_urls["speaker"]).status_code == 405
    assert client.head(feed_urls["speaker"]).status_code == 200


# Pages link their feeds


def test_speaker_page_links_its_feed(client):
    ada = make_speaker("Ada Lovelace", slug="ada")
    appearances(ada, 1)

    page = client.get(ada.get_absolute_url()).content.decode()

    head = page[: page.index("</head>")]
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="Ada Lovelace on podcasts (Atom)" href="/speakers/ada/feed/">'
    ) in head
    assert '<meta property="og:type" content="profile">' in head  # the block's own tags stay
    assert '<a href="/speakers/ada/feed/">Follow new appearances (Atom feed)</a>' in page


def test_show_page_links_its_feed(client):
    show = show_with_episodes(1)

    page = client.get(show.get_absolute_url()).content.decode()

    head = page[: page.index("</head>")]
    assert 'type="application/atom+xml" title="Signal: new episodes (Atom)"' in head
    assert 'href="/shows/signal/feed/">Follow new episodes (Atom feed)</a>' in page


def test_search_page_links_the_feed_of_this_search(client, lines):
    page = client.get(reverse("archive:search"), {"q": "cache", "show": "signal", "page": "1"})
    html = page.content.decode()

    feed_url = "/search/feed/?q=cache&amp;show=signal"
    head = html[: html.index("</head>")]
    assert f'title="Lines matching “cache” (Atom)" href="{feed_url}"' in head
    assert f'href="{feed_url}">Follow this search (Atom feed)</a>' in html
    assert "atom+xml" not in client.get(reverse("archive:search")).content.decode()


# Sitemap and robots.txt


def sitemap_locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [element.text for element in root.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_listed_speakers_shows_and_public_episodes_but_no_quotes(client):
    ada, silent, hidden = make_speaker("Ada", slug="ada"), make_speaker("Mute"), make_speaker("Hid")
    (episode,) = appearances(ada, 1)
    unpublished = make_episode(episode.show, slug="unpublished", is_published=False)
    make_appearance(unpublished, silent)
    make_appearance(episode, hidden)
    Speaker.objects.filter(pk=hidden.pk).update(is_published=False)

    index = sitemap_locations(client.get("/sitemap.xml"))
    pages = [loc for url in index for loc in sitemap_locations(client.get(url))]

    assert index == [
        "http://testserver/sitemap-speakers.xml",
        "http://testserver/sitemap-shows.xml",
        "http://testserver/sitemap-episodes.xml",
    ]
    assert pages == [
        "http://testserver/speakers/ada/",
        "http://testserver/shows/signal/",
        f"http://testserver{episode.get_absolute_url()}",
    ]


def test_sitemap_lastmod_follows_the_speakers_latest_episode(client):
    ada = make_speaker("Ada", slug="ada")
    (episode,) = appearances(ada, 1)
    later = timezone.now() + timedelta(days=3)
    Episode.objects.filter(pk=episode.pk).update(updated_at=later)

    root = ET.fromstring(client.get("/sitemap-speakers.xml").content)

    lastmod = root.find(f"{SITEMAP}url/{SITEMAP}lastmod").text
    assert lastmod == timezone.localdate(later).isoformat()


def test_sitemap_sections_are_paginated(client, monkeypatch):
    monkeypatch.setattr(EpisodeSitemap, "limit", 2)
    appearances(make_speaker("Ada"), 5)

    index = sitemap_locations(client.get("/sitemap.xml"))

    episode_pages = [url for url in index if "episodes" in url]
    assert episode_pages[1:] == [
        "http://testserver/sitemap-episodes.xml?p=2",
        "http://testserver/sitemap-episodes.xml?p=3",
    ]
    assert len(sitemap_locations(client.get(episode_pages[2]))) == 1


@pytest.mark.parametrize("size", [1, 12])
def test_sitemap_query_count_is_flat(client, django_assert_num_queries, size):
    appearances(make_speaker("Ada"), size)

    with django_assert_num_queries(6):  # each section's count and latest lastmod
        client.get("/sitemap.xml")
    for section in ("speakers", "shows", "episodes"):
        with django_assert_num_queries(2):  # the count, the page
            response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200


def test_robots_txt_disallows_admin_and_search_and_points_at_the_sitemap(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt", secure=True)

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /search/" in lines
    assert not any("admin" in line for line in lines)  # ADMIN_URL is nobody's business
    assert "Sitemap: https://testserver/sitemap.xml" in lines
    assert not any(line.startswith("Disallow: /q/") for line in lines)
