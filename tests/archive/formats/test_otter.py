"""Otter.ai exports: ``Name  m:ss`` headers (plain or bold), the speech below, a credit footer."""

import contextlib
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import DEFAULT_LIMITS, TranscriptError, otter, read_transcript
from archive.turns import merge_turns


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="export.txt", **kwargs)


# --- the real corpus -------------------------------------------------------------------------


def read_corpus(corpus, name):
    return read_transcript((corpus / name).read_bytes(), source=name)


def test_raw_otter_export_reads_every_header(corpus):
    parsed = read_corpus(corpus, "otter_ladybug-62_security.txt")
    assert parsed.format == "otter"
    assert len(parsed.segments) == 162
    assert Counter(s.label for s in parsed.segments) == {
        "Emma": 58,
        "Kelly": 3,
        "Unknown Speaker": 81,
        "Tailor": 1,
        "Sidney": 19,
    }
    first = parsed.segments[0]
    assert (first.label, first.start_ms) == ("Emma", 0)
    assert first.text.startswith("It's more important than ever to build secure")
    last = parsed.segments[-1]
    assert (last.label, last.start_ms) == ("Sidney", 3_321_000)


def test_raw_otter_export_footer_is_not_speech(corpus):
    parsed = read_corpus(corpus, "otter_ladybug-62_security.txt")
    assert not any("otter.ai" in s.text for s in parsed.segments)
    assert any(w.startswith("line 487:") and "Transcribed by" in w for w in parsed.warnings)


def test_raw_otter_export_turns_are_runs_of_one_speaker(corpus):
    parsed = read_corpus(corpus, "otter_ladybug-62_security.txt")
    # Counted over the raw header lines, independently of the parser:
    #   grep -E '  +[0-9]+:[0-9]{2}(:[0-9]{2})? *$' FILE | sed -E 's/\*\*//g; s/  +[0-9:]+ *$//'
    #     | uniq | wc -l  -> 141
    assert len(merge_turns(parsed, max_gap_ms=None)) == 141
    # Otter gives start times only, so no silence is measurable between two headers of
    # one speaker (4:21 -> 6:18 is a long turn, not a pause): the default gap splits nothing.
    assert len(merge_turns(parsed)) == 141


def test_markdown_pasted_export_with_mixed_bold_headers_is_otter(corpus):
    parsed = read_corpus(corpus, "txt_ladybug-46_otter-markdown-mixed-bold.md")
    assert parsed.format == "otter"
    assert len(parsed.segments) == 145
    assert Counter(s.label for s in parsed.segments) == {
        "Emma": 46,
        "Kelly": 38,
        "Unknown Speaker": 15,
        "Ali": 46,
    }
    first = parsed.segments[0]
    assert (first.label, first.start_ms) == ("Emma", 0)
    assert first.text.startswith("Systems Design interviews are becoming more and more")
    last = parsed.segments[-1]
    assert (last.label, last.start_ms) == ("Kelly", 3_079_000)
    # The paragraph after Kelly's last one has no header of its own: it is still hers.
    assert last.text.endswith("everyone else feels the need to do it.")
    assert not any("otter.ai" in s.text for s in parsed.segments)
    # Same independent one-liner as above over this file -> 142 runs, none split by a gap.
    assert len(merge_turns(parsed)) == 142


def test_changelog_markdown_is_not_claimed(corpus):
    text = (corpus / "txt_changelog-662_bold-name-colon.md").read_text(encoding="utf-8")
    assert otter.detect(text) is None


# --- quirks ----------------------------------------------------------------------------------


def test_bold_and_plain_headers_mix_in_one_file():
    parsed = read(
        "**Emma**  0:00  \nHello.\n\nUnknown Speaker  0:58  \nYes.\n\n**Ali** 1:02:03\nNo.\n"
    )
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == [
        ("Emma", 0, "Hello."),
        ("Unknown Speaker", 58_000, "Yes."),
        ("Ali", 3_723_000, "No."),
    ]


def test_tab_separated_header_is_read():
    parsed = read("Speaker 1\t0:03\nHi there.\n", format="otter")
    assert [(s.label, s.start_ms) for s in parsed.segments] == [("Speaker 1", 3000)]


def test_footer_variants_are_dropped_with_a_warning():
    parsed = read(
        "Emma  0:00\nHello.\n\nTranscribed by Otter.ai\n_Transcribed by https://otter.ai_\n\n"
    )
    assert [s.text for s in parsed.segments] == ["Hello."]
    assert any(w.startswith("lines 4, 5:") for w in parsed.warnings)


def test_transcribed_by_inside_speech_is_kept():
    parsed = read("Emma  0:00\nTranscribed by hand, this was.\n\nKelly  0:04\nRight.\n")
    assert parsed.segments[0].text == "Transcribed by hand, this was."


def test_title_before_the_first_header_is_skipped_with_a_warning():
    parsed = read("# Episode 46\n\n**Emma**  0:00\nHello.\n\n**Kelly**  0:03\nHi.\n")
    assert [s.label for s in parsed.segments] == ["Emma", "Kelly"]
    assert any(w.startswith("line 1:") and "before the first speaker" in w for w in parsed.warnings)


