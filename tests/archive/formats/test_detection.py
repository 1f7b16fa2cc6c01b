"""Choosing a format from the content alone, overriding it, and the bytes-to-text step."""

import codecs
import json

import pytest

from archive.formats import FORMATS, TranscriptError, read_transcript

# Every transcript in ../shared/corpus and the format that must claim it, by hand from SOURCES.md.
CORPUS_FORMATS = {
    "html_buzzcast_saved-full-document.html": "html",
    "html_buzzsprout-example_fragment-entities.html": "html",
    "html_podnews-2023-03-17_first-block-no-cite.html": "html",
    "json_awsbites-100_podwhisperer-speaker-map.json": "speakermap",
    "otter_ladybug-62_security.txt": "otter",
    "p20json_buzzcast_phrases-equal-times.json": "p20json",
    "p20json_podnews-2023-05-05_phrases.json": "p20json",
    "p20json_podnews-2023-06-02_words-space-tokens.json": "p20json",
    "srt_buzzcast_name-prefix-on-turn-start.srt": "srt",
    "srt_podcasting20-ep124_name-prefix-unknown.srt": "srt",
    "txt_changelog-662_bold-name-colon.md": "markdown",
    "txt_ladybug-46_otter-markdown-mixed-bold.md": "otter",
    "txt_talkpython-300_timestamp-no-speaker.txt": "timestamped",
    "txt_talkpython-555_timestamp-voice-tag.txt": "timestamped",
    "vtt_buzzsprout-podcasting-qa_crlf-entities.vtt": "vtt",
    "vtt_omny-sysk_speaker-n_single-digit-hour.vtt": "vtt",
    "vtt_podnews-weekly-2024-01-19_speaker-n_seconds-only.vtt": "vtt",
    "vtt_talkpython-555_named-voices.vtt": "vtt",
    "vtt_youtube-talkpython-353_dash-turns.vtt": "vtt",
    "vtt_youtube-talkpython-404_chevron-turns.vtt": "vtt",
}
RSS_FEEDS = [
    "rss_mike-neumann-show_channel-host-item-guest_transcript.xml",
    "rss_no-agenda_person-without-role.xml",
    "rss_omny-seattle-official_transcript-only_current-ns.xml",
    "rss_podcasting20_person-host-guest_transcript-srt.xml",
    "rss_techdirt_itunes-only.xml",
]
TWO_SPEAKERS = "Jane Doe: Hello, café.\nJohn Smith: Hi Jane.\n"


def assert_lists_formats_tried(message: str) -> None:
    assert "not a transcript format the archive reads (tried " in message
    for module in FORMATS.values():
        assert module.TITLE in message


def test_every_corpus_transcript_has_an_expected_format(corpus):
    on_disk = {
        path.name
        for path in corpus.iterdir()
        if path.name not in ("SOURCES.md", "EXPECTED.md") and not path.name.startswith("rss_")
    }
    assert on_disk == set(CORPUS_FORMATS)


@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_FORMATS.items()))
def test_corpus_transcript_is_detected_with_a_reason(corpus, name, expected):
    parsed = read_transcript((corpus / name).read_bytes(), source=name)
    assert parsed.format == expected
    assert parsed.detected_because.strip()
    assert parsed.detected_because != "chosen explicitly"


@pytest.mark.parametrize(("name", "expected"), sorted(CORPUS_FORMATS.items()))
def test_detection_ignores_the_file_name(corpus, name, expected):
    parsed = read_transcript((corpus / name).read_bytes(), source="upload.bin")
    assert parsed.format == expected


@pytest.mark.parametrize("name", RSS_FEEDS)
def test_rss_feed_is_refused_listing_the_formats_tried(corpus, name):
    with pytest.raises(TranscriptError) as error:
        read_transcript((corpus / name).read_bytes(), source=name)
    assert str(error.value).startswith(f"{name}: ")
    assert_lists_formats_tried(str(error.value))


def test_english_paragraph_is_refused_listing_the_formats_tried():
    prose = b"We went to the market on Saturday. It rained, so we came home early.\n"
    with pytest.raises(TranscriptError) as error:
        read_transcript(prose, source="notes.txt")
    assert str(error.value).startswith("notes.txt: ")
    assert str(error.value).endswith("pass --format to force one")
    assert_lists_formats_tried(str(error.value))


def test_png_image_is_refused_at_its_first_byte():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    with pytest.raises(TranscriptError) as error:
        read_transcript(png, source="cover.png")
    assert str(error.value).startswith(
        "cover.png: line 1: byte 0x89 at offset 0 is not valid UTF-8"
    )


def test_empty_file_is_refused():
    with pytest.raises(TranscriptError) as error:
        read_transcript(b" \n\n", source="empty.txt")
    assert str(error.value) == "empty.txt: the file is empty"


