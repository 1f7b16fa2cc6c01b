"""The demo archive in fixtures/demo meets its brief; read without a database."""

import importlib.util
import struct
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from archive.demo import DEMO_MANIFEST
from archive.feeds.parse import parse_feed
from archive.formats import read_transcript
from archive.turns import merge_turns
from archive.validators import validate_audio_url

MAKE_FEED = DEMO_MANIFEST.parent / "make_feed.py"
MAX_AUDIO_BYTES = 1_500_000
OPUS_RATE = 48_000  # an Ogg Opus granule position counts 48 kHz samples, whatever the input rate


@pytest.fixture(scope="module")
def manifest():
    return tomllib.loads(DEMO_MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def episodes(manifest):
    return [(show, episode) for show in manifest["shows"] for episode in show["episodes"]]


@pytest.fixture(scope="module")
def make_feed():
    """fixtures/demo/make_feed.py as a module (registered, as its dataclasses need)."""
    spec = importlib.util.spec_from_file_location("demo_make_feed", MAKE_FEED)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.fixture(scope="module")
def feed(manifest):
    """The demo's one saved feed, parsed as the feed importer parses it."""
    (row,) = manifest["feeds"]
    return parse_feed((DEMO_MANIFEST.parent / row["file"]).read_bytes(), source=row["file"])


def test_demo_has_enough_shows_episodes_speakers_and_years(manifest, episodes):
    years = {episode["published_at"].year for _, episode in episodes}

    assert len(manifest["shows"]) >= 3
    assert len(episodes) >= 30
    assert len(manifest["speakers"]) >= 15
    assert max(years) - min(years) >= 5


def test_several_speakers_appear_on_more_than_one_show_over_years(episodes):
    shows, years = defaultdict(set), defaultdict(set)
    for show, episode in episodes:
        for person in episode.get("people", []):
            shows[person["speaker"]].add(show["slug"])
            years[person["speaker"]].add(episode["published_at"].year)

    crossing = [slug for slug in shows if len(shows[slug]) > 1 and len(years[slug]) > 2]
    assert len(crossing) >= 3


def test_one_speaker_is_known_under_two_spellings_and_two_share_a_name(manifest):
    names = [speaker["name"] for speaker in manifest["speakers"]]

    assert any(speaker["aliases"] for speaker in manifest["speakers"])
    assert len(names) > len(set(names))


def test_transcripts_import_in_both_formats_with_20_to_200_turns(episodes):
    formats = set()
    for _, episode in episodes:
        if "transcript" not in episode:
            continue
        path = DEMO_MANIFEST.parent / episode["transcript"]
        parsed = read_transcript(path.read_bytes(), source=episode["transcript"])
        formats.add(parsed.format)
        assert 20 <= len(merge_turns(parsed)) <= 200, episode["transcript"]
    assert formats == {"vtt", "p20json"}


def test_every_person_the_manifest_names_is_listed(manifest, episodes):
    listed = {speaker["slug"] for speaker in manifest["speakers"]}
    named = {person["speaker"] for _, episode in episodes for person in episode.get("people", [])}
    named |= {slug for _, episode in episodes for slug in episode.get("speaker_map", {}).values()}

    assert named <= listed, f"not under [[speakers]]: {sorted(named - listed)}"


def test_episode_guids_and_slugs_are_unique_within_each_show(manifest):
    for show in manifest["shows"]:
        for key in ("guid", "slug"):
            values = [episode[key] for episode in show["episodes"]]
            assert len(values) == len(set(values)), f"{show['slug']}: repeated {key}"


def test_the_committed_feed_is_what_make_feed_writes(make_feed):
    committed = (DEMO_MANIFEST.parent / "feeds" / "open-line.xml").read_bytes()

    assert make_feed.render(make_feed.build_items()) == committed, "run make_feed.py again"


def test_the_feed_show_is_a_show_of_its_own(manifest):
    (row,) = manifest["feeds"]

    assert row["show"] not in {show["slug"] for show in manifest["shows"]}


def test_the_feed_show_runs_for_years_busiest_in_2021_and_2022_with_summer_breaks(feed):
    years = Counter(item.published_at.year for item in feed.items)

    assert 150 <= len(feed.items) <= 250
    assert min(years) == 2019 and max(years) == 2025
    assert min(years[2021], years[2022]) > max(years[y] for y in years if y not in (2021, 2022))
    assert not [item for item in feed.items if item.published_at.month == 8]
    assert len({item.guid for item in feed.items}) == len(feed.items)
    assert not [item for item in feed.items if item.transcripts]  # credits only


def test_everyone_the_feed_credits_is_a_demo_speaker_but_two_newcomers(manifest, feed, make_feed):
    known = {name for s in manifest["speakers"] for name in [s["name"], *s["aliases"]]}
    newcomers = {person.name for person in make_feed.ONE_OFFS.values()}
    named = {p.name for item in feed.items for p in item.persons}

    assert named - known == newcomers
    assert "Tim Davis" not in named  # a bare name two demo speakers share goes to one of them


def test_the_panel_is_a_few_regulars_and_many_occasional_guests(feed):
    panels = [[p.name for p in item.persons if p.role == "guest"] for item in feed.items]
    guests = Counter(name for panel in panels for name in panel)

    assert guests.most_common(1)[0][1] > 50
    assert 30 <= guests["Ada Okafor"] <= 50  # her chart is the e2e timeline test's
    assert sum(count < 15 for count in guests.values()) > len(guests) / 2
    assert {len(panel) for panel in panels} == {0, 1, 2, 3}  # 0: the items naming nobody


def test_items_naming_nobody_take_the_channels_hosts(feed):
    inherited = [item for item in feed.items if item.persons_from_channel]

    assert {(p.name, p.role) for p in feed.persons} == {
        ("Hattie Bellamy", "host"),
        ("Jonah Whitlock", "host"),
    }
    assert 1 <= len(inherited) <= 10
    assert all(item.persons == feed.persons for item in inherited)


def _audio_files(episodes) -> list[tuple[dict, Path]]:
    """Episodes whose audio is served by the app, with the file staticfiles serves it from."""
    found = []
    for _, episode in episodes:
        if episode.get("audio_url", "").startswith(settings.STATIC_URL):
            path = finders.find(episode["audio_url"].removeprefix(settings.STATIC_URL))
            assert path, f"{episode['slug']}: no static file for {episode['audio_url']}"
            found.append((episode, Path(path)))
    return found


def _opus_seconds(data: bytes) -> float:
    """Playback length of an Ogg Opus stream: the last page's granule position less pre-skip."""
    offset, granule = 0, 0
    while offset < len(data):
        assert data[offset : offset + 4] == b"OggS", f"no Ogg page at byte {offset}"
        granule = struct.unpack_from("<q", data, offset + 6)[0]
        segments = data[offset + 27 : offset + 27 + data[offset + 26]]
        offset += 27 + len(segments) + sum(segments)
    head = data.index(b"OpusHead")
    pre_skip = struct.unpack_from("<H", data, head + 10)[0]
    return (granule - pre_skip) / OPUS_RATE


def test_demo_audio_is_either_served_by_the_app_or_absent(episodes):
    """A player pointed at an unreachable host sits dead at 0:00; no player is better."""
    for _, episode in episodes:
        audio_url = episode.get("audio_url", "")
        if audio_url:
            validate_audio_url(audio_url)
            assert audio_url.startswith(settings.STATIC_URL), episode["slug"]
    assert _audio_files(episodes), "no demo episode has playable audio"


def test_demo_audio_is_a_small_ogg_opus_file(episodes):
    for episode, path in _audio_files(episodes):
        data = path.read_bytes()

        assert data.startswith(b"OggS"), episode["slug"]
        assert b"OpusHead" in data[:512], episode["slug"]
        assert len(data) < MAX_AUDIO_BYTES, f"{episode['slug']}: {len(data)} bytes"


def test_demo_audio_is_as_long_as_the_manifest_says_and_the_transcript_fits_in_it(episodes):
    for episode, path in _audio_files(episodes):
        seconds = _opus_seconds(path.read_bytes())
        parsed = read_transcript(
            (DEMO_MANIFEST.parent / episode["transcript"]).read_bytes(),
            source=episode["transcript"],
        )
        last_end = max(segment.end_ms for segment in parsed.segments) / 1000

        assert abs(episode["duration"] - seconds) <= 2, episode["slug"]
        assert last_end <= seconds, episode["slug"]
        assert last_end <= episode["duration"], episode["slug"]
        # The speech starts at once: no cue was left at the transcript's old, longer times.
        assert min(segment.start_ms for segment in parsed.segments) < 1000, episode["slug"]
