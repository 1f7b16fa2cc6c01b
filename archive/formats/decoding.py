"""Bytes to text: encodings, line endings and control characters, once for every format."""

from __future__ import annotations

import codecs
import re
from collections import defaultdict

from . import sniff
from .base import ZERO_WIDTH, Limits, TranscriptError, describe_lines

# C0 controls except tab and newline, DEL, and C1 controls. A raw NUL is refused by
# PostgreSQL and kept silently by SQLite, so none of these ever reaches the database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Vertical tab and form feed are line and page breaks in exported text: read as spaces.
SPACING_CONTROLS = frozenset("\x0b\x0c")
REPLACEMENT = "\ufffd"
# A DOS end-of-file mark (Ctrl-Z) closing the file is no text.
END_OF_FILE_MARK = "\x1a"
# Word-processor and web-page noise: no-break spaces become plain spaces (so "Ann\u00a0Lee:"
# is a label like "Ann Lee:") and invisible zero-width spaces, word joiners and stray
# BOMs (``ZERO_WIDTH``) go. ZWJ/ZWNJ stay: they spell emoji and Persian and Indic words.
NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")


def decode_transcript(data: bytes, *, source: str, limits: Limits) -> tuple[str, list[str]]:
    """Decode ``data`` to text with ``\\n`` line ends, replacing control characters.

    UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when
    every other byte is zero) are read; a known binary file (an image, a PDF,
    a ZIP) is refused saying what it is, and anything else undecodable with the
    line and byte offset of the first bad byte rather than stored as mojibake.

    A control character becomes U+FFFD, as WebVTT's parser turns a NUL: deleting
    it could turn a broken timestamp into a valid-looking one, and a U+FFFD
    makes the timing that holds it invalid. Vertical tabs and form feeds read
    as spaces. Returns the text and warnings naming the lines changed, and
    one when the content contradicts the file's extension. U+2028/U+2029 are
    left alone: they are text, not line breaks of any transcript format, so
    parsers split on ``\\n`` only. No-break spaces are read as spaces and
    zero-width spaces are dropped.
    """
    check_size(len(data), source=source, limits=limits)
    kind = sniff.binary_kind(data)
    if kind:
        raise TranscriptError(f"this looks like {kind}, not a transcript", source=source)
    text, warnings = _decode_bytes(data, source=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ZERO_WIDTH.sub("", NO_BREAK_SPACES.sub(" ", text))
    text, replaced = _replace_control_characters(text)
    mismatch = sniff.name_mismatch(source, text)
    return text, warnings + replaced + ([mismatch] if mismatch else [])


def check_size(size: int, *, source: str, limits: Limits) -> None:
    """Refuse a file over the byte limit (callers holding a path check before reading it)."""
    if size > limits.max_bytes:
        raise TranscriptError(
            f"file is {size:,} bytes, over the {limits.max_bytes:,}-byte limit", source=source
        )


def _decode_bytes(data: bytes, *, source: str) -> tuple[str, list[str]]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_utf16(data, "utf-16", source=source), []
    codec = sniff.utf16_without_bom(data)
    if codec:
        byte_order = "little-endian" if codec.endswith("le") else "big-endian"
        note = f"no byte-order mark, but every other byte is zero: read as {byte_order} UTF-16"
        return _decode_utf16(data, codec, source=source), [note]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TranscriptError(
            f"byte 0x{data[error.start]:02x} at offset {error.start} is not valid UTF-8; "
            "save the file as UTF-8 (or UTF-16 with a BOM) and try again",
            source=source,
            location=f"line {line}",
        ) from None


def _decode_utf16(data: bytes, codec: str, *, source: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        raise TranscriptError(f"not valid UTF-16 at byte {error.start}", source=source) from None


def _replace_control_characters(text: str) -> tuple[str, list[str]]:
    """Control characters to U+FFFD (vertical tab and form feed to spaces), a DOS
    end-of-file mark at the very end dropped; warnings name the lines, per character."""
    if text.endswith(END_OF_FILE_MARK):
        text = text[:-1]
    if not CONTROL_CHARACTERS.search(text):
        return text, []
    lines_with = defaultdict(list)
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = set(CONTROL_CHARACTERS.findall(line))
        if found:
            for char in found:
                lines_with[char].append(number)
            lines[number - 1] = CONTROL_CHARACTERS.sub(_replacement, line)
    return "\n".join(lines), [
        f"{describe_lines(numbers)}: {_what_became_of(char)}"
        for char, numbers in sorted(lines_with.items())
    ]


def _replacement(match: re.Match[str]) -> str:
    return " " if match[0] in SPACING_CONTROLS else REPLACEMENT


def _what_became_of(char: str) -> str:
    name = f"U+{ord(char):04X}"
    if char in SPACING_CONTROLS:
        return f"control character {name} read as a space"
    return f"control character {name} replaced with U+FFFD"
