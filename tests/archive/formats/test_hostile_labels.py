"""Never misattribute: words under a label a reader does not read as a name are nobody's.

Every shape below renders three turns: Jane Doe, then a line under an odd
label whose words carry the marker "zebra", then John Smith. Whatever the
label, the zebra words are never Jane Doe's or John Smith's: they are the odd
label's as written (or without the markup the reader drops), or nobody's with
a warning. A label too long to be a name may instead refuse the file, naming
the place and the limit.
"""

import html
import json
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from archive.formats import TranscriptError, read_transcript
from archive.formats.speakerline import is_empty_label, is_label_like

NEIGHBOURS = {"Jane Doe", "John Smith"}
MARKER = "zebra"
LONG_NAME = "J" + "a" * 9_999
ODD_LABELS = {
    "lower-case": "jane roe",
    "punctuation": "j@ne!!",
    "markup": "<b>Bob</b>",
    "sql-drop": "'; DROP TABLE speakers; --",
    "sql-select": "select * from x",
    "emoji": "\U0001f399\ufe0f Jane",
    "digits": "12345",
    "url": "http://x",
    "q": "Q",
    "a": "A",
    "timestamp-first": "00:01:02 Ann",
    "arabic": "محمد علي",
    "hebrew": "שרה כהן",
    "double-space": "Ann   Lee",
    "heading-word": "Note",
    "empty": "",
    "zero-width-joiner": "Ann\u200dLee",
    "right-to-left-override": "\u202eAnn Lee",
    "right-to-left-mark": "Ann Lee\u200f",
    "bidi-isolate": "\u2066Ann\u2069",
    "soft-hyphen": "An\u00adn",
    "replacement-character": "An\ufffdn",
    "ten-thousand-characters": LONG_NAME,
}
# Labels a lookalike could hide behind: they must credit nobody in every reader. (A
# zero-width joiner is not one: readers that keep labels as written keep it, for emoji.)
HIDDEN = [
    "right-to-left-override",
    "right-to-left-mark",
    "bidi-isolate",
    "soft-hyphen",
    "replacement-character",
]
TAG = re.compile(r"<[^<>]*>")


def plain_lines(label: str) -> str:
    return f"Jane Doe: First words.\n{label}: {MARKER} words\nJohn Smith: Last words.\n"


def markdown_bold(label: str) -> str:
    return (
        f"**Jane Doe:** First words.\n\n**{label}:** {MARKER} words\n\n"
        "**John Smith:** Last words.\n"
    )


def markdown_plain_in_a_paragraph(label: str) -> str:
    return f"**Jane Doe:** First words.\n{label}: {MARKER} words\n\n**John Smith:** Last words.\n"


def subrip(*cue_texts: str) -> str:
    return "".join(
        f"{number}\n00:00:0{number},000 --> 00:00:0{number},900\n{text}\n\n"
        for number, text in enumerate(cue_texts, start=1)
    )


def srt_cues(label: str) -> str:
    return subrip("Jane Doe: First words.", f"{label}: {MARKER} words", "John Smith: Last words.")


def srt_second_line(label: str) -> str:
    return subrip(f"Jane Doe: First words.\n{label}: {MARKER} words", "John Smith: Last words.")


def timestamped_inline(label: str) -> str:
    return (
        f"00:00:01 Jane Doe: First words.\n00:00:05 {label}: {MARKER} words\n"
        "00:00:09 John Smith: Last words.\n"
    )


def timestamped_name_headers(label: str) -> str:
    return (
        f"00:00:01 Jane Doe\nFirst words.\n\n00:00:05 {label}\n{MARKER} words\n\n"
        "00:00:09 John Smith\nLast words.\n"
    )


def speakertime_bold(label: str) -> str:
    return (
        f"**Jane Doe** [0:01] First words.\n**{label}** [0:05] {MARKER} words\n"
        "**John Smith** [0:09] Last words.\n"
    )


def speakertime_plain(label: str) -> str:
    return (
        f"**Jane Doe** [0:01] First words.\n{label} [0:05] {MARKER} words\n"
        "**John Smith** [0:09] Last words.\n"
    )


def otter_wide_gap(label: str) -> str:
    return (
        f"Jane Doe  0:01\nFirst words.\n\n{label}  0:05\n{MARKER} words\n\n"
        "John Smith  0:09\nLast words.\n"
    )


def otter_set_off(label: str) -> str:
    return (
        f"Jane Doe 00:01\nFirst words.\n\n{label} 00:05\n{MARKER} words\n\n"
        "John Smith 00:09\nLast words.\n"
    )


