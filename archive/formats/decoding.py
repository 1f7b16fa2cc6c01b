"""Bytes to text: encodings, line endings and control characters, once for every format."""

from __future__ import annotations

import codecs
import re

from .base import Limits, TranscriptError

# C0 controls except tab and newline, DEL, and C1 controls. A raw NUL is refused by
# PostgreSQL and kept silently by SQLite, so none of these ever reaches the database.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Word-processor and web-page noise: no-break spaces become plain spaces (so "Ann\u00a0Lee:"
# is a label like "Ann Lee:") and invisible zero-width spaces, word joiners and stray
# BOMs go. ZWJ/ZWNJ stay: they spell emoji and words in Persian and Indic scripts.
NO_BREAK_SPACES = re.compile("[\u00a0\u2007\u202f]")
ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")


def decode_transcript(data: bytes, *, source: str, limits: Limits) -> tuple[str, list[str]]:
    """Decode ``data`` to text with ``\\n`` line ends, stripping control characters.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read; anything else
    is refused with the line and byte offset of the first bad byte rather than
    stored as mojibake. Returns the text and warnings naming each line that
    lost a control character. U+2028/U+2029 are left alone: they are text, not
    line breaks of any transcript format, so parsers split on ``\\n`` only.
    No-break spaces are read as spaces and zero-width spaces are dropped.
    """
    check_size(len(data), source=source, limits=limits)
    text = _decode_bytes(data, source=source)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ZERO_WIDTH.sub("", NO_BREAK_SPACES.sub(" ", text))
    return _strip_control_characters(text)


def check_size(size: int, *, source: str, limits: Limits) -> None:
    """Refuse a file over the byte limit (callers holding a path check before reading it)."""
    if size > limits.max_bytes:
        raise TranscriptError(
            f"file is {size:,} bytes, over the {limits.max_bytes:,}-byte limit", source=source
        )


def _decode_bytes(data: bytes, *, source: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise TranscriptError(
                f"not valid UTF-16 at byte {error.start}", source=source
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TranscriptError(
            f"byte 0x{data[error.start]:02x} at offset {error.start} is not valid UTF-8; "
            "save the file as UTF-8 (or UTF-16 with a BOM) and try again",
            source=source,
            location=f"line {line}",
        ) from None


def _strip_control_characters(text: str) -> tuple[str, list[str]]:
    if not CONTROL_CHARACTERS.search(text):
        return text, []
    warnings = []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        found = sorted(set(CONTROL_CHARACTERS.findall(line)))
        if found:
            names = ", ".join(f"U+{ord(char):04X}" for char in found)
            warnings.append(f"line {number}: removed control character(s) {names}")
            lines[number - 1] = CONTROL_CHARACTERS.sub("", line)
    return "\n".join(lines), warnings
