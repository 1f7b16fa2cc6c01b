"""Hostile and odd files, through ``read_transcript`` as an upload reaches it.

Each file is built here (no binary blobs in the tree). For each the importer
gives either a correct parse or a ``TranscriptError`` that names the problem
and, where it has one, the place; never another exception. Large files are
read within a memory bound (tracemalloc's peak), never against a clock.
"""

import codecs
import json
import random
import tracemalloc

import pytest

from archive.formats import FORMATS, Limits, TranscriptError, read_transcript

TWO_SPEAKERS = "Jane Doe: Hello there.\nJohn Smith: Hi Jane.\n"
MB = 1024 * 1024


def refusal(data: bytes, source: str = "upload.txt", **options) -> str:
    with pytest.raises(TranscriptError) as refused:
        read_transcript(data, source=source, **options)
    message = str(refused.value)
    assert message.startswith(f"{source}: ")
    return message


def rows(parsed) -> list[tuple]:
    return [(s.label, s.start_ms, s.text) for s in parsed.segments]


def subrip(*timings: str) -> str:
    return "".join(
        f"{number}\n{timing}\nCue {number} words.\n\n"
        for number, timing in enumerate(timings, start=1)
    )


def p20json(*segments: dict) -> bytes:
    return json.dumps({"version": "1.0.0", "segments": list(segments)}).encode()


def segment(start=0, end=1, body="Hello.", speaker="Ada") -> dict:
    return {"speaker": speaker, "startTime": start, "endTime": end, "body": body}


def peak_mb(read) -> float:
    """The most memory ``read()`` held at once, in MB (a bound, not a timing)."""
    tracemalloc.start()
    try:
        read()
    except TranscriptError:
        pass
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak / MB


# --- empty, binary and images -----------------------------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b" \n\t\n\n", "\ufeff".encode()], ids=["empty", "blank", "bom"]
)
def test_an_empty_file_is_refused_as_empty(data):
    assert refusal(data) == "upload.txt: the file is empty"


