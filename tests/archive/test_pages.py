"""Every public page: the site's frame (header, footer, title, description, canonical), 404 and 500.

Each page's own content and query budget is tested in test_public_*.py and tests/speakers/.
"""

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from archive.models import Role
from tests.factories import make_appearance, make_episode, make_show, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    """One of each public page, by name."""
    show = make_show(title="Signal", slug="signal", description="Engineers on what went wrong.")
    host = make_speaker("Ada Okafor", bio="Hosts Signal.")
    episode = make_episode(show, title="Why Caches Lie", slug="why", description="On caches.")
    make_appearance(episode, host, role=Role.HOST)
    make_utterance(episode, host, start_ms=0, text="Welcome to Signal, the show about caches.")
    return {
        "home": reverse("archive:home"),
        "speakers": reverse("speakers:index"),
        "shows": reverse("archive:shows"),
        "show": show.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "speaker": host.get_absolute_url(),
    }


@pytest.mark.parametrize("name", ["home", "speakers", "shows", "show", "episode", "speaker"])
def test_every_page_has_the_header_footer_and_head_it_needs(client, site, name):
    page = client.get(site[name]).content.decode()

    assert '<a class="site-name" href="/">Podcast Appearance Archive</a>' in page
    assert '<nav class="site-nav" aria-label="Main">' in page
    assert 'href="/speakers/"' in page and 'href="/shows/"' in page
    assert '<footer class="site-footer">' in page
    assert 'action="/search/"' in page and 'name="q"' in page
    title = re.search(r"<title>(.+?)</title>", page).group(1)
    description = re.search(r'<meta name="description" content="([^"]+)">', page).group(1)
    canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
    assert title.strip() and description.strip()
    assert canonical == f"http://testserver{site[name]}"


@pytest.mark.parametrize("name", ["speaker", "show"])
def test_canonical_url_drops_paging_and_searching(client, site, name):
    page = client.get(site[name] + "?page=2&said=3&q=caches").content.decode()

    assert f'<link rel="canonical" href="http://testserver{site[name]}">' in page


def test_the_current_section_is_marked_in_the_navigation(client, site):
    page = client.get(site["speakers"]).content.decode()

    assert '<a href="/speakers/" aria-current="page">Speakers</a>' in page
    assert '<a href="/shows/">Shows</a>' in page


def test_not_found_is_a_friendly_page_in_the_sites_design(client, site, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/no/such/page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in page
    assert '<nav class="site-nav" aria-label="Main">' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page


def test_server_error_is_a_friendly_page_that_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/broken/")

    with django_assert_num_queries(0):
        response = server_error(request)

    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert '<nav class="site-nav" aria-label="Main">' in page
    assert "/static/css/site.css" in page


def test_unknown_pages_are_404(client):
    assert client.get("/speakers/nobody/").status_code == 404
    assert client.get("/shows/nothing/").status_code == 404
    assert client.get("/shows/nothing/nowhere/").status_code == 404


def test_unpublished_episodes_are_hidden_everywhere(client, site):
    show = make_show(title="Quiet", slug="quiet")
    host = make_speaker("Bo Host")
    hidden = make_episode(show, title="Hidden Episode", slug="hidden", is_published=False)
    make_appearance(hidden, host, role=Role.HOST)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for path in [*site.values(), show.get_absolute_url()]:
        assert "Hidden Episode" not in client.get(path).content.decode(), path
    assert "Bo Host" not in client.get(site["speakers"]).content.decode()


def test_episode_page_shows_unattributed_labels_and_times(client):
    episode = make_episode()
    make_utterance(episode, None, speaker_label="Speaker 2", start_ms=65_000, text="Who am I?")

    page = client.get(episode.get_absolute_url()).content.decode()

    assert '<span class="speaker unattributed"><bdi>Speaker 2</bdi></span>' in page
    assert ">1:05</a>" in page
    assert "Who am I?" in page


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
