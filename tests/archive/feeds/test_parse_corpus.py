"""Reading the real feeds of the corpus, as ../shared/corpus/EXPECTED.md describes them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from archive.feeds.parse import parse_feed, pick_transcript
from archive.feeds.parsed import (
    PODCAST_NAMESPACES,
    Person,
)

MIKE = "rss_mike-neumann-show_channel-host-item-guest_transcript.xml"
NO_AGENDA = "rss_no-agenda_person-without-role.xml"
OMNY = "rss_omny-seattle-official_transcript-only_current-ns.xml"
PC20 = "rss_podcasting20_person-host-guest_transcript-srt.xml"
TECHDIRT = "rss_techdirt_itunes-only.xml"
OLD_NS, NEW_NS = PODCAST_NAMESPACES[1], PODCAST_NAMESPACES[0]


def read_corpus(corpus, name: str):
    return parse_feed((corpus / name).read_bytes(), source=name)


# --- the real corpus (values copied by hand from ../shared/corpus/EXPECTED.md) -----------

CHANNEL_FACTS = [
    pytest.param(MIKE, "The Mike Neumann Show", OLD_NS, 5, "Mike Neumann", id="mike-neumann"),
    pytest.param(NO_AGENDA, "No Agenda", OLD_NS, 2, "Adam Curry & John C. Dvorak", id="no-agenda"),
    pytest.param(
        OMNY, "Official Seattle Seahawks Podcasts", NEW_NS, 2, "Seattle Seahawks", id="omny"
    ),
    pytest.param(PC20, "Podcasting 2.0", OLD_NS, 4, "Podcast Index LLC", id="podcasting20"),
    pytest.param(TECHDIRT, "Techdirt", "", 7, "Techdirt", id="techdirt"),
]


@pytest.mark.parametrize(("name", "title", "namespace", "count", "author"), CHANNEL_FACTS)
def test_corpus_channel_facts(corpus, name, title, namespace, count, author):
    feed = read_corpus(corpus, name)
    assert (feed.title, feed.podcast_namespace, len(feed.items), feed.author) == (
        title,
        namespace,
        count,
        author,
    )
    assert feed.warnings == []
    assert all(item.warnings == [] for item in feed.items)


GUIDS = {
    MIKE: [
        "ab86b7b7-79e2-43f4-9f58-8d2584b103ec",
        "32b8f150-5771-47d6-9f89-9177761f0f4e",
        "cd298d35-fc2c-4704-83a9-b392a65aa24c",
        "3255d894-2f50-4620-92ff-de93decfbaa3",
        "fe49b65b-9026-4f0d-9758-8b4b746bbb88",
    ],
    NO_AGENDA: ["http://1393.noagendanotes.com", "http://1392.noagendanotes.com"],
    OMNY: ["b8a6a4eb-4d4f-4b97-a6cf-b2a3015fc204", "0cd99b62-87ab-4ae2-ab1c-b26001265ba1"],
    PC20: ["PC2057", "PC2056", "PC2055", "PC2054"],
    TECHDIRT: [f"tag:soundcloud,2010:tracks/{n}" for n in (2126755404, 2118911283, 2115110739)]
    + [f"tag:soundcloud,2010:tracks/{n}" for n in (2111110419, 2107186461, 2103297252)]
    + ["tag:soundcloud,2010:tracks/2095181685"],
}


@pytest.mark.parametrize("name", list(GUIDS))
def test_corpus_guids_are_the_feeds_own(corpus, name):
    items = read_corpus(corpus, name).items
    assert [item.guid for item in items] == GUIDS[name]
    assert [item.guid_derived_from for item in items] == [""] * len(items)
    assert [item.position for item in items] == list(range(1, len(items) + 1))


HOSTS = [("Adam Curry", "host"), ("Dave Jones", "host")]
CREDITS = {
    NO_AGENDA: [[("Adam Curry", "host"), ("John C Dvorak", "host")]] * 2,
    PC20: [
        [*HOSTS, ("Brian of London", "guest")],
        [*HOSTS, ("Graham Krizek", "guest")],
        HOSTS,
        [*HOSTS, ("Hass McCook", "guest")],
    ],
    MIKE: [[("Dr. Timothy M. Jurgensen", "guest")]] * 5,
    OMNY: [[], []],
    TECHDIRT: [[]] * 7,
}


@pytest.mark.parametrize("name", list(CREDITS))
def test_corpus_item_credits_with_roles(corpus, name):
    items = read_corpus(corpus, name).items
    assert [[(p.name, p.role) for p in item.persons] for item in items] == CREDITS[name]


def test_no_agenda_person_without_role_is_a_host_in_the_cast(corpus):
    adam, john = read_corpus(corpus, NO_AGENDA).items[0].persons
    assert adam == Person(
        name="Adam Curry",
        role="host",
        group="cast",
        href="http://curry.com/",
        img="https://upload.wikimedia.org/wikipedia/commons/thumb/d/d5/Adam_Curry_2016.jpg"
        "/440px-Adam_Curry_2016.jpg",
    )
    assert (john.name, john.role, john.group) == ("John C Dvorak", "host", "cast")


def test_mike_neumann_item_guest_replaces_the_channel_host(corpus):
    feed = read_corpus(corpus, MIKE)
    assert feed.persons == [
        Person(
            name="Mike Neumann",
            role="host",
            group="cast",
            href="https://mikeneumann.net",
            img="https://mikeneumann.show/assets/static/MNeumann.jpeg",
        )
    ]
    for item in feed.items:
        assert [p.name for p in item.persons] == ["Dr. Timothy M. Jurgensen"]
        assert item.persons_from_channel is False


TRANSCRIPTS = {
    MIKE: [[("application/x-subrip", "en", "captions")]] * 4
    + [[("application/x-subrip", "en", "captions"), ("text/vtt", "en", "captions")]],
    NO_AGENDA: [[("application/srt", "", "")]] * 2,
    OMNY: [
        [("application/srt", "en-us", ""), ("text/vtt", "en-us", ""), ("text/plain", "en-us", "")]
    ]
    * 2,
    PC20: [[("application/srt", "", "")]] * 4,
    TECHDIRT: [[]] * 7,
}


@pytest.mark.parametrize("name", list(TRANSCRIPTS))
def test_corpus_transcript_links(corpus, name):
    items = read_corpus(corpus, name).items
    found = [[(t.type, t.language, t.rel) for t in item.transcripts] for item in items]
    assert found == TRANSCRIPTS[name]
    assert all(t.url.startswith("https://") for item in items for t in item.transcripts)


@pytest.mark.parametrize(
    ("name", "position", "url_end"),
    [
        pytest.param(MIKE, 5, "themnshow050-20240622-DRAFT-transcript.vtt", id="mike-vtt-over-srt"),
        pytest.param(MIKE, 1, "themnshow054-20240914-DRAFT-transcript.srt", id="mike-only-srt"),
        pytest.param(OMNY, 1, "format=WebVTT&t=1742247279", id="omny-vtt-over-srt-and-plain"),
        pytest.param(PC20, 1, "PC20-57-Captions.srt", id="podcasting20-srt"),
    ],
)
def test_corpus_pick_transcript(corpus, name, position, url_end):
    feed = read_corpus(corpus, name)
    chosen = pick_transcript(feed.items[position - 1].transcripts, feed.language)
    assert chosen is not None
    assert chosen.url.endswith(url_end)


def test_corpus_channel_details(corpus):
    mike = read_corpus(corpus, MIKE)
    assert mike.image_url == "https://mikeneumann.show/assets/static/theMnShow-Dream_01-taas.jpg"
    assert mike.podcast_guid == "7a2d292c-8656-5fcf-88d2-31b10e54d7c7"
    assert (mike.link, mike.language) == ("https://mikeneumann.show", "en-us")
    assert read_corpus(corpus, OMNY).language == "en-us"  # the feed writes en-US
    techdirt = read_corpus(corpus, TECHDIRT)
    assert techdirt.description == "The Techdirt Podcast, hosted by Michael Masnick."


def test_corpus_durations_dates_and_media(corpus):
    techdirt = read_corpus(corpus, TECHDIRT).items
    assert techdirt[0].duration_seconds == 52 * 60 + 1  # 00:52:01
    assert techdirt[1].duration_seconds == 3600 + 7 * 60 + 26  # 01:07:26
    assert techdirt[0].published_at == datetime(2025, 7, 8, 20, 15, 10, tzinfo=UTC)
    assert techdirt[0].audio_type == "audio/mpeg"
    mike = read_corpus(corpus, MIKE).items
    assert [item.duration_seconds for item in mike] == [None, 4209, 3456, 2914, 3796]
    assert mike[0].chapters_url.endswith("themnshow054-20240914-DRAFT-chapters.json")
