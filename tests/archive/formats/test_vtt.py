"""WebVTT: the spec's shapes, the variants hosts and YouTube publish, and every refusal."""

from __future__ import annotations

import codecs
import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, read_transcript, vtt
from archive.turns import merge_turns


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.vtt", **kwargs)


# Values copied by hand from ../shared/corpus/EXPECTED.md.
CORPUS_FACTS = [
    pytest.param(
        "vtt_buzzsprout-podcasting-qa_crlf-entities.vtt",
        {"Sarah", "Gillian"},
        "Sarah",
        0,
        "In today's episode, you'll learn whether or not",
        21_450,
        7,
        2,
        id="buzzsprout",
    ),
    pytest.param(
        "vtt_omny-sysk_speaker-n_single-digit-hour.vtt",
        {"Speaker 1", "Speaker 2"},
        "Speaker 1",
        1_480,
        "Welcome to Stuff you should know, a production",
        192_000,
        54,
        8,
        id="omny",
    ),
    pytest.param(
        "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt",
        {"SPEAKER_1", "SPEAKER_2", "SPEAKER_3", "SPEAKER_4"},
        "SPEAKER_1",
        0,
        "It's Friday, the 19th of January, 2024.",
        850_720,
        189,
        51,
        id="podnews-2024",
    ),
    pytest.param(
        "vtt_talkpython-555_named-voices.vtt",
        {"Michael Kennedy", "Trevor Manz"},
        "Michael Kennedy",
        20,
        "Coding agents have gotten really good at one",
        649_300,
        200,
        25,
        id="talkpython-555",
    ),
    pytest.param(
        "vtt_youtube-talkpython-353_dash-turns.vtt",
        set(),
        None,
        0,
        "Sebastian, welcome back to Talk Python To",
        513_640,
        200,
        26,  # the first cue carries one of the 26 "- " markers
        id="youtube-353",
    ),
    pytest.param(
        "vtt_youtube-talkpython-404_chevron-turns.vtt",
        set(),
        None,
        0,
        "Hey, YouTube. Hey, Bob.",
        490_360,
        200,
        29,  # an unmarked first turn, then 4 ">>" and 24 "- " markers
        id="youtube-404",
    ),
]


@pytest.mark.parametrize(
    ("name", "labels", "first_label", "first_start", "first_words", "last_start", "cues", "turns"),
    CORPUS_FACTS,
)
def test_corpus_file_reads_as_expected(
    corpus, name, labels, first_label, first_start, first_words, last_start, cues, turns
):
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert parsed.format == "vtt"
    assert {s.label for s in parsed.segments if s.label is not None} == labels
    first = parsed.segments[0]
    assert first.label == first_label
    assert first.start_ms == first_start
    assert first.text.startswith(first_words)
    assert parsed.segments[-1].start_ms == last_start
    assert len(parsed.segments) == cues
    assert len(merge_turns(parsed)) == turns


def test_corpus_entities_are_decoded(corpus):
    name = "vtt_buzzsprout-podcasting-qa_crlf-entities.vtt"
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert "Welcome to Podcasting Q&A, where" in parsed.segments[2].text


def test_corpus_header_title_is_kept(corpus):
    name = "vtt_omny-sysk_speaker-n_single-digit-hour.vtt"
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert parsed.title == "How Russia Shapes What the World Thinks"


def test_corpus_apple_cue_mixing_seconds_and_minutes(corpus):
    name = "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt"
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    mixed = next(s for s in parsed.segments if s.start_ms == 59_240)
    assert mixed.end_ms == 63_100


@pytest.mark.parametrize(
    "name",
    ["vtt_youtube-talkpython-353_dash-turns.vtt", "vtt_youtube-talkpython-404_chevron-turns.vtt"],
)
def test_corpus_youtube_markers_are_turns_not_text(corpus, name):
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert parsed.turn_markers
    turns = merge_turns(parsed)
    assert all(turn.label is None for turn in turns)
    assert not turns[0].text.startswith(("- ", ">> "))
    assert not any(s.text.startswith(("- ", ">>")) for s in parsed.segments)


# --- header, blocks and timings ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "title"),
    [("WEBVTT", ""), ("WEBVTT - My Show #12", "My Show #12"), ("WEBVTT My Show", "My Show")],
)
def test_header_title_goes_to_the_transcript(header, title):
    parsed = read(f"{header}\n\n00:01.000 --> 00:02.000\nhello\n")
    assert parsed.title == title


