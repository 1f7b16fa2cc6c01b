"""Public pages: what they show, and query budgets that stay flat as data grows."""

import pytest
from django.urls import reverse

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


def populate(size):
    """``size`` episodes on one show, each with two speakers and ``size`` lines."""
    show = make_show(title="Signal", slug="signal")
    host = make_speaker("Ada Okafor")
    for number in range(size):
        episode = make_episode(show, title=f"Episode {number}", slug=f"ep-{number}")
        guest = make_speaker(f"Guest {number}")
        make_appearance(episode, host, role=Role.HOST)
        make_appearance(episode, guest, role=Role.GUEST)
        for line in range(size):
            make_utterance(episode, guest if line % 2 else host, start_ms=line * 1000)
    return show, host


@pytest.mark.parametrize("size", [2, 8])
def test_home_query_count_is_flat(client, django_assert_num_queries, size):
    populate(size)

    with django_assert_num_queries(2):
        response = client.get(reverse("archive:home"))

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 8])
def test_show_page_query_count_is_flat(client, django_assert_num_queries, size):
    show, _ = populate(size)

    with django_assert_num_queries(2):
        response = client.get(show.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b'class="episode-row"') == size


@pytest.mark.parametrize("size", [2, 8])
def test_episode_page_query_count_is_flat(client, django_assert_num_queries, size):
    show, _ = populate(size)
    episode = show.episodes.get(slug="ep-0")

    with django_assert_num_queries(3):
        response = client.get(episode.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b'class="utterance"') == size


@pytest.mark.parametrize("size", [2, 8])
def test_speaker_page_query_count_is_flat(client, django_assert_num_queries, size):
    _, host = populate(size)

    with django_assert_num_queries(3):  # speaker, identity links, appearances
        response = client.get(host.get_absolute_url())

    assert response.status_code == 200
    assert response.content.count(b'class="episode-row"') == size


def test_home_lists_latest_episodes_and_most_appearing_speakers(client):
    populate(3)

    page = client.get(reverse("archive:home")).content.decode()

    assert page.index("Episode 2") < page.index("Episode 1") < page.index("Episode 0")
    assert 'Ada Okafor</a> <span class="meta">3 episodes' in page


def test_unpublished_episodes_are_hidden_everywhere(client):
    show, host = populate(2)
    hidden = show.episodes.get(slug="ep-1")
    hidden.is_published = False
    hidden.save()

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "Episode 1" not in client.get(reverse("archive:home")).content.decode()
    assert "Episode 1" not in client.get(host.get_absolute_url()).content.decode()
    assert "Episode 1" not in client.get(show.get_absolute_url()).content.decode()


def test_episode_page_shows_unattributed_labels_and_times(client):
    episode = make_episode()
    make_utterance(episode, None, speaker_label="Speaker 2", start_ms=65_000, text="Who am I?")

    page = client.get(episode.get_absolute_url()).content.decode()

    assert "Speaker 2" in page
    assert "1:05" in page
    assert "Who am I?" in page


def test_unknown_pages_are_404(client):
    assert client.get("/speakers/nobody/").status_code == 404
    assert client.get("/shows/nothing/").status_code == 404


def test_episode_page_credits_hosts_before_guests_before_the_uncredited(client):
    episode = make_episode()
    for name, role in [
        ("Heard Only", Role.SPEAKER),
        ("A Guest", Role.GUEST),
        ("The Host", Role.HOST),
    ]:
        make_appearance(episode, make_speaker(name), role=role)

    page = client.get(episode.get_absolute_url()).content.decode()

    assert page.index("The Host") < page.index("A Guest") < page.index("Heard Only")
