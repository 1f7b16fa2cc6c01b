"""SubRip (.srt): cue structure, the carried ``Name:`` speaker, refusals and the real corpus."""

import contextlib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, read_transcript, srt
from archive.formats.base import DEFAULT_LIMITS
from archive.turns import merge_turns

BUZZCAST = "srt_buzzcast_name-prefix-on-turn-start.srt"
PODCASTING20 = "srt_podcasting20-ep124_name-prefix-unknown.srt"


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.srt", **kwargs)


def labels(parsed) -> list:
    return [segment.label for segment in parsed.segments]


def texts(parsed) -> list:
    return [segment.text for segment in parsed.segments]


# The real corpus: expected values are copied by hand from ../shared/corpus/EXPECTED.md.


def test_buzzcast_is_detected_as_srt(corpus):
    parsed = read_transcript((corpus / BUZZCAST).read_bytes(), source=BUZZCAST)
    assert parsed.format == "srt"
    assert len(parsed.segments) == 200


def test_buzzcast_carries_three_speakers_over_eleven_turns(corpus):
    parsed = read_transcript((corpus / BUZZCAST).read_bytes(), source=BUZZCAST)
    assert set(labels(parsed)) == {"Alban", "Kevin", "Travis"}
    assert len(merge_turns(parsed)) == 11


def test_buzzcast_first_and_last_cue(corpus):
    parsed = read_transcript((corpus / BUZZCAST).read_bytes(), source=BUZZCAST)
    first, last = parsed.segments[0], parsed.segments[-1]
    assert (first.label, first.start_ms) == ("Alban", 0)
    assert first.text.startswith("It is so stinking nice to like, show")
    assert (last.label, last.start_ms, last.location) == ("Alban", 717_659, "cue 200")
    assert last.text.startswith("morning, and he told me that so it's")


def test_buzzcast_interjection_stays_in_the_carried_turn(corpus):
    parsed = read_transcript((corpus / BUZZCAST).read_bytes(), source=BUZZCAST)
    cue_6 = parsed.segments[5]
    assert cue_6.label == "Alban"
    assert cue_6.text.endswith("Yeah, I mean, exactly.")


def test_podcasting20_labels_include_unknown(corpus):
    parsed = read_transcript((corpus / PODCASTING20).read_bytes(), source=PODCASTING20)
    assert parsed.format == "srt"
    assert set(labels(parsed)) == {"Adam Curry", "Unknown", "Dave Jones"}
    assert labels(parsed).count("Unknown") == 1
    assert len(merge_turns(parsed)) == 52


def test_podcasting20_first_and_last_cue(corpus):
    parsed = read_transcript((corpus / PODCASTING20).read_bytes(), source=PODCASTING20)
    first, last = parsed.segments[0], parsed.segments[-1]
    assert (first.label, first.start_ms) == ("Adam Curry", 780)
    assert first.text.startswith("podcasting 2.0 March 4 2023 Episode 124 on")
    assert (last.label, last.start_ms) == ("Adam Curry", 676_920)
    assert parsed.segments[11].text == "Adam Clark curry. Yes."


# Cue structure.

TIMING = "00:00:01,000 --> 00:00:02,000"
TWO_CUES = """1
00:00:01,000 --> 00:00:04,000
Hello there

2
00:00:04,500 --> 00:00:06,250
General Kenobi
"""


def test_numbered_cues_give_times_texts_and_locations():
    parsed = read(TWO_CUES)
    assert [(s.start_ms, s.end_ms, s.location) for s in parsed.segments] == [
        (1000, 4000, "cue 1"),
        (4500, 6250, "cue 2"),
    ]
    assert texts(parsed) == ["Hello there", "General Kenobi"]
    assert labels(parsed) == [None, None]


def test_dot_fraction_missing_hours_and_extra_spaces_are_read():
    parsed = read("1\n00:01.500   -->   1:02:03.040\nHi\n")
    assert (parsed.segments[0].start_ms, parsed.segments[0].end_ms) == (1500, 3_723_040)


def test_box_coordinates_after_the_end_time_are_ignored():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000 X1:100 X2:200 Y1:10 Y2:20\nHi\n")
    assert (parsed.segments[0].start_ms, parsed.segments[0].end_ms) == (1000, 2000)


def test_colon_before_milliseconds_is_read():
    parsed = read("1\n00:00:01:500 --> 00:00:02:000\nHi\n")
    assert parsed.segments[0].start_ms == 1500


def test_several_blank_lines_and_no_final_newline_are_tolerated():
    parsed = read(
        "\n\n1\n00:00:01,000 --> 00:00:02,000\nOne\n\n\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo"
    )
    assert texts(parsed) == ["One", "Two"]