def test_header_metadata_and_skipped_blocks_are_not_speech():
    parsed = read(
        "WEBVTT\nKind: captions\nLanguage: en\n\n"
        "NOTE written by hand\n00:09.000 --> 00:10.000 is not a cue here\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "REGION\nid:fred width:40%\n\n"
        "00:01.000 --> 00:02.000\nhello\n"
    )
    assert [s.text for s in parsed.segments] == ["hello"]


def test_cue_identifiers_and_settings_are_ignored():
    parsed = read(
        "WEBVTT\n\nintro\n00:00:01.000 --> 00:00:02.500 align:start position:10% line:0\nhello\n"
        "\n2\n00:00:03.000 --> 00:00:04.000\nworld\n"
    )
    assert [(s.text, s.start_ms, s.end_ms) for s in parsed.segments] == [
        ("hello", 1_000, 2_500),
        ("world", 3_000, 4_000),
    ]


def test_several_blank_lines_between_cues():
    parsed = read(
        "WEBVTT\n\n\n\n00:01.000 --> 00:02.000\none\n\n\n\n00:02.000 --> 00:03.000\ntwo\n"
    )
    assert [s.text for s in parsed.segments] == ["one", "two"]


def test_cue_without_blank_line_before_it_still_starts_a_cue():
    parsed = read("WEBVTT\n00:01.000 --> 00:02.000\none\n3\n00:02.000 --> 00:03.000\ntwo\n")
    assert [s.text for s in parsed.segments] == ["one", "two"]


def test_stray_blank_line_inside_a_cue_joins_its_text_with_a_warning():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst half\n\nsecond half\n")
    assert [s.text for s in parsed.segments] == ["first half second half"]
    assert any("line 6" in warning and "cue 1" in warning for warning in parsed.warnings)


def test_stray_text_stops_where_the_next_cue_begins():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\none\n\nstray\n00:03.000 --> 00:04.000\ntwo\n")
    assert [s.text for s in parsed.segments] == ["one", "two"]


@pytest.mark.parametrize(
    ("timing", "start", "end"),
    [
        ("0:00:01.480 --> 0:00:04.960", 1_480, 4_960),  # Omny's one-digit hour
        ("0.000 --> 3.480", 0, 3_480),  # Apple's bare seconds
        ("59.240 --> 1:03.100", 59_240, 63_100),  # both in one cue
        ("01:02.5 --> 01:03.25", 62_500, 63_250),
        ("10:00:00.000 --> 10:00:01.000", 36_000_000, 36_001_000),
    ],
)
def test_time_shapes_seen_in_the_wild(timing, start, end):
    segment = read(f"WEBVTT\n\n{timing}\nhello\n").segments[0]
    assert (segment.start_ms, segment.end_ms) == (start, end)


# --- cue text ---------------------------------------------------------------------------------


def test_multi_line_cue_text_joins_with_a_space():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\nsecond line\n  and   third\n")
    assert parsed.segments[0].text == "second line and third"


def test_markup_is_removed_and_entities_decoded():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:05.000\n"
        "<c.yellow>Q&amp;A</c> <i>is</i> <b>on</b> <u>now</u> <lang en-GB>&lt;live&gt;</lang>"
        "&nbsp;at <00:00:03.000>noon&#33; &#x2014; <ruby>漢<rt>kan</rt></ruby>\n"
    )
    assert parsed.segments[0].text == "Q&A is on now <live> at noon! — 漢"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<v Ann>Hi <00:00:01.500><c>you</c> <ruby>漢<rt>kan</rt></ruby>", "Hi you 漢"),
        ("Tom &amp; Jerry  <i>again</i>", "Tom & Jerry again"),
        ("if x < y and y > z", "if x < y and y > z"),
    ],
)
def test_clean_cue_text_is_the_one_public_cue_cleaner(raw, clean):
    assert vtt.clean_cue_text(raw) == clean


def test_a_less_than_sign_that_opens_no_tag_is_kept():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\nif x < y and y > z\n")
    assert parsed.segments[0].text == "if x < y and y > z"


