"""The demo archive in fixtures/demo meets its brief; read without a database."""

import tomllib
from collections import defaultdict

import pytest

from archive.demo import DEMO_MANIFEST
from archive.formats import read_transcript
from archive.turns import merge_turns


@pytest.fixture(scope="module")
def manifest():
    return tomllib.loads(DEMO_MANIFEST.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def episodes(manifest):
    return [(show, episode) for show in manifest["shows"] for episode in show["episodes"]]


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
