"""Timestamped plain text: ``00:01:02 text``, with a voice tag, a ``Name:`` or nobody."""

import contextlib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, read_transcript, timestamped
from archive.formats.speakerline import HEADING_WORDS
from archive.turns import merge_turns


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.txt", **kwargs)


# --- the real corpus -------------------------------------------------------------------------


def test_talkpython_voice_tagged_file_reads_both_speakers(corpus):
    parsed = read_transcript(
        (corpus / "txt_talkpython-555_timestamp-voice-tag.txt").read_bytes(), source="555.txt"
    )
    assert parsed.format == "timestamped"
    assert len(parsed.segments) == 200
    assert Counter(s.label for s in parsed.segments) == {"Michael Kennedy": 106, "Trevor Manz": 94}
    first = parsed.segments[0]
    assert first.label == "Michael Kennedy"
    assert first.start_ms == 0
    assert first.text.startswith("Coding agents have gotten really good at one")
    assert parsed.segments[-1].start_ms == 791_000
    assert all(segment.end_ms is None for segment in parsed.segments)


def test_talkpython_voice_tagged_entries_merge_into_turns(corpus):
    parsed = read_transcript(
        (corpus / "txt_talkpython-555_timestamp-voice-tag.txt").read_bytes(), source="555.txt"
    )
    # Counted from the raw file, not through the parser:
    #   grep -o '<v [^>]*>' txt_talkpython-555_timestamp-voice-tag.txt | uniq | wc -l  -> 28
    # (37 Michael, 1 Trevor, 3 Michael, ... 7 Trevor); no same-voice gap exceeds a minute.
    assert len(merge_turns(parsed)) == 28


def test_talkpython_file_without_speakers_stays_unlabelled(corpus):
    parsed = read_transcript(
        (corpus / "txt_talkpython-300_timestamp-no-speaker.txt").read_bytes(), source="300.txt"
    )
    assert parsed.format == "timestamped"
    assert len(parsed.segments) == 200
    assert {segment.label for segment in parsed.segments} == {None}
    first = parsed.segments[0]
    assert first.start_ms == 0
    assert first.text.startswith("You've heard that software developers and startups go")
    assert parsed.segments[-1].start_ms == 666_000
    # Nothing says two unlabelled entries are one person's: each stands alone.
    assert len(merge_turns(parsed)) == 200


# --- quirks ----------------------------------------------------------------------------------


def test_every_clock_shape_is_read():
    parsed = read("00:00:01 one\n1:02:03 two\n12:34 three\n[00:01:02] four\n(0:05:06) five\n")
    assert [s.start_ms for s in parsed.segments] == [1000, 3_723_000, 754_000, 62_000, 306_000]
    assert [s.text for s in parsed.segments] == ["one", "two", "three", "four", "five"]


def test_voice_tag_names_the_speaker_and_loses_its_markup():
    parsed = read("00:00:00 <v Ada Lovelace>Fish &amp; chips, <i>please</i>.</v>\n")
    segment = parsed.segments[0]
    assert segment.label == "Ada Lovelace"
    assert segment.text == "Fish & chips, please."
    assert segment.end_ms is None


def test_name_prefix_names_the_speaker_and_carries_to_unnamed_entries():
    parsed = read("00:00:01 Adam Curry: Hello there.\n00:00:04 And welcome.\n00:00:09 Dave: Hi.\n")
    assert [s.label for s in parsed.segments] == ["Adam Curry", "Adam Curry", "Dave"]
    assert parsed.segments[0].text == "Hello there."
    assert len(merge_turns(parsed)) == 2


def test_sentence_with_a_colon_is_not_a_speaker():
    parsed = read("00:00:01 So here's the thing: it works.\n00:00:05 Really.\n")
    assert parsed.segments[0].label is None
    assert parsed.segments[0].text == "So here's the thing: it works."


def test_lines_without_a_time_continue_the_entry_above():
    parsed = read("00:00:01 <v Ann>It started\nbefore dawn\n\nand ran late.\n00:00:09 <v Bo>Yes.\n")
    assert [s.text for s in parsed.segments] == ["It started before dawn and ran late.", "Yes."]
    assert parsed.segments[1].location == "line 5"


