"""One Buzzcast episode published three ways (SRT, Podcasting 2.0 JSON, HTML) reads as one episode.

The files cover different stretches: the JSON stops after about six minutes,
the SRT after twelve, the HTML after 28. Over the stretch all three cover the
imports must agree on who spoke, where each turn starts and what was said;
that is what lets a re-import from another format keep quote permalinks.
"""

import pytest

from archive.formats import read_transcript
from archive.turns import merge_turns

BUZZCAST_FILES = {
    "srt": "srt_buzzcast_name-prefix-on-turn-start.srt",
    "p20json": "p20json_buzzcast_phrases-equal-times.json",
    "html": "html_buzzcast_saved-full-document.html",
}
# HTML times are whole seconds (0:30 for the SRT's 00:00:30,480).
START_TOLERANCE_MS = 2000
# EXPECTED.md: the JSON holds 7 speaker turns, Alban first, Alban and Kevin only.
TURNS_IN_COMMON_SPAN = ["alban", "kevin", "alban", "kevin", "alban", "kevin", "alban"]


@pytest.fixture
def imports(corpus):
    return {
        expected_format: read_transcript((corpus / name).read_bytes(), source=name)
        for expected_format, name in BUZZCAST_FILES.items()
    }


@pytest.fixture
def common_turns(imports):
    """Each import's turns that start before the last start every file reaches."""
    common_end = min(parsed.segments[-1].start_ms for parsed in imports.values())
    return {
        name: [turn for turn in merge_turns(parsed) if turn.start_ms <= common_end]
        for name, parsed in imports.items()
    }


def speaker(turn) -> str:
    return turn.label.rstrip(":").casefold()


def words(turn) -> list[str]:
    return turn.text.split()


def test_each_file_is_detected_as_its_own_format(imports):
    assert {name: parsed.format for name, parsed in imports.items()} == {
        "srt": "srt",
        "p20json": "p20json",
        "html": "html",
    }


def test_first_speaker_and_first_words_agree(imports):
    for parsed in imports.values():
        first = parsed.segments[0]
        assert (first.label, first.start_ms) == ("Alban", 0)
        assert first.text.startswith("It is so stinking nice to")


def test_speakers_of_turns_in_the_common_span_agree(common_turns):
    for turns in common_turns.values():
        assert [speaker(turn) for turn in turns] == TURNS_IN_COMMON_SPAN


def test_turn_starts_in_the_common_span_agree_within_tolerance(common_turns):
    srt_starts = [turn.start_ms for turn in common_turns["srt"]]
    for name in ("p20json", "html"):
        starts = [turn.start_ms for turn in common_turns[name]]
        differences = [abs(a - b) for a, b in zip(srt_starts, starts, strict=True)]
        assert max(differences) <= START_TOLERANCE_MS, name


def test_complete_turns_in_the_common_span_have_the_same_words(common_turns):
    srt_turns = common_turns["srt"]
    for name in ("p20json", "html"):
        # All but the last turn end inside the span; the last is cut where the JSON stops.
        for srt_turn, other in zip(srt_turns[:-1], common_turns[name][:-1], strict=True):
            assert words(other) == words(srt_turn), (name, other.location)


def test_last_common_turn_where_the_json_stops_is_a_prefix_of_the_longer_files(common_turns):
    json_words = words(common_turns["p20json"][-1])
    assert json_words[-4:] == ["like", "the", "last", "90"]
    for name in ("srt", "html"):
        assert words(common_turns[name][-1])[: len(json_words)] == json_words, name
