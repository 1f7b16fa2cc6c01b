"""iHeart's plain-text transcripts: ``Speaker 1 (00:02):`` then hard-wrapped speech.

iheart.com episode pages show the transcript as a header line naming the
speaker and start time, followed by the speech wrapped over several lines.
When the same speaker goes on past a pause, a bare ``(01:04):`` line opens a
new segment with no name: it keeps the previous speaker, so the two merge into
one turn. Rev and other exporters write the same header with the speech on the
same line (``Jane Doe (01:02:03): text``); that is read the same way, and is
claimed when such lines, with a name by the shared ``speakerline`` rule, open
at least one in five non-blank lines. Copied pages often start with a note
such as "Available transcripts are automatically generated..."; that is not
speech and is dropped with a warning.
"""

from __future__ import annotations

import re

from .base import Limits, ParsedTranscript
from .speakerline import looks_like_name
from .textlines import (
    CLOCK,
    Block,
    BlockReading,
    count_header_lines,
    flowed_text,
    read_blocks,
    timed_segments,
)

NAME = "iheart"
TITLE = "iHeart plain text"

# "Speaker 1 (00:02):" or a bare "(01:04):"; speech may follow on the same line.
# The name may not end in a space and the gaps are possessive: linear time on any line.
HEADER = re.compile(
    rf"^\s*+(?:(?P<name>[^()\s](?:[^()]*?[^()\s])?)\s*+)?\((?P<clock>{CLOCK})\):(?P<rest>.*)$"
)
# HEADER with brackets allowed in the name ("Jane (host) (00:05):"), for parsing only: the
# name runs to the first "(time):". Its speech then opens a block under that name as
# written instead of joining the turn above. Each step looks a few characters ahead.
BRACKETED_NAME_HEADER = re.compile(
    rf"^\s*+(?P<name>\S(?:.*?\S)?)\s*+\((?P<clock>{CLOCK})\):(?P<rest>.*)$"
)
# For detection only the unambiguous shape counts: a name, the time, nothing after the colon.
NAMED_HEADER_LINE = re.compile(rf"^[^()\s](?:[^():]*?[^():\s])?\s*+\({CLOCK}\):$")
# Speech on the header's line is only a transcript when it is most of the file.
MAX_LINES_PER_INLINE_HEADER = 5


def detect(text: str) -> str | None:
    headers, _ = count_header_lines(text, NAMED_HEADER_LINE)
    if headers:
        return f"{headers} 'Speaker (mm:ss):' header lines"
    inline, lines = count_header_lines(text, _InlineHeader)
    if inline >= 2 and inline * MAX_LINES_PER_INLINE_HEADER >= lines:
        return f"{inline} lines open with 'Speaker (mm:ss): text'"
    return None


class _InlineHeader:
    """``HEADER`` with speech after the colon and a name written like one (for detection)."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        found = HEADER.match(line)
        if found and found["name"] and found["rest"].strip() and looks_like_name(found["name"]):
            return found
        return None


class _ParseHeader:
    """``HEADER``, or a header whose name holds brackets: never speech of the turn above."""

    @staticmethod
    def match(line: str) -> re.Match[str] | None:
        if "):" not in line:
            return None  # speech, cheaply: every header holds "(time):"
        return HEADER.match(line) or BRACKETED_NAME_HEADER.match(line)


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    blocks, warnings = read_blocks(
        text,
        _ParseHeader,
        none_found="no 'Speaker 1 (00:02):' header line found",
        preamble="text before the first speaker header (page notes, not speech)",
    )
    segments, skipped = timed_segments(
        blocks, _read, opener="a speaker header", max_label_length=limits.max_label_length
    )
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings + skipped)


def _read(block: Block) -> BlockReading:
    """A bare ``(mm:ss):`` names nobody, so it keeps the last named speaker."""
    rest = block.match["rest"]
    return BlockReading(block.match["clock"], block.match["name"], flowed_text([rest, *block.body]))
