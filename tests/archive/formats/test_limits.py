"""The checks every format shares: limits, time ranges and order, each refusal named."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import Limits, ParsedTranscript, Segment, TranscriptError, read_transcript
from archive.formats.base import DEFAULT_LIMITS, check_speech
from archive.labels import label_problem


def p20(*segments, **extra):
    body = {"version": "1.0.0", "segments": list(segments), **extra}
    return json.dumps(body).encode()


def seg(start, end, body="Hello.", speaker="Ada"):
    return {"speaker": speaker, "startTime": start, "endTime": end, "body": body}


def refusal(data, **options):
    with pytest.raises(TranscriptError) as refused:
        read_transcript(data, source="upload.json", **options)
    return str(refused.value)


def test_file_over_the_size_limit_is_refused_before_reading():
    message = refusal(p20(seg(0, 1)), limits=Limits(max_bytes=20))

    assert message.startswith("upload.json: file is ")
    assert "over the 20-byte limit" in message


def test_too_many_segments_are_refused():
    message = refusal(p20(*(seg(n, n + 1) for n in range(5))), limits=Limits(max_segments=4))

    assert "5 segments, over the limit of 4" in message


def test_a_label_too_long_to_be_a_name_is_refused_with_its_place():
    message = refusal(p20(seg(0, 1), seg(1, 2, speaker="x" * 201)))

    assert message.startswith("upload.json: segment 2: speaker label is 201 characters long")


@pytest.mark.parametrize(
    ("segment", "problem"),
    [
        (seg(-1, 1), "start time is negative"),
        (seg(0, 49 * 3600), "end time 176400.000 s is past the 48-hour limit"),
        (seg(5, 4), "ends (4.000 s) before it starts (5.000 s)"),
    ],
)
def test_impossible_times_are_refused_naming_the_segment(segment, problem):
    message = refusal(p20(seg(0, 1), segment))

    assert message.startswith("upload.json: segment 2: ")
    assert problem in message


def test_nan_and_infinite_times_are_refused():
    data = b'{"version": "1.0.0", "segments": [{"startTime": NaN, "endTime": 1, "body": "x"}]}'

    assert "segment 1" in refusal(data)


def test_nesting_past_the_depth_limit_is_refused_cleanly():
    deep = b"[" * 10_000 + b"]" * 10_000

    assert "nest" in refusal(deep, format="p20json").lower()


def test_a_file_without_speech_is_refused():
    assert "no speech found" in refusal(p20(seg(0, 1, body="  ")))


def test_out_of_order_segments_are_kept_in_source_order_with_a_warning():
    parsed = read_transcript(p20(seg(10, 11, "B."), seg(0, 1, "A.")), source="upload.json")

    assert [segment.text for segment in parsed.segments] == ["B.", "A."]
    assert any(
        "1 segment(s) start before the segment above them (segment 2)" in warning
        for warning in parsed.warnings
    )


def test_overlapping_cue_is_warned_about(corpus):
    name = "vtt_omny-sysk_speaker-n_single-digit-hour.vtt"

    parsed = read_transcript((corpus / name).read_bytes(), source=name)

    overlaps = [w for w in parsed.warnings if "above them ends" in w]
    assert overlaps == [
        "1 segment(s) start before the segment above them ends (cue 54 (line 162));"
        " kept in source order"
    ]


def test_display_lines_sharing_a_start_time_are_not_an_overlap(corpus):
    name = "p20json_buzzcast_phrases-equal-times.json"

    parsed = read_transcript((corpus / name).read_bytes(), source=name)

    assert not [w for w in parsed.warnings if "segment(s)" in w]


def test_long_lists_of_places_are_cut_short():
    segments = [seg(100 - n, 101 - n, f"Line {n}.") for n in range(10)]

    parsed = read_transcript(p20(*segments), source="upload.json")

    assert (
        "9 segment(s) start before the segment above them (segment 2, segment 3, segment 4, "
        "segment 5, segment 6 and 4 more); kept in source order"
    ) in parsed.warnings


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_through_detection_only_ever_raise_the_importers_error(data):
    try:
        read_transcript(data, source="fuzz.bin")
    except TranscriptError as error:
        assert str(error).startswith("fuzz.bin")


TRANSCRIPTISH = st.text(
    alphabet=st.sampled_from(list("WEBVTT0123456789:.,->< \n\t{}[]\"'vbpcite/=*_#()ABab")),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(text=TRANSCRIPTISH)
def test_transcript_shaped_noise_only_ever_raises_the_importers_error(text):
    try:
        read_transcript(text.encode(), source="noise.txt")
    except TranscriptError as error:
        assert str(error).startswith("noise.txt")


def test_control_characters_escaped_in_json_never_reach_the_text():
    data = p20(seg(1, 2, body="hi\\u0000there\\u001b[31m", speaker="A\\u0000na"))

    parsed = read_transcript(data.replace(b"\\\\u", b"\\u"), source="upload.json")

    assert (parsed.segments[0].label, parsed.segments[0].text) == ("Ana", "hithere[31m")
    assert "segment 1: removed control character(s)" in parsed.warnings


# The checks on speech itself (``base.check_speech``), called directly: read_transcript
# runs them once formats._validate calls check_speech (see test_hostile_files).


def parsed_of(*segments: Segment) -> ParsedTranscript:
    return ParsedTranscript(format="p20json", segments=list(segments))


def test_an_utterance_over_the_limit_is_refused_naming_it_and_the_limit():
    parsed = parsed_of(Segment("ok", location="segment 1"), Segment("x" * 11, location="segment 2"))
    with pytest.raises(TranscriptError) as refused:
        check_speech(parsed, Limits(max_utterance_chars=10))
    assert str(refused.value) == (
        "segment 2: one utterance is 11 characters long, over the limit of 10; "
        "is the file missing its line breaks?"
    )


def test_an_utterance_at_the_limit_is_read():
    parsed = parsed_of(Segment("x" * 10, location="segment 1"))
    check_speech(parsed, Limits(max_utterance_chars=10))
    assert parsed.segments[0].text == "x" * 10


def test_a_label_with_hidden_characters_and_its_carried_copies_credit_nobody():
    hidden = "\u202eBob"
    parsed = parsed_of(
        Segment("a", label="Ada", location="segment 1"),
        Segment("b", label=hidden, location="segment 2"),
        Segment("c", label=hidden, location="segment 3"),
    )
    check_speech(parsed, DEFAULT_LIMITS)
    assert [s.label for s in parsed.segments] == ["Ada", None, None]
    assert parsed.warnings == [
        "segment 2, segment 3: speaker label '\\u202eBob' holds invisible formatting "
        "characters (U+202E); kept unattributed"
    ]


def test_zero_width_spaces_in_a_label_go_as_decoding_drops_them_from_text():
    parsed = parsed_of(Segment("a", label="Ada\u200b", location="segment 1"))
    check_speech(parsed, DEFAULT_LIMITS)
    assert parsed.segments[0].label == "Ada"
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("label", "problem"),
    [
        ("An\u00adn", "holds invisible formatting characters (U+00AD)"),
        ("\u2066Ann\u2069", "holds invisible formatting characters (U+2066, U+2069)"),
        ("An\ufffdn", "holds U+FFFD where the file had a character that could not be read"),
        ("Ann Lee", None),
        ("\U0001f469\u200d\U0001f33e Ann", None),
        ("محمد علي", None),
    ],
)
def test_label_problem_names_hidden_characters_but_not_joiners(label, problem):
    assert label_problem(label) == problem