def test_repeated_timestamp_with_same_voice_continues_the_turn():
    parsed = read("00:00:03 <v Ann>One thing,\n\n00:00:03 <v Ann>then another.\n")
    assert [s.start_ms for s in parsed.segments] == [3000, 3000]
    turns = merge_turns(parsed)
    assert [(t.label, t.text) for t in turns] == [("Ann", "One thing, then another.")]


def test_time_alone_on_its_line_takes_the_text_below():
    parsed = read("0:00\nhello everyone\n0:03\nwelcome back\n")
    assert [(s.start_ms, s.text) for s in parsed.segments] == [
        (0, "hello everyone"),
        (3000, "welcome back"),
    ]


def test_text_before_the_first_time_is_skipped_with_a_warning():
    parsed = read("Episode 12 transcript\n\n00:00:01 Hello.\n00:00:02 Hi.\n", format="timestamped")
    assert [s.text for s in parsed.segments] == ["Hello.", "Hi."]
    assert any("line 1" in warning and "before the first" in warning for warning in parsed.warnings)


def test_time_with_no_text_is_skipped_with_a_warning():
    parsed = read("00:00:01 Hello.\n00:00:02\n\n00:00:03 Bye.\n")
    assert [s.text for s in parsed.segments] == ["Hello.", "Bye."]
    assert any(w.startswith("line 2:") and "no text" in w for w in parsed.warnings)


# --- refusals --------------------------------------------------------------------------------


def test_impossible_time_skips_its_entry_naming_its_line():
    parsed = read("00:00:01 Hello.\n00:61:00 Hi.\n00:02:00 Bye.\n")
    assert [s.text for s in parsed.segments] == ["Hello.", "Bye."]
    assert parsed.warnings == [
        "line 2: '00:61:00' is not a valid time; skipped with the text under it"
    ]


def test_text_without_any_time_is_refused_when_forced():
    with pytest.raises(TranscriptError, match="no line starts with a time"):
        read("Adam: hello\nDave: hi\n", format="timestamped")


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Emma  0:00  \nHello there.\n\nKelly  0:05  \nHi.\n",
        "Speaker 1 (00:02):\nHello there.\n\n(00:09):\nStill me.\n",
        "**Jerod Santo:** Hello.\n\n**Adam:** Hi.\n",
        "Adam Curry: hello\nDave Jones: hi\n",
        "1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:02,000 --> 00:00:03,000\nHi.\n",
        "We met at 10:30 and talked.\nIt went on for hours.\nThen lunch.\n",
    ],
    ids=["otter", "iheart", "markdown", "plaintext", "srt", "prose"],
)
def test_other_shapes_are_not_claimed(text):
    assert timestamped.detect(text) is None


def test_file_of_timed_lines_is_claimed():
    assert timestamped.detect("00:00:01 Hello.\n\n00:00:04 Hi.\n")


def test_long_line_of_junk_is_read():
    # Backtracking patterns once took minutes on this; benchmarks/parser_worst_cases.py times it.
    junk = "00:00:01 <v" + " " * 200_000 + "<v " * 100_000 + "A: " * 100_000
    parsed = timestamped.parse(junk, limits=DEFAULT_LIMITS)
    timestamped.detect(junk)
    assert [s.start_ms for s in parsed.segments] == [1000]


# --- properties ------------------------------------------------------------------------------

JUNK = st.text(alphabet="0123456789:()[]<>v. *-\n\tAbc&;", max_size=300)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), JUNK))
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    timestamped.detect(text)  # must never raise at all
    with contextlib.suppress(TranscriptError):
        timestamped.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="junk.txt", format="timestamped")


# A heading word ("Nb", "Note") opens a note, never a name: see speakerline.
NAMES = st.from_regex(r"[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?", fullmatch=True).filter(
    lambda name: name.split(" ")[0].casefold() not in HEADING_WORDS
)
WORDS = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=12)
ENTRY = st.tuples(NAMES, st.integers(0, 48 * 3600 - 1), WORDS.map(" ".join))


