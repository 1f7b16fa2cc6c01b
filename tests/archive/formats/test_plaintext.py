"""Plain text ``Name: text``: what counts as a name, carried speakers, detection and refusals."""

import contextlib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, plaintext, read_transcript
from archive.formats.base import DEFAULT_LIMITS, shown
from archive.formats.speakerline import HEADING_WORDS
from archive.turns import merge_turns


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.txt", **kwargs)


def labels(parsed) -> list:
    return [segment.label for segment in parsed.segments]


def texts(parsed) -> list:
    return [segment.text for segment in parsed.segments]


def test_name_colon_lines_are_detected_and_labelled():
    parsed = read("Jane Doe: Hello there.\nJohn Smith: Hi Jane.\n")
    assert parsed.format == "plaintext"
    assert parsed.detected_because == "2 lines start with a 'Name:' speaker label"
    assert labels(parsed) == ["Jane Doe", "John Smith"]
    assert texts(parsed) == ["Hello there.", "Hi Jane."]
    assert [s.location for s in parsed.segments] == ["line 1", "line 2"]


def test_plain_text_has_no_times():
    parsed = read("Jane: Hello.\nJohn: Hi.\n")
    assert [(s.start_ms, s.end_ms) for s in parsed.segments] == [(None, None), (None, None)]


def test_unlabelled_lines_and_paragraphs_continue_the_last_speaker():
    text = "Jane: Hello there,\nthis wraps.\n\nA second paragraph.\n\nJohn: Hi.\n"
    parsed = read(text)
    assert labels(parsed) == ["Jane", "Jane", "John"]
    assert texts(parsed) == ["Hello there, this wraps.", "A second paragraph.", "Hi."]
    assert [s.location for s in parsed.segments] == ["line 1", "line 4", "line 6"]
    turns = merge_turns(parsed)
    assert [(t.label, t.text) for t in turns] == [
        ("Jane", "Hello there, this wraps. A second paragraph."),
        ("John", "Hi."),
    ]


def test_label_on_its_own_line_names_the_lines_below():
    parsed = read("Jane:\nHello there.\n\nJohn:\nHi.\n", format="plaintext")
    assert labels(parsed) == ["Jane", "John"]
    assert texts(parsed) == ["Hello there.", "Hi."]
    assert parsed.segments[0].location == "line 1"


def test_label_alone_in_a_paragraph_is_a_skipped_marker():
    parsed = read("Jane: Before.\n\nMusic:\n\nAfter.\n\nJohn: Hi.\n")
    assert labels(parsed) == ["Jane", "Jane", "John"]
    assert parsed.warnings == ["paragraph 2 (line 3): 'Music' marker with no speech skipped"]
    assert len(merge_turns(parsed)) == 3


@pytest.mark.parametrize(
    "name",
    [
        "Jane Doe",
        "Dr. Jane Doe",
        "Brian of London",
        "Ludwig van Beethoven",
        "Norma-Jean Belenky",
        "Conan O'Brien",
        "José Núñez",
        "SPEAKER_1",
        "spk_0",
        "Speaker 2",
        "Q",
        "Unknown Speaker",
        "JOHN SMITH",
        "Prof. Ada Lind Jr.",
    ],
)
def test_names_people_write_are_labels(name):
    parsed = read(f"{name}: First.\nOther: Second.\n")
    assert labels(parsed) == [name, "Other"]


@pytest.mark.parametrize(
    "line",
    [
        "Here is the plan: we go at noon.",
        "So the answer is: yes.",
        "One Two Three Four Five Six: too many words.",
        "Ratio:1.5 has no space after the colon.",
        "at 10:30 we met",
    ],
)
def test_prose_with_a_colon_continues_the_speech_above(line):
    parsed = read(f"Jane: Hi.\n{line}\n", format="plaintext")
    assert labels(parsed) == ["Jane"]
    assert texts(parsed) == ["Hi. " + " ".join(line.split())]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("Note, however: this is prose.", "Note, however"),
        ("Hello. World: a sentence before the colon.", "Hello. World"),
        ("10:30: the meeting starts.", "10:30"),
        ("http://example.com/a: not a name", "http://example.com/a"),
        ("https: also not a name", "https"),
        ("Jane  Doe: double space is layout, not a name.", "Jane  Doe"),
        ("(Jane): brackets are not a name.", "(Jane)"),
        ("A" * 61 + ": too long to be a name.", "A" * 61),
    ],
)
def test_a_label_not_read_as_a_name_is_kept_unattributed_with_a_warning(line, refused):
    parsed = read(f"Jane: Hi.\n{line}\nmore words\n\nNext paragraph.\n", format="plaintext")
    assert labels(parsed) == ["Jane", None, None]
    assert texts(parsed) == ["Hi.", " ".join(line.split()) + " more words", "Next paragraph."]
    assert parsed.warnings == [
        f"line 2: {shown(refused)} is not read as a speaker name; kept unattributed"
    ]


def test_u2028_is_text_not_a_line_break():
    parsed = read("Jane: one\u2028John: two\nJohn: three\n")
    assert labels(parsed) == ["Jane", "John"]
    assert parsed.segments[0].text == "one\u2028John: two"