def iheart(label: str) -> str:
    return (
        f"Jane Doe (00:01):\nFirst words.\n\n{label} (00:05):\n{MARKER} words\n\n"
        "John Smith (00:09):\nLast words.\n"
    )


def html_bold(label: str) -> str:
    return (
        "<p><strong>Jane Doe:</strong> First words.</p>"
        f"<p><strong>{html.escape(label)}:</strong> {MARKER} words</p>"
        "<p><strong>John Smith:</strong> Last words.</p>"
    )


def html_plain(label: str) -> str:
    return (
        "<p><strong>Jane Doe:</strong> First words.</p>"
        f"<p>{html.escape(label)}: {MARKER} words</p>"
        "<p><strong>John Smith:</strong> Last words.</p>"
    )


def html_definition_list(label: str) -> str:
    return (
        "<dl><dt>Jane Doe</dt><dd>First words.</dd>"
        f"<dt>{html.escape(label)}</dt><dd>{MARKER} words</dd>"
        "<dt>John Smith</dt><dd>Last words.</dd></dl>"
    )


def html_cite(label: str) -> str:
    return (
        "<cite>Jane Doe:</cite><time>0:01</time><p>First words.</p>"
        f"<cite>{html.escape(label)}:</cite><time>0:05</time><p>{MARKER} words</p>"
        "<cite>John Smith:</cite><time>0:09</time><p>Last words.</p>"
    )


def turns(label: str) -> list[tuple[str, str]]:
    return [("Jane Doe", "First words."), (label, f"{MARKER} words"), ("John Smith", "Last words.")]


def p20json(label: str) -> str:
    segments = [
        {"speaker": who, "startTime": n, "endTime": n + 1, "body": words}
        for n, (who, words) in enumerate(turns(label))
    ]
    return json.dumps({"version": "1.0.0", "segments": segments})


def speakermap(label: str) -> str:
    segments = [
        {"speakerLabel": who, "start": n, "end": n + 1, "text": words}
        for n, (who, words) in enumerate(turns(label))
    ]
    return json.dumps({"segments": segments})


def assemblyai(label: str) -> str:
    utterances = [
        {"speaker": who, "start": n * 1000, "end": n * 1000 + 900, "text": words}
        for n, (who, words) in enumerate(turns(label))
    ]
    return json.dumps({"text": "", "utterances": utterances})


def deepgram(label: str) -> str:
    utterances = [
        {"speaker": who, "start": n, "end": n + 0.9, "transcript": words}
        for n, (who, words) in enumerate(turns(label))
    ]
    return json.dumps({"results": {"utterances": utterances}})


def awstranscribe(label: str) -> str:
    items = [
        {
            "type": "pronunciation",
            "start_time": str(n),
            "end_time": f"{n}.9",
            "speaker_label": who,
            "alternatives": [{"content": words}],
        }
        for n, (who, words) in enumerate(turns(label))
    ]
    return json.dumps({"results": {"items": items}})


def vtt_voices(label: str) -> str:
    escaped = label.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Jane Doe>First words.\n\n"
        f"00:00:05.000 --> 00:00:06.000\n<v {escaped}>{MARKER} words\n\n"
        "00:00:09.000 --> 00:00:10.000\n<v John Smith>Last words.\n"
    )


def vtt_prefixes(label: str) -> str:
    return (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nJane Doe: First words.\n\n"
        f"00:00:05.000 --> 00:00:06.000\n{label}: {MARKER} words\n\n"
        "00:00:09.000 --> 00:00:10.000\nJohn Smith: Last words.\n"
    )


# shape -> (format, builder, keeps any label as written)
SHAPES = {
    "plaintext": ("plaintext", plain_lines, False),
    "markdown-bold": ("markdown", markdown_bold, False),
    "markdown-plain-line": ("markdown", markdown_plain_in_a_paragraph, False),
    "srt-cue": ("srt", srt_cues, False),
    "srt-second-line": ("srt", srt_second_line, False),
    "timestamped-inline": ("timestamped", timestamped_inline, False),
    "timestamped-name-header": ("timestamped", timestamped_name_headers, False),
    "speakertime-bold": ("speakertime", speakertime_bold, False),
    "speakertime-plain": ("speakertime", speakertime_plain, False),
    "otter-wide-gap": ("otter", otter_wide_gap, True),
    "otter-set-off": ("otter", otter_set_off, False),
    "iheart": ("iheart", iheart, True),
    "html-bold": ("html", html_bold, False),
    "html-plain": ("html", html_plain, False),
    "html-definition-list": ("html", html_definition_list, False),
    "html-cite": ("html", html_cite, True),
    "p20json": ("p20json", p20json, True),
    "speakermap": ("speakermap", speakermap, True),
    "assemblyai": ("utterances", assemblyai, True),
    "deepgram": ("utterances", deepgram, True),
    "awstranscribe": ("awstranscribe", awstranscribe, True),
    "vtt-voices": ("vtt", vtt_voices, True),
    "vtt-prefixes": ("vtt", vtt_prefixes, False),
}


