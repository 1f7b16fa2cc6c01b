"""Markdown transcripts: bold labels, carried speakers, time anchors, markers and markup."""

import contextlib
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, markdown, read_transcript
from archive.formats.base import DEFAULT_LIMITS
from archive.formats.speakerline import HEADING_WORDS
from archive.turns import merge_turns

CHANGELOG = "txt_changelog-662_bold-name-colon.md"


def read(text: str, **kwargs):
    return read_transcript(text.encode(), source="test.md", **kwargs)


def labels(parsed) -> list:
    return [segment.label for segment in parsed.segments]


def texts(parsed) -> list:
    return [segment.text for segment in parsed.segments]


# The real corpus: expected values are copied by hand from ../shared/corpus/EXPECTED.md.


@pytest.fixture
def changelog(corpus):
    return read_transcript((corpus / CHANGELOG).read_bytes(), source=CHANGELOG)


def test_changelog_is_detected_as_markdown(changelog):
    assert changelog.format == "markdown"


def test_changelog_has_one_segment_per_paragraph_except_the_break(changelog):
    # 223 paragraphs: 165 labelled speech, 1 Break marker, 57 continuations.
    assert len(changelog.segments) == 165 + 57
    assert sum(1 for s in changelog.segments if s.label is None) == 0


def test_changelog_has_three_speakers_and_break_is_not_one(changelog):
    assert set(labels(changelog)) == {"Jerod Santo", "Deepak Singh", "Adam Stacoviak"}


def test_changelog_turns_per_speaker(changelog):
    # No two labelled paragraphs repeat the same speaker, even across the Break,
    # so turns = labelled speech paragraphs: 59 + 66 + 40.
    turns = merge_turns(changelog)
    assert len(turns) == 165
    by_speaker = {name: sum(1 for t in turns if t.label == name) for name in set(labels(changelog))}
    assert by_speaker == {"Jerod Santo": 59, "Deepak Singh": 66, "Adam Stacoviak": 40}


def test_changelog_first_and_last_utterance(changelog):
    first, last = changelog.segments[0], changelog.segments[-1]
    assert (first.label, first.start_ms, first.location) == ("Jerod Santo", None, "line 1")
    assert first.text.startswith("Today we are joined by Deepak Singh, one")
    assert (last.label, last.start_ms) == ("Adam Stacoviak", None)


def test_changelog_anchors_give_start_times(changelog):
    starts = {s.location: s.start_ms for s in changelog.segments if s.start_ms is not None}
    # 20 anchors, minus the Break's own 18:10.
    assert len(starts) == 19
    assert starts["line 9"] == (4 * 60 + 33) * 1000
    assert starts["line 21"] == 8 * 60 * 1000  # after the label: **Adam Stacoviak:** \[08:00\]
    assert starts["line 273"] == 3_607_160  # 01:00:07.16, the fraction read as hundredths
    assert starts["line 423"] == ((60 + 19) * 60 + 53) * 1000 + 290


def test_changelog_break_is_a_warning_and_starts_a_new_turn(changelog):
    assert "paragraph 42 (line 83): 'Break' marker with no speech skipped" in changelog.warnings
    after_break = next(s for s in changelog.segments if s.location == "line 85")
    assert (after_break.label, after_break.turn_start) == ("Adam Stacoviak", True)
    assert not any("18:10" in text or "Break" in text[:6] for text in texts(changelog))


def test_changelog_inline_markers_are_unescaped(changelog):
    joined = " ".join(texts(changelog))
    assert "[laughter]" in joined
    assert "[unintelligible 00:22:56.11]" in joined
    assert "\\" not in joined
    assert "the $20 plan" in joined


# Small inline transcripts, one quirk each.


def test_unlabelled_paragraph_continues_last_speaker():
    parsed = read("**Jane Doe:** Hello.\n\nStill me.\n\n**John:** Hi.\n")
    assert labels(parsed) == ["Jane Doe", "Jane Doe", "John"]
    assert [t.label for t in merge_turns(parsed)] == ["Jane Doe", "John"]


@pytest.mark.parametrize(
    "label_line",
    [
        "**Jane Doe:** Hello.",
        "**Jane Doe**: Hello.",
        "__Jane Doe:__ Hello.",
        "__Jane Doe__: Hello.",
    ],
)
def test_bold_label_variants_all_name_the_speaker(label_line):
    parsed = read(f"{label_line}\n\n**John:** Hi.\n")
    assert (parsed.segments[0].label, parsed.segments[0].text) == ("Jane Doe", "Hello.")


def test_labels_on_consecutive_lines_are_separate_segments():
    parsed = read("**Jane:** Hello.\n**John:** Hi.\nwrapped line\n")
    assert labels(parsed) == ["Jane", "John"]
    assert texts(parsed) == ["Hello.", "Hi. wrapped line"]


