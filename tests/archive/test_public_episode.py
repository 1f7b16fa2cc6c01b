"""An episode's page: metadata, show notes, people, the player, and the whole transcript."""

import re

import pytest
from django.core.cache import cache

from archive import curation
from archive.models import Role
from speakers.models import Speaker
from tests.factories import (
    make_appearance,
    make_episode,
    make_long_episode,
    make_speaker,
    make_utterance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def cold_cache():
    """The transcript's rendering is cached; each test starts without it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def episode():
    episode = make_episode(
        title="Why Caches Lie",
        slug="why-caches-lie",
        audio_url="/static/audio/demo/why-caches-lie.opus",
        page_url="https://example.org/episodes/why-caches-lie",
        duration_seconds=263,
    )
    host, guest = make_speaker("Ada Okafor"), make_speaker("Kenji Marlowe")
    make_appearance(episode, host, role=Role.HOST)
    make_appearance(episode, guest, role=Role.GUEST)
    make_utterance(episode, host, start_ms=0, text="Welcome to the show.")
    make_utterance(episode, guest, start_ms=65_400, text="Glad to be here.")
    make_utterance(episode, None, speaker_label="Speaker 3", start_ms=65_900, text="Me too.")
    return episode


@pytest.mark.parametrize("lines", [10, 3000])
def test_episode_page_query_count_is_flat(client, django_assert_num_queries, lines):
    speakers = [make_speaker("Ada Okafor"), make_speaker("Kenji Marlowe")]
    url = make_long_episode(lines, speakers).get_absolute_url()

    with django_assert_num_queries(3):  # the episode, its people, its lines
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b'class="utterance"') == lines


@pytest.mark.parametrize("lines", [10, 3000])
def test_a_cached_transcript_costs_no_query(client, django_assert_num_queries, lines):
    url = make_long_episode(lines, [make_speaker("Ada Okafor")]).get_absolute_url()
    first = client.get(url).content

    with django_assert_num_queries(2):  # the episode, its people
        again = client.get(url).content

    assert again == first


def test_a_curators_edit_shows_at_once_despite_the_cache(client, episode):
    client.get(episode.get_absolute_url())
    line = episode.utterances.get(text="Glad to be here.")

    curation.edit_utterance(line, text="Glad to be back.")
    curation.set_published(Speaker.objects.filter(name="Ada Okafor"), False)

    page = client.get(episode.get_absolute_url()).content.decode()
    assert "Glad to be back." in page and "Glad to be here." not in page
    assert "Ada Okafor" not in page


def test_episode_page_has_metadata_people_and_the_original_page(client, episode):
    page = client.get(episode.get_absolute_url()).content.decode()

    assert "<h1>Why Caches Lie</h1>" in page
    assert '<time datetime="PT4M23S">4 min</time>' in page
    assert 'href="https://example.org/episodes/why-caches-lie" rel="nofollow noopener"' in page
    assert 'Ada Okafor</a> <span class="role">Host</span>' in page
    assert 'Kenji Marlowe</a> <span class="role">Guest</span>' in page


def test_the_transcript_links_speakers_times_and_each_line(client, episode):
    ada = Speaker.objects.get(name="Ada Okafor")
    first, second, third = episode.utterances.order_by("sequence")

    page = client.get(episode.get_absolute_url()).content.decode()

    assert f'<li class="utterance" id="u{first.pk}">' in page
    assert f'<a class="speaker" href="{ada.get_absolute_url()}">Ada Okafor</a>' in page
    assert '<span class="speaker unattributed">Speaker 3</span>' in page
    assert '<a class="start" href="#t=0:00" id="t=0:00">0:00</a>' in page
    # Two lines in the same second: one anchor for #t=1:05 to jump to, ids stay unique.
    assert '<a class="start" href="#t=1:05" id="t=1:05">1:05</a>' in page
    assert page.count('id="t=1:05"') == 1 and page.count('href="#t=1:05"') == 2
    for line in (first, second, third):
        assert f'<li class="utterance" id="u{line.pk}">' in page
        assert f'<a class="permalink" href="/q/{line.pk}/">Link' in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_a_long_turn_reads_as_paragraphs(client, episode):
    sentence = "This sentence has exactly ten words in it, you see. "
    make_utterance(episode, None, start_ms=90_000, text=sentence * 40)

    page = client.get(episode.get_absolute_url()).content.decode()

    turn = page[page.index(sentence.strip()) - 200 :]
    turn = turn[: turn.index("</li>")]
    assert turn.count('<p class="utterance-text">') == 7  # 400 words, 60 or so a paragraph


def test_a_hidden_speakers_lines_stay_as_unattributed(client, episode):
    curation.set_published(Speaker.objects.filter(name="Kenji Marlowe"), False)

    page = client.get(episode.get_absolute_url()).content.decode()

    assert "Kenji Marlowe" not in page
    assert "Glad to be here." in page
    assert page.count('<span class="speaker unattributed">Unattributed</span>') == 1


def test_the_player_and_its_script_are_there_only_with_audio(client, episode):
    page = client.get(episode.get_absolute_url()).content.decode()
    silent = make_episode(title="No audio")
    make_utterance(silent, None, start_ms=1000, text="Still readable.")
    quiet = client.get(silent.get_absolute_url()).content.decode()

    src = 'src="/static/audio/demo/why-caches-lie.opus"'
    assert f'<audio id="player" controls preload="none" {src}>' in page
    assert '<script src="/static/js/player.js" defer></script>' in page
    assert "<audio" not in quiet and "player.js" not in quiet
    assert '<a class="start" href="#t=0:01" id="t=0:01">0:01</a>' in quiet  # still an anchor


def test_show_notes_are_sanitised_with_an_allow_list(client):
    notes = (
        '<h1>Notes</h1><p onclick="steal()">Read <a href="https://example.org/a" '
        'style="color:red">the paper</a> and <a href="javascript:alert(1)">this</a>.</p>'
        "<script>alert('x')</script><img src=https://tracker.example/p.gif><ul><li>One</li></ul>"
    )
    episode = make_episode(description=notes)

    page = client.get(episode.get_absolute_url()).content.decode()

    notes_html = page[page.index('id="notes-heading"') :]
    notes_html = notes_html[: notes_html.index("</section>")]
    assert "<script" not in notes_html and "alert(" not in notes_html
    assert "onclick" not in notes_html and "style=" not in notes_html
    assert "<img" not in notes_html and "<h1>" not in notes_html and "Notes" in notes_html
    assert '<a href="https://example.org/a" rel="nofollow noopener noreferrer">' in notes_html
    assert "<ul><li>One</li></ul>" in notes_html
    assert 'href="javascript' not in notes_html


def test_plain_text_show_notes_become_paragraphs(client):
    episode = make_episode(description="First <b>line</b> & more.\n\nSecond paragraph.")
    plain = make_episode(description="Tom & Jerry.\n\nSecond paragraph.")

    page = client.get(plain.get_absolute_url()).content.decode()

    assert "<p>Tom &amp; Jerry.</p>\n\n<p>Second paragraph.</p>" in page
    assert '<meta name="description" content="Tom &amp; Jerry. Second paragraph.">' in page
    assert "<b>line</b>" in client.get(episode.get_absolute_url()).content.decode()