def test_header_with_no_speech_is_skipped_with_a_warning():
    parsed = read("Emma  0:00\n\nKelly  0:03\nHi.\n")
    assert [s.label for s in parsed.segments] == ["Kelly"]
    assert any(w.startswith("line 1:") and "no text" in w for w in parsed.warnings)


def test_impossible_time_skips_its_block_naming_its_line():
    parsed = read("Emma  0:00\nHello.\n\nKelly  0:75\nHi.\n\nEmma  0:09\nBye.\n")
    assert [(s.label, s.text) for s in parsed.segments] == [("Emma", "Hello."), ("Emma", "Bye.")]
    assert parsed.warnings == ["line 4: '0:75' is not a valid time; skipped with the text under it"]


def test_text_without_headers_is_refused_when_forced():
    with pytest.raises(TranscriptError, match="no 'Name  0:00' speaker header"):
        read("Adam: hello\nDave: hi\n", format="otter")


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "**Jerod Santo:** Hello.\n\n**Break:**  18:10\n\n**Adam:** Hi.\n",
        "Adam Curry: we start at 9:30\nDave Jones: fine\n",
        "Speaker 1 (00:02):\nHello.\n",
        "We talked for a while.\nThen a pause  3:00\n" + "More prose here.\n" * 10,
    ],
    ids=["markdown", "plaintext", "iheart", "prose-with-one-stray-match"],
)
def test_other_shapes_are_not_claimed(text):
    assert otter.detect(text) is None


def test_long_line_of_spaces_is_read():
    # Backtracking patterns once took minutes on this; benchmarks/parser_worst_cases.py times it.
    junk = (
        "a" + " " * 200_000 + "x" + "a  " * 100_000 + "\n**" + "a" * 100_000 + "\nEmma  0:00\nhi\n"
    )
    otter.detect(junk)
    parsed = otter.parse(junk, limits=DEFAULT_LIMITS)
    assert [(s.label, s.text) for s in parsed.segments] == [("Emma", "hi")]


# --- properties ------------------------------------------------------------------------------

JUNK = st.text(alphabet="0123456789: *\t\nEmaTrnscbedy_", max_size=300)


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=300), JUNK))
def test_arbitrary_text_only_ever_raises_transcript_error(text):
    otter.detect(text)  # must never raise at all
    with contextlib.suppress(TranscriptError):
        otter.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_raise_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="junk.txt", format="otter")


LABELS = st.sampled_from(["Emma", "Kelly", "Unknown Speaker", "Speaker 2"])
WORDS = st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=30)
ENTRY = st.tuples(LABELS, st.integers(0, 48 * 3600 - 1), WORDS, st.booleans())


def write_otter(entries) -> str:
    """Otter's layout, bold or plain per header, speech split over lines of 8 words."""
    blocks = []
    for label, seconds, words, bold in entries:
        minutes, secs = divmod(seconds, 60)
        clock = (
            f"{minutes // 60}:{minutes % 60:02}:{secs:02}"
            if minutes >= 60
            else f"{minutes}:{secs:02}"
        )
        name = f"**{label}**" if bold else label
        lines = [" ".join(words[i : i + 8]) for i in range(0, len(words), 8)]
        blocks.append("\n".join([f"{name}  {clock}  ", *lines]))
    return "\n\n".join(blocks) + "\n\nTranscribed by https://otter.ai\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, min_size=1, max_size=20))
def test_written_transcript_round_trips(entries):
    parsed = otter.parse(write_otter(entries), limits=DEFAULT_LIMITS)
    expected = [(label, seconds * 1000, " ".join(words)) for label, seconds, words, _ in entries]
    assert [(s.label, s.start_ms, s.text) for s in parsed.segments] == expected


MARA_OTTO = ("Mara Quint", "Otto Brandt")


@pytest.mark.parametrize(
    ("first", "second", "names"),
    [
        ("Mara Quint 00:01", "Otto Brandt 00:05", MARA_OTTO),  # one space (Descript)
        ("Speaker 1 00:00:01", "Speaker 2 00:00:05", ("Speaker 1", "Speaker 2")),
        ("Mara Quint [00:00:01]", "Otto Brandt [00:00:05]", MARA_OTTO),
        ("Mara Quint - 00:00:01", "Otto Brandt - 00:00:05", MARA_OTTO),
        ("Mara Quint (00:00:01 - 00:00:04)", "Otto Brandt (00:00:05 - 00:00:06)", MARA_OTTO),
    ],
)
def test_other_exporters_name_then_time_headers(first, second, names):
    parsed = read(f"{first}\nThe hives wintered well.\n\n{second}\nAll six of them?\n")
    assert parsed.format == "otter"
    assert [(t.label, t.start_ms, t.text) for t in merge_turns(parsed)] == [
        (names[0], 1_000, "The hives wintered well."),
        (names[1], 5_000, "All six of them?"),
    ]


def test_a_line_ending_in_a_time_without_a_name_before_it_is_speech():
    parsed = read("Mara Quint 00:01\nWe meet at 9:30\nsharp.\n")
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Mara Quint", "We meet at 9:30 sharp.")
    ]
