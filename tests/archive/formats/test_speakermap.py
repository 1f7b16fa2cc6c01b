"""Whisper-style JSON: podwhisperer's speaker map, WhisperX labels and plain Whisper output."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, read_transcript, speakermap
from archive.turns import merge_turns

AWSBITES = "json_awsbites-100_podwhisperer-speaker-map.json"


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.json", **kwargs)


def whisper(*segments, **top) -> str:
    return json.dumps({**top, "segments": list(segments)})


# --- the corpus file (values copied by hand from ../shared/corpus/EXPECTED.md) ----------------


def test_corpus_speaker_map_file_reads_as_expected(corpus):
    parsed = read_transcript((corpus / AWSBITES).read_bytes(), source=AWSBITES)
    assert parsed.format == "speakermap"
    assert {s.label for s in parsed.segments} == {"spk_0", "spk_1"}
    assert parsed.label_names == {"spk_0": "Luciano", "spk_1": "Eoin"}
    first = parsed.segments[0]
    assert (first.label, first.start_ms) == ("spk_0", 0)
    assert first.text == "AWS is all about removing undifferentiated heavy lifting."
    assert parsed.segments[-1].start_ms == 535_320
    assert len(parsed.segments) == 200
    assert len(merge_turns(parsed)) == 7


def test_corpus_float_artefacts_become_whole_milliseconds(corpus):
    parsed = read_transcript((corpus / AWSBITES).read_bytes(), source=AWSBITES)
    starts = {s.start_ms for s in parsed.segments}
    assert {153_920, 150_000, 204_000} <= starts


# --- shapes -----------------------------------------------------------------------------------


def test_speakers_map_names_labels_but_labels_stay_raw():
    parsed = read(
        whisper(
            {"speakerLabel": "spk_1", "start": 0, "end": 1.5, "text": " Hello."},
            speakers={"spk_1": "Eoin"},
        )
    )
    segment = parsed.segments[0]
    assert (segment.label, segment.text, segment.start_ms, segment.end_ms) == (
        "spk_1",
        "Hello.",
        0,
        1_500,
    )
    assert parsed.label_names == {"spk_1": "Eoin"}


def test_plain_whisper_output_is_unlabelled():
    text = json.dumps(
        {
            "text": " Hi there. Welcome.",
            "language": "en",
            "segments": [
                {"id": 0, "seek": 0, "start": 0.0, "end": 1.2, "text": " Hi there.", "tokens": []},
                {"id": 1, "seek": 0, "start": 1.2, "end": 2.0, "text": " Welcome."},
            ],
        }
    )
    parsed = read(text)
    assert parsed.format == "speakermap"
    assert [(s.label, s.text) for s in parsed.segments] == [(None, "Hi there."), (None, "Welcome.")]
    assert parsed.label_names == {}


def test_whisperx_speaker_field_gives_the_label():
    parsed = read(whisper({"speaker": "SPEAKER_00", "start": 3, "end": 4, "text": " Yes."}))
    assert parsed.segments[0].label == "SPEAKER_00"


def test_numbered_speakers_become_their_digits():
    parsed = read(whisper({"speaker": 0, "start": 3, "end": 4, "text": "Yes."}))
    assert parsed.segments[0].label == "0"


def test_missing_end_is_no_end_time():
    parsed = read(whisper({"start": 3, "text": "Yes."}))
    assert parsed.segments[0].end_ms is None


def test_unusable_speaker_names_are_skipped_with_a_warning():
    parsed = read(
        whisper(
            {"speakerLabel": "spk_0", "start": 0, "end": 1, "text": "x"},
            speakers={"spk_0": "Luciano", "spk_1": 7},
        )
    )
    assert parsed.label_names == {"spk_0": "Luciano"}
    assert any("spk_1" in warning for warning in parsed.warnings)


def test_speakers_that_are_not_a_map_are_ignored_with_a_warning():
    parsed = read(whisper({"start": 0, "text": "x"}, speakers=["Luciano"]))
    assert parsed.label_names == {}
    assert any("not a map" in warning for warning in parsed.warnings)


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({"end": 2, "text": "x"}, "segment 2: start is missing"),
        ({"start": "1.0s", "text": "x"}, "segment 2: start: time '1.0s' is not a number"),
        (
            {"start": 1, "end": float("inf"), "text": "x"},
            "segment 2: end: time inf is not a finite",
        ),
        ({"start": 1}, "segment 2: text is missing"),
        ({"start": 1, "text": None}, "segment 2: text should be text, found null"),
        ({"start": 1, "text": "x", "speakerLabel": {"id": 1}}, "segment 2: speakerLabel should"),
    ],
)
def test_bad_field_is_refused_naming_the_segment(second, message):
    first = {"start": 0, "end": 1, "text": "fine"}
    with pytest.raises(TranscriptError) as raised:
        read(json.dumps({"segments": [first, second]}), format="speakermap")
    assert f"test.json: {message}" in str(raised.value)


def test_invalid_json_names_line_and_column():
    with pytest.raises(TranscriptError, match=r"line 3, column 1: not valid JSON"):
        read('{"segments": [\n  {"start": 0, "text": "x"}\n', format="speakermap")


def test_broken_whisper_json_is_claimed_so_the_error_is_about_json():
    with pytest.raises(TranscriptError, match="not valid JSON"):
        read('{"speakers": {"spk_0": "Ann"}, "segments": [{"start": 0, "text": "x"},]}')


def test_deep_nesting_is_refused_cleanly():
    text = '{"segments": [{"start": 0, "text": "x", "words": ' + "[" * 10_000 + "]" * 10_000
    with pytest.raises(TranscriptError, match="nested 10003 levels deep, over the limit of 64"):
        read(text + "}]}", format="speakermap")


# --- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"version": "1.0.0", "segments": [{"startTime": 0, "endTime": 1, "body": "x"}]}',
        '{"segments": [{"id": 0}]}',
        "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
        "Luciano: start here\n",
    ],
)
def test_detect_leaves_other_shapes_alone(text):
    assert speakermap.detect(text) is None


def test_detect_gives_a_reason_naming_the_speaker_map():
    text = whisper({"start": 0, "text": "x"}, speakers={"spk_0": "Ann"})
    assert "speakers map" in speakermap.detect(text)


# --- properties -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)
SEGMENT_LIKE = st.dictionaries(
    st.sampled_from(["speakerLabel", "speaker", "start", "end", "text"]), JSON_VALUES
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(),
        JSON_VALUES.map(json.dumps),
        st.tuples(st.lists(SEGMENT_LIKE, max_size=4), JSON_VALUES).map(
            lambda pair: json.dumps({"segments": pair[0], "speakers": pair[1]})
        ),
    )
)
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        speakermap.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="fuzz.json", format="speakermap")


NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC 019", min_size=1).map(str.strip)
SEGMENT = st.tuples(
    st.sampled_from(["spk_0", "spk_1", "spk_2"]),
    st.integers(0, 40 * 3_600_000),
    st.integers(0, 600_000),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.'?", min_size=1).map(str.strip),
)


def to_podwhisperer(segments, names) -> str:
    """A tiny podwhisperer writer: Whisper's leading space and seconds as floats."""
    return json.dumps(
        {
            "speakers": names,
            "segments": [
                {
                    "speakerLabel": label,
                    "start": start / 1000,
                    "end": (start + length) / 1000,
                    "text": f" {text}",
                }
                for label, start, length, text in segments
            ],
        }
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(SEGMENT, min_size=1, max_size=12),
    st.dictionaries(st.sampled_from(["spk_0", "spk_1", "spk_2"]), NAME.filter(bool)),
)
def test_written_segments_round_trip(segments, names):
    parsed = speakermap.parse(to_podwhisperer(segments, names), limits=DEFAULT_LIMITS)
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments] == [
        (label, start, start + length, text) for label, start, length, text in segments
    ]
    assert parsed.label_names == names