@pytest.mark.parametrize(
    "cue_text",
    ["<v Ann Lee>Hello there", "<v Ann Lee>Hello there</v>", "<v.loud.fast Ann Lee>Hello there"],
)
def test_voice_tag_gives_the_label(cue_text):
    segment = read(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{cue_text}\n").segments[0]
    assert (segment.label, segment.text) == ("Ann Lee", "Hello there")


def test_voice_change_inside_a_cue_splits_it_with_the_cue_times():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Ann>Did it work?</v> <v Bob>It did.\n")
    assert [(s.label, s.text, s.start_ms, s.end_ms, s.location) for s in parsed.segments] == [
        ("Ann", "Did it work?", 1_000, 3_000, "cue 1 (line 3)"),
        ("Bob", "It did.", 1_000, 3_000, "cue 1 (line 3)"),
    ]


def test_unlabelled_cue_continues_last_voice_in_a_file_with_voices():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nbefore anyone\n\n"
        "00:02.000 --> 00:03.000\n<v Ann>one\n\n"
        "00:03.000 --> 00:04.000\ntwo\n\n"
        "00:04.000 --> 00:05.000\n<v Bob>three\n"
    )
    assert [s.label for s in parsed.segments] == [None, "Ann", "Ann", "Bob"]
    assert [turn.text for turn in merge_turns(parsed)] == ["before anyone", "one two", "three"]


def test_cues_stay_unlabelled_and_separate_in_a_file_without_voices_or_markers():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\none\n\n00:02.000 --> 00:03.000\ntwo\n")
    assert [s.label for s in parsed.segments] == [None, None]
    assert not parsed.turn_markers
    assert len(merge_turns(parsed)) == 2


ZOOM_STYLE = (
    "WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000\nMara Quint: Our seed swap opens today.\n\n"
    "2\n00:00:04.500 --> 00:00:06.000\nBring labelled envelopes.\n\n"
    "3\n00:00:06.500 --> 00:00:08.000\nOtto Brandt: Will squash seeds count?\n\n"
    "4\n00:00:08.500 --> 00:00:09.000\nMara Quint: Any seed counts.\n"
)


def test_zoom_name_prefix_labels_the_cue_and_carries_to_the_next():
    parsed = read(ZOOM_STYLE)
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mara Quint", "Our seed swap opens today."),
        ("Mara Quint", "Bring labelled envelopes."),
        ("Otto Brandt", "Will squash seeds count?"),
        ("Mara Quint", "Any seed counts."),
    ]
    assert [(t.label, t.start_ms) for t in merge_turns(parsed)] == [
        ("Mara Quint", 1_000),
        ("Otto Brandt", 6_500),
        ("Mara Quint", 8_500),
    ]


def test_zoom_style_file_saved_as_utf16_with_a_bom_reads_the_same():
    data = codecs.BOM_UTF16_LE + ZOOM_STYLE.encode("utf-16-le")
    parsed = read_transcript(data, source="zoom.vtt")
    assert [s.label for s in parsed.segments] == [
        "Mara Quint",
        "Mara Quint",
        "Otto Brandt",
        "Mara Quint",
    ]


def test_bold_name_prefix_is_a_label_once_the_markup_is_removed():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\n<b>Otto Brandt:</b> Hello again.\n")
    assert (parsed.segments[0].label, parsed.segments[0].text) == ("Otto Brandt", "Hello again.")


def test_a_colon_that_opens_speech_is_not_a_name_prefix():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nMara Quint: We planted early.\n\n"
        "00:02.000 --> 00:03.000\nSo: the frost came anyway.\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mara Quint", "We planted early."),
        ("Mara Quint", "So: the frost came anyway."),
    ]


def test_a_refused_name_prefix_credits_nobody_and_carries_nobody_with_a_warning():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nMara Quint: We planted early.\n\n"
        "00:02.000 --> 00:03.000\nNote: the frost came anyway.\n\n"
        "00:03.000 --> 00:04.000\nand then it thawed.\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mara Quint", "We planted early."),
        (None, "Note: the frost came anyway."),
        (None, "and then it thawed."),
    ]
    # Named by the cue's timing line, as every location in a WebVTT file is.
    assert "line 6: 'Note' is not read as a speaker name; kept unattributed" in parsed.warnings


def test_name_prefix_is_speech_in_a_file_with_voice_tags():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>He said\n\n"
        "00:02.000 --> 00:03.000\nOtto Brandt: is that yours?\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Ann", "He said"),
        ("Ann", "Otto Brandt: is that yours?"),
    ]


def test_marked_turn_may_name_its_speaker_and_an_unnamed_one_carries_nobody():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n>> MARA: Welcome in.\n\n"
        "00:02.000 --> 00:03.000\nGlad you came.\n\n"
        "00:03.000 --> 00:04.000\n>> Glad to be here.\n"
    )
    assert [(t.label, t.text) for t in merge_turns(parsed)] == [
        ("MARA", "Welcome in. Glad you came."),
        (None, "Glad to be here."),
    ]


