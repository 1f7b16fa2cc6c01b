"""Speaker, time and speech on one line: ``**Kelly** [0:18] text`` and its plain siblings."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, read_transcript, speakertime
from archive.ingest import import_transcript_file
from archive.turns import merge_turns
from tests.factories import make_episode

# An Otter-style Markdown export, written for this test: a title, bold speakers with the time
# and speech on one line, speech going on over the lines below, and Otter's credit at the end.
SAMPLE = """\
# Allotment Hour, episode 12

**Kelly Moran** [0:00] Welcome back to Allotment Hour. Today we walk
the plot at the end of Mill Lane.
**Ravi Patel** [0:12] Thanks, Kelly. I have had it for six years now.
**Kelly Moran** [0:19] Six years! What did it look like when you took it on?
**Ravi Patel** [0:24] Brambles, mostly. And a shed with no roof.

It took a whole winter to clear.
**Kelly Moran** [1:02] And now?
**Ravi Patel** [1:05] Now it feeds three families \\[laughs\\].

Transcribed by https://otter.ai
"""


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="export.md", **kwargs)


def rows(parsed):
    return [(s.label, s.start_ms, s.text) for s in parsed.segments]


# --- the sample ------------------------------------------------------------------------------


def test_sample_is_detected_without_naming_the_format():
    parsed = read(SAMPLE)
    assert parsed.format == "speakertime"
    assert parsed.detected_because == (
        "6 lines open with a speaker and a [m:ss] time ('**Name** [0:18] text')"
    )


def test_sample_reads_speakers_start_times_and_speech():
    assert rows(read(SAMPLE)) == [
        (
            "Kelly Moran",
            0,
            "Welcome back to Allotment Hour. Today we walk the plot at the end of Mill Lane.",
        ),
        ("Ravi Patel", 12_000, "Thanks, Kelly. I have had it for six years now."),
        ("Kelly Moran", 19_000, "Six years! What did it look like when you took it on?"),
        (
            "Ravi Patel",
            24_000,
            "Brambles, mostly. And a shed with no roof. It took a whole winter to clear.",
        ),
        ("Kelly Moran", 62_000, "And now?"),
        ("Ravi Patel", 65_000, "Now it feeds three families [laughs]."),
    ]


def test_sample_segments_are_located_at_their_speaker_lines():
    assert [s.location for s in read(SAMPLE).segments] == [
        "line 3",
        "line 5",
        "line 6",
        "line 7",
        "line 10",
        "line 11",
    ]


def test_title_and_otter_credit_are_skipped_with_warnings():
    parsed = read(SAMPLE)
    assert not any("otter.ai" in s.text or "Allotment Hour," in s.text for s in parsed.segments)
    assert parsed.warnings == [
        "line 1: text before the first speaker; skipped",
        "line 13: the 'Transcribed by' credit is not speech; skipped",
    ]


def test_sample_turns_alternate_speakers():
    assert [t.label for t in merge_turns(read(SAMPLE))] == ["Kelly Moran", "Ravi Patel"] * 3


# --- shapes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kelly", "ravi"),
    [
        ("**Kelly** [0:18]", "**Ravi** [0:25]"),
        ("__Kelly__ [0:18]", "__Ravi__ [0:25]"),
        ("Kelly [0:18]", "Ravi [0:25]"),
        ("**Kelly** \\[0:18\\]", "**Ravi** \\[0:25\\]"),
        ("Kelly \\[0:18\\]", "Ravi \\[0:25\\]"),
        ("**Kelly** (0:18)", "**Ravi** (0:25)"),
        ("Kelly (0:18)", "Ravi (0:25)"),
        ("**Kelly** [00:18]", "**Ravi** [00:25]"),
        ("**Kelly** [0:00:18]", "**Ravi** [00:00:25]"),
        ("  **Kelly**\t[0:18]", "**Ravi**  [0:25]  "),
    ],
    ids=[
        "bold",
        "underscore-bold",
        "plain",
        "escaped",
        "plain-escaped",
        "parenthesised",
        "plain-parenthesised",
        "two-digit-minutes",
        "hours",
        "tabs-and-spaces",
    ],
)
def test_each_shape_is_detected_and_read(kelly, ravi):
    parsed = read(f"{kelly} Welcome to the show.\n{ravi} Glad to be here.\n")
    assert parsed.format == "speakertime"
    assert rows(parsed) == [
        ("Kelly", 18_000, "Welcome to the show."),
        ("Ravi", 25_000, "Glad to be here."),
    ]


def test_hours_minutes_and_seconds_are_read():
    parsed = read("Kelly Smith [1:02:03] Back after the break.\nRavi [12:34:56] Late.\n")
    assert [s.start_ms for s in parsed.segments] == [3_723_000, 45_296_000]


def test_unbolded_sibling_with_full_names_is_detected():
    parsed = read(
        "Kelly Smith [0:18] Welcome to the show.\n"
        "Dr. Ana López [0:25] Thank you.\n"
        "Speaker 3 [0:31] And me.\n"
    )
    assert parsed.format == "speakertime"
    assert [s.label for s in parsed.segments] == ["Kelly Smith", "Dr. Ana López", "Speaker 3"]


def test_bold_name_alone_on_its_line_takes_the_speech_below():
    parsed = read("**Kelly** [0:18]\nWelcome to\nthe show.\n\n**Ravi** [0:25]\nThanks.\n")
    assert parsed.format == "speakertime"
    assert rows(parsed) == [("Kelly", 18_000, "Welcome to the show."), ("Ravi", 25_000, "Thanks.")]


def test_plain_name_alone_on_its_line_is_still_otters():
    # Otter's reader claims "Name [0:18]" header lines (Descript's shape) and reads them well.
    text = "Kelly [0:18]\nWelcome.\n\nRavi [0:25]\nThanks.\n"
    assert speakertime.detect(text) is None
    assert read(text).format == "otter"


def test_colon_after_the_name_is_read_in_a_file_of_this_shape():
    parsed = read(
        "**Kelly** [0:18] One.\n**Ravi:** [0:25] Two.\n**Kelly** [0:30] Three.\n"
        "Ravi: [0:40] Four.\n**Kelly**: [0:45] Five.\n**Ravi** [0:50] Six.\n"
        "**Kelly** [0:55] Seven.\n"
    )
    # Four lines of this shape against three colon labels: a majority, so this reader.
    assert parsed.format == "speakertime"
    assert [s.label for s in parsed.segments] == ["Kelly", "Ravi"] * 3 + ["Kelly"]
    assert [s.text for s in parsed.segments] == [
        "One.",
        "Two.",
        "Three.",
        "Four.",
        "Five.",
        "Six.",
        "Seven.",
    ]


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("**Kelly:** [0:18] Welcome.\n**Ravi:** [0:25] Thanks.\n", "markdown"),
        ("**Kelly:** \\[0:18\\] Welcome.\n\n**Ravi:** \\[0:25\\] Thanks.\n", "markdown"),
        ("Kelly: [0:18] Welcome.\nRavi: [0:25] Thanks.\n", "plaintext"),
    ],
    ids=["bold-colon", "bold-colon-escaped", "plain-colon"],
)
def test_colon_labels_alone_stay_with_the_readers_that_read_them_today(text, owner):
    assert speakertime.detect(text) is None
    assert read(text).format == owner
    forced = read(text, format="speakertime")
    assert [(s.label, s.start_ms) for s in forced.segments] == [("Kelly", 18_000), ("Ravi", 25_000)]


def test_markup_is_dropped_from_speech_and_labels_are_kept_as_written():
    parsed = read(
        "**spk_0** [0:01] It was *really* \\*that\\* good, see [the notes](https://x.example).\n"
        "**Mary-Jane O'Neil** [0:05] Fish &amp; chips \\[crosstalk\\].\n"
    )
    assert rows(parsed) == [
        ("spk_0", 1_000, "It was really *that* good, see the notes."),
        ("Mary-Jane O'Neil", 5_000, "Fish & chips [crosstalk]."),
    ]


def test_speaker_line_without_speech_is_skipped_with_a_warning():
    parsed = read("**Kelly** [0:18]\n\n**Ravi** [0:25] Hi.\n**Kelly** [0:30] Hello.\n")
    assert [s.label for s in parsed.segments] == ["Ravi", "Kelly"]
    assert "line 1: a speaker line with no text after it; skipped" in parsed.warnings


# --- sentences with a time in them ------------------------------------------------------------


def test_a_sentence_with_a_bracketed_time_is_speech_not_a_speaker():
    parsed = read(
        "**Kelly** [0:18] Look at the clock.\n"
        "The timer read [0:25] when we stopped.\n"
        "we paused at [1:02:03] for tea\n"
        "**Ravi** [0:30] Right.\n"
    )
    assert rows(parsed) == [
        (
            "Kelly",
            18_000,
            "Look at the clock. The timer read [0:25] when we stopped. "
            "we paused at [1:02:03] for tea",
        ),
        ("Ravi", 30_000, "Right."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The timer read [0:25] when we stopped.\nShe said (1:02) was too late.\n",
        "Notes from the meeting.\n\n"
        + "A paragraph of notes about the allotment.\n\n" * 8
        + "Kelly [0:18] opened it.\n\nRavi [0:25] closed it.\n",
        "Kelly [0:18] Welcome.\nA sentence [0:20] with a time.\n",
    ],
    ids=["sentences", "prose-with-two-stray-matches", "only-one-speaker-line"],
)
def test_prose_with_times_in_brackets_is_not_claimed(text):
    assert speakertime.detect(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "**Jerod Santo:** Hello.\n\n**Break:** \\[18:10\\]\n\n**Adam:** Hi.\n",
        "Adam Curry: we start at [9:30]\nDave Jones: fine\n",
        "Emma  0:18\nHello.\n\n**Kelly**  0:25\nHi.\n",
        "Speaker 1 (00:02): Hello.\nSpeaker 2 (00:05): Hi.\n",
        "[00:18] Kelly: Hello.\n[00:25] Ravi: Hi.\n",
        "**Kelly:** [0:18] One.\n**Ravi:** [0:25] Two.\n**Kelly** [0:30] Three.\n"
        "**Ravi** [0:35] Four.\n**Kelly:** Five.\n",
    ],
    ids=["markdown", "plaintext", "otter", "iheart", "timestamped", "markdown-mostly"],
)
def test_other_formats_shapes_are_not_claimed(text):
    assert speakertime.detect(text) is None


def test_no_corpus_file_is_claimed(corpus):
    for path in sorted(corpus.iterdir()):
        assert speakertime.detect(path.read_text(encoding="utf-8", errors="replace")) is None


# --- refusals --------------------------------------------------------------------------------


def test_impossible_time_skips_its_line_with_a_warning():
    parsed = read("**Kelly** [0:18] Hi.\n**Ravi** [0:75] Hello.\n**Kelly** [0:30] Bye.\n")
    assert rows(parsed) == [("Kelly", 18_000, "Hi."), ("Kelly", 30_000, "Bye.")]
    assert parsed.warnings == ["line 2: '0:75' is not a valid time; skipped with the text under it"]


def test_only_impossible_times_are_refused_naming_the_first():
    with pytest.raises(TranscriptError) as error:
        read("**Kelly** [0:78] Hi.\n**Ravi** [0:75] Hello.\n", format="speakertime")
    assert (
        str(error.value) == "export.md: line 1: '0:78' is not a valid time; no block could be read"
    )


def test_time_past_the_limit_is_refused_naming_its_line():
    with pytest.raises(TranscriptError) as error:
        read("**Kelly** [0:18] Hi.\n**Ravi** [49:00:00] Hello.\n")
    assert str(error.value).startswith("export.md: line 2: start time 176400.000 s is past")


def test_text_without_speaker_lines_is_refused_when_forced():
    with pytest.raises(TranscriptError, match="no '\\*\\*Name\\*\\* \\[0:18\\] text' speaker"):
        read("Adam: hello\nDave: hi\n", format="speakertime")


def test_long_lines_of_brackets_and_spaces_are_read():
    # How long they take at two sizes: benchmarks/parser_worst_cases.py.
    junk = "a" + " " * 100_000 + "[" * 50_000 + "\n" + "**a " * 50_000 + "[0:1\n"
    speakertime.detect(junk + "**Kelly** [0:18] hi\n")
    parsed = speakertime.parse(junk + "**Kelly** [0:18] hi\n", limits=DEFAULT_LIMITS)
    assert rows(parsed) == [("Kelly", 18_000, "hi")]


# --- import ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sample_imports_into_an_episode():
    episode = make_episode()

    summary = import_transcript_file(episode, SAMPLE.encode(), source="allotment-12.md")

    assert (summary.format, summary.created) == ("speakertime", 6)
    assert sorted(summary.speakers_created) == ["Kelly Moran", "Ravi Patel"]
    lines = list(
        episode.utterances.order_by("sequence").values_list("speaker__name", "start_ms", "text")
    )
    assert lines[0] == (
        "Kelly Moran",
        0,
        "Welcome back to Allotment Hour. Today we walk the plot at the end of Mill Lane.",
    )
    assert lines[-1] == ("Ravi Patel", 65_000, "Now it feeds three families [laughs].")
    episode.refresh_from_db()
    assert episode.transcript_format == "speakertime"


# --- properties ------------------------------------------------------------------------------

JUNK = st.text(alphabet="0123456789:[]()\\* _\tKelyRavi\n", max_size=300)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), JUNK))
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    speakertime.detect(text)  # must never raise at all
    with contextlib.suppress(TranscriptError):
        speakertime.parse(text, limits=DEFAULT_LIMITS)


LABELS = st.sampled_from(["Kelly", "Ravi Patel", "Unknown Speaker", "Speaker 2"])
WORDS = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=30)
ENTRY = st.tuples(LABELS, st.integers(0, 48 * 3600 - 1), WORDS, st.sampled_from(["**", "__", ""]))


def write_lines(entries) -> str:
    """One speaker line per entry, its speech wrapped after 8 words."""
    lines = []
    for label, seconds, words, mark in entries:
        minutes, secs = divmod(seconds, 60)
        clock = (
            f"{minutes // 60}:{minutes % 60:02}:{secs:02}"
            if minutes >= 60
            else f"{minutes}:{secs:02}"
        )
        wrapped = [" ".join(words[i : i + 8]) for i in range(0, len(words), 8)]
        lines.append("\n".join([f"{mark}{label}{mark} [{clock}] {wrapped[0]}", *wrapped[1:]]))
    return "\n".join(lines) + "\n\nTranscribed by https://otter.ai\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=20))
def test_written_transcript_round_trips(entries):
    parsed = speakertime.parse(write_lines(entries), limits=DEFAULT_LIMITS)
    expected = [(label, seconds * 1000, " ".join(words)) for label, seconds, words, _ in entries]
    assert rows(parsed) == expected
