"""The shows index and a show's page: artwork, counts, hosts, frequent guests, episodes."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from archive.models import Role
from speakers.models import Speaker
from tests.factories import make_appearance, make_episode, make_show, make_speaker

pytestmark = pytest.mark.django_db


def show_with_episodes(count, **fields):
    """A show with ``count`` dated episodes, one host on each and a guest from a pool of three."""
    show = make_show(**fields)
    host = make_speaker(f"Host of {show.title}")
    guests = [make_speaker(f"Guest {n} of {show.title}") for n in range(3)]
    for number in range(count):
        episode = make_episode(
            show,
            title=f"{show.title} episode {number}",
            published_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=number),
            duration_seconds=2820,
        )
        make_appearance(episode, host, role=Role.HOST)
        make_appearance(episode, guests[number % 3], role=Role.GUEST)
    return show


@pytest.mark.parametrize("size", [2, 12])
def test_shows_index_query_count_is_flat(client, django_assert_num_queries, size):
    for number in range(size):
        show_with_episodes(3, title=f"Show {number}", slug=f"show-{number}")

    # the archive's freshness, shows with their counts, their latest episodes
    with django_assert_num_queries(3):
        response = client.get(reverse("archive:shows"))

    assert response.status_code == 200
    assert response.content.count(b'class="show-card"') == size


def test_shows_index_has_artwork_counts_and_the_latest_public_episode(client):
    drawn = show_with_episodes(
        3, title="Signal", slug="signal", image_url="https://example.org/signal.png"
    )
    make_episode(drawn, title="Hidden newest", published_at=datetime(2030, 1, 1, tzinfo=UTC))
    drawn.episodes.filter(title="Hidden newest").update(is_published=False)
    make_show(title="Empty")

    page = client.get(reverse("archive:shows")).content.decode()

    assert '<img class="artwork" src="https://example.org/signal.png" alt=""' in page
    assert '<span class="artwork artwork-none hue-' in page  # "Empty" has no artwork
    assert ">E</span>" in page
    assert "3 episodes" in page and "0 episodes" in page
    assert 'Latest: <a href="/shows/signal' in page and "Signal episode 2</bdi></a>" in page
    assert "Hidden newest" not in page


@pytest.mark.parametrize("size", [3, 60])
def test_show_page_query_count_is_flat(client, django_assert_num_queries, size):
    show = show_with_episodes(size, title="Signal", slug="signal")

    # show, episodes over time, hosts, guests, episode count, a page of episodes, their guests
    with django_assert_num_queries(7):
        response = client.get(show.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b'class="episode-row"') == min(size, 30)


def test_show_page_lists_hosts_frequent_guests_and_episodes_with_guests(client):
    show = show_with_episodes(4, title="Signal", slug="signal", description="About caches.")

    page = client.get(show.get_absolute_url()).content.decode()

    assert "<h1><bdi>Signal</bdi></h1>" in page and "About caches." in page
    hosts = page[page.index('id="hosts-heading"') : page.index('id="guests-heading"')]
    guests = page[page.index('id="guests-heading"') :]
    assert 'Host of Signal</bdi></a> <span class="meta">4 episodes' in hosts
    assert 'Guest 0 of Signal</bdi></a> <span class="meta">2 episodes' in guests
    assert guests.index("Guest 0 of Signal") < guests.index("Guest 1 of Signal")
    assert page.index("Signal episode 3") < page.index("Signal episode 0")  # newest first
    assert 'With <a href="' in page and '<time datetime="PT47M0S">47 min</time>' in page


def test_show_page_paginates_episodes_keeping_the_place(client):
    show = show_with_episodes(31, title="Signal", slug="signal")

    first = client.get(show.get_absolute_url()).content.decode()
    second = client.get(show.get_absolute_url() + "?page=2").content.decode()

    assert '<a rel="next" href="?page=2#episodes">' in first
    assert "Signal episode 0</bdi></a>" in second and "Signal episode 0</bdi></a>" not in first
    assert "Page 2 of 2" in second


def test_hidden_guests_and_hidden_episodes_stay_off_a_show_page(client):
    show = show_with_episodes(2, title="Signal", slug="signal")
    Speaker.objects.filter(name="Guest 0 of Signal").update(is_published=False)
    show.episodes.filter(title="Signal episode 1").update(is_published=False)

    page = client.get(show.get_absolute_url()).content.decode()

    assert "Guest 0 of Signal" not in page
    assert "Signal episode 1" not in page
    assert 'Host of Signal</bdi></a> <span class="meta">1 episode<' in page


def test_a_show_description_written_in_html_reads_as_text(client):
    show = make_show(description="<p>Tides &amp; <b>rock pools</b></p><script>x()</script>")

    page = client.get(show.get_absolute_url()).content.decode()

    assert '<p class="lede" dir="auto">Tides &amp; rock pools</p>' in page
    assert "<b>" not in page and "x()" not in page