def test_youtube_markers_start_turns_and_unmarked_cues_continue_them():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\nwelcome all\n\n"
        "00:02.000 --> 00:03.000\n>> thanks for\n\n"
        "00:03.000 --> 00:04.000\nhaving me\n\n"
        "00:04.000 --> 00:05.000\n- sure thing\n"
    )
    assert parsed.turn_markers
    assert [s.turn_start for s in parsed.segments] == [False, True, False, True]
    assert [turn.text for turn in merge_turns(parsed)] == [
        "welcome all",
        "thanks for having me",
        "sure thing",
    ]


def test_marker_on_a_second_line_splits_the_cue():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:03.000\n- Ready?\n- Ready.\n")
    assert [(s.text, s.turn_start, s.start_ms) for s in parsed.segments] == [
        ("Ready?", True, 1_000),
        ("Ready.", True, 1_000),
    ]


def test_a_hyphen_inside_words_is_not_a_marker():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\n-5 degrees - and falling\n")
    assert parsed.segments[0].text == "-5 degrees - and falling"
    assert not parsed.turn_markers


def test_empty_cues_give_no_segments():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\n<i></i>\n\n00:02.000 --> 00:03.000\nhi\n")
    assert [s.text for s in parsed.segments] == ["hi"]
    assert parsed.segments[0].location == "cue 2 (line 6)"


ROLLING = (
    "WEBVTT\nKind: captions\nLanguage: en\n\n"
    "00:00:00.000 --> 00:00:01.990 align:start position:0%\n \n"
    "the<00:00:00.400><c> tide</c><00:00:00.800><c> is</c><00:00:01.100><c> out</c>\n\n"
    "00:00:01.990 --> 00:00:02.000 align:start position:0%\nthe tide is out\n \n\n"
    "00:00:02.000 --> 00:00:03.990 align:start position:0%\nthe tide is out\n"
    "so<00:00:02.500><c> dig</c><00:00:03.000><c> for</c><00:00:03.400><c> clams</c>\n\n"
    "00:00:03.990 --> 00:00:04.000 align:start position:0%\nso dig for clams\n \n"
)


def test_rolling_auto_captions_keep_each_phrase_once():
    parsed = read(ROLLING)
    assert [(s.text, s.start_ms) for s in parsed.segments] == [
        ("the tide is out", 0),
        ("so dig for clams", 2_000),
    ]
    assert not any("blank line" in warning for warning in parsed.warnings)


def test_repeated_lines_stay_in_files_without_word_timings():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:01.010\nHey!\n\n00:02.000 --> 00:03.000\nHey!\nHey!\n"
    )
    assert [s.text for s in parsed.segments] == ["Hey!", "Hey! Hey!"]


def test_a_cue_of_many_lines_is_joined_whole():
    # Joining line by line once took minutes here; benchmarks/parser_worst_cases.py times it.
    lines = "\n".join(["tea and toast"] * 100_000)
    parsed = vtt.parse(f"WEBVTT\n\n00:01.000 --> 00:02.000\n{lines}\n", limits=DEFAULT_LIMITS)
    assert len(parsed.segments[0].text) == 100_000 * 14 - 1


# --- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "1\n00:00:01,000 --> 00:00:02,000\nSRT text\n",
        "Adam: WEBVTT is a caption format\n",
        "WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n",
        '{"segments": []}',
    ],
)
def test_detect_leaves_other_formats_alone(text):
    assert vtt.detect(text) is None


def test_detect_claims_a_header_after_blank_lines():
    assert vtt.detect("\n\nWEBVTT\n\n00:01.000 --> 00:02.000\nx\n")


@pytest.mark.parametrize(
    "text",
    [
        "00:00:01.000 --> 00:00:02.000\n<v Alice>Hello\n\n00:00:02.000 --> 00:00:03.000\nHi\n",
        "1\n00:00:01,000 --> 00:00:02,000\n<v Alice>Hello\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nHi\n",
    ],
)
def test_headerless_file_with_voices_or_dot_milliseconds_is_webvtt(text):
    parsed = read(text)
    assert parsed.format == "vtt"
    assert [(s.label, s.text) for s in parsed.segments] == [("Alice", "Hello"), ("Alice", "Hi")]
    assert any("no WEBVTT header" in warning for warning in parsed.warnings)