def write_timestamped(entries, voice_tags: bool) -> str:
    """The shape Talk Python publishes (voice tags) or the ``Name:`` one, blank-line separated."""
    lines = []
    for name, seconds, words in entries:
        clock = f"{seconds // 3600:02}:{seconds // 60 % 60:02}:{seconds % 60:02}"
        speaker = f"<v {name}>" if voice_tags else f"{name}: "
        lines.append(f"{clock} {speaker}{words}\n")
    return "\n".join(lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=20), st.booleans())
def test_written_transcript_round_trips(entries, voice_tags):
    parsed = timestamped.parse(write_timestamped(entries, voice_tags), limits=DEFAULT_LIMITS)
    expected = [(name, seconds * 1000, words) for name, seconds, words in entries]
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == expected


@pytest.mark.parametrize("stamp", ["00:00:01", "[00:00:01.00] -"])  # the second: Happy Scribe
def test_time_and_name_on_their_own_line_head_the_speech_below(stamp):
    later = stamp.replace("01", "05")
    parsed = read(
        f"{stamp} Mara Quint\nThe hives wintered well.\n\n{later} Otto Brandt\nAll six?\n"
    )
    assert parsed.format == "timestamped"
    assert [(t.label, t.start_ms, t.text) for t in merge_turns(parsed)] == [
        ("Mara Quint", 1_000, "The hives wintered well."),
        ("Otto Brandt", 5_000, "All six?"),
    ]


def test_one_line_of_speech_after_a_time_keeps_the_file_time_then_text():
    parsed = read("00:00:01 Mara Quint\nsaid hello.\n00:00:05 we all waved back\n")
    assert [(s.label, s.text) for s in parsed.segments] == [
        (None, "Mara Quint said hello."),
        (None, "we all waved back"),
    ]


# --- review fixes ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "odd_block", ["00:00:09 Mira Okafor\n\n", "00:00:09 Applause\n\n"], ids=["empty", "sound"]
)
def test_one_odd_header_keeps_the_file_read_as_name_headers(odd_block):
    parsed = read(
        "00:00:01 Mira Okafor\nThe kiln is warm.\n\n00:00:05 Tom Reyes\nThen we start.\n\n"
        + odd_block
        + "00:00:12 Tom Reyes\nDone.\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mira Okafor", "The kiln is warm."),
        ("Tom Reyes", "Then we start."),
        ("Tom Reyes", "Done."),
    ]
    assert parsed.warnings == ["line 7: a timestamp with no text after it; skipped"]


def test_a_speech_line_among_name_headers_is_read_as_time_text():
    parsed = read(
        "00:00:01 Mira Okafor\nThe kiln is warm.\n\n00:00:05 Tom Reyes\nThen we start.\n\n"
        "00:00:09 and then the door slammed\n\n00:00:12 Mira Okafor\nOops.\n"
    )
    assert [(s.label, s.text) for s in parsed.segments][2:] == [
        ("Tom Reyes", "and then the door slammed"),
        ("Mira Okafor", "Oops."),
    ]


def test_entities_are_decoded_and_a_bold_label_names_the_speaker():
    parsed = read("00:00:01 Mira: Salt &amp; pepper\n[00:00:04] **Tom Reyes:** Yes &lt;3\n")
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mira", "Salt & pepper"),
        ("Tom Reyes", "Yes <3"),
    ]


def test_hard_wrapped_entries_are_detected():
    text = (
        "[00:00:01] Mira Okafor: Today on the show we\nlook at how a wood kiln\nis fired.\n\n"
        "[00:00:08] Tom Reyes: It takes three days\nand a lot of\npatience.\n"
    )
    parsed = read(text)
    assert parsed.format == "timestamped"
    assert [s.label for s in parsed.segments] == ["Mira Okafor", "Tom Reyes"]


def test_one_clock_line_in_a_long_paragraph_is_not_claimed():
    prose = "We met at the pottery.\n10:30 was when the kiln opened\nand we waited.\nlate.\n"
    assert timestamped.detect(prose) is None


def test_voice_tagged_text_is_cleaned_as_webvtt_cleans_it():
    parsed = read(
        "00:00:01 <v Mira>Fire <00:00:01.500><c>the</c> <ruby>窯<rt>kama</rt></ruby> now\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [("Mira", "Fire the 窯 now")]
