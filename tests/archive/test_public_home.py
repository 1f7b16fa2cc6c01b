"""The home page: a search box, the latest episodes, who was most active, the archive's totals."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from archive import curation
from archive.curation.bookkeeping import episodes_changed
from archive.models import Episode, Role, Utterance
from archive.overview import activity_year, archive_totals
from speakers.models import Speaker
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


def populate(size):
    """``size`` episodes on one show in 2024, each with a host, a new guest and two lines."""
    show = make_show(title="Signal", slug="signal")
    host = make_speaker("Ada Okafor")
    for number in range(size):
        episode = make_episode(
            show,
            title=f"Episode {number}",
            slug=f"ep-{number}",
            published_at=datetime(2024, 1, 1 + number % 28, tzinfo=UTC),
            duration_seconds=1800,
        )
        guest = make_speaker(f"Guest {number}")
        make_appearance(episode, host, role=Role.HOST, utterance_count=1)
        make_appearance(episode, guest, role=Role.GUEST, utterance_count=1)
        make_utterance(episode, host)
        make_utterance(episode, guest)
    return show, host


@pytest.mark.parametrize("size", [3, 30])
def test_home_query_count_is_flat(client, django_assert_num_queries, size):
    populate(size)

    # the archive's freshness, latest episodes, most active, episodes over time; totals:
    # shows, episodes, speakers, lines counted, unattributed
    with django_assert_num_queries(9):
        response = client.get(reverse("archive:home"))

    assert response.status_code == 200
    assert response.content.count(b'class="episode-row"') == min(size, 12)


def test_home_has_a_search_box_for_everything_said(client):
    page = client.get(reverse("archive:home")).content.decode()

    assert '<form class="hero-search" role="search"' in page
    assert '<label for="home-search-q">' in page
    assert '<input id="home-search-q" type="search" name="q"' in page
    assert 'class="site-search"' not in page  # the header's box would be a second one


def test_home_lists_latest_episodes_and_who_was_most_active(client):
    _, host = populate(3)

    page = client.get(reverse("archive:home")).content.decode()

    assert page.index("Episode 2") < page.index("Episode 1") < page.index("Episode 0")
    assert "Most active in 2024" in page
    link = f'<a href="{host.get_absolute_url()}"><bdi>Ada Okafor</bdi></a>'
    assert f'{link} <span class="meta">3 episodes' in page
    assert '<a href="/speakers/?year=2024">Everyone active in 2024</a>' in page


def test_home_shows_the_archive_totals(client):
    populate(3)

    page = client.get(reverse("archive:home")).content.decode()

    for label, figure in [
        ("Shows", "1"),
        ("Episodes", "3"),
        ("Speakers", "4"),
        ("Hours", "1.5"),
        ("Utterances", "6"),
    ]:
        assert f"<div><dt>{label}</dt><dd>{figure}</dd></div>" in page


def test_most_active_counts_only_this_year_and_public_episodes():
    show = make_show()
    busy, once = make_speaker("Busy"), make_speaker("Once")
    for day, speaker in [(1, busy), (2, busy), (3, once)]:
        episode = make_episode(show, published_at=datetime(2025, 3, day, tzinfo=UTC))
        make_appearance(episode, speaker)
    old = make_episode(show, published_at=datetime(2023, 1, 1, tzinfo=UTC))
    hidden = make_episode(show, published_at=datetime(2025, 4, 1, tzinfo=UTC), is_published=False)
    for episode in (old, hidden):
        make_appearance(episode, once)

    ranked = Speaker.objects.most_active_in(2025)

    assert [(s.name, s.appearance_count) for s in ranked] == [("Busy", 2), ("Once", 1)]


def test_the_active_year_is_the_newest_episodes_else_this_one():
    assert activity_year([]) == datetime.now(UTC).year
    assert activity_year([Episode(published_at=datetime(2021, 5, 1, tzinfo=UTC))]) == 2021
    undated_first = [Episode(), Episode(published_at=datetime(2022, 1, 1, tzinfo=UTC))]
    assert activity_year(undated_first) == 2022


def test_totals_count_every_visible_line_without_reading_them(django_assert_num_queries):
    show = make_show()
    episode = make_episode(show, duration_seconds=3600)
    ada, hidden = make_speaker("Ada"), make_speaker("Hidden")
    make_utterance(episode, ada, text="One.")
    make_utterance(episode, hidden, text="Two, shown as Unattributed.")
    make_utterance(episode, None, speaker_label="Speaker 3", text="Three.")
    unpublished = make_episode(show, is_published=False)
    make_utterance(unpublished, ada, text="Not public.")
    episodes_changed([episode.pk, unpublished.pk])  # counted as an import would leave them
    curation.set_published(Speaker.objects.filter(pk=hidden.pk), False)

    with django_assert_num_queries(5):
        totals = archive_totals()

    assert totals.utterances == 3 == Utterance.objects.filter(episode__is_published=True).count()
    assert (totals.shows, totals.episodes, totals.speakers, totals.seconds) == (1, 1, 1, 3600)
