"""Pages answer 304 Not Modified to a visitor whose copy is current, for one query."""

from datetime import date

import pytest

from archive import curation, freshness
from tests.factories import make_appearance, make_episode, make_speaker, make_utterance

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada():
    speaker = make_speaker("Ada Okafor")
    episode = make_episode(title="Why caches lie")
    make_appearance(episode, speaker)
    make_utterance(episode, speaker, text="Caches lie about freshness all the time.")
    return speaker


def revisit(client, url, first):
    return client.get(url, headers={"if-none-match": first.headers["ETag"]})


def test_a_current_speaker_page_is_304_for_one_query(client, ada, django_assert_num_queries):
    url = ada.get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(1):
        again = revisit(client, url, first)

    assert first.status_code == 200 and "no-cache" in first.headers["Cache-Control"]
    assert again.status_code == 304 and not again.content
    assert "Content-Security-Policy" not in again.headers  # the cached page keeps its nonce


def test_a_speaker_page_changes_when_a_line_of_theirs_does(client, ada):
    url = ada.get_absolute_url()
    first = client.get(url)
    line = ada.utterances.get()

    curation.edit_utterance(line, text="Caches lie, and so do clocks.")

    again = revisit(client, url, first)
    assert again.status_code == 200
    assert again.headers["ETag"] != first.headers["ETag"]


def test_a_speaker_page_changes_when_a_month_begins(client, ada, monkeypatch):
    url = ada.get_absolute_url()
    monkeypatch.setattr(freshness.timezone, "localdate", lambda: date(2031, 5, 31))
    first = client.get(url)

    monkeypatch.setattr(freshness.timezone, "localdate", lambda: date(2031, 6, 1))

    assert revisit(client, url, first).status_code == 200  # the chart grew a bar


def test_a_new_release_is_never_answered_with_an_old_page(client, ada, settings):
    url = ada.get_absolute_url()
    first = client.get(url)

    settings.RELEASE = "a-later-deploy"

    assert revisit(client, url, first).status_code == 200


def test_a_current_compare_chart_is_304_for_one_query(client, ada, django_assert_num_queries):
    url = f"/speakers/compare/?s={ada.slug}"
    first = client.get(url)

    with django_assert_num_queries(1):
        again = revisit(client, url, first)

    assert first.status_code == 200 and again.status_code == 304


@pytest.mark.parametrize("page", ["home", "shows", "show", "episode", "speakers"])
def test_archive_pages_are_304_for_one_query(client, ada, django_assert_num_queries, page):
    episode = ada.appearances.get().episode
    url = {
        "home": "/",
        "shows": "/shows/",
        "show": episode.show.get_absolute_url(),
        "episode": episode.get_absolute_url(),
        "speakers": "/speakers/",
    }[page]
    first = client.get(url)

    with django_assert_num_queries(1):
        again = revisit(client, url, first)

    assert first.status_code == 200 and again.status_code == 304


def test_an_episode_page_changes_when_its_transcript_does(client, ada):
    line = ada.utterances.get()
    url = line.episode.get_absolute_url()
    first = client.get(url)

    curation.edit_utterance(line, text="Caches lie, and so do clocks.")

    again = revisit(client, url, first)
    assert again.status_code == 200 and b"so do clocks" in again.content


@pytest.mark.parametrize("url", ["/", "/shows/", "/speakers/", "/search/?q=caches", "episode"])
def test_a_second_visitor_gets_the_cached_page_for_one_query(
    client, ada, django_assert_num_queries, url
):
    if url == "episode":
        url = ada.appearances.get().episode.get_absolute_url()
    first = client.get(url)

    with django_assert_num_queries(1):  # the freshness; no copy of their own to revalidate
        again = client.get(url)

    assert again.status_code == 200 and again.content == first.content