def test_headerless_dot_timings_without_voices_are_claimed():
    assert vtt.detect("7\n00:00:01.000 --> 00:00:02.000\nHello\n")


def test_forced_format_without_header_reads_with_a_warning():
    parsed = read("00:01.000 --> 00:02.000\nhello\n", format="vtt")
    assert parsed.segments[0].text == "hello"
    assert any("no WEBVTT header" in warning for warning in parsed.warnings)


# --- broken blocks: skipped as the spec's parser skips them -----------------------------------

GOOD_CUE = "00:01.000 --> 00:02.000\n<v Ann>Good start.\n\n"
LAST_CUE = "\n\n00:09.000 --> 00:10.000\n<v Bob>Good end.\n"


def skipped(parsed) -> list[str]:
    return [warning for warning in parsed.warnings if warning.endswith("; cue skipped")]


def texts(parsed) -> list[tuple[str | None, str]]:
    return [(segment.label, segment.text) for segment in parsed.segments]


@pytest.mark.parametrize(
    ("block", "problem"),
    [
        pytest.param(
            "id\n00:01:xx.000 --> 00:02:00.000\n<v Cy>bad",
            "cue id (line 7): '00:01:xx.000' is not a time",
            id="malformed-time",
        ),
        pytest.param(
            "00:00:03.000 - 00:00:04.000\n<v Cy>bad",
            "cue 2 (line 6): '00:00:03.000 - 00:00:04.000' is not a timing line",
            id="timing-without-arrow",
        ),
        pytest.param(
            "00:05.000 --> 00:04.000\n<v Cy>bad",
            "cue 2 (line 6): ends (4.000 s) before it starts (5.000 s)",
            id="end-before-start",
        ),
        pytest.param(
            "00:00:0\ufffd.000 --> 00:00:04.000\n<v Cy>bad",
            "cue 2 (line 6): '00:00:0\ufffd.000 --> 00:00:04.000' has an unreadable character",
            id="replacement-character-in-a-time",
        ),
        pytest.param(
            "00:00:03.000 --> 00:00:04.000 align:\ufffd\n<v Cy>bad",
            "cue 2 (line 6): ",
            id="replacement-character-in-the-settings",
        ),
    ],
)
def test_a_broken_cue_is_skipped_with_a_warning_naming_its_line(block, problem):
    parsed = read("WEBVTT\n\n" + GOOD_CUE + block + LAST_CUE)
    assert texts(parsed) == [("Ann", "Good start."), ("Bob", "Good end.")]
    assert len(skipped(parsed)) == 1
    assert skipped(parsed)[0].startswith(problem)


def test_a_junk_arrow_line_mid_cue_is_skipped_with_its_block_and_the_cue_above_kept():
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Good start.\nsee --> below\nlost words"
        + LAST_CUE
    )
    assert texts(parsed) == [("Ann", "Good start."), ("Bob", "Good end.")]
    assert skipped(parsed) == ["cue 2 (line 5): 'see' is not a time; cue skipped"]


@pytest.mark.parametrize("gap", ["\n\n", "\n"])
def test_a_garbled_arrow_is_a_skipped_timing_line_never_text_of_the_cue_above(gap):
    parsed = read(
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Ann>Good start."
        + gap
        + "00:00:03.000 -\ufffd> 00:00:04.000\nnot Ann's words"
        + LAST_CUE
    )
    assert texts(parsed) == [("Ann", "Good start."), ("Bob", "Good end.")]
    assert not any("not Ann's words" in segment.text for segment in parsed.segments)
    assert len(skipped(parsed)) == 1
    assert "(U+FFFD)" in skipped(parsed)[0]


def test_the_identifier_of_a_garbled_cue_is_not_text():
    parsed = read("WEBVTT\n\n" + GOOD_CUE + "7\n00:00:03.000 -\ufffd> 00:00:04.000\nx" + LAST_CUE)
    assert texts(parsed) == [("Ann", "Good start."), ("Bob", "Good end.")]
    assert skipped(parsed)[0].startswith("cue 7 (line 7): ")


def test_every_skipped_cue_is_warned_about_and_reaches_the_file_warnings():
    broken = "".join(f"00:0{n}.000 --> 00:0{n}:xx\nbad {n}\n\n" for n in range(3, 6))
    parsed = read("WEBVTT\n\n" + GOOD_CUE + broken + LAST_CUE.lstrip("\n"))
    assert texts(parsed) == [("Ann", "Good start."), ("Bob", "Good end.")]
    assert [warning.split(":")[0] for warning in skipped(parsed)] == [
        "cue 2 (line 6)",
        "cue 3 (line 9)",
        "cue 4 (line 12)",
    ]