def test_explicit_format_overrides_detection(corpus):
    data = (corpus / "txt_changelog-662_bold-name-colon.md").read_bytes()
    parsed = read_transcript(data, source="x.md", format="plaintext")
    assert parsed.format == "plaintext"
    assert parsed.detected_because == "chosen explicitly"
    # Plain text does not read **bold** labels, so nobody is named.
    assert {segment.label for segment in parsed.segments} == {None}


def test_explicit_format_reads_what_detection_would_give_another():
    parsed = read_transcript(TWO_SPEAKERS.encode(), source="x.txt", format="markdown")
    assert parsed.format == "markdown"
    # Markdown has no plain labels, and joins the two lines of one paragraph.
    assert [(s.label, s.text) for s in parsed.segments] == [
        (None, "Jane Doe: Hello, café. John Smith: Hi Jane.")
    ]


def test_unknown_format_name_is_refused_listing_the_known_ones():
    with pytest.raises(TranscriptError) as error:
        read_transcript(TWO_SPEAKERS.encode(), source="x.txt", format="docx")
    message = str(error.value)
    assert message.startswith("x.txt: unknown format 'docx' (known: ")
    assert "markdown" in message
    assert "plaintext" in message


# Bytes to text, seen through a plain-text transcript.


def assert_two_speakers(parsed) -> None:
    assert parsed.format == "plaintext"
    assert [(s.label, s.text, s.location) for s in parsed.segments] == [
        ("Jane Doe", "Hello, café.", "line 1"),
        ("John Smith", "Hi Jane.", "line 2"),
    ]


def test_utf8_with_bom_is_read_without_the_bom():
    assert_two_speakers(read_transcript(codecs.BOM_UTF8 + TWO_SPEAKERS.encode(), source="x"))


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom_is_read(bom, encoding):
    assert_two_speakers(read_transcript(bom + TWO_SPEAKERS.encode(encoding), source="x"))


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_crlf_and_cr_line_endings_are_read_as_lines(line_end):
    data = TWO_SPEAKERS.replace("\n", line_end).encode()
    assert_two_speakers(read_transcript(data, source="x"))


def test_undecodable_byte_is_refused_naming_the_line():
    data = b"Jane Doe: Hello.\nJohn Smith: caf\xe9\n"
    with pytest.raises(TranscriptError) as error:
        read_transcript(data, source="latin1.txt")
    message = str(error.value)
    assert message.startswith("latin1.txt: line 2: byte 0xe9 at offset 32 is not valid UTF-8")


def test_control_characters_are_stripped_with_a_warning_naming_the_line():
    data = "Jane Doe: Hel\x00lo, café.\nJohn Smith: Hi\x07 Jane.\x1b\n".encode()
    parsed = read_transcript(data, source="x")
    assert_two_speakers(parsed)
    assert parsed.warnings[:2] == [
        "line 1: removed control character(s) U+0000",
        "line 2: removed control character(s) U+0007, U+001B",
    ]


def test_u2028_inside_text_is_not_a_line_break():
    data = "Jane Doe: one\u2028John Smith: two\nJohn Smith: three\n".encode()
    parsed = read_transcript(data, source="x")
    assert [s.label for s in parsed.segments] == ["Jane Doe", "John Smith"]
    assert parsed.segments[0].text == "one\u2028John Smith: two"
    assert parsed.segments[1].location == "line 2"


def test_no_break_and_zero_width_spaces_do_not_hide_a_label():
    data = "Jane\u00a0Doe: Hello, café.\n\u200bJohn Smith:\u202fHi\u2060 Jane.\n".encode()
    parsed = read_transcript(data, source="x")
    assert_two_speakers(parsed)
    assert parsed.segments[1].text == "Hi Jane."
    assert parsed.warnings == []


def test_zero_width_joiners_stay_in_the_text():
    data = "Jane Doe: \U0001f469\u200d\U0001f33e café.\nJohn Smith: Hi Jane.\n".encode()
    parsed = read_transcript(data, source="x")
    assert parsed.segments[0].text == "\U0001f469\u200d\U0001f33e café."


def test_a_json_import_parses_the_document_once(monkeypatch):
    loads = json.loads
    calls = []
    monkeypatch.setattr(json, "loads", lambda text: calls.append(len(text)) or loads(text))
    item = {"type": "pronunciation", "start_time": "0.1", "end_time": "0.4"}
    document = {"results": {"items": [{**item, "alternatives": [{"content": "Ahoy"}]}]}}

    parsed = read_transcript(json.dumps(document).encode(), source="job.json")

    assert parsed.format == "awstranscribe"
    assert len(calls) == 1
