"""Hidden episodes and speakers vanish from public pages and answer 404; old slugs answer 301."""

import pytest
from django.urls import reverse

from archive import curation
from archive.models import Episode, Role
from speakers.models import LinkKind, Speaker, SpeakerLink
from tests.factories import make_appearance, make_episode, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """An episode on which a host and a guest are credited and heard."""
    episode = make_episode(title="Open Episode")
    host, guest = make_speaker("Ada Host"), make_speaker("Bo Private")
    for speaker, role in ((host, Role.HOST), (guest, Role.GUEST)):
        make_appearance(episode, speaker, role=role)
        make_utterance(episode, speaker, text=f"The {role} speaking.")
    return episode, host, guest


def test_a_hidden_speaker_answers_404_and_vanishes_from_pages(client, heard):
    episode, _, guest = heard

    curation.set_published(Speaker.objects.filter(pk=guest.pk), False)

    assert client.get(guest.get_absolute_url()).status_code == 404
    home = client.get(reverse("archive:home")).content.decode()
    page = client.get(episode.get_absolute_url()).content.decode()
    assert "Ada Host" in home and "Bo Private" not in home
    assert "Bo Private" not in page and guest.get_absolute_url() not in page
    assert "The guest speaking." in page  # the words stay, unattributed


def test_a_hidden_episode_vanishes_from_its_people_and_answers_404(client, heard):
    episode, host, _ = heard

    curation.set_published(Episode.objects.filter(pk=episode.pk), False)

    assert client.get(episode.get_absolute_url()).status_code == 404
    assert "Open Episode" not in client.get(host.get_absolute_url()).content.decode()
    assert "Open Episode" not in client.get(reverse("archive:home")).content.decode()
    assert "Open Episode" not in client.get(episode.show.get_absolute_url()).content.decode()


def test_an_old_slug_of_a_hidden_speaker_is_404_too(client, heard):
    _, _, guest = heard
    old = guest.slug
    curation.rename_speaker_slug(guest, "bo-new")
    curation.set_published(Speaker.objects.filter(pk=guest.pk), False)

    assert client.get(f"/speakers/{old}/").status_code == 404


def test_identity_links_are_listed_on_the_speaker_page(client, heard):
    _, host, _ = heard
    SpeakerLink.objects.create(
        speaker=host, kind=LinkKind.WIKIDATA, url="https://www.wikidata.org/wiki/Q42"
    )

    page = client.get(host.get_absolute_url()).content.decode()

    assert '<a href="https://www.wikidata.org/wiki/Q42" rel="nofollow">Wikidata item</a>' in page