def test_anchor_at_paragraph_start_and_after_label():
    parsed = read("**Jane:** \\[01:02\\] One.\n\n\\[1:00:00.50\\] Two.\n\n**John:** Three.\n")
    assert [s.start_ms for s in parsed.segments] == [62_000, 3_600_500, None]
    assert texts(parsed) == ["One.", "Two.", "Three."]


def test_unescaped_anchor_is_read_too():
    parsed = read("**Jane:** [00:05] One.\n\n**John:** Two.\n")
    assert parsed.segments[0].start_ms == 5000


def test_anchor_in_mid_text_is_text_not_a_time():
    parsed = read("**Jane:** Hi \\[unintelligible 00:22:56.11\\] there.\n\n**John:** Two.\n")
    assert parsed.segments[0].start_ms is None
    assert parsed.segments[0].text == "Hi [unintelligible 00:22:56.11] there."


def test_marker_without_speech_makes_no_segment_and_breaks_the_turn():
    text = "**Jane:** Before.\n\n**Break:** \\[18:10\\]\n\nAfter the break.\n\n**John:** Hi.\n"
    parsed = read(text)
    assert texts(parsed) == ["Before.", "After the break.", "Hi."]
    assert labels(parsed) == ["Jane", "Jane", "John"]
    assert parsed.warnings == ["paragraph 2 (line 3): 'Break' marker with no speech skipped"]
    assert [t.text for t in merge_turns(parsed)] == ["Before.", "After the break.", "Hi."]


def test_emphasis_links_and_escapes_are_removed():
    text = (
        "**Jane:** I *really* __do__ like [Kiro](https://kiro.dev) and "
        "\\*stars\\* and snake_case_name and 2 * 3 &amp; `code`.\n\n**John:** ok\n"
    )
    parsed = read(text)
    assert parsed.segments[0].text == (
        "I really do like Kiro and *stars* and snake_case_name and 2 * 3 & code."
    )


def test_headings_rules_and_front_matter_are_not_speech():
    text = (
        "---\ntitle: 'Episode 662: Kiro'\nguid: abc\n---\n\n# Heading\n\n"
        "**Jane:** Hello.\n\n---\n\n## Part two\n\n**John:** Hi.\n\n***\n"
    )
    parsed = read(text)
    assert texts(parsed) == ["Hello.", "Hi."]
    assert parsed.title == "Episode 662: Kiro"
    assert parsed.segments[0].location == "line 8"


def test_top_heading_becomes_the_title():
    parsed = read("# The Changelog #662\n\n**Jane:** Hello.\n\n**John:** Hi.\n")
    assert parsed.title == "The Changelog #662"


@pytest.mark.parametrize(
    ("heading", "title"), [("## Part two ##", "Part two"), ("# Learning C#", "Learning C#")]
)
def test_heading_loses_only_a_closing_run_of_hashes(heading, title):
    parsed = read(f"{heading}\n\n**Jane:** Hello.\n\n**John:** Hi.\n")
    assert parsed.title == title


def test_paragraph_before_any_label_names_nobody():
    parsed = read("An introduction.\n\n**Jane:** Hello.\n\n**John:** Hi.\n")
    assert labels(parsed) == [None, "Jane", "John"]


def test_setext_heading_becomes_the_title():
    parsed = read("Episode *One*\n===\n\n**Jane:** Hello.\n\n**John:** Hi.\n")
    assert parsed.title == "Episode One"
    assert texts(parsed) == ["Hello.", "Hi."]


def test_rule_under_a_speakers_paragraph_keeps_the_speech():
    parsed = read("**Jane:** Hello.\n\nMore from Jane.\n---\n\n**John:** Hi.\n")
    assert texts(parsed) == ["Hello.", "More from Jane.", "Hi."]


def test_bold_prose_is_not_a_speaker():
    parsed = read(
        "**Jane:** Hi.\n\n**Note that this is long, and a sentence:** text\n", format="markdown"
    )
    assert labels(parsed) == ["Jane", "Jane"]
    assert parsed.segments[1].text == "Note that this is long, and a sentence: text"


def test_u2028_inside_a_paragraph_is_text():
    parsed = read("**Jane:** one\u2028**John:** two\n\n**John:** three\n")
    assert labels(parsed) == ["Jane", "John"]
    assert parsed.segments[0].text == "one\u2028John: two"


def test_bad_anchor_is_refused_naming_the_line():
    with pytest.raises(TranscriptError) as error:
        read("**Jane:** Hi.\n\n**John:** \\[04:75\\] Hi.\n")
    assert "test.md: line 3: '04:75' is not a valid time" in str(error.value)