def test_missing_and_non_numeric_cue_ids_are_tolerated():
    text = "00:00:01,000 --> 00:00:02,000\nOne\n\nintro\n00:00:03,000 --> 00:00:04,000\nTwo\n"
    parsed = read(text)
    assert texts(parsed) == ["One", "Two"]
    assert [s.location for s in parsed.segments] == ["cue 1", "cue 2"]


def test_missing_blank_line_between_cues_still_splits_them():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000\nOne\n2\n00:00:03,000 --> 00:00:04,000\nTwo\n")
    assert texts(parsed) == ["One", "Two"]


def test_blank_line_inside_cue_text_keeps_the_text_in_that_cue():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000\nOne\n\nmore of one\n")
    assert texts(parsed) == ["One more of one"]


def test_a_lone_number_at_the_end_of_a_truncated_file_is_ignored():
    parsed = read(TWO_CUES + "\n3\n")
    assert texts(parsed) == ["Hello there", "General Kenobi"]


def test_lines_join_with_a_space_and_tags_and_entities_are_removed():
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\n"
        '{\\an8}<i>Q&amp;A</i> with <font color="#ff0000">Tom</font>\n<b>and&nbsp;Jerry</b>\n'
    )
    assert texts(read(text)) == ["Q&A with Tom and Jerry"]


# The Name: convention.


def cues(*lines: str) -> str:
    return "".join(
        f"{number}\n00:00:{number:02},000 --> 00:00:{number:02},900\n{line}\n\n"
        for number, line in enumerate(lines, start=1)
    )


def test_unlabelled_cue_continues_last_speaker():
    parsed = read(cues("Alban: It is so", "nice to be here", "Kevin: Sure is", "really"))
    assert labels(parsed) == ["Alban", "Alban", "Kevin", "Kevin"]
    assert texts(parsed) == ["It is so", "nice to be here", "Sure is", "really"]
    assert [turn.text for turn in merge_turns(parsed)] == [
        "It is so nice to be here",
        "Sure is really",
    ]


def test_cues_before_the_first_name_have_no_label():
    parsed = read(cues("welcome to the show", "Adam Curry: hello"))
    assert labels(parsed) == [None, "Adam Curry"]


def test_unknown_is_a_label_like_any_other():
    parsed = read(cues("Adam Curry: hi", "Unknown: Adam Clark curry.", "yes"))
    assert labels(parsed) == ["Adam Curry", "Unknown", "Unknown"]


def test_name_alone_on_the_first_line_labels_the_next_lines():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000\nTravis:\nOne thing to keep\n")
    assert (parsed.segments[0].label, parsed.segments[0].text) == ("Travis", "One thing to keep")


@pytest.mark.parametrize(
    "label",
    ["Speaker 2", "SPEAKER_1", "spk_0", "Dr. Timothy M. Jurgensen", "Brian of London", "O'Brien"],
)
def test_generic_and_formal_names_are_labels(label):
    assert labels(read(cues(f"{label}: hello"))) == [label]


def test_mid_sentence_note_does_not_become_a_speaker():
    parsed = read(cues("Alban: so I wrote it down", "in the show notes. Note: it is free"))
    assert labels(parsed) == ["Alban", "Alban"]
    assert parsed.segments[1].text == "in the show notes. Note: it is free"


@pytest.mark.parametrize(
    "line",
    [
        "So: what now",
        "and then he said: hello",
        "at 10:30 we met",
        "https://example.com is the site",
        "Well, honestly: no",
        "The best thing we did was this one: video",
    ],
)
def test_speech_with_a_colon_at_cue_start_is_not_a_speaker(line):
    parsed = read(cues("Alban: first", line))
    assert labels(parsed) == ["Alban", "Alban"]
    assert parsed.segments[1].text == line


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("Note: the link is in the show notes", "Note"),
        ("Update: we moved the date", "Update"),
        ("Chapter 2: the return", "Chapter 2"),
        ("podcasting 2.0: the future", "podcasting 2.0"),
    ],
)
def test_a_cue_opening_with_a_label_not_read_as_a_name_credits_nobody(line, refused):
    parsed = read(cues("Alban: first", line, "and the next cue"))
    assert labels(parsed) == ["Alban", None, None]
    assert parsed.segments[1].text == line
    assert parsed.warnings == [
        f"line 7: {refused!r} is not read as a speaker name; kept unattributed"
    ]


def test_name_seen_earlier_is_recognised_in_any_case():
    parsed = read(cues("Dave Jones: hi", "Adam Curry: hey", "dave jones: again"))
    assert labels(parsed) == ["Dave Jones", "Adam Curry", "dave jones"]


def test_name_on_a_later_line_of_a_cue_starts_a_segment_with_the_cue_times():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000\nand so\nKevin: hello\n")
    assert [(s.label, s.text, s.start_ms, s.end_ms) for s in parsed.segments] == [
        (None, "and so", 1000, 2000),
        ("Kevin", "hello", 1000, 2000),
    ]


