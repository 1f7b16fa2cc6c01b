"""Choosing a format from the content alone, overriding it, and the bytes-to-text step."""

import codecs
import json

import pytest

from archive.formats import FORMATS, TranscriptError, read_transcript, sniff

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


def test_png_image_is_refused_saying_what_it_is():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
    with pytest.raises(TranscriptError) as error:
        read_transcript(png, source="cover.png")
    assert str(error.value) == "cover.png: this looks like a PNG image, not a transcript"


def test_unknown_binary_is_refused_at_its_first_bad_byte():
    with pytest.raises(TranscriptError) as error:
        read_transcript(b"\xc3\x28 junk", source="blob.bin")
    assert str(error.value).startswith("blob.bin: line 1: byte 0xc3 at offset 0 is not valid UTF-8")


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
    # Markdown reads a plain label too, so no line joins another speaker's paragraph.
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Jane Doe", "Hello, café."),
        ("John Smith", "Hi Jane."),
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


def test_control_characters_become_replacement_characters_with_a_warning_naming_the_line():
    data = "Jane Doe: Hel\x00lo, café.\nJohn Smith: Hi\x07 Jane.\x1b\n".encode()
    parsed = read_transcript(data, source="x")
    assert [(s.label, s.text) for s in parsed.segments] == [
        ("Jane Doe", "Hel\ufffdlo, café."),
        ("John Smith", "Hi\ufffd Jane.\ufffd"),
    ]
    assert parsed.warnings == [
        "line 1: control character U+0000 replaced with U+FFFD",
        "line 2: control character U+0007 replaced with U+FFFD",
        "line 2: control character U+001B replaced with U+FFFD",
    ]


def test_form_feed_and_vertical_tab_read_as_spaces_and_a_final_ctrl_z_goes():
    data = "Jane Doe: Hello,\x0ccafé.\nJohn Smith: Hi\x0bJane.\n\x1a".encode()
    parsed = read_transcript(data, source="x")
    assert_two_speakers(parsed)
    assert parsed.warnings == [
        "line 2: control character U+000B read as a space",
        "line 1: control character U+000C read as a space",
    ]


def test_utf16_without_a_bom_is_read_with_a_warning():
    parsed = read_transcript(TWO_SPEAKERS.encode("utf-16-le"), source="x")
    assert_two_speakers(parsed)
    assert parsed.warnings == [
        "no byte-order mark, but every other byte is zero: read as little-endian UTF-16"
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


# What a file is when it is not what its name says (``sniff``).


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"a": 1}', "a JSON document"),
        ('  [{"a": 1}]', "a JSON document"),
        ("[1, 2]", "a JSON document"),
        ("[00:01:02] Jane: hi", None),
        ("{\\rtf1\\ansi hi}", "an RTF document"),
        ("WEBVTT\n\n", "a WebVTT file"),
        ("1\n00:00:01,000 --> 00:00:02,000\nhi", "a SubRip file"),
        ('<?xml version="1.0"?>\n<rss version="2.0">', "an RSS feed"),
        ('<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml">', "a TTML subtitle file"),
        ('<?xml version="1.0"?>\n<root/>', "an XML document"),
        ("<!DOCTYPE html><html>", "an HTML page"),
        ('<svg xmlns="http://www.w3.org/2000/svg">', "an SVG image"),
        ("<cite>Ana:</cite>", "an HTML or XML document"),
        ("Jane Doe: hi", None),
        ("<3 this show", None),
    ],
)
def test_sniff_names_the_kind_of_document_a_text_opens_like(text, kind):
    assert sniff.text_kind(text) == kind


@pytest.mark.parametrize(
    ("source", "text", "warned"),
    [
        ("a.srt", '{"segments": []}', True),
        ("a.json", "Jane Doe: hi", True),
        ("a.vtt", "<html><body>", True),
        ("a.txt", "Jane Doe: hi", False),
        ("a.md", "<!-- notes -->\n**Jane:** hi", False),
        ("a.html", "<cite>Ana:</cite>", False),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi", False),
        ("upload", '{"segments": []}', False),
        ("a.bin", "WEBVTT", False),
    ],
)
def test_a_warning_only_when_the_content_contradicts_the_extension(source, text, warned):
    assert (sniff.name_mismatch(source, text) is not None) == warned


def test_no_corpus_transcript_contradicts_its_own_name(corpus):
    for name in CORPUS_FORMATS:
        parsed = read_transcript((corpus / name).read_bytes(), source=name)
        assert not [w for w in parsed.warnings if "the file is named" in w], name