# An empty name before a time is no label at all: the turn above goes on (iHeart's bare
# "(01:04):" says so), and a blank JSON speaker names nobody. Only a "Name:" colon or a
# speaker element leaves a label's place empty.
EMPTY_IS_NO_LABEL = {
    "timestamped-name-header",
    "speakertime-plain",
    "otter-wide-gap",
    "otter-set-off",
    "iheart",
    "p20json",
    "speakermap",
    "assemblyai",
    "deepgram",
    "awstranscribe",
}
# A voice ending "--" closes as "-->": by the WebVTT spec, a timing line, not a voice.
NOT_WRITABLE = {("vtt-voices", "sql-drop")}


def cases(labels) -> list:
    return list(_cases(labels))


def _cases(labels):
    for shape, (format, build, verbatim) in SHAPES.items():
        for name in labels:
            if (shape, name) in NOT_WRITABLE or (name == "empty" and shape in EMPTY_IS_NO_LABEL):
                continue
            label = ODD_LABELS[name]
            yield pytest.param(format, build, verbatim, label, id=f"{shape}-{name}")


def read(format: str, build, label: str):
    return read_transcript(build(label).encode(), source="odd-label", format=format)


def zebra_segments(parsed) -> list:
    found = [segment for segment in parsed.segments if MARKER in segment.text]
    assert found, "the odd line's words are kept"
    return found


def as_written(label: str) -> set[str]:
    """The label as the file writes it, and without the markup or spacing a reader drops."""
    bare = " ".join(TAG.sub("", html.unescape(label)).split())
    return {label.strip(), " ".join(label.split()), bare}


def assert_credited_to_nobody_else(parsed, label: str) -> None:
    for segment in zebra_segments(parsed):
        assert segment.label not in NEIGHBOURS
        assert segment.label is None or segment.label in as_written(label)
        if segment.label is None and label.strip():
            assert any(w.endswith("kept unattributed") for w in parsed.warnings)
    last = [segment for segment in parsed.segments if "Last words" in segment.text]
    assert [segment.label for segment in last] == ["John Smith"]


@pytest.mark.parametrize(
    ("format", "build", "verbatim", "label"),
    cases([name for name in ODD_LABELS if name != "ten-thousand-characters"]),
)
def test_an_odd_label_never_credits_its_words_to_the_speaker_around_it(
    format, build, verbatim, label
):
    assert_credited_to_nobody_else(read(format, build, label), label)


@pytest.mark.parametrize(
    ("format", "build", "verbatim", "label"), cases(["ten-thousand-characters"])
)
def test_a_ten_thousand_character_label_is_refused_naming_the_limit_or_credits_nobody(
    format, build, verbatim, label
):
    try:
        parsed = read(format, build, label)
    except TranscriptError as error:
        assert re.search(r": (line|segment|utterance|item|block|cue) \d+", str(error))
        assert "over the limit of 200" in str(error)
        return
    assert_credited_to_nobody_else(parsed, label)


def hidden_cases() -> list:
    return [
        pytest.param(
            *case.values,
            id=case.id,
            marks=case.marks,
        )
        for case in cases(HIDDEN)
    ]


@pytest.mark.parametrize(("format", "build", "verbatim", "label"), hidden_cases())
def test_a_label_with_hidden_characters_credits_nobody(format, build, verbatim, label):
    parsed = read(format, build, label)
    assert [segment.label for segment in zebra_segments(parsed)] == [None]
    assert any(w.endswith("kept unattributed") for w in parsed.warnings)


# The exact warnings, one reader at a time.