def test_a_file_of_only_broken_cues_is_refused_naming_the_first_problem():
    text = "WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n\n00:0x --> 00:07.000\nbad\n"
    with pytest.raises(
        TranscriptError, match=r"^test\.vtt: cue 1 \(line 3\): ends \(4\.000 s\) before it starts"
    ):
        read(text)


def test_a_file_without_a_webvtt_signature_or_cue_shape_is_refused():
    with pytest.raises(TranscriptError, match="not a transcript format"):
        read("just some words --> and an arrow\n")


def test_a_cue_that_ends_where_it_starts_is_kept():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:01.000\nblink\n")
    assert [(s.start_ms, s.end_ms) for s in parsed.segments] == [(1000, 1000)]


# --- refusals ---------------------------------------------------------------------------------


def test_end_before_start_is_refused_naming_the_cue():
    with pytest.raises(TranscriptError, match=r"cue 1 \(line 3\): ends .* before it starts"):
        read("WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards\n")


def test_absurdly_long_time_is_refused_not_crashed():
    with pytest.raises(TranscriptError, match=r"cue 1 .*is not a time"):
        read("WEBVTT\n\n00:01.000 --> " + "9" * 5_000 + "\nx\n")


def test_a_skipped_cue_is_named_by_the_files_cue_id_and_line():
    text = "WEBVTT\n\n5\n00:01.000 --> 00:02.000\nok\n\n6\n00:05.000 --> 00:04.000\nx\n"
    assert skipped(read(text)) == [
        "cue 6 (line 8): ends (4.000 s) before it starts (5.000 s); cue skipped"
    ]


def test_a_runaway_timing_line_is_quoted_short():
    parsed = read("WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n" + "1:" * 50_000 + " -->\nx\n")
    assert [segment.text for segment in parsed.segments] == ["ok"]
    assert "is not a" in skipped(parsed)[0]
    assert len(skipped(parsed)[0]) < 200


def test_header_only_file_has_no_speech():
    with pytest.raises(TranscriptError, match="no speech"):
        read("WEBVTT\n\nNOTE nothing here\n")


# --- properties -------------------------------------------------------------------------------

VTT_ALPHABET = "0123456789:.,-> \n\t<>/&#;vicWEBVTNOabx"


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=VTT_ALPHABET).map(lambda t: "WEBVTT\n\n" + t)))
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        vtt.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="fuzz.vtt", format="vtt")


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789',.?!", min_size=1, max_size=8)
CUE_TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join).filter(lambda t: t[0] != "-")
LABEL = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ_0123456789", min_size=1, max_size=8),
    min_size=1,
    max_size=3,
).map(" ".join)
CUE = st.tuples(
    LABEL, st.integers(0, 40 * 3_600_000), st.integers(0, 600_000), CUE_TEXT, st.booleans()
)


def clock(ms: int) -> str:
    seconds, millis = divmod(ms, 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{millis:03}"


def to_vtt(cues) -> str:
    """A tiny WebVTT writer: voices, optional identifiers and entity-escaped text."""
    blocks = ["WEBVTT"]
    for number, (label, start, length, text, with_id) in enumerate(cues, start=1):
        identifier = f"{number}\n" if with_id else ""
        escaped = text.replace("&", "&amp;").replace("<", "&lt;")
        blocks.append(
            f"{identifier}{clock(start)} --> {clock(start + length)}\n<v {label}>{escaped}"
        )
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=150, deadline=None)
@given(st.lists(CUE, min_size=1, max_size=12))
def test_written_cues_round_trip(cues):
    parsed = vtt.parse(to_vtt(cues), limits=DEFAULT_LIMITS)
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments] == [
        (label, start, start + length, text) for label, start, length, text, _ in cues
    ]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.booleans(), CUE_TEXT), min_size=1, max_size=12))
def test_youtube_markers_round_trip(lines):
    body = "\n\n".join(
        f"{clock(i * 1000)} --> {clock(i * 1000 + 900)}\n{'>> ' if marked else ''}{text}"
        for i, (marked, text) in enumerate(lines)
    )
    parsed = vtt.parse(f"WEBVTT\n\n{body}\n", limits=DEFAULT_LIMITS)
    assert [(s.turn_start, s.text) for s in parsed.segments] == lines
    assert parsed.turn_markers == any(marked for marked, _ in lines)