@pytest.mark.parametrize("dash", ["- ", ""])
def test_a_cue_holding_two_speakers_gives_one_segment_each(dash):
    parsed = read(
        f"7\n00:01:10,000 --> 00:01:13,500\n{dash}Mira Okafor: Did the kiln hold?\n"
        f"{dash}Tom Reyes: Barely, it cracked\nat the top.\n"
    )
    assert [(s.label, s.text, s.start_ms, s.location) for s in parsed.segments] == [
        ("Mira Okafor", "Did the kiln hold?", 70000, "cue 7"),
        ("Tom Reyes", "Barely, it cracked at the top.", 70000, "cue 7"),
    ]


def test_a_later_line_that_only_looks_like_speech_stays_in_the_cue():
    parsed = read("1\n00:00:01,000 --> 00:00:02,000\nTom Reyes: we left\nso: early\n")
    assert [(s.label, s.text) for s in parsed.segments] == [("Tom Reyes", "we left so: early")]


def test_initials_and_a_second_speaker_in_the_next_cue():
    parsed = read(
        "1\n00:00:01,000 --> 00:00:02,000\nMira Okafor: Welcome back\n\n"
        "2\n00:00:02,000 --> 00:00:04,000\nB.K. Oduya: Glad to be here\n"
    )
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mira Okafor", "Welcome back"),
        ("B.K. Oduya", "Glad to be here"),
    ]


def test_headerless_webvtt_is_not_claimed_as_subrip():
    assert srt.detect("00:00:04.250 --> 00:00:06.000\n<v Mira>Morning\n\n") is None
    assert srt.detect("00:00:04.250 --> 00:00:06.000\nMorning\n") is None
    assert srt.detect("3\n00:00:04,250 --> 00:00:06,000\n<v.loud Mira>Morning\n") is None
    assert srt.detect("3\n00:00:04.250 --> 00:00:06.000\nMorning\n") is not None
    assert srt.detect("00:00:04,250 --> 00:00:06,000\nMorning\n") is not None


def test_name_inside_italics_is_still_a_label():
    parsed = read(cues("<i>Kevin:</i> hello"))
    assert (parsed.segments[0].label, parsed.segments[0].text) == ("Kevin", "hello")


# Refusals.


def test_broken_timing_line_skips_its_cue_naming_the_cue_and_line():
    parsed = read(
        TWO_CUES
        + "\n3\n00:00:xx,000 --> 00:00:09,000\nBroken\n\n4\n00:00:07,000 --> 00:00:08,000\nOk\n"
    )
    assert texts(parsed) == ["Hello there", "General Kenobi", "Ok"]
    assert parsed.warnings == [
        "cue 3, line 10: '00:00:xx,000' is not a time; cue skipped with its 1 text line(s)"
    ]


@pytest.mark.parametrize(
    ("timing", "problem"),
    [
        ("00:00:01,000 -->", "timing line '00:00:01,000 -->' needs a start and an end time"),
        ("00:00:01,000 - 00:00:02,000", "'00:00:01,000 - 00:00:02,000' is not a timing line"),
        ("00:00:05,000 --> 00:00:04,000", "ends (4.000 s) before it starts (5.000 s)"),
        ("-00:00:01,000 --> 00:00:02,000", "'-00:00:01,000' is not a time"),
        ("00:00:0\ufffd,000 --> 00:00:02,000", "'00:00:0\ufffd,000' is not a time"),
        ("00:00:01,000 -\ufffd> 00:00:02,000", "is not a timing line"),
    ],
)
def test_a_cue_with_a_broken_timing_is_skipped_and_the_rest_kept(timing, problem):
    parsed = read(f"1\n{TIMING}\nOne\n\n2\n{timing}\nTwo\n\n3\n{TIMING}\nThree\n", format="srt")
    assert texts(parsed) == ["One", "Three"]
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("cue 2, line 6: ")
    assert problem in parsed.warnings[0]
    assert parsed.warnings[0].endswith("; cue skipped with its 1 text line(s)")


def test_a_file_without_one_valid_cue_is_refused_naming_the_first_problem():
    with pytest.raises(TranscriptError) as error:
        read("1\n00:00:01,000 -->\nHi\n\n2\n00:00:09,000 --> 00:00:08,000\nHo\n", format="srt")
    assert str(error.value) == (
        "test.srt: cue 1, line 2: timing line '00:00:01,000 -->' needs a start and an end "
        "time, like 00:00:01,000 --> 00:00:04,000; no cue in the file has a valid timing line"
    )


