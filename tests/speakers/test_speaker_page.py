"""A speaker's page: who they are, their appearances, what they said, who they appear with."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.db.models import F

from archive import curation, search
from archive.curation.bookkeeping import episodes_changed
from archive.ingest import import_transcript
from archive.models import Appearance, Episode, Role, Utterance
from speakers.lines import SpeakerLines
from speakers.models import LinkKind, Speaker, SpeakerLink
from tests.factories import make_appearance, make_episode, make_show, make_speaker, transcript

pytestmark = pytest.mark.django_db

SHORT = "Thanks."
SUBSTANTIVE = "Welcome back to the show, where we talk about caches."


def prolific(count: int) -> Speaker:
    """Ada hosts ``count`` episodes of Signal with one of three guests, as an import leaves them.

    Each episode: Ada says something short, then something substantive, then the guest speaks.
    """
    show = make_show(title="Signal", slug="signal")
    ada = make_speaker("Ada Okafor", bio="Hosts Signal.")
    guests = [make_speaker(f"Guest {n}") for n in range(3)]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    episodes = Episode.objects.bulk_create(
        Episode(
            show=show,
            guid=f"guid-{n}",
            slug=f"ep-{n}",
            title=f"Episode {n}",
            published_at=start + timedelta(days=n),
        )
        for n in range(count)
    )
    Appearance.objects.bulk_create(
        appearance
        for n, episode in enumerate(episodes)
        for appearance in (
            Appearance(episode=episode, speaker=ada, role=Role.HOST),
            Appearance(episode=episode, speaker=guests[n % 3], role=Role.GUEST),
        )
    )
    Utterance.objects.bulk_create(
        Utterance(episode=episode, speaker=speaker, speaker_label=speaker.name, **line)
        for n, episode in enumerate(episodes)
        for speaker, line in (
            (ada, {"sequence": 0, "start_ms": 0, "text": SHORT}),
            (ada, {"sequence": 1, "start_ms": 2000, "text": f"{SUBSTANTIVE} ({n})"}),
            (guests[n % 3], {"sequence": 2, "start_ms": 9000, "text": "Glad to be here today."}),
        )
    )
    episodes_changed([episode.pk for episode in episodes])
    return ada


@pytest.mark.parametrize("count", [3, 300])
def test_speaker_page_query_count_is_flat(client, django_assert_num_queries, count):
    url = prolific(count).get_absolute_url()

    # speaker, links, the chart's series, appearance count, a page of appearances with
    # first lines, the appearances' line counts, a page of lines, who they appear with
    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b'class="appearance-row"') == min(count, 20)
    assert response.content.count(b'class="episode-line"') == min(2 * count, 20)


def test_the_page_reads_in_the_order_the_product_is_known_for(client):
    ada = prolific(2)
    Speaker.objects.filter(pk=ada.pk).update(
        disambiguation="engineer", image_url="https://example.org/ada.jpg"
    )
    SpeakerLink.objects.create(speaker=ada, kind=LinkKind.WEBSITE, url="https://example.org/ada")

    page = client.get(ada.get_absolute_url()).content.decode()

    order = [
        "<h1><bdi>Ada Okafor</bdi> <small>(<bdi>engineer</bdi>)</small></h1>",
        '<img class="portrait" src="https://example.org/ada.jpg" alt="Photo of Ada Okafor"',
        '<p class="lede" dir="auto">Hosts Signal.</p>',
        '<a href="https://example.org/ada" rel="nofollow">Website</a>',
        'id="appearances-heading"',
        'id="said-heading"',
        'id="with-heading"',
    ]
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_appearances_are_newest_first_with_role_amount_and_first_real_line(client):
    ada = prolific(3)
    newest = Utterance.objects.get(speaker=ada, text=f"{SUBSTANTIVE} (2)")
    older = Utterance.objects.get(speaker=ada, text=f"{SUBSTANTIVE} (1)")
    Episode.objects.filter(slug="ep-2").update(audio_url="/static/audio/ep-2.opus")

    page = client.get(ada.get_absolute_url()).content.decode()

    assert page.index(">Episode 2</bdi></a></h3>") < page.index(">Episode 1</bdi></a></h3>")
    row = page[page.index('<li class="appearance-row">') :]
    row = row[: row.index("</li>")]
    assert '<a href="/shows/signal/"><bdi>Signal</bdi></a>' in row and "3 Jan 2020" in row
    assert "Host" in row and "2 lines, 12 words" in row
    assert f'<p dir="auto">{SUBSTANTIVE} (2)</p>' in row and SHORT not in row
    assert f'href="/shows/signal/ep-2/line/{newest.pk}/">Hear it at 0:02' in row
    assert f'href="/shows/signal/ep-1/line/{older.pk}/">Read it at 0:02' in page  # no audio


def test_appearances_paginate(client):
    ada = prolific(21)

    first = client.get(ada.get_absolute_url()).content.decode()
    second = client.get(ada.get_absolute_url() + "?page=2").content.decode()

    assert '<a rel="next" href="?page=2#appearances">' in first
    assert ">Episode 0</bdi></a></h3>" in second and ">Episode 0</bdi></a></h3>" not in first


def test_what_they_said_is_their_own_lines_newest_episode_first_linked_to_the_moment(client):
    ada = prolific(2)
    line = Utterance.objects.get(speaker=ada, text=f"{SUBSTANTIVE} (1)")

    page = client.get(ada.get_absolute_url()).content.decode()

    said = page[page.index('id="said-heading"') : page.index('id="with-heading"')]
    assert "Glad to be here" not in said  # the guest's words
    assert said.index(f"{SUBSTANTIVE} (1)") < said.index(f"{SUBSTANTIVE} (0)")
    assert said.index(SHORT) < said.index(f"{SUBSTANTIVE} (1)")  # transcript order within
    assert f'<a class="line-time" href="/shows/signal/ep-1/line/{line.pk}/">0:02' in said


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 7])
def test_lines_pages_match_ordering_every_line_by_episode_date(per_page):
    ada = prolific(4)
    hidden = Episode.objects.get(slug="ep-2")
    curation.set_published(Episode.objects.filter(pk=hidden.pk), False)
    undated = Episode.objects.get(slug="ep-0")
    Episode.objects.filter(pk=undated.pk).update(published_at=None)
    expected = list(
        Utterance.objects.filter(speaker=ada, episode__is_published=True)
        .order_by(F("episode__published_at").desc(nulls_last=True), "-episode_id", "sequence")
        .values_list("pk", flat=True)
    )

    paginator = Paginator(SpeakerLines(ada), per_page)
    pages = [paginator.page(number).object_list for number in paginator.page_range]

    assert paginator.count == len(expected) == 6
    assert [line.pk for page in pages for line in page] == expected


def test_what_they_said_paginates_with_its_own_parameter(client):
    ada = prolific(11)  # 22 lines

    first = client.get(ada.get_absolute_url() + "?page=1").content.decode()
    second = client.get(ada.get_absolute_url() + "?page=1&said=2").content.decode()

    assert '<a rel="next" href="?page=1&amp;said=2#said">' in first
    assert second.count('class="episode-line"') == 2
    assert f"{SUBSTANTIVE} (0)" in second


def test_appears_most_with_counts_shared_public_episodes(client):
    ada = prolific(7)  # Guest 0 on 3 episodes, Guest 1 and 2 on 2 each
    Episode.objects.filter(slug="ep-6").update(is_published=False)  # one of Guest 0's
    Speaker.objects.filter(name="Guest 2").update(is_published=False)

    page = client.get(ada.get_absolute_url()).content.decode()

    together = page[page.index('id="with-heading"') :]
    assert 'Guest 0</bdi></a> <span class="meta">2 episodes' in together
    assert 'Guest 1</bdi></a> <span class="meta">2 episodes' in together
    assert "Guest 2" not in together and "Ada Okafor</a>" not in together


@pytest.fixture
def heard_on_two_episodes():
    show = make_show(title="Signal", slug="signal")
    for day, lines in [
        (1, [("Ada", 0, "Caches lie, and so do clocks."), ("Bo", 1000, "Caches are fine.")]),
        (
            2,
            [
                ("Ada", 0, "Never trust a cache at night."),
                ("Bo", 2000, "No."),
                ("Ada", 3000, "Clocks drift."),
            ],
        ),
    ]:
        episode = make_episode(show, published_at=datetime(2024, 1, day, tzinfo=UTC))
        import_transcript(episode, transcript(*lines), source="t", content_hash=f"h{day}")
    return Speaker.objects.get(name="Ada")


def test_the_search_box_finds_only_this_speakers_words(client, heard_on_two_episodes):
    ada = heard_on_two_episodes
    hit = Utterance.objects.get(text="Never trust a cache at night.")

    page = client.get(ada.get_absolute_url() + "?q=cache").content.decode()

    said = page[page.index('id="said-heading"') : page.index('id="with-heading"')]
    assert '<label for="id_q">Search their words</label>' in said
    assert 'value="cache"' in said
    assert "2 lines found." in said
    assert "Caches are fine." not in said and "Clocks drift." not in said
    assert "<mark>" in said
    assert f'href="{hit.moment_url}">' in said


def test_a_search_with_nothing_to_find_says_why(client, heard_on_two_episodes):
    page = client.get(heard_on_two_episodes.get_absolute_url() + "?q=the").content.decode()

    said = page[page.index('id="said-heading"') : page.index('id="with-heading"')]
    assert '<p class="notice" role="status">' in said and "too common" in said
    assert 'class="line"' not in said and 'class="episode-line"' not in said


@pytest.mark.parametrize("count", [3, 300])
def test_speaker_search_query_count_is_flat(client, django_assert_num_queries, count):
    url = prolific(count).get_absolute_url() + "?q=caches"
    search.rebuild()  # prolific() bulk-creates lines, as no writer would

    # speaker, links, the chart, appearance count, a page of appearances, hits, a page, co
    with django_assert_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert response.content.count(b'<li class="line">') == min(count, 20)


def test_a_speaker_credited_but_not_yet_transcribed(client):
    ada = make_speaker("Ada Okafor")
    make_appearance(make_episode(title="Untranscribed"), ada, role=Role.HOST)

    page = client.get(ada.get_absolute_url()).content.decode()

    assert "Untranscribed" in page and "No lines in the transcript" in page
    assert "No transcribed lines yet." in page
    assert "No one else yet." in page


def test_a_repeat_view_is_one_query_until_the_page_changes(client, django_assert_num_queries):
    ada = prolific(3)
    url = ada.get_absolute_url()
    first = client.get(url).content.decode()

    # the speaker with the page's version: the body comes from the cache
    with django_assert_num_queries(1):
        again = client.get(url).content.decode()
    line = Utterance.objects.get(text=f"{SUBSTANTIVE} (2)")
    curation.edit_utterance(line, text="Welcome back: today, queues and the people who run them.")
    changed = client.get(url).content.decode()

    assert again == first
    assert "queues and the people who run them" not in first
    assert "queues and the people who run them" in changed


def test_each_query_string_is_its_own_cached_page(client):
    ada = prolific(25)
    url = ada.get_absolute_url()
    client.get(url)

    second = client.get(url, {"page": "2"}).content.decode()

    assert second.count('class="appearance-row"') == 5
    assert "Page 2 of 2" in second


def test_their_words_past_the_pool_are_the_latest_ranked_and_said_so(client, monkeypatch):
    from archive.search import results

    monkeypatch.setattr(results, "POOL", 2)
    ada = prolific(3)
    search.rebuild()  # prolific() bulk-creates lines, as no writer would

    page = client.get(ada.get_absolute_url() + "?q=caches").content.decode()

    said = page[page.index('id="said-heading"') : page.index('id="with-heading"')]
    assert "More than 2 lines found." in said and "These are the latest 2 added" in said
    assert said.count('<li class="line">') == 2