MAGIC = {
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    "jpeg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
    "gif87": (b"GIF87a\x01\x00\x01\x00", "a GIF image"),
    "gif89": (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "a PDF document"),
    "zip": (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (a .zip, .docx or .xlsx file)"),
    "gzip": (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "a gzip-compressed file"),
    "mp3": (b"ID3\x03\x00\x00\x00\x00\x00\x00", "an MP3 audio file"),
    "wav": (b"RIFF\x24\x00\x00\x00WAVEfmt ", "a WAV audio file"),
    "webp": (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP image"),
    "mp4": (b"\x00\x00\x00\x18ftypmp42\x00\x00", "an MP4 or M4A media file"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "a Word or Excel 97-2003 document"),
    "sqlite": (b"SQLite format 3\x00\x10\x00", "an SQLite database"),
}


@pytest.mark.parametrize(("magic", "kind"), MAGIC.values(), ids=MAGIC.keys())
def test_a_known_binary_file_is_refused_saying_what_it_is(magic, kind):
    data = magic + bytes(range(256)) * 4
    assert refusal(data, source="episode.srt") == (
        f"episode.srt: this looks like {kind}, not a transcript"
    )


def test_random_bytes_are_refused_naming_the_first_bad_byte_and_its_line():
    data = b"Jane Doe: hi\n" + random.Random(13).randbytes(4096)
    message = refusal(data)
    assert message.startswith("upload.txt: line ")
    assert "is not valid UTF-8" in message


# --- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + TWO_SPEAKERS.encode(),
        codecs.BOM_UTF16_LE + TWO_SPEAKERS.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TWO_SPEAKERS.encode("utf-16-be"),
    ],
    ids=["utf-8-bom", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_unicode_with_a_byte_order_mark_is_read(data):
    parsed = read_transcript(data, source="x.txt")
    assert [s.label for s in parsed.segments] == ["Jane Doe", "John Smith"]
    assert parsed.warnings == []


@pytest.mark.parametrize(
    ("codec", "order"), [("utf-16-le", "little-endian"), ("utf-16-be", "big-endian")]
)
def test_utf16_that_lost_its_byte_order_mark_is_read_with_a_warning(codec, order):
    parsed = read_transcript(TWO_SPEAKERS.encode(codec), source="x.txt")
    assert [s.label for s in parsed.segments] == ["Jane Doe", "John Smith"]
    assert parsed.warnings == [
        f"no byte-order mark, but every other byte is zero: read as {order} UTF-16"
    ]


def test_latin1_is_refused_naming_the_line_and_byte():
    data = "Jane Doe: Hello.\nJohn Smith: Café au lait.\n".encode("latin-1")
    assert refusal(data).startswith("upload.txt: line 2: byte 0xe9 at offset 32 is not valid UTF-8")


def test_broken_utf16_is_refused():
    data = codecs.BOM_UTF16_LE + "Jane Doe: hi\n".encode("utf-16-le") + b"\x00\xd8"
    assert "not valid UTF-16" in refusal(data)


# --- content that contradicts its name --------------------------------------------------


def test_json_called_srt_is_read_by_its_content_with_a_warning():
    parsed = read_transcript(p20json(segment()), source="episode.srt")
    assert parsed.format == "p20json"
    assert parsed.warnings == [
        "the file is named 'episode.srt' but looks like a JSON document; read by what it holds"
    ]


@pytest.mark.parametrize(
    ("data", "source", "format", "kind"),
    [
        (subrip("00:00:01,000 --> 00:00:02,000"), "episode.json", "srt", "a SubRip file"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi.\n", "episode.srt", "vtt", "a WebVTT file"),
        (
            "<html><body><p><b>Ana:</b> hi</p><p><b>Ben:</b> ho</p></body></html>",
            "episode.vtt",
            "html",
            "an HTML page",
        ),
    ],
    ids=["srt-called-json", "vtt-called-srt", "html-called-vtt"],
)
def test_a_transcript_under_the_wrong_extension_is_read_with_a_warning(data, source, format, kind):
    parsed = read_transcript(data.encode(), source=source)
    assert parsed.format == format
    assert f"the file is named {source!r} but looks like {kind}; read by what it holds" in (
        parsed.warnings
    )


def test_a_json_document_of_no_transcript_shape_is_refused():
    refusal(json.dumps({"hello": "world"}).encode(), source="episode.srt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (json.dumps({"hello": "world"}), "a JSON document"),
        ('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "an RSS feed"),
    ],
    ids=["json", "rss"],
)
def test_a_document_of_no_transcript_shape_is_refused_saying_what_it_is(data, kind):
    assert f"this looks like {kind}" in refusal(data.encode(), source="episode.srt")


def test_json_forced_through_a_text_reader_says_what_it_is():
    message = refusal(json.dumps({"hello": "world"}).encode(), source="x.srt", format="srt")
    assert message.endswith("; this looks like a JSON document, not SubRip")


# --- times ------------------------------------------------------------------------------

GOOD = "00:00:01,000 --> 00:00:02,000"
LATER = "00:00:05,000 --> 00:00:06,000"


@pytest.mark.parametrize(
    ("timing", "problem"),
    [
        ("00:00:0x,000 --> 00:00:02,000", "'00:00:0x,000' is not a time"),
        ("00:00:09,000 --> 00:00:03,000", "ends (3.000 s) before it starts (9.000 s)"),
        ("-00:00:01,000 --> 00:00:02,000", "'-00:00:01,000' is not a time"),
        ("00:00:01,000 --> NaN", "'NaN' is not a time"),
        ("00:61:00,000 --> 00:62:00,000", "'00:61:00,000' is not a valid time"),
        (
            "00:00:01,000 -> 00:00:02,000",
            "'00:00:01,000 -> 00:00:02,000' is not a timing line like "
            "00:00:01,000 --> 00:00:04,000",
        ),
    ],
    ids=["letter", "end-before-start", "negative", "nan", "minute-61", "short-arrow"],
)
def test_a_subrip_cue_with_broken_times_is_skipped_and_the_rest_read(timing, problem):
    parsed = read_transcript(subrip(GOOD, timing, LATER).encode(), source="x.srt")
    assert [s.text for s in parsed.segments] == ["Cue 1 words.", "Cue 3 words."]
    assert [w for w in parsed.warnings if "cue skipped" in w] == [
        f"cue 2, line 6: {problem}; cue skipped with its 1 text line(s)"
    ]


def test_a_nul_in_a_timing_line_never_makes_it_valid():
    data = subrip(GOOD, "00:00:0\x003,000 --> 00:00:04,000", LATER).encode()
    parsed = read_transcript(data, source="x.srt")
    assert [s.text for s in parsed.segments] == ["Cue 1 words.", "Cue 3 words."]
    assert parsed.warnings == [
        "line 6: control character U+0000 replaced with U+FFFD",
        "cue 2, line 6: '00:00:0\ufffd3,000' is not a time; cue skipped with its 1 text line(s)",
    ]


def test_a_file_whose_first_cue_is_broken_is_still_read_as_subrip():
    data = subrip("00:00:0\x011,000 --> 00:00:02,000", LATER).encode()
    parsed = read_transcript(data, source="x.srt")
    assert parsed.format == "srt"
    assert [s.text for s in parsed.segments] == ["Cue 2 words."]


def test_a_subrip_file_without_one_valid_cue_is_refused_naming_the_first():
    message = refusal(subrip("00:00:0x,000 --> 00:00:02,000", "junk --> junk").encode())
    assert message == (
        "upload.txt: cue 1, line 2: '00:00:0x,000' is not a time; "
        "no cue in the file has a valid timing line"
    )


def test_out_of_order_cues_are_read_in_source_order_with_a_warning():
    parsed = read_transcript(subrip(LATER, GOOD).encode(), source="x.srt")
    assert [s.start_ms for s in parsed.segments] == [5_000, 1_000]
    assert parsed.warnings == [
        "1 segment(s) start before the segment above them (cue 2); kept in source order"
    ]


def test_a_cue_past_a_day_is_read_and_one_past_the_limit_refused():
    parsed = read_transcript(subrip("25:00:00,000 --> 25:00:01,000").encode(), source="x.srt")
    assert [s.start_ms for s in parsed.segments] == [90_000_000]
    message = refusal(subrip("49:00:00,000 --> 49:00:01,000").encode())
    assert message == "upload.txt: cue 1: start time 176400.000 s is past the 48-hour limit"


@pytest.mark.parametrize(
    ("text", "format", "line"),
    [
        ("Emma  0:00\nHi.\n\nKelly  0:0\x001\nBroken.\n\nEmma  0:09\nBye.\n", "otter", 4),
        ("00:00:01 Hi.\n00:0\x00:02 Broken.\n00:00:09 Bye.\n", "timestamped", 2),
        (
            "Speaker 1 (00:01):\nHi.\n\nSpeaker 2 (0\x00:05):\nBroken.\n\n(00:09):\nBye.\n",
            "iheart",
            4,
        ),
        (
            "**Kelly** [0:01] Hi.\n**Ravi** [0:0\x005] Broken.\n**Kelly** [0:09] Bye.\n",
            "speakertime",
            2,
        ),
    ],
    ids=["otter", "timestamped", "iheart", "speakertime"],
)
def test_a_control_character_in_a_header_time_skips_that_block_only(text, format, line):
    parsed = read_transcript(text.encode(), source="x", format=format)
    assert [s.text for s in parsed.segments] == ["Hi.", "Bye."]
    skipped = [w for w in parsed.warnings if "broken time" in w]
    assert len(skipped) == 1
    assert skipped[0].startswith(f"line {line}: ")
    assert skipped[0].endswith("; skipped with the text under it")


def test_nobody_carries_past_a_skipped_block():
    text = "Speaker 1 (00:01):\nHi.\n\nSpeaker 2 (00:75):\nBroken.\n\n(00:09):\nBye.\n"
    parsed = read_transcript(text.encode(), source="x", format="iheart")
    assert [s.label for s in parsed.segments] == ["Speaker 1", None]


# --- JSON -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"version": "1.0.0", "segments": [{"startTime": NaN, "body": "x"}]}', "segment 1"),
        (b'{"version": "1.0.0", "segments": [{"startTime": Infinity, "body": "x"}]}', "finite"),
        (p20json(segment(), segment(start=-1)), "segment 2: start time is negative"),
        (p20json(segment(start=1e300)), "segment 1: startTime: time 1e+300 is out of range"),
        (p20json(segment(start="abc")), "segment 1: startTime: time 'abc' is not a number"),
        (p20json(segment(start=True)), "segment 1: startTime: time True is not a number"),
        (p20json(segment(speaker=["Ada"])), "segment 1: speaker should be text, found a list"),
        (p20json(segment(body=42)), "segment 1: body should be text, found the number 42"),
        (p20json(segment(), "Ada"), "segment 2: expected an object with fields, found text"),
        (b'{"version": "1.0.0", "segments": {"a": 1}}', 'expected a "segments" list'),
        (b"[" * 10_000 + b"]" * 10_000, "nested 10000 levels deep, over the limit of 64"),
        (b'{"segments": [' + b'{"a": ' * 70 + b"1" + b"}" * 70 + b"]}", "over the limit of 64"),
        (b'{"version": "1.0.0", "segments": [{"startTime": 1, "body": ', "not valid JSON"),
        (b'{"version": "1.0.0", "segments": [{"startTime": 1' + b"0" * 5000, "not valid JSON"),
    ],
    ids=[
        "nan",
        "infinity",
        "negative",
        "huge",
        "text-time",
        "bool-time",
        "list-speaker",
        "number-body",
        "string-segment",
        "segments-object",
        "deep-arrays",
        "deep-objects",
        "truncated",
        "huge-integer",
    ],
)
def test_wrongly_shaped_json_is_refused_naming_the_problem(data, expected):
    assert expected in refusal(data, source="x.json", format="p20json")


@pytest.mark.parametrize(
    ("format", "document", "expected"),
    [
        ("speakermap", {"segments": [{"start": "soon", "text": "hi"}]}, "segment 1: start"),
        ("speakermap", {"segments": [{"start": 1}]}, "segment 1: text is missing"),
        ("utterances", {"text": "x", "utterances": None}, "ran without speaker labels"),
        ("utterances", {"results": {"utterances": "no"}}, 'expected an "utterances" list'),
        ("utterances", {"utterances": [{"start": 1, "text": 5}]}, "utterance 1: text should"),
        ("awstranscribe", {"results": {"items": "no"}}, 'expected "results"'),
        ("awstranscribe", {"results": {"items": [{"alternatives": []}]}}, "item 1: alternatives"),
        ("awstranscribe", {"results": {"items": [[]]}}, "item 1: expected an object"),
        ("p20json", "just a string", 'expected a "segments" list'),
        ("p20json", None, 'expected a "segments" list'),
    ],
    ids=[
        "speakermap-time",
        "speakermap-no-text",
        "assemblyai-null",
        "deepgram-shape",
        "assemblyai-number-text",
        "aws-items",
        "aws-alternatives",
        "aws-item-list",
        "top-level-string",
        "top-level-null",
    ],
)
def test_each_json_reader_refuses_the_wrong_shape_naming_where(format, document, expected):
    assert expected in refusal(json.dumps(document).encode(), source="x.json", format=format)


def test_a_speaker_map_name_with_hidden_characters_is_ignored_with_a_warning():
    document = {
        "speakers": {"spk_0": "\u202enhoJ", "spk_1": "Eoin"},
        "segments": [{"start": 0, "end": 1, "text": "hi", "speakerLabel": "spk_0"}],
    }
    parsed = read_transcript(json.dumps(document).encode(), source="x.json")
    assert parsed.label_names == {"spk_1": "Eoin"}
    assert parsed.warnings == [
        "speakers: the name for 'spk_0' holds invisible formatting characters (U+202E); ignored"
    ]


# --- control, bidi and zero-width characters in speech ----------------------------------


def test_control_characters_in_speech_become_replacement_characters_with_warnings():
    text = "Jane Doe: one\x00two\x1bthree\x7ffour\x85five\nJohn Smith: fine.\n"
    parsed = read_transcript(text.encode(), source="x.txt")
    assert parsed.segments[0].text == "one\ufffdtwo\ufffdthree\ufffdfour\ufffdfive"
    assert len(parsed.warnings) == 4
    assert all(w.startswith("line 1: control character U+") for w in parsed.warnings)


def test_bidi_controls_and_joiners_in_speech_are_kept_as_text():
    speech = "\u202eabc\u202c \u2067שלום\u2069 \U0001f469\u200d\U0001f33e"
    parsed = read_transcript(f"Jane Doe: {speech}\nJohn Smith: fine.\n".encode(), source="x")
    assert parsed.segments[0].text == speech


def test_zero_width_spaces_never_hide_a_label():
    text = "Ja\u200bne Doe: hi\n\u2060John Smith\ufeff: yo\n"
    parsed = read_transcript(text.encode(), source="x.txt")
    assert [s.label for s in parsed.segments] == ["Jane Doe", "John Smith"]


# --- size -------------------------------------------------------------------------------

FIVE_MB_OF_WORDS = "word " * (MB)


@pytest.mark.parametrize(
    ("data", "source", "location"),
    [
        (f"Jane Doe: hi\nJohn Smith: {FIVE_MB_OF_WORDS}\n".encode(), "x.txt", "line 2"),
        (p20json(segment(), segment(body=FIVE_MB_OF_WORDS)), "x.json", "segment 2"),
        (subrip(GOOD).replace("Cue 1 words.", FIVE_MB_OF_WORDS).encode(), "x.srt", "cue 1"),
    ],
    ids=["plaintext", "p20json", "srt"],
)
def test_a_five_megabyte_utterance_is_refused_naming_it_and_the_limit(data, source, location):
    message = refusal(data, source=source)
    assert message.startswith(f"{source}: {location}: one utterance is 5,242,8")
    assert "over the limit of 100,000" in message


def test_the_utterance_limit_is_a_setting_of_its_own():
    assert Limits().max_utterance_chars == 100_000
    assert Limits(max_utterance_chars=10).max_utterance_chars == 10


@pytest.mark.parametrize(
    "line",
    [
        "x" * (5 * MB),
        "a: " * (5 * MB // 3),
        ":" * (5 * MB),
        " " * (5 * MB) + "x",
        "**" * (5 * MB // 2),
        "[0:00] " * (5 * MB // 7),
        "<p>" * (5 * MB // 3),
        "Jane Doe  " + " " * (5 * MB) + "0:00",
    ],
    ids=["letters", "colons-and-spaces", "colons", "spaces", "bold-marks", "anchors", "tags",
         "wide-gap"],
)  # fmt: skip
def test_a_five_megabyte_line_is_read_or_refused_within_a_memory_bound(line):
    data = f"Jane Doe: hi\nJohn Smith: yo\n{line}\n".encode()
    assert peak_mb(lambda: read_transcript(data, source="x.txt")) < 200


def test_fifty_thousand_cues_are_read_within_a_memory_bound():
    cues = "".join(
        f"{n}\n{n // 3600:02}:{n // 60 % 60:02}:{n % 60:02},000 --> "
        f"{n // 3600:02}:{n // 60 % 60:02}:{n % 60:02},500\nSpeaker {n % 3}: words {n}\n\n"
        for n in range(1, 50_001)
    ).encode()
    parsed = []
    peak = peak_mb(lambda: parsed.append(read_transcript(cues, source="x.srt")))
    assert len(parsed[0].segments) == 50_000
    assert peak < 150


def test_fifty_thousand_json_segments_are_read():
    data = p20json(*(segment(start=n, end=n + 0.5, body=f"w{n}") for n in range(50_000)))
    assert len(read_transcript(data, source="x.json").segments) == 50_000


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    message = refusal(b"x" * 2048, limits=Limits(max_bytes=1024))
    assert message == "upload.txt: file is 2,048 bytes, over the 1,024-byte limit"


# --- every reader, every hostile file ---------------------------------------------------

HOSTILE = {
    "empty": b"",
    "nul-bytes": b"\x00" * 64,
    "png": MAGIC["png"][0],
    "random": random.Random(7).randbytes(512),
    "utf16-no-bom": TWO_SPEAKERS.encode("utf-16-le"),
    "json-array-of-numbers": b"[1, 2, 3]",
    "json-nested-junk": json.dumps({"segments": [[[{"a": [None]}]]] * 3}).encode(),
    "json-nulls": json.dumps({"segments": [None, None], "utterances": None}).encode(),
    "xml": b'<?xml version="1.0"?><rss><channel><item/></channel></rss>',
    "html-unclosed": b"<p><b>Ana:</b> <time>0:0\x00</time> <cite>",
    "timing-junk": b"1\n--> -->\n\n2\n00:00:01,000 --> 99:99:99,999\n\x00\n",
    "header-junk": b"WEBVTT\n\nNOTE\n\n-->\n\n00:00:01.000 --> 00:00:00.500\nhi\n",
    "labels-only": b":\n::\n: :\n**:**\n<b>:</b>\n",
    "bidi-and-zero-width": "\u202e: \u200d\n\u2066\u2069: x\n\ufeff\u200b: y\n".encode(),
    "times-only": b"00:00:01\n(00:02):\n[0:03]\n0:04  \n",
    "long-name": ("A" * 10_000 + ": hi\n").encode(),
}


@pytest.mark.parametrize("format", sorted(FORMATS))
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_every_reader_gives_a_parse_or_a_clear_refusal(format, name):
    try:
        parsed = read_transcript(HOSTILE[name], source="hostile.bin", format=format)
    except TranscriptError as error:
        assert str(error).startswith("hostile.bin: ")
        assert error.problem.strip()
    else:
        assert any(s.text.strip() for s in parsed.segments)
        assert all(s.label is None or s.label.strip() for s in parsed.segments)
