"""Otter.ai text exports: a ``Name  0:00`` header line, then the speech under it.

Otter writes the speaker, two spaces and the start time (``m:ss``, or
``h:mm:ss`` past the hour) on a line of their own, often with trailing spaces,
and the speech on the line(s) below. Pasted into Markdown the name is often
bold (``**Emma**  0:00``), and one file can mix bold and plain headers.
``Unknown Speaker`` is Otter's fallback and is kept as written. The export ends
with a "Transcribed by https://otter.ai" credit, which is not speech.
"""

from __future__ import annotations

import re

from .base import Limits, ParsedTranscript
from .textlines import (
    CLOCK,
    Block,
    BlockReading,
    count_header_lines,
    describe_lines,
    flowed_text,
    read_blocks,
    timed_segments,
)

NAME = "otter"
TITLE = "Otter.ai text export"

# A bold name may sit one space from the time; a plain one needs Otter's wide gap, so a
# sentence that ends in a time ("we start at 9:30") is not a header. A colon after the
# name is Markdown's "**Name:** text" shape, not Otter's. Neither name may end in a space
# and the gaps are possessive, so a line of many spaces is read in linear time.
HEADER = re.compile(
    r"^(?:\*\*(?P<bold>[^*:\s][^*:]*)\*\*[ \t]++"
    r"|(?P<plain>[^*:\s](?:[^:]*?[^:\s])?)(?:\t|[ ]{2})[ \t]*+)"
    rf"(?P<clock>{CLOCK})[ \t]*$"
)
FOOTER = re.compile(r"^[*_]*transcribed by\b", re.IGNORECASE)


def detect(text: str) -> str | None:
    headers, lines = count_header_lines(text, HEADER)
    # Otter puts a header over every paragraph; a stray match in prose is not an export.
    if headers and headers * 5 >= lines:
        return f"{headers} 'Name  m:ss' speaker header lines"
    return None


def parse(text: str, *, limits: Limits) -> ParsedTranscript:
    blocks, warnings = read_blocks(
        text,
        HEADER,
        none_found="no 'Name  0:00' speaker header line found",
        preamble="text before the first speaker",
    )
    footer = _drop_footer(blocks[-1])
    if footer:
        warnings.append(
            f"{describe_lines(footer)}: the 'Transcribed by' credit is not speech; skipped"
        )
    segments, skipped = timed_segments(blocks, _read, opener="a speaker header")
    return ParsedTranscript(format=NAME, segments=segments, warnings=warnings + skipped)


def _drop_footer(last: Block) -> list[int]:
    """Remove the trailing "Transcribed by ..." lines from the last block; their numbers."""
    dropped = []
    while last.body and (not last.body[-1].strip() or FOOTER.match(last.body[-1].strip())):
        line = last.body.pop()
        if line.strip():
            dropped.append(last.line + len(last.body) + 1)
    return sorted(dropped)


def _read(block: Block) -> BlockReading:
    name = block.match["bold"] or block.match["plain"]
    return block.match["clock"], name.strip(), flowed_text(block.body)
