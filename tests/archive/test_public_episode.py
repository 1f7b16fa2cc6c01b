"""An episode's page: metadata, notes, people, the player, its transcript (in parts when long)."""

import gzip
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

    with django_assert_num_queries(4):  # the episode, its parts, its people, its lines
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b'class="utterance"') == lines


@pytest.mark.parametrize("lines", [10, 3000])
def test_a_cached_transcript_costs_no_query(client, django_assert_num_queries, lines):
    url = make_long_episode(lines, [make_speaker("Ada Okafor")]).get_absolute_url()
    first = client.get(url).content

    with django_assert_num_queries(1):  # the episode: the whole page is cached
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

    assert "<h1><bdi>Why Caches Lie</bdi></h1>" in page
    assert '<time datetime="PT4M23S">4 min</time>' in page
    assert 'href="https://example.org/episodes/why-caches-lie" rel="nofollow noopener"' in page
    assert 'Ada Okafor</bdi></a> <span class="role">Host</span>' in page
    assert 'Kenji Marlowe</bdi></a> <span class="role">Guest</span>' in page


def test_the_transcript_links_speakers_times_and_each_line(client, episode):
    ada = Speaker.objects.get(name="Ada Okafor")
    first, second, third = episode.utterances.order_by("sequence")

    page = client.get(episode.get_absolute_url()).content.decode()

    assert f'<li class="utterance" id="u{first.pk}">' in page
    assert f'<a class="speaker" href="{ada.get_absolute_url()}"><bdi>Ada Okafor</bdi></a>' in page
    assert '<span class="speaker unattributed"><bdi>Speaker 3</bdi></span>' in page
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
    assert turn.count('<p class="utterance-text" dir="auto">') == 7  # 400 words, ~60 a paragraph


def test_a_hidden_speakers_lines_stay_as_unattributed(client, episode):
    curation.set_published(Speaker.objects.filter(name="Kenji Marlowe"), False)

    page = client.get(episode.get_absolute_url()).content.decode()

    assert "Kenji Marlowe" not in page
    assert "Glad to be here." in page
    assert page.count('<span class="speaker unattributed"><bdi>Unattributed</bdi></span>') == 1


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


# A long transcript reads in parts (archive/parts.py).


@pytest.fixture
def stream():
    """8,000 lines, one a second: parts of 30 minutes (1,800 lines), the fifth 800 lines."""
    return make_long_episode(8000, [make_speaker("Ada Okafor")], audio_url="/static/a.opus")


def test_a_long_transcript_shows_one_part_and_the_way_to_the_others(client, stream):
    url = stream.get_absolute_url()

    page = client.get(f"{url}?part=3").content.decode()

    assert page.count('class="utterance"') == 1800
    assert f'<li class="utterance" id="u{stream.utterances.get(sequence=3600).pk}">' in page
    assert f'id="u{stream.utterances.get(sequence=3599).pk}"' not in page
    assert "<title>" in page and "· Part 3 of 5 ·" in page
    assert f'<link rel="canonical" href="http://testserver{url}?part=3">' in page
    assert '<nav class="transcript-parts" aria-label="Parts of the transcript"' in page
    assert "<strong>Part 3 of 5</strong> <span" in page and "1,800 lines" in page
    assert page.count(f'<a rel="prev" href="{url}?part=2">') == 2  # above and below the part
    assert page.count(f'<a rel="next" href="{url}?part=4">') == 2
    assert f'<a href="{url}" data-from="0"><span class="visually-hidden">Part 1, ' in page
    assert (
        f'<a href="{url}?part=3" data-from="3600" aria-current="page">'
        '<span class="visually-hidden">Part 3, </span>1:00:00–1:30:00</a>'
    ) in page
    assert page.count('aria-current="page"') == 1
    assert '<script src="/static/js/parts.js" defer></script>' in page