@pytest.mark.parametrize(
    ("format", "text", "warning"),
    [
        (
            "markdown",
            "**Jane Doe:** Hi.\n**select * from x:** zebra\n\n**John Smith:** Yo.\n",
            "line 2: 'select * from x' is not read as a speaker name; kept unattributed",
        ),
        (
            "timestamped",
            "00:00:01 Jane Doe: Hi.\n00:00:05 jane roe: zebra\n00:00:09 John Smith: Yo.\n",
            "line 2: 'jane roe' is not read as a speaker name; kept unattributed",
        ),
        (
            "otter",
            "Jane Doe 00:01\nHi.\n\njane roe 00:05\nzebra\n\nJohn Smith 00:09\nYo.\n",
            "line 4: 'jane roe' is not read as a speaker name; kept unattributed",
        ),
        (
            "speakertime",
            "**Jane Doe** [0:01] Hi.\n**12345** [0:05] zebra\n**John Smith** [0:09] Yo.\n",
            "line 2: '12345' is not read as a speaker name; kept unattributed",
        ),
        (
            "html",
            "<p><b>Jane Doe:</b> Hi.</p>\n<p><b>http://x:</b> zebra</p>\n"
            "<p><b>John Smith:</b> Yo.</p>",
            "line 2: 'http://x' is not read as a speaker name; kept unattributed",
        ),
        (
            "plaintext",
            "Jane Doe: Hi.\n: zebra\nJohn Smith: Yo.\n",
            "line 2: an empty label is not read as a speaker name; kept unattributed",
        ),
    ],
    ids=["markdown", "timestamped", "otter", "speakertime", "html", "plaintext-empty"],
)
def test_the_warning_names_the_line_and_the_label(format, text, warning):
    parsed = read_transcript(text.encode(), source="x", format=format)
    assert parsed.warnings == [warning]


def test_nobody_carries_into_the_lines_after_an_unattributed_one():
    text = subrip("Jane Doe: Hi.", "jane roe: zebra", "still them", "John Smith: Yo.")
    parsed = read_transcript(text.encode(), source="x")
    assert [segment.label for segment in parsed.segments] == ["Jane Doe", None, None, "John Smith"]


def test_one_warning_per_refused_label_however_often_it_recurs():
    lines = "".join(f"jane roe: line {n}.\nJane Doe: reply {n}.\n" for n in range(40))
    parsed = read_transcript(lines.encode(), source="x.txt", format="plaintext")
    assert parsed.warnings == [
        "lines 1, 3, 5, 7, 9 and 35 more: 'jane roe' is not read as a speaker name; "
        "kept unattributed"
    ]


def test_past_twenty_refused_labels_the_rest_are_counted():
    lines = "".join(f"odd{n}!: words.\nJane Doe: reply.\n" for n in range(25))
    parsed = read_transcript(lines.encode(), source="x.txt", format="plaintext")
    assert len(parsed.warnings) == 21
    assert parsed.warnings[-1] == (
        "5 more label(s) on 5 line(s), from line 41, are not read as speaker names; "
        "kept unattributed"
    )


def test_a_name_shaped_label_past_the_limit_is_refused_naming_line_and_limit():
    text = "Jane Doe: Hi.\nJohn Smith: Yo.\n" + LONG_NAME + ": zebra\n"
    with pytest.raises(TranscriptError) as error:
        read_transcript(text.encode(), source="x.txt")
    assert str(error.value) == (
        "x.txt: line 3: speaker label is 10,000 characters long, over the limit of 200"
    )


def test_a_file_of_overlong_labels_says_so_rather_than_naming_no_format():
    text = f"{LONG_NAME}: zebra\nB{'b' * 300}: yak\n"
    with pytest.raises(TranscriptError) as error:
        read_transcript(text.encode(), source="x.txt")
    assert str(error.value) == (
        "x.txt: line 1: speaker label is 10,000 characters long, over the limit of 200"
    )


# Any label at all, by property: the zebra words are never a neighbour's. Run with
# HOSTILE_EXAMPLES=1000 to search harder than the suite does.

PIECES = [*"ab AB09:.,;-_*#<>/()[]{}'\"&@!?\t\u202e\ufffd\u200d\x00éßö🎙", "محمد", "-->", "**"]
LABEL_TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
# In these the time follows the name; a ": " there is another reader's "Name: text" line.
NAME_BEFORE_TIME = {"speakertime", "otter", "iheart"}


@settings(max_examples=int(__import__("os").environ.get("HOSTILE_EXAMPLES", 40)), deadline=None)
@given(label=LABEL_TEXT)
@pytest.mark.parametrize(
    "shape", [shape for shape in SHAPES if shape not in ("vtt-prefixes", "vtt-voices")]
)
def test_no_label_ever_credits_its_words_to_a_neighbour(shape, label):
    format, build, _ = SHAPES[shape]
    assume(not (format in NAME_BEFORE_TIME and ": " in label))
    # Text that opens like a sentence ("a few things:") is speech by the documented rule.
    empty = is_empty_label(label.replace("\u200b", ""))
    assume(is_label_like(label) or (empty and shape not in EMPTY_IS_NO_LABEL))
    try:
        parsed = read(format, build, label)
    except TranscriptError:
        return
    for segment in parsed.segments:
        if MARKER in segment.text:
            assert segment.label not in NEIGHBOURS
