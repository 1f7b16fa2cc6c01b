"""Quote permalinks: the page, passages, sentences, sharing, embeds, cards, and never a dead end."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from archive import curation
from archive.ingest import import_transcript_file
from archive.models import Episode, Utterance
from speakers.models import LinkKind, SpeakerLink
from tests.factories import make_episode, make_show, make_speaker, vtt

pytestmark = pytest.mark.django_db

LONG = (
    "Caches lie when nobody owns them. The second lie is subtler. "
    "We fixed it by reading availability from the primary, every time."
)


@pytest.fixture
def episode():
    show = make_show(title="Signal and Noise", slug="signal-and-noise")
    episode = make_episode(
        show,
        title="Why Caches Lie",
        slug="why-caches-lie",
        audio_url="https://cdn.example/why.mp3",
        published_at=datetime(2019, 3, 4, 9, tzinfo=UTC),
    )
    ada = make_speaker("Ada Okafor")
    SpeakerLink.objects.create(speaker=ada, kind=LinkKind.WIKIDATA, url="https://example.org/Q1")
    make_speaker("Kenji Marlowe")
    import_transcript_file(
        episode,
        vtt(
            ("Ada Okafor", 0, 4000, "Welcome to Signal and Noise."),
            ("Kenji Marlowe", 4000, 9000, "Thanks for having me back."),
            ("Ada Okafor", 9000, 12000, "Tell me about the cache."),
            ("Kenji Marlowe", 12000, 30000, LONG),
            ("Ada Okafor", 30000, 33000, "That is a good rule."),
            ("Kenji Marlowe", 33000, 36000, "It cost us a weekend."),
            ("Ada Okafor", 36000, 40000, "Let us take a break."),
        ),
        source="why.vtt",
    )
    return episode


def line(text_start: str) -> Utterance:
    return Utterance.objects.get(text__startswith=text_start)


def test_a_quote_page_shows_the_words_who_where_and_context(client, episode):
    quote = line("Caches lie")

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert "Caches lie when nobody owns them." in html
    assert "Kenji Marlowe" in html and "Signal and Noise" in html and "4 March 2019" in html
    assert "Tell me about the cache." in html and "That is a good rule." in html  # context
    assert "Welcome to Signal and Noise." not in html  # three lines before: not context
    assert "why.mp3#t=12.0,30.0" in html  # plays the quote, stops at its end
    assert f"/shows/signal-and-noise/why-caches-lie/line/{quote.pk}/" in html


def test_every_line_on_the_episode_page_links_to_its_permalink(client, episode):
    html = client.get(episode.get_absolute_url()).content.decode()

    for pk in Utterance.objects.values_list("pk", flat=True):
        assert f'href="/q/{pk}/"' in html


def test_link_previews_and_json_ld(client, episode):
    quote = line("Caches lie")

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert '<meta property="og:image" content="http://testserver/q/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html)[1])
    assert data["@type"] == "Quotation" and data["text"] == LONG
    assert data["isPartOf"]["@type"] == "PodcastEpisode"
    assert data["creator"]["name"] == "Kenji Marlowe"


def test_json_ld_cannot_close_its_script(client, episode):
    quote = line("Caches lie")
    curation.edit_utterance(quote, text="</script><script>alert(1)</script> & more")

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert "</script><script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_a_citation_and_the_link_are_plain_text(client, episode):
    quote = line("That is a good rule")

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert (
        f"“That is a good rule.” — Ada Okafor, Signal and Noise, “Why Caches Lie”, "
        f"4 March 2019, at 0:30, http://testserver/q/{quote.pk}/"
    ) in html.replace("&ldquo;", "“").replace("&rdquo;", "”")
    assert f'value="http://testserver/q/{quote.pk}/"' in html


def test_a_passage_is_one_link(client, episode):
    first, last = line("Tell me"), line("That is a good")

    html = client.get(f"/q/{first.pk}-{last.pk}/").content.decode()

    assert "Tell me about the cache." in html and "Caches lie" in html
    assert "That is a good rule." in html
    assert "Ada Okafor and Kenji Marlowe" in html


@pytest.mark.parametrize(
    "path",
    ["/q/{last}-{first}/", "/q/{first}-{other}/"],
    ids=["backwards", "another episode"],
)
def test_a_passage_must_be_one_episodes_lines_in_order(client, episode, path):
    first, last = line("Tell me"), line("That is a good")
    other = make_episode()
    import_transcript_file(other, vtt(("Ada Okafor", 0, 1000, "Elsewhere.")), source="x.vtt")
    elsewhere = line("Elsewhere")

    response = client.get(path.format(first=first.pk, last=last.pk, other=elsewhere.pk))

    assert response.status_code == 404


def test_a_sentence_of_a_long_turn_can_be_quoted(client, episode):
    quote = line("Caches lie")

    html = client.get(f"/q/{quote.pk}/?s=2").content.decode()

    assert '<p dir="auto">The second lie is subtler.</p>' in html
    assert f'href="http://testserver/q/{quote.pk}/?s=2"' in html or "?s=2" in html


def test_an_edit_keeps_the_link(client, episode):
    quote = line("Caches lie")
    curation.edit_utterance(quote, text="Caches lie when nobody owns them, honestly.")

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert "nobody owns them, honestly." in html


def test_a_merged_speaker_shows_the_survivor(client, episode):
    quote = line("Caches lie")
    kenji = quote.speaker
    survivor = make_speaker("Kenji M.")
    curation.merge_speakers(survivor, [kenji])

    html = client.get(f"/q/{quote.pk}/").content.decode()

    assert "Kenji M." in html


def test_a_hidden_episodes_quote_is_not_found(client, episode):
    quote = line("Caches lie")
    curation.set_published(type(episode).objects.filter(pk=episode.pk), False)

    assert client.get(f"/q/{quote.pk}/").status_code == 404


def test_a_deleted_line_is_gone_with_the_nearest_moment(client, episode):
    quote = line("It cost us")
    curation.delete_utterances(Utterance.objects.filter(pk=quote.pk))

    response = client.get(f"/q/{quote.pk}/")

    assert response.status_code == 410
    nearest = line("That is a good rule")  # 0:30, the nearest line left to 0:33
    assert f"why-caches-lie/#u{nearest.pk}" in response.content.decode()
    assert "at 0:33" in response.content.decode()


def test_an_unknown_quote_is_not_found(client, db):
    assert client.get("/q/999999/").status_code == 404


def test_the_embed_may_be_framed_and_nothing_else(client, episode):
    quote = line("Caches lie")

    embed = client.get(f"/q/{quote.pk}/embed/")
    page = client.get(f"/q/{quote.pk}/")

    assert "X-Frame-Options" not in embed.headers
    assert page.headers["X-Frame-Options"] == "DENY"


def test_oembed_describes_the_quote(client, episode):
    quote = line("Caches lie")

    data = client.get(reverse("archive:oembed"), {"url": f"http://testserver/q/{quote.pk}/"}).json()

    assert data["type"] == "rich" and data["author_name"] == "Kenji Marlowe"
    assert f"/q/{quote.pk}/embed/" in data["html"]
    assert (
        client.get(reverse("archive:oembed"), {"url": "http://testserver/shows/"}).status_code
        == 404
    )


def test_the_card_is_a_png_made_once(client, episode, django_assert_num_queries):
    quote = line("Caches lie")
    url = reverse("archive:quote_card", args=[quote.pk])

    first = client.get(url)
    again = client.get(url)

    assert first["Content-Type"] == "image/png" and first.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert again.content == first.content


@pytest.mark.parametrize("context", ["passage", "single"])
def test_the_quote_page_costs_a_fixed_number_of_queries(
    client, episode, django_assert_num_queries, context
):
    first, last = line("Tell me"), line("That is a good")
    path = f"/q/{first.pk}-{last.pk}/" if context == "passage" else f"/q/{first.pk}/"

    # the ends, the lines around with their speakers, the speakers' identity links
    with django_assert_num_queries(3):
        assert client.get(path).status_code == 200
    # the ends with the quote's version: the page is the one rendered for it
    with django_assert_num_queries(1):
        assert client.get(path).status_code == 200


def test_a_quote_seen_before_changes_with_its_words_speaker_and_show(client, episode):
    quote = line("Caches lie")
    path = f"/q/{quote.pk}/"
    first = client.get(path).content.decode()

    assert client.get(path).content.decode() == first
    curation.edit_utterance(quote, text="Caches lie when nobody owns them, honestly.")
    assert "nobody owns them, honestly." in client.get(path).content.decode()
    curation.save_speaker(_renamed(quote.speaker, "Kenji Marlowe-Okafor"), ["name"])
    assert "Kenji Marlowe-Okafor" in client.get(path).content.decode()
    show = episode.show
    show.title = "Signal, Noise and Caches"
    show.save()
    assert "Signal, Noise and Caches" in client.get(path).content.decode()
    curation.set_published(Episode.objects.filter(pk=episode.pk), False)
    assert client.get(path).status_code == 404


def test_each_sentence_range_is_its_own_page(client, episode):
    quote = line("Caches lie")
    client.get(f"/q/{quote.pk}/")

    html = client.get(f"/q/{quote.pk}/?s=3").content.decode()

    fixed = "We fixed it by reading availability from the primary, every time."
    assert f'<p dir="auto">{fixed}</p>' in html
    assert "The second lie is subtler." not in html.split("<blockquote")[1].split("</blockquote")[0]


def _renamed(speaker, name):
    speaker.name = name
    return speaker