def test_the_first_part_is_the_episodes_own_address(client, stream):
    url = stream.get_absolute_url()

    page = client.get(url).content.decode()

    assert page.count('class="utterance"') == 1800
    assert f'<link rel="canonical" href="http://testserver{url}">' in page
    assert 'rel="prev"' not in page and page.count(f'<a rel="next" href="{url}?part=2">') == 2
    assert client.get(f"{url}?part=1").content.decode().count('class="utterance"') == 1800
    last = client.get(f"{url}?part=5").content.decode()
    assert last.count('class="utterance"') == 800 and 'rel="next"' not in last


def test_a_part_past_the_last_goes_to_the_top_and_junk_is_the_first(client, stream):
    url = stream.get_absolute_url()

    assert client.get(f"{url}?part=6").url == url
    assert client.get(f"{url}?part=0").url == url
    assert client.get(f"{url}?part=x").status_code == 200
    assert client.get(f"{url}?part=2", secure=False).status_code == 200
    assert client.get(f"{make_long_episode(5, []).get_absolute_url()}?part=2").status_code == 302


def test_a_short_episode_has_no_parts(client, episode):
    page = client.get(episode.get_absolute_url()).content.decode()

    assert "transcript-parts" not in page and "parts.js" not in page
    assert "Part 1" not in page


@pytest.mark.parametrize("lines", [8000, 20000])
def test_a_part_costs_the_same_queries_however_long_the_episode(
    client, django_assert_num_queries, lines
):
    url = f"{make_long_episode(lines, [make_speaker()]).get_absolute_url()}?part=2"

    with django_assert_num_queries(4):  # the episode, its parts, its people, this part's lines
        first = client.get(url).content
    with django_assert_num_queries(1):  # the episode: the rest is cached
        again = client.get(url).content

    assert again == first
    assert first.count(b'class="utterance"') == 1800


def test_a_cached_page_goes_gzipped_to_a_browser_that_accepts_it(client, stream):
    url = stream.get_absolute_url()
    plain = client.get(url).content

    zipped = client.get(url, headers={"accept-encoding": "gzip, br"})
    again = client.get(url, headers={"accept-encoding": "gzip"})

    assert zipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.content) == gzip.decompress(again.content) == plain
    assert zipped["ETag"].startswith('W/"')
    assert client.get(url).content == plain  # and plain to one that does not


def test_each_part_is_cached_on_its_own(client, stream):
    url = stream.get_absolute_url()
    second = client.get(f"{url}?part=2").content
    third = client.get(f"{url}?part=3").content

    assert client.get(f"{url}?part=2").content == second
    assert client.get(f"{url}?part=3").content == third != second


def test_quoting_a_passage_stays_on_the_part(client, stream):
    url = stream.get_absolute_url()
    start, next_line = (stream.utterances.get(sequence=n) for n in (3700, 3701))

    page = client.get(f"{url}?part=3").content.decode()
    passage = client.get(f"{url}?part=3&from={start.pk}").content.decode()

    quote_from = f'href="?part=3&amp;from={start.pk}#u{start.pk}" rel="nofollow">Quote from here'
    assert quote_from in page
    assert f'<a href="?part=3#u{start.pk}">Cancel</a>' in passage
    assert f'href="/q/{start.pk}-{next_line.pk}/">…to here' in passage
    assert passage.count('class="utterance"') == 1800


def test_a_day_long_stream_is_served_a_part_at_a_time(client):
    """50,000 lines were 23 MB of HTML on one page; a part is well under a megabyte."""
    day = make_long_episode(50_000, [make_speaker("Ada Okafor"), make_speaker("Kenji Marlowe")])

    first = client.get(day.get_absolute_url())
    last = client.get(f"{day.get_absolute_url()}?part=28")

    assert len(first.content) < 1_000_000 and len(last.content) < 1_000_000
    assert first.content.count(b'class="utterance"') == 1800
    assert b"<strong>Part 28 of 28</strong>" in last.content
    assert '<span class="parts-range">13:26:40–13:53:19</span>'.encode() in last.content
