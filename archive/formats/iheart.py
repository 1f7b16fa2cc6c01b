"""iHeart's plain-text transcripts: ``Speaker 1 (00:02):`` then hard-wrapped speech.

iheart.com episode pages show the transcript as a header line naming the
speaker and start time, followed by the speech wrapped over several lines.
When the same speaker goes on past a pause, a bare ``(01:04):`` line opens a
new segment with no name: it keeps the previous speaker, so the two merge into
one turn. Copied pages often start with a note such as "Available transcripts
are automatically generated..."; that is not speech and is dropped with a warning.
"""

from __future__ import annotations

import re

from .base import Limits, ParsedTranscript, Segment, TranscriptError
from .textlines import (
    CLOCK,
    Block,
    describe_lines,
    flowed_text,
    sample_lines,
    skipped_empty_warning,
    split_at_headers,
)
from .timecode import parse_timestamp

NAME = "iheart"
TITLE = "iHeart plain text"

# "Speaker 1 (00:02):" or a bare "(01:04):"; speech may follow on the same line.
# The name may not end in a space and the gaps are possessive: linear time on any line.
HEADER = re.compile(
    rf"^\s*+(?:(?P<name>[^()\s](?:[^()]*?[^()\s])?)\s*+)?\((?P<clock>{CLOCK})\):(?P<rest>.*)$"
)
# For detection only the unambiguous shape counts: a name, the time, nothing after the colon.
NAMED_HEADER_LINE = re.compile(rf"^[^()\s](?:[^():]*?[^():\s])?\s*+\({CLOCK}\):$")


def detect(text: str) -> str | None:
    headers = sum(1 for line in sample_lines(text) if NAMED_HEADER_LINE.match(line))
    if headers:
        return f"{headers} 'Speaker (mm:ss):' header lines"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    preamble, blocks = split_at_headers(text, HEADER)
    if not blocks:
        raise TranscriptError("no 'Speaker 1 (00:02):' header line found")
    warnings = []
    if preamble:
        warnings.append(
            f"{describe_lines(preamble)}: text before the first speaker header "
            "(page notes, not speech); skipped"
        )
    segments, empty = _segments_from(blocks)
    warnings += skipped_empty_warning(empty, "a speaker header")
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings)


def _segments_from(blocks: list[Block]) -> tuple[list[Segment], list[int]]:
    """Segments where a bare ``(mm:ss):`` keeps the last named speaker."""
    segments: list[Segment] = []
    empty: list[int] = []
    speaker = None
    for block in blocks:
        location = f"line {block.line}"
        start_ms = parse_timestamp(block.match["clock"], location=location)
        if block.match["name"]:
            speaker = block.match["name"].strip()
        words = flowed_text([block.match["rest"], *block.body])
        if not words:
            empty.append(block.line)
            continue
        segments.append(Segment(text=words, label=speaker, start_ms=start_ms, location=location))
    return segments, empty
