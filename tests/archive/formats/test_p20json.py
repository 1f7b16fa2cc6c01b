"""Podcasting 2.0 JSON: phrase- and word-level files, and a clear refusal for every bad field."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, Limits, TranscriptError, p20json, read_transcript
from archive.turns import merge_turns


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.json", **kwargs)


def p20(*segments) -> str:
    return json.dumps({"version": "1.0.0", "segments": list(segments)})


# Values copied by hand from ../shared/corpus/EXPECTED.md.
CORPUS_FACTS = [
    pytest.param(
        "p20json_buzzcast_phrases-equal-times.json",
        {"Alban", "Kevin"},
        "Alban",
        0,
        "It is so stinking nice to",
        358_500,
        200,
        7,
        id="buzzcast",
    ),
    pytest.param(
        "p20json_podnews-2023-05-05_phrases.json",
        {"James C", "Jingles", "Sam Sethi", "Chris Quamme Rhoden", "Nick Hilton"},
        "James C",
        35,
        "it's Friday, the 5th of",
        206_694,
        122,
        26,
        id="podnews-2023-05-05",
    ),
    pytest.param(
        "p20json_podnews-2023-06-02_words-space-tokens.json",
        {"Speaker 1", "Speaker 2"},
        "Speaker 1",
        221,
        "It's",
        8_729,
        39,
        2,
        id="word-level",
    ),
]


@pytest.mark.parametrize(
    ("name", "labels", "first_label", "first_start", "first_words", "last_start", "count", "turns"),
    CORPUS_FACTS,
)
def test_corpus_file_reads_as_expected(
    corpus, name, labels, first_label, first_start, first_words, last_start, count, turns
):
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert parsed.format == "p20json"
    assert {s.label for s in parsed.segments} == labels
    first = parsed.segments[0]
    assert (first.label, first.start_ms) == (first_label, first_start)
    assert first.text.startswith(first_words)
    assert parsed.segments[-1].start_ms == last_start
    assert len(parsed.segments) == count
    assert len(merge_turns(parsed)) == turns


def test_corpus_word_level_file_keeps_space_tokens_and_reads_cleanly(corpus):
    name = "p20json_podnews-2023-06-02_words-space-tokens.json"
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert sum(1 for s in parsed.segments if s.text == " ") == 18
    turns = merge_turns(parsed)
    assert turns[0].text == "It's Friday, the 2nd of June 2023."
    assert turns[1].text == "The last word in podcasting news. This is the Pod News"
    for turn in turns:
        assert " ," not in turn.text
        assert " ." not in turn.text
        assert "  " not in turn.text


def test_corpus_equal_start_times_are_kept_as_written(corpus):
    name = "p20json_buzzcast_phrases-equal-times.json"
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert [(s.start_ms, s.end_ms) for s in parsed.segments[:2]] == [(0, 4_800), (0, 4_800)]
    assert parsed.warnings == []


# --- fields -----------------------------------------------------------------------------------


def test_speaker_is_optional():
    parsed = read(p20({"startTime": 1, "endTime": 2, "body": "nobody named"}))
    assert parsed.segments[0].label is None


def test_segment_without_speaker_continues_the_one_named_above_it():
    parsed = read(
        p20(
            {"startTime": 0, "endTime": 1, "body": "before anyone"},
            {"speaker": "Ann", "startTime": 1, "endTime": 2, "body": "Our hens"},
            {"startTime": 2, "endTime": 3, "body": "laid twice."},
            {"speaker": "Bob", "startTime": 3, "endTime": 4, "body": "Lucky you."},
        )
    )
    assert [s.label for s in parsed.segments] == [None, "Ann", "Ann", "Bob"]
    assert [(t.label, t.text) for t in merge_turns(parsed)] == [
        (None, "before anyone"),
        ("Ann", "Our hens laid twice."),
        ("Bob", "Lucky you."),
    ]


def words(*bodies: str) -> list[dict]:
    return [
        {"startTime": n / 10, "endTime": (n + 1) / 10, "body": body}
        for n, body in enumerate(bodies)
    ]


def test_word_level_file_naming_nobody_is_grouped_into_sentences():
    parsed = read(
        p20(*words("Rain", " ", "again", ".", " ", "Does", " ", "the", " ", "roof", " ", "leak?"))
    )
    assert parsed.turn_markers
    assert [(t.label, t.text, t.start_ms) for t in merge_turns(parsed)] == [
        (None, "Rain again.", 0),
        (None, "Does the roof leak?", 500),
    ]


def test_unlabelled_display_phrases_stay_one_utterance_each():
    parsed = read(p20(*words("The kettle is on", "so sit down", "and wait.")))
    assert not parsed.turn_markers
    assert len(merge_turns(parsed)) == 3


def test_times_written_as_decimal_text_are_seconds():
    parsed = read(p20({"speaker": "Ann", "startTime": "12.5", "endTime": " 14 ", "body": "hi"}))
    assert (parsed.segments[0].start_ms, parsed.segments[0].end_ms) == (12_500, 14_000)


def test_missing_end_time_is_no_end_time():
    parsed = read(p20({"speaker": "Ann", "startTime": 1.5, "body": "hi"}))
    assert (parsed.segments[0].start_ms, parsed.segments[0].end_ms) == (1_500, None)


def test_float_noise_rounds_to_whole_milliseconds():
    parsed = read(p20({"startTime": 153.92000000000002, "endTime": 154, "body": "x"}))
    assert (parsed.segments[0].start_ms, parsed.segments[0].end_ms) == (153_920, 154_000)


def test_bare_top_level_array_of_segments_is_read():
    parsed = read(json.dumps([{"speaker": "Ann", "startTime": 0, "endTime": 1, "body": "hi"}]))
    assert parsed.format == "p20json"
    assert parsed.segments[0].label == "Ann"


def test_segment_locations_count_from_one():
    parsed = read(p20(*({"startTime": i, "endTime": i + 1, "body": "w"} for i in range(3))))
    assert [s.location for s in parsed.segments] == ["segment 1", "segment 2", "segment 3"]


@pytest.mark.parametrize(
    ("second", "message"),
    [
        ({"endTime": 2, "body": "x"}, "segment 2: startTime is missing"),
        ({"startTime": None, "body": "x"}, "segment 2: startTime is null"),
        ({"startTime": "0:01", "body": "x"}, "segment 2: startTime: time '0:01' is not a number"),
        ({"startTime": True, "body": "x"}, "segment 2: startTime: time True is not a number"),
        ({"startTime": "1e3", "body": "x"}, "segment 2: startTime: time '1e3' is not a number"),
        ({"startTime": "-2", "body": "x"}, "segment 2: startTime: time '-2' is not a number"),
        ({"startTime": 1, "endTime": [2], "body": "x"}, "segment 2: endTime: time [2] is not"),
        ({"startTime": 1}, "segment 2: body is missing"),
        ({"startTime": 1, "body": 7}, "segment 2: body should be text, found the number 7"),
        ({"startTime": 1, "body": "x", "speaker": ["A"]}, "segment 2: speaker should be text"),
    ],
)
def test_bad_field_is_refused_naming_the_segment(second, message):
    first = {"startTime": 0, "endTime": 1, "body": "fine"}
    with pytest.raises(TranscriptError) as raised:
        read(p20(first, second))
    assert f"test.json: {message}" in str(raised.value)


def test_segment_that_is_not_an_object_is_refused():
    with pytest.raises(TranscriptError, match="segment 1: expected an object"):
        read('{"segments": ["hello"]}', format="p20json")


def test_segments_that_are_not_a_list_are_refused():
    with pytest.raises(TranscriptError, match='expected a "segments" list'):
        read('{"version": "1.0.0", "segments": {"body": "x"}}', format="p20json")


def test_invalid_json_names_line_and_column():
    text = '{"version": "1.0.0", "segments": [\n  {"startTime": 0, "body": "x",}\n]}'
    with pytest.raises(TranscriptError, match=r"test\.json: line 2, column 32: not valid JSON"):
        read(text)


def test_nan_time_is_refused():
    with pytest.raises(TranscriptError, match="segment 1: startTime: time nan is not a finite"):
        read('{"segments": [{"startTime": NaN, "body": "x"}]}')


def test_too_many_digits_is_refused_not_crashed():
    with pytest.raises(TranscriptError, match="too many digits"):
        read('{"segments": [{"startTime": ' + "1" * 5_000 + ', "body": "x"}]}', format="p20json")


@pytest.mark.parametrize("format", [None, "p20json"])
def test_deep_nesting_is_refused_cleanly(format):
    text = '{"segments": [{"startTime": 0, "body": "x", "extra": ' + "[" * 10_000 + "]" * 10_000
    with pytest.raises(TranscriptError, match="nested 10003 levels deep, over the limit of 64"):
        read(text + "}]}", format=format)


def test_depth_limit_comes_from_the_limits():
    text = p20({"startTime": 0, "body": "x", "extra": [[["deep"]]]})
    # object > segments list > segment object > three lists: six levels
    with pytest.raises(TranscriptError, match="nested 6 levels deep, over the limit of 5"):
        read(text, limits=Limits(max_json_depth=5))
    assert read(text, limits=Limits(max_json_depth=6)).segments[0].text == "x"


def test_brackets_inside_strings_are_not_nesting():
    parsed = read(p20({"startTime": 0, "body": "[[[[[" * 100 + '"\\\\'}))
    assert parsed.segments[0].text.startswith("[[[[[")


# --- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '{"segments": [{"start": 0, "end": 1, "text": " whisper"}]}',
        '{"speakers": {}, "segments": [{"speakerLabel": "spk_0", "start": 0, "text": "x"}]}',
        "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
        '{"title": "not a transcript"}',
        "[1, 2, 3]",
    ],
)
def test_detect_leaves_other_shapes_alone(text):
    assert p20json.detect(text) is None


def test_broken_json_with_p20_fields_is_claimed_so_the_error_is_about_json():
    with pytest.raises(TranscriptError, match=r"line 1, column \d+: not valid JSON"):
        read('{"segments": [{"startTime": 0, "body": "x"}')


# --- properties -------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=20,
)
SEGMENT_LIKE = st.dictionaries(
    st.sampled_from(["speaker", "startTime", "endTime", "body"]), JSON_VALUES
)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.text(),
        JSON_VALUES.map(json.dumps),
        st.lists(SEGMENT_LIKE, max_size=4).map(lambda s: json.dumps({"segments": s})),
    )
)
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        p20json.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="fuzz.json", format="p20json")


SEGMENT = st.tuples(
    st.none() | st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABC_019", min_size=1).map(str.strip),
    st.integers(0, 40 * 3_600_000),
    st.integers(0, 600_000),
    st.text(min_size=1),
)


def to_p20json(segments) -> str:
    """A tiny Podcasting 2.0 JSON writer (times in seconds, as the spec writes them)."""
    items = []
    for label, start, length, body in segments:
        item = {"startTime": start / 1000, "endTime": (start + length) / 1000, "body": body}
        if label:
            item["speaker"] = label
        items.append(item)
    return json.dumps({"version": "1.0.0", "segments": items})


def carried(labels: list) -> list:
    """The labels a reader gives: a missing speaker continues the last one named."""
    speakers, speaker = [], None
    for label in labels:
        speaker = label or speaker
        speakers.append(speaker)
    return speakers


@settings(max_examples=200, deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=12))
def test_written_segments_round_trip(segments):
    parsed = p20json.parse(to_p20json(segments), limits=DEFAULT_LIMITS)
    labels = carried([label for label, *_ in segments])
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments] == [
        (speaker, start, start + length, body)
        for speaker, (_, start, length, body) in zip(labels, segments, strict=True)
    ]