def test_forced_plaintext_without_labels_gives_one_unlabelled_segment_per_paragraph():
    parsed = read("First paragraph,\nwrapped.\n\nSecond one.\n", format="plaintext")
    assert labels(parsed) == [None, None]
    assert texts(parsed) == ["First paragraph, wrapped.", "Second one."]
    assert len(merge_turns(parsed)) == 2


def test_prose_without_labels_is_refused_when_auto_detecting():
    with pytest.raises(TranscriptError) as error:
        read("This is an essay.\n\nIt has two paragraphs and no speakers.\n")
    message = str(error.value)
    assert message.startswith("test.txt: not a transcript format the archive reads (tried ")
    assert "plain text (Name: text)" in message


def test_empty_forced_file_is_refused():
    with pytest.raises(TranscriptError) as error:
        read("\n\n   \n", format="plaintext")
    assert "no speech found" in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "Jane: only one label.\n",
        "Ingredients:\nflour\n\nMethod:\nmix it\n",
        "Website: https://example.com\nShop: https://shop.example.com\n",
        "<rss>\nJane: Hello.\nJohn: Hi.\n</rss>\n",
        '{"a": 1}\nJane: Hello.\nJohn: Hi.\n',
        "Note: one.\n\n" + "A paragraph of prose.\n\n" * 7 + "Update: two.\n",
    ],
)
def test_detect_refuses_prose_lists_and_markup(text):
    assert plaintext.detect(text) is None


def test_detect_accepts_a_recurring_label_on_its_own_line():
    assert plaintext.detect("Jane:\nHello.\n\nJohn:\nHi.\n\nJane:\nBye.\n")


# Properties.


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_anything_but_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        plaintext.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="Ja ne:\n\t.,'-_1h/", max_size=200))
def test_label_shaped_noise_never_raises_anything_but_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        plaintext.detect(text)
        plaintext.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_bytes_never_raise_anything_but_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="x.txt", format="plaintext")


NAMES = st.lists(
    st.tuples(
        st.sampled_from(string.ascii_uppercase), st.text(string.ascii_lowercase, max_size=8)
    ).map("".join),
    min_size=1,
    max_size=3,
).map(" ".join)
# A heading word ("Nb", "Note") opens a note, never a name: see speakerline.
NAMES = NAMES.filter(lambda name: name.split(" ")[0].casefold() not in HEADING_WORDS)
# Speech starts lower-case and has no colon, so it can never read as a label.
WORDS = st.lists(
    st.text(string.ascii_lowercase + string.digits + ".,!?'*_", min_size=1, max_size=10),
    min_size=1,
    max_size=12,
).map(lambda words: "a " + " ".join(words))
# (label or None for a continuation paragraph, text)
PARAGRAPHS = st.lists(st.tuples(st.one_of(st.none(), NAMES), WORDS), min_size=1, max_size=12)


def write_plaintext(paragraphs) -> str:
    return "\n\n".join(f"{label}: {text}" if label else text for label, text in paragraphs)


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS)
def test_written_transcript_round_trips(paragraphs):
    parsed = plaintext.parse(write_plaintext(paragraphs), limits=DEFAULT_LIMITS)
    expected_labels, speaker = [], None
    for label, _ in paragraphs:
        speaker = label or speaker
        expected_labels.append(speaker)
    assert labels(parsed) == expected_labels
    assert texts(parsed) == [text for _, text in paragraphs]
    assert all(s.start_ms is None for s in parsed.segments)


def test_bracketed_time_after_the_label_is_the_start():
    parsed = read("Mara Quint: [00:01:02] The hives wintered well.\nOtto Brandt: [01:03] Good.\n")
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        ("Mara Quint", 62_000, "The hives wintered well."),
        ("Otto Brandt", 63_000, "Good."),
    ]


def test_time_not_right_after_the_label_stays_text():
    parsed = read("Mara Quint: at [00:01:02] it rained.\nOtto Brandt: Good.\n")
    assert (parsed.segments[0].start_ms, parsed.segments[0].text) == (
        None,
        "at [00:01:02] it rained.",
    )


def test_a_bracketed_role_is_dropped_from_the_label():
    parsed = read(
        "Mira Okafor (host): Welcome to the workshop.\n"
        "Tom Reyes (guest): Thanks for the tea.\n"
        "Mira Okafor (host): Let us start.\n"
    )
    assert parsed.format == "plaintext"
    assert labels(parsed) == ["Mira Okafor", "Tom Reyes", "Mira Okafor"]


def test_a_one_off_note_is_speech_not_a_speaker():
    parsed = read(
        "Disclaimer: the kiln talk is not safety advice.\n\n"
        "Mira Okafor: Welcome back.\n\nTom Reyes: Good to be here.\n"
    )
    assert labels(parsed) == [None, "Mira Okafor", "Tom Reyes"]
    assert texts(parsed)[0] == "Disclaimer: the kiln talk is not safety advice."


def test_a_heading_word_used_as_a_label_again_and_again_is_a_speaker():
    parsed = read("Update: kiln fixed.\nMira Okafor: Great.\nUpdate: glaze arrived.\n")
    assert labels(parsed) == ["Update", "Mira Okafor", "Update"]