def test_unclosed_front_matter_is_refused_naming_line_one():
    with pytest.raises(TranscriptError) as error:
        read("---\ntitle: x\n\n**Jane:** Hi.\n\n**John:** Hi.\n")
    assert "line 1: the front matter opened with '---' is never closed" in str(error.value)


def test_leading_rule_that_is_not_front_matter_is_skipped():
    parsed = read("---\n\n**Jane:** Hi.\n\n**John:** Hey.\n\n---\n")
    assert texts(parsed) == ["Hi.", "Hey."]


def test_markers_only_is_refused_as_no_speech():
    with pytest.raises(TranscriptError) as error:
        read("**Break:** \\[18:10\\]\n\n**Music:**\n")
    assert "no speech found" in str(error.value)


def test_detect_needs_two_bold_labels():
    assert markdown.detect("**Jane:** Hi.\n\n**John:** Hey.\n")
    assert markdown.detect("**Jane:** Hi.\n\nJust prose with **bold:** inside.\n") is None
    assert markdown.detect("**Emma**  0:00  \nHi.\n\n**Kelly**  0:24  \nHey.\n") is None


# Properties.


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_never_raises_anything_but_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        markdown.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="*_[]()\\:#-=`<>&!\n 0a1.", max_size=200))
def test_markdown_shaped_noise_never_raises_anything_but_transcript_error(text):
    with contextlib.suppress(TranscriptError):
        markdown.parse(text, limits=DEFAULT_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_bytes_never_raise_anything_but_transcript_error(data):
    with contextlib.suppress(TranscriptError):
        read_transcript(data, source="x.md", format="markdown")


NAMES = st.lists(
    st.text(string.ascii_uppercase, min_size=1, max_size=1).flatmap(
        lambda first: st.text(string.ascii_lowercase, max_size=8).map(lambda rest: first + rest)
    ),
    min_size=1,
    max_size=3,
).map(" ".join)
# A heading word ("Nb", "Note") opens a note, never a name: see speakerline.
NAMES = NAMES.filter(lambda name: name.split(" ")[0].casefold() not in HEADING_WORDS)
WORDS = st.lists(
    st.text(string.ascii_letters + string.digits + "*_[]\\.,!?'$", min_size=1, max_size=10),
    min_size=1,
    max_size=12,
).map(lambda words: "A " + " ".join(words))
# (label or None for a continuation paragraph, start in ms or None, text)
PARAGRAPHS = st.lists(
    st.tuples(
        st.one_of(st.none(), NAMES),
        st.one_of(
            st.none(),
            st.integers(0, 3599).map(lambda s: s * 1000),
            st.integers(360_000, 1_000_000).map(lambda cs: cs * 10),
        ),
        WORDS,
    ),
    min_size=1,
    max_size=12,
)


def escape(text: str) -> str:
    return "".join("\\" + char if char in "\\*_[]" else char for char in text)


def anchor(ms: int) -> str:
    seconds, centis = divmod(ms // 10, 100)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"\\[{hours:02}:{minutes:02}:{seconds:02}.{centis:02}\\] "
    return f"\\[{minutes:02}:{seconds:02}\\] "


def write_markdown(paragraphs) -> str:
    out = []
    for label, start_ms, text in paragraphs:
        prefix = f"**{label}:** " if label else ""
        time = anchor(start_ms) if start_ms is not None else ""
        out.append(prefix + time + escape(text))
    return "\n\n".join(out) + "\n"


@settings(max_examples=200, deadline=None)
@given(PARAGRAPHS)
def test_written_transcript_round_trips(paragraphs):
    parsed = markdown.parse(write_markdown(paragraphs), limits=DEFAULT_LIMITS)
    expected_labels, speaker = [], None
    for label, _, _ in paragraphs:
        speaker = label or speaker
        expected_labels.append(speaker)
    assert labels(parsed) == expected_labels
    assert [s.start_ms for s in parsed.segments] == [start for _, start, _ in paragraphs]
    assert texts(parsed) == [text for _, _, text in paragraphs]


def test_a_one_off_bold_note_is_speech_not_a_speaker():
    parsed = read(
        "**Note:** This transcript was made by a machine.\n\n"
        "**Mira Okafor:** Welcome back.\n\n**Tom Reyes:** Good to be here.\n"
    )
    assert labels(parsed) == [None, "Mira Okafor", "Tom Reyes"]
    assert texts(parsed)[0] == "Note: This transcript was made by a machine."


def test_a_bold_label_drops_its_role():
    parsed = read("**Mira Okafor (host):** Welcome.\n\n**Tom Reyes (guest):** Thanks.\n")
    assert labels(parsed) == ["Mira Okafor", "Tom Reyes"]