def test_cue_number_without_a_timing_line_is_skipped_with_its_text():
    parsed = read(f"1\n{TIMING}\nOne\n\n2\nTwo without a time\n\n3\n{TIMING}\nThree\n")
    assert texts(parsed) == ["One", "Three"]
    assert parsed.warnings == [
        "cue 2, line 5: cue 2 has no timing line like 00:00:01,000 --> 00:00:04,000 after its "
        "number; cue skipped with its 1 text line(s)"
    ]


def test_text_before_the_first_cue_is_skipped_with_its_line():
    parsed = read(f"Hello there\n\n1\n{TIMING}\nOne\n", format="srt")
    assert texts(parsed) == ["One"]
    assert parsed.warnings == ["line 1: text before the first cue; skipped"]


def test_text_without_cues_is_refused_with_its_line():
    with pytest.raises(TranscriptError, match=r"test.srt: line 1: expected a cue number"):
        read("Hello there\n", format="srt")


def test_json_forced_as_subrip_is_refused_saying_what_it_is():
    with pytest.raises(TranscriptError) as error:
        read('{"segments": []}\n', format="srt")
    assert str(error.value).endswith("; this looks like a JSON document, not SubRip")


# Detection.


def test_detects_numbered_and_unnumbered_cues():
    assert srt.detect(TWO_CUES)
    assert srt.detect("\n00:00:01,000 --> 00:00:02,000\nHi\n")


@pytest.mark.parametrize(
    "text",
    [
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n",
        "Alban: hello there\nKevin: hi\n",
        "00:00:01 Hello there\n00:00:05 General Kenobi\n",
        "",
    ],
)
def test_does_not_claim_other_formats(text):
    assert srt.detect(text) is None


# Properties.


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        srt.parse(text, limits=DEFAULT_LIMITS)
    assert srt.detect(text) in (None, "cues with --> timings", "numbered cues with --> timings")


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="fuzz.srt", format="srt")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789:,.-> \nabc<>i/{}\\", max_size=120))
def test_cue_shaped_noise_only_ever_raises_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        read(text, format="srt")


SPEAKERS = ["Alban", "Adam Curry", "Speaker 2", "Unknown", "Dr. Jane Doe"]
WORDS = st.text(alphabet=string.ascii_lowercase + "'", min_size=1, max_size=8)
CUE = st.fixed_dictionaries(
    {
        "name": st.one_of(st.none(), st.sampled_from(SPEAKERS)),
        "lines": st.lists(st.lists(WORDS, min_size=1, max_size=5), min_size=1, max_size=3),
        "gap_ms": st.integers(min_value=0, max_value=90_000),
        "length_ms": st.integers(min_value=0, max_value=10_000),
        "italic": st.booleans(),
    }
)


def clock(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02},{millis:03}"


def write_srt(cue_specs: list[dict]) -> tuple[str, list[tuple]]:
    """A small SRT writer plus what reading it back must give: (label, start, end, text)."""
    blocks, expected, start, speaker = [], [], 0, None
    for number, cue in enumerate(cue_specs, start=1):
        start += cue["gap_ms"]
        end = start + cue["length_ms"]
        lines = [" ".join(words) for words in cue["lines"]]
        if cue["italic"]:
            lines = [f"<i>{line}</i>" for line in lines]
        if cue["name"]:
            speaker = cue["name"]
            lines[0] = f"{speaker}: {lines[0]}"
        blocks.append(f"{number}\n{clock(start)} --> {clock(end)}\n" + "\n".join(lines) + "\n")
        words = [word for line in cue["lines"] for word in line]
        expected.append((speaker, start, end, " ".join(words)))
    return "\n".join(blocks), expected


@settings(max_examples=200, deadline=None)
@given(st.lists(CUE, min_size=1, max_size=15))
def test_written_cues_round_trip(cue_specs):
    text, expected = write_srt(cue_specs)
    parsed = read(text)
    assert parsed.format == "srt"
    assert [(s.label, s.start_ms, s.end_ms, s.text) for s in parsed.segments] == expected


def test_dialogue_dash_before_a_name_is_not_text():
    parsed = read(
        "1\n00:00:01,000 --> 00:00:02,000\n- Mara Quint: The hives wintered well.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\n- Otto Brandt: All six?\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\n- and the swarm too\n"
    )
    assert labels(parsed) == ["Mara Quint", "Otto Brandt", "Otto Brandt"]
    assert texts(parsed) == ["The hives wintered well.", "All six?", "- and the swarm too"]


def test_name_inside_font_or_bold_tags_is_a_label():
    parsed = read(
        '1\n00:00:01,000 --> 00:00:02,000\n<font color="#ffff00">Mara Quint:</font> Hello.\n\n'
        "2\n00:00:02,000 --> 00:00:03,000\n<b>Otto Brandt:</b> Hi.\n"
    )
    assert labels(parsed) == ["Mara Quint", "Otto Brandt"]
    assert texts(parsed) == ["Hello.", "Hi."]
