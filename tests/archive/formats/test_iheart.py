"""iHeart plain text: ``Speaker 1 (00:02):`` headers, bare ``(01:04):`` continuations."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, iheart, read_transcript
from archive.turns import merge_turns

# Written for this test in the shape iheart.com episode pages show (not copied from one).
PAGE = """\
Available transcripts are automatically generated. Complete accuracy is not guaranteed.

Speaker 1 (00:02):
Welcome to Harbour Lights, the show about the people who keep
the small ports of the north coast running through the winter.

Speaker 2 (00:11):
I'm Dana, and today we are talking about tide tables, which
sound dull right up until you are sitting on a sandbar at
dawn waiting for the water to come back.

(00:24):
And yes, that has happened to me, more than once.

Speaker 1 (00:29):
More than twice, if the harbour master is to be believed.

Speaker 3 (01:02:03):
I would never say such a thing on the record.
"""


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="episode.txt", **kwargs)


def test_page_is_detected_and_cut_at_each_header():
    parsed = read(PAGE)
    assert parsed.format == "iheart"
    assert [s.location for s in parsed.segments] == [
        "line 3",
        "line 7",
        "line 12",
        "line 15",
        "line 18",
    ]
    assert [s.start_ms for s in parsed.segments] == [2000, 11_000, 24_000, 29_000, 3_723_000]
    assert parsed.segments[0].label == "Speaker 1"
    assert parsed.segments[0].text.startswith("Welcome to Harbour Lights, the show about")


def test_hard_wrapped_lines_join_into_one_text():
    parsed = read(PAGE)
    assert parsed.segments[1].text == (
        "I'm Dana, and today we are talking about tide tables, which sound dull right up "
        "until you are sitting on a sandbar at dawn waiting for the water to come back."
    )


def test_bare_time_line_continues_the_same_speaker_into_one_turn():
    parsed = read(PAGE)
    assert [s.label for s in parsed.segments] == [
        "Speaker 1",
        "Speaker 2",
        "Speaker 2",
        "Speaker 1",
        "Speaker 3",
    ]
    turns = merge_turns(parsed)
    assert [t.label for t in turns] == ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 3"]
    assert turns[1].text.endswith("come back. And yes, that has happened to me, more than once.")


def test_page_preamble_is_dropped_with_a_warning_naming_its_line():
    parsed = read(PAGE)
    assert not any("Available transcripts" in s.text for s in parsed.segments)
    assert any(w.startswith("line 1:") and "skipped" in w for w in parsed.warnings)


def test_named_speakers_and_text_on_the_header_line_are_read():
    parsed = read("Josh Clark (00:00): Hey there.\nSecond line.\n\nChuck (00:05):\nHi.\n")
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Josh Clark", "Hey there. Second line."),
        ("Chuck", "Hi."),
    ]


def test_header_with_no_speech_is_skipped_with_a_warning():
    parsed = read("Speaker 1 (00:01):\n\nSpeaker 2 (00:04):\nHello.\n")
    assert [s.label for s in parsed.segments] == ["Speaker 2"]
    assert any(w.startswith("line 1:") and "no text" in w for w in parsed.warnings)


def test_impossible_time_skips_its_block_naming_its_line():
    parsed = read("Speaker 1 (00:01):\nHello.\n\nSpeaker 2 (00:75):\nHi.\n\n(01:00):\nBye.\n")
    assert [(s.label, s.text) for s in parsed.segments] == [("Speaker 1", "Hello."), (None, "Bye.")]
    assert parsed.warnings == [
        "line 4: '00:75' is not a valid time; skipped with the text under it"
    ]


def test_file_whose_every_time_is_impossible_is_refused_naming_the_first():
    with pytest.raises(TranscriptError) as error:
        read("Speaker 1 (00:71):\nHello.\n\nSpeaker 2 (00:75):\nHi.\n", format="iheart")
    assert str(error.value) == (
        "episode.txt: line 1: '00:71' is not a valid time; no block could be read"
    )


def test_text_without_headers_is_refused_when_forced():
    with pytest.raises(TranscriptError, match="no 'Speaker 1 \\(00:02\\):' header"):
        read("Adam: hello\nDave: hi\n", format="iheart")


@pytest.mark.parametrize(
    "text",
    [
        "Emma  0:00  \nHello there.\n",
        "**Jerod Santo:** Hello (and welcome).\n",
        "Adam Curry: we met (at 10:30): it was fine\n",
        "00:00:01 Hello.\n00:00:03 Hi.\n",
    ],
    ids=["otter", "markdown", "plaintext", "timestamped"],
)
def test_other_shapes_are_not_claimed(text):
    assert iheart.detect(text) is None


def test_long_line_of_spaces_is_read():
    # Backtracking patterns once took minutes on this; benchmarks/parser_worst_cases.py times it.
    junk = "Speaker" + " " * 200_000 + "x (" * 50_000 + "\n(00:01):\nhi\n"
    iheart.detect(junk)
    parsed = iheart.parse(junk, limits=DEFAULT_LIMITS)
    assert [(s.start_ms, s.text) for s in parsed.segments] == [(1000, "hi")]


JUNK = st.text(alphabet="0123456789:() Speakr\n\tAvilb.", max_size=300)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), JUNK))
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    iheart.detect(text)  # must never raise at all
    with contextlib.suppress(TranscriptError):
        iheart.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="junk.txt", format="iheart")


LABELS = st.sampled_from(["Speaker 1", "Speaker 2", "Speaker 3", "Josh Clark"])
WORDS = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=30)
ENTRY = st.tuples(LABELS, st.integers(0, 48 * 3600 - 1), WORDS)


def write_iheart(entries) -> str:
    """iHeart's layout: a bare ``(time):`` when the speaker goes on, text wrapped at 5 words."""
    blocks, previous = [], None
    for label, seconds, words in entries:
        minutes, secs = divmod(seconds, 60)
        clock = (
            f"{minutes // 60:02}:{minutes % 60:02}:{secs:02}"
            if minutes >= 60
            else f"{minutes:02}:{secs:02}"
        )
        header = f"({clock}):" if label == previous else f"{label} ({clock}):"
        wrapped = [" ".join(words[i : i + 5]) for i in range(0, len(words), 5)]
        blocks.append("\n".join([header, *wrapped]))
        previous = label
    return "\n\n".join(blocks) + "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=20))
def test_written_transcript_round_trips(entries):
    parsed = iheart.parse(write_iheart(entries), limits=DEFAULT_LIMITS)
    expected = [(label, seconds * 1000, " ".join(words)) for label, seconds, words in entries]
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == expected


def test_rev_style_header_with_speech_on_the_same_line_is_detected():
    parsed = read(
        "Mara Quint (00:01:02): The hives wintered well.\n"
        "Otto Brandt (00:01:09): All six of them?\n"
        "Mara Quint (01:00:15): Five, and a swarm\nwe caught in May.\n"
    )
    assert parsed.format == "iheart"
    assert [(t.label, t.start_ms, t.text) for t in merge_turns(parsed)] == [
        ("Mara Quint", 62_000, "The hives wintered well."),
        ("Otto Brandt", 69_000, "All six of them?"),
        ("Mara Quint", 3_615_000, "Five, and a swarm we caught in May."),
    ]


def test_prose_with_one_parenthesised_time_is_not_claimed():
    text = (
        "The hives wintered well this year.\nWe checked them weekly.\n"
        "The Meeting (10:30): bring gloves.\nThen we left.\nIt rained.\n"
    )
    assert iheart.detect(text) is None
